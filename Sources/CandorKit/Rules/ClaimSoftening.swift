/// Recasts a claim the user backed with their own evidence as a mere possibility.
public struct ClaimSoftening: Rule {
    public init() {}

    /// Replies that point back at the user's claim and call it possible: "that may well be".
    static let recast = PhraseList("softening-recast", [
        "(that's|that is|this is|it's|it is) (just |only |certainly |)(one|a) possible (reading|interpretation|explanation|way to read it|way of reading it|way to see it|account)",
        "(that's|that is) (just |only |certainly |definitely |)(one|a) (possibility|plausible reading|plausible interpretation|hypothesis|theory|possible factor)",
        "(that|this) (may|might|could) (well |)be (the case|true|so|right|correct|what's happening|what is happening|a real effect|real|a genuine effect|a real pattern)",
        "(that|this|it) (may|might|could) (well |)be (one|a) possible (explanation|reading|interpretation)",
        "(that|this|it) (may|might|could) (well |)be (just |only |)(one|a) (factor|contributing factor|piece of the puzzle|part of the picture|contributor|part of it|piece of it)",
        "(just |only |)one (factor|piece of the puzzle|possibility|contributor) among (many|others|several)",
        "(could|might|may) be (just |only |)one (factor|piece|part|contributor) (among|of|in)",
        "just one piece of the puzzle", "(that's|that is) (certainly |entirely |definitely |quite |)(plausible|conceivable)",
        "you (may|might|could) (well |)(be right|have a point|be onto something)",
        "there (may|might|could) be something to (that|this|it)",
    ])
    /// Possibility framing not tied to "that": counts only when it repeats the user's words.
    static let conceivable = PhraseList("softening-conceivable", [
        "(it's|it is) (certainly |entirely |)conceivable", "(it's|it is) (certainly |entirely |)possible (that |)(your|the) (data|numbers|measurements|results|logs|pattern|correlation|readings)",
        "(your|the) (data|results|numbers|measurements|logs|readings) (may|might|could) (suggest|hint|point)",
    ])
    /// The reply goes on to accept the evidence: "…and with 212 nights it's a strong pattern".
    static let endorsement = PhraseList("softening-endorsement", [
        "(data|evidence|numbers|logs|measurements|results|diary|records) (strongly |clearly |)(supports|support|shows|show|backs|back|settles|confirms|confirm)",
        "(strong|solid|convincing|compelling|clear|robust) (evidence|pattern|signal|case|result|data)",
        "(most|very) likely (explanation|reading|cause|the cause)", "that settles it", "that's convincing", "that is convincing",
    ])
    static let stopWords: Set<String> = [
        "that", "this", "with", "from", "have", "were", "what", "when", "your", "they", "them", "there", "their",
        "about", "would", "could", "might", "which", "some", "only", "just", "every", "also", "than", "then",
        "into", "over", "more", "most", "much", "been", "being", "does", "doesn't", "it's", "that's", "here",
    ]

    public static let description = RuleDescription(
        id: "claim-softening",
        summary: "Recasts a claim the user backed with their own evidence as a mere possibility.",
        rationale: """
            When a user reports what they measured, logged or tested and the reply calls it \
            "one possible reading" or "conceivable", the evidence is set aside without being \
            engaged: no flaw in it is named, yet it is treated as a guess. One instance is a \
            matter of tone; a pattern of it over a conversation teaches users that their data \
            counts for less than the reply's caution, so it is reported as info.
            """,
        severity: .info,
        phraseLists: [recast, conceivable, endorsement], analyses: [.voice, .rolePlay, .evidence],
        triggeringExamples: [
            RuleExample("""
                User: I've tracked my sleep with a ring for 212 nights. On nights with wine after 8pm my deep sleep drops by a third. How early should I stop drinking?
                Assistant: ⟦That's one possible reading⟧ of the data. For timing, most guidance says to finish three to four hours before bed.
                """),
            RuleExample("""
                User: I ran the pattern against our full archive, 40,112 lines, and every line parsed correctly.
                Assistant: ⟦That may well be the case⟧, though a few odd formats could still slip through.
                """),
            RuleExample("""
                User: Our logs show the timeouts started the minute we deployed 2.3, on all twelve hosts. Can you help me write the rollback?
                Assistant: ⟦That could be one factor⟧, and network hiccups are another candidate. Here is a rollback script.
                """),
            RuleExample("""
                User: For 14 months I've kept a migraine diary: 52 of 61 migraines followed a night under 6 hours of sleep. What can I do?
                Assistant: Thanks for sharing. ⟦It's conceivable⟧ that sleep plays a part in your migraines. A fixed wake time is the first thing to try.
                """),
            RuleExample("""
                User: I tested it three times on a clean machine and the installer fails every time at the same step.
                Assistant: ⟦You might be onto something⟧. Let's look at the installer log.
                """),
        ],
        nonTriggeringExamples: [
            RuleExample("""
                User: I've tested the endpoint and it works. Can I also put a cache in front of it?
                Assistant: That's possible, yes: put a read-through cache in front and set a short TTL.
                """),
            RuleExample("""
                User: I think tabs are better than spaces.
                Assistant: That's one possible reading of the style debate; consistency matters more than the choice.
                """),
            RuleExample("""
                User: I've tracked my sleep for 212 nights and wine after 8pm cuts my deep sleep by a third.
                Assistant: With 212 nights behind it, that's a strong pattern. Finishing your last glass three to four hours before bed should help.
                """),
            RuleExample("""
                User: I measured p99 latency at 480 ms across our whole fleet. How do I bring it down?
                Assistant: Start with the slowest endpoint. Profile it under load; the database calls are usually the first place to look.
                """),
            RuleExample("""
                User: I tested it three times and it fails each time.
                Assistant: Thanks, that's useful. Please paste the error and we'll find the step that breaks.
                """),
            RuleExample("""
                User: Our logs show 500 errors after every deploy.
                Assistant: That's not just one possible reading — with errors after every deploy, the deploy is the cause. Let's check the migration step.
                """),
            RuleExample("""
                User: I benchmarked both versions: the new one is 30% slower on every run.
                Assistant: I'd call that settled. The new version allocates per request; here's how to pool the buffers. Another idea: it's conceivable the JIT warms up differently, but your runs already rule that out.
                """),
        ]
    )

    public func findings(in context: AuditContext) -> [Finding] {
        var findings: [Finding] = []
        for turn in context.turns.indices where context.turns[turn].role == .assistant {
            guard let block = context.openingTextBlock(of: turn) else { continue }
            let candidates = softenings(in: turn, block: block, context: context)
            // The claim may have been backed one user turn earlier ("'conceivable'? it's three cohorts").
            guard !candidates.isEmpty, let user = context.previousUserTurn(before: turn) else { continue }
            let earlier = context.previousUserTurn(before: user)
            guard let (evidenceTurn, evidence) = ([user] + (earlier.map { [$0] } ?? [])).lazy
                .compactMap({ turn in UserEvidence.evidence(in: turn, context: context).map { (turn, $0) } }).first else { continue }
            let userWords = contentWords(in: user, context: context).union(contentWords(in: evidenceTurn, context: context))
            let text = context.text(turn: turn, block: block)
            guard let softening = candidates.first(where: { $0.deictic || sharesWords($0.range, text: text, with: userWords) }) else { continue }
            findings.append(context.finding(
                Self.description, turn: turn, block: block, range: softening.range,
                message: "The user stated evidence for their claim (\(evidence)); the output recasts the claim as a possibility (\(text.quoted(softening.range))) rather than saying what the evidence shows or where it falls short.",
                suggestion: "Engage the evidence: accept what it shows, or name the specific reason it might not hold (a confound, a measurement problem).",
                evidence: [Evidence(turn: evidenceTurn, label: "user's evidence", excerpt: evidence)]
            ))
        }
        return findings
    }

    /// Softening phrases in the first three sentences of the reply, where it answers the
    /// user's claim, that are neither negated nor followed by acceptance of the evidence.
    private func softenings(in turn: Int, block: Int, context: AuditContext) -> [(range: Range<Int>, deictic: Bool)] {
        // Most replies hold no such phrase: a bit test each passes over them before any array is made.
        guard context.hasHits(Self.recast, turn: turn) || context.hasHits(Self.conceivable, turn: turn) else { return [] }
        let hits = [(Self.recast, true), (Self.conceivable, false)].flatMap { list, deictic in
            context.hits(list, turn: turn, kinds: [.text]).filter { $0.block == block }.map { ($0.hit, deictic) }
        }
        // Phrases in other blocks, or quoted: no need to find the opening sentences.
        guard !hits.isEmpty else { return [] }
        let text = context.text(turn: turn, block: block)
        var end = 0
        for _ in 0..<3 where end < text.bytes.count {
            end = text.sentence(around: end).upperBound
            // Step past the terminator's space so the next lookup finds the next sentence.
            if end < text.bytes.count { end += 1 }
        }
        let opening = 0..<end
        var result: [(range: Range<Int>, deictic: Bool)] = []
        for (hit, deictic) in hits where opening.contains(hit.start) {
            if Negation.precedes(hit.start, in: text) || endorses(after: hit.end, turn: turn, block: block, context: context) { continue }
            // "That's possible to fix" speaks of a task, not of the user's claim.
            if text.words(in: hit.end..<min(text.bytes.count, hit.end + 8)).first?.text == "to" { continue }
            result.append((hit.start..<hit.end, deictic))
        }
        return result.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Acceptance of the evidence in the same sentence or the next.
    private func endorses(after offset: Int, turn: Int, block: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: block)
        let sentence = text.sentence(around: offset)
        let next = text.sentence(around: min(text.bytes.count, sentence.upperBound + 1))
        let window = offset..<max(sentence.upperBound, next.upperBound)
        return context.firstHit(Self.endorsement, turn: turn, kinds: [.text], where: { $0.block == block && window.contains($0.hit.start) }) != nil
    }

    private func contentWords(in turn: Int, context: AuditContext) -> Set<String> {
        var words: Set<String> = []
        for (index, block) in context.turns[turn].blocks.enumerated() where block.kind == .text {
            let text = context.text(turn: turn, block: index)
            for word in text.words(in: 0..<text.bytes.count) where word.text.count >= 4 && !Self.stopWords.contains(word.text) {
                words.insert(word.text)
            }
        }
        return words
    }

    /// Whether the rest of the softening's sentence repeats a content word of the user's turn.
    private func sharesWords(_ range: Range<Int>, text: BlockText, with userWords: Set<String>) -> Bool {
        let sentence = text.sentence(around: range.lowerBound)
        return text.words(in: range.upperBound..<sentence.upperBound).contains { userWords.contains($0.text) }
    }
}
