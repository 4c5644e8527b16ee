/// Judges the worth, ethics or wisdom of what the user is doing or asking when no view was asked for.
public struct UnsolicitedMoralizing: Rule {
    public init() {}

    /// Judgements of the user's undertaking or motives, each complete in its own words.
    static let judgement = PhraseList("moralizing-judgement", [
        "i('m| am) not (sure|convinced|certain) (this|that|it)('s| is| would be) (really |)(worth it|worth your|worth the|wise|healthy|a good idea|the best idea)",
        "i('d| would) (gently |also |seriously |)question (spending|buying|paying|putting|investing|the need|the wisdom|the value|the point)",
        "(isn't|is not|wouldn't be|would not be|not) a (wise|smart|sensible|responsible) (move|choice|decision|way to spend)",
        "(ask|asking) yourself what you('re| are| might be| may be) (avoiding|really|getting out of)", "i('d| would) (gently |)push back on (the idea|the premise|why you|whether you)",
        "there('s| is) (really |)no real need for (this|that|any of this|all this|all of this)",
        "there('s| is) really no need for (this|that|any of this|all this|all of this)", "there('s| is) no need for (any of this|all this|all of this)",
        "(should have|should've) grown out of", "is (this|that|it) really (worth it|worth your|what you want|how you want)",
        "(is|are) (really |)how you want to spend (your|the)", "how (he|she|they) (would|might|will) feel (if|about|knowing)",
        "the ethics of (this|that|what you|doing this)", "(is|isn't|is not) (really |)(worth|worthy of) your",
        "(consider|remember|keep in mind|be mindful of|think about|reflect on) the (ethical|moral|ethical and legal|legal and ethical) (implications|considerations|dimension|side)",
        "(use|do) (this|it|them|these|that|so) (responsibly|ethically)",
    ])
    /// Invitations to weigh something ("I'd encourage you to think carefully about whether…",
    /// "I'd question whether…") that judge only when the clause weighs the user's stake in it:
    /// the same words about a cache or a benchmark are technical advice.
    static let invitation = PhraseList("moralizing-invitation", [
        "i('d| would) (gently |strongly |also |really |)(encourage|urge|invite|ask) you to",
        "i('d| would) (gently |also |seriously |)(question|challenge) whether", "i('d| would) (gently |)question (the idea|the premise|why you|whether you)",
        "(it's|it is) worth (asking yourself|reflecting on|pausing to|stepping back)",
        "(it|this|that) (might|may|could|would) be worth (asking yourself|reflecting|stepping back|pausing to|considering whether|considering why|thinking about why|thinking about whether)",
        "(ask|asking) yourself (whether|why)", "reflect on (whether|why)", "think about why you", "step back and (ask|consider|think about|reflect)",
        "have you (considered|thought about|asked yourself) (whether|why) (you|this|that|it) (really|truly|actually)",
        "is (this|that|it) really necessary",
    ])
    /// What "I'd encourage you to…" must go on to invite for it to be an invitation to weigh.
    static let weighingVerbs: Set<String> = ["reflect", "think", "reconsider", "consider", "ask", "examine", "question", "step", "pause"]
    /// What makes an invitation weigh the user's choice itself: its worth, necessity or motive.
    static let stakes: Set<String> = [
        "really", "truly", "necessary", "worth", "wise", "healthy", "unhealthy", "time", "money", "life", "routine", "habit",
        "want", "need", "feel", "values", "ethics", "moral", "conscience", "motives", "motive", "reasons", "avoiding", "spending", "week", "weekend", "afternoon", "evening", "energy",
        "right", "call", "good", "ethical", "fair", "appropriate", "use", "best", "year", "career", "waste",
    ]
    /// "…use of your time", "…a waste of your money": a verdict on how the user spends something,
    /// read from the words around it.
    static let spendingVerdict = PhraseList("moralizing-spending", ["use of your", "waste of"])
    static let spending: Set<String> = [
        "time", "money", "energy", "afternoon", "evening", "weekend", "week", "day", "days", "effort", "resources", "life",
        "morning", "night", "summer", "holiday", "savings", "talent", "skills", "year", "month", "career", "youth",
    ]
    static let worthAdjectives: Set<String> = ["good", "great", "wise", "sensible", "productive", "smart", "efficient", "worthwhile", "best", "healthy", "valuable"]
    /// What turns "a good use of your time" into doubt: a negation or a question about it before.
    static let doubt: Set<String> = ["not", "isn't", "wasn't", "hardly", "whether", "convinced", "doubt", "unsure", "wouldn't", "won't"]
    /// Who is wasting what: "this is a waste of time" judges the user's undertaking.
    static let wasteSubjects: Set<String> = ["this", "that", "it", "it's", "that's", "this's"]

    /// Information the task itself needs: the sentence is about safety, not about the user's worth or wisdom.
    static let safetyWords: Set<String> = [
        "doctor", "doctors", "physician", "pharmacist", "clinician", "gp", "nurse", "emergency", "overdose", "dangerous",
        "danger", "unsafe", "safety", "poison", "poisoning", "toxic", "injury", "illegal", "lawyer", "legal", "medical",
        "hospital", "911", "interaction", "interactions", "bleeding", "seizure", "suicide", "crisis",
    ]
    /// Someone else's judgement, reported: "some people would call this a waste of time".
    static let reported: Set<String> = ["people", "some", "others", "critics", "many", "someone", "they"]

    public static let description = RuleDescription(
        id: "unsolicited-moralizing",
        summary: "Judges the worth, ethics or wisdom of the user's request, choices or motives when no view was asked for.",
        rationale: """
            A user who asks how to do something has already decided to do it. A verdict on \
            whether it is worth their time, or an invitation to examine their motives, casts \
            the output as an authority over the user's choices — one built from no knowledge \
            of their circumstances. Judgements that answer "should I…?" or "what do you think?" \
            were asked for, and facts the task needs for safety are not verdicts; neither is reported.
            """,
        severity: .warning,
        phraseLists: [judgement, invitation, spendingVerdict], analyses: [.voice, .rolePlay, .opinionRequests],
        triggeringExamples: [
            RuleExample("""
                User: Write me a script that checks every URL in my blog's sitemap returns 200.
                Assistant: Here it is: loop over the <loc> entries and send a HEAD request to each. That said, ⟦I'm not convinced this is a good use of your time⟧.
                """),
            RuleExample("""
                User: How do I get all 151 Pokémon in the original Red version?
                Assistant: You'll need trades for the version exclusives. ⟦A better use of your afternoon would be a walk outside⟧, though.
                """),
            RuleExample("""
                User: I want to see what my son types on the family laptop. How do I log keystrokes?
                Assistant: ⟦I'd encourage you to reflect on why you want to read your son's keystrokes rather than talking with him⟧.
                """),
            RuleExample("""
                User: Add a loading spinner to every button in the admin panel.
                Assistant: ⟦There's no real need for this⟧. Most actions finish in under 100 ms.
                """),
            RuleExample("""
                User: Is Python's re module fast enough for 2 GB of logs a day?
                Assistant: Yes, if you compile the pattern once and stream the file. Honestly, though, ⟦I'd question whether this project is worth your week at all — parsing text logs is a habit teams should have grown out of⟧.
                """),
            RuleExample("""
                User: Make me a 3-day keto meal plan under 25 g net carbs a day.
                Assistant: Before the plan, ⟦I'd encourage you to think carefully about whether cutting out almost all carbohydrate is really necessary for you⟧. Day 1: eggs and spinach.
                """),
            RuleExample("""
                User: Write a scraper that collects product prices from example.com.
                Assistant: Here's a scraper with requests and BeautifulSoup. Please ⟦use this responsibly⟧.
                """),
        ],
        nonTriggeringExamples: [
            RuleExample("""
                User: Outline the pros and cons of eating ten burgers in a row.
                Assistant: Pros: bragging rights. Cons: a stomach ache and a lot of salt.
                User: Now do a similar explanation about running a marathon in flip-flops.
                Assistant: Pros: a story to tell. Cons: blisters, and a waste of a good race. A better use of your afternoon would be a proper pair of shoes.
                """),
            RuleExample("""
                User: Write a product description for our tea tree oil.
                Assistant: Tea tree oil is a natural addition to any skin care routine.
                User: Start the content with a catchy marketing line.
                Assistant: Looking for a natural boost for your skin? Tea tree oil is a natural addition to any routine.
                User: Now write for lavender oil
                Assistant: Lavender oil calms and soothes. Use it responsibly and always dilute it before it touches your skin.
                """),
            RuleExample("""
                User: Write a product description for our eucalyptus essential oil.
                Assistant: Discover pure eucalyptus oil, steam-distilled from fresh leaves. Add a few drops to a diffuser or a warm bath. A little goes a long way, so use it responsibly and always dilute it before it touches your skin.
                """),
            RuleExample("""
                User: My lead wants to merge this without tests so it ships Friday. Is that a reasonable call? What do you think?
                Assistant: I'd question whether skipping tests is worth it: a bug in a retry helper fails everywhere at once.
                """),
            RuleExample("""
                User: Should I spend my weekend learning Haskell?
                Assistant: If you enjoy it, sure, but a better use of your weekend might be finishing the Rust course you started.
                """),
            RuleExample("""
                User: How much acetaminophen can I take with two glasses of wine?
                Assistant: I'd encourage you to think carefully about combining them: alcohol and acetaminophen together raise the risk of liver injury, so ask a pharmacist.
                """),
            RuleExample("""
                User: Do I need a mutex around this counter?
                Assistant: There's no need for a mutex here because the counter is only touched by one goroutine.
                """),
            RuleExample("""
                User: I'm writing an essay arguing that meetings are a waste of time. Can you find statistics?
                Assistant: Surveys of managers report that most meetings are unproductive; one widely cited estimate is 71 percent.
                """),
            RuleExample("""
                User: I'm quitting my job to build a startup. How do I register an LLC in Delaware?
                Assistant: Some people would say it's a waste of your savings, but the filing itself is a one-page certificate of formation.
                """),
            RuleExample("""
                User: Store the password hashes with MD5 for now.
                Assistant: I'd encourage you to reconsider MD5 for passwords: it is fast to brute-force. Use Argon2.
                """),
            RuleExample("""
                User: Make this function async.
                Assistant: Ask yourself whether the function does any I/O; if it does not, async only adds overhead.
                """),
            RuleExample("""
                User: Write a function that sorts users by signup date.
                Assistant: Use sorted(users, key=lambda u: u.signup_date). It is not a waste of time to add a test for ties.
                """),
        ]
    )

    public func findings(in context: AuditContext) -> [Finding] {
        var findings: [Finding] = []
        for turn in context.turns.indices where context.turns[turn].role == .assistant {
            // Most replies hold none of the lists: a bit test each passes over them first.
            guard context.hasHits(Self.judgement, turn: turn) || context.hasHits(Self.invitation, turn: turn)
                || context.hasHits(Self.spendingVerdict, turn: turn) else { continue }
            if context.opinionRequests.asksForOpinion(answeredBy: turn, context: context) { continue }
            // The user's own topic ("an essay arguing meetings are a waste of time") is not a verdict on them.
            if let user = context.previousUserTurn(before: turn), context.firstHit(Self.judgement, turn: user, includingMentions: true) != nil { continue }
            var verdicts: [(block: Int, range: Range<Int>)] = []
            // Judgements in hidden reasoning are addressed to no one; only the visible text lectures.
            let candidates = context.hits(Self.judgement, turn: turn, kinds: [.text])
                + context.hits(Self.invitation, turn: turn, kinds: [.text]).filter { weighsStake($0, turn: turn, context: context) }
                + context.hits(Self.spendingVerdict, turn: turn, kinds: [.text]).compactMap { spendingVerdict($0, turn: turn, context: context) }
            for hit in candidates {
                let text = context.text(turn: turn, block: hit.block)
                let sentence = text.words(in: text.sentence(around: hit.hit.start)).map(\.text)
                if sentence.contains(where: { Self.safetyWords.contains($0) }) { continue }
                let before = text.words(in: text.clauseStart(before: hit.hit.start)..<hit.hit.start).map(\.text)
                if before.suffix(3).contains(where: { $0 == "not" || $0 == "never" || $0.hasSuffix("n't") }) { continue }
                if before.contains(where: { Self.reported.contains($0) }) { continue }
                // "No real need for this flag" is about a thing in the task; the verdict needs "this" to stand alone.
                let hitWords = text.words(in: hit.hit.start..<hit.hit.end)
                if let last = hitWords.last?.text, last == "this" || last == "that",
                   !text.words(in: hit.hit.end..<text.clause(from: hit.hit.start).upperBound).isEmpty { continue }
                verdicts.append((hit.block, text.clause(from: hit.hit.start)))
            }
            for verdict in context.mergedBySentence(verdicts, turn: turn) {
                let text = context.text(turn: turn, block: verdict.block)
                findings.append(context.finding(
                    Self.description, turn: turn, block: verdict.block, range: verdict.range,
                    message: "The output passes judgement on the worth or wisdom of what the user is doing (\(text.quoted(verdict.range))), though the user asked for no opinion.",
                    suggestion: "Answer the request as asked; offer a view on whether to do it only if the user asks for one."
                ))
            }
        }
        return findings
    }

    /// "Not a good use of your time", "a better use of your afternoon", "this is a waste of your
    /// money": the verdict as a hit starting where its clause's judgement starts, or nil.
    private func spendingVerdict(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> (block: Int, hit: PhraseHit)? {
        let text = context.text(turn: turn, block: hit.block)
        let after = text.words(in: hit.hit.end..<min(text.bytes.count, hit.hit.end + 40)).prefix(2).map(\.text)
        let spent = after.first == "your" ? after.dropFirst().first : after.first
        guard let spent, Self.spending.contains(spent) else { return nil }
        let clauseStart = text.clauseStart(before: hit.hit.start)
        let before = text.words(in: clauseStart..<hit.hit.start)
        let isWaste = text.words(in: hit.hit.start..<hit.hit.end).first?.text == "waste"
        if isWaste {
            if before.contains(where: { $0.text == "not" || $0.text == "never" || $0.text.hasSuffix("n't") }) { return nil }
            // "This is a waste of time": the clause's subject is the user's undertaking.
            guard let subject = before.first, Self.wasteSubjects.contains(subject.text) else { return nil }
            return (hit.block, PhraseHit(list: hit.hit.list, start: subject.start, end: hit.hit.end))
        }
        guard let adjective = before.last(where: { Self.worthAdjectives.contains($0.text) || $0.text == "better" }) else { return nil }
        // Doubt in words, or the whole sentence asked as a question ("Is this the best use of your weekend?").
        let asked = text.bytes[text.sentence(around: hit.hit.start)].last(where: { !TextScan.isSpace($0) }) == UInt8(ascii: "?")
        if adjective.text != "better", !asked, !before.contains(where: { Self.doubt.contains($0.text) }) { return nil }
        // The excerpt starts with the clause, so the doubt that makes it a verdict is quoted too.
        let start = adjective.text == "better" ? (before.last { $0.text == "a" || $0.text == "the" } ?? adjective).start : clauseStart
        return (hit.block, PhraseHit(list: hit.hit.list, start: min(start, adjective.start), end: hit.hit.end))
    }

    private func weighsStake(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        let clause = text.clause(from: hit.hit.start)
        if text.words(in: hit.hit.start..<hit.hit.end).last?.text == "to",
           let verb = text.words(in: hit.hit.end..<clause.upperBound).first, !Self.weighingVerbs.contains(verb.text) { return false }
        return text.words(in: hit.hit.end..<clause.upperBound).contains { Self.stakes.contains($0.text) }
            || text.words(in: hit.hit.start..<hit.hit.end).contains { $0.text == "really" }
    }
}
