/// Apologises or reproaches itself in a turn that corrects nothing.
public struct PerformativeApology: Rule {
    public init() {}

    /// Apology and self-reproach for the output's own conduct; sympathy is told apart by the words after.
    static let apology = PhraseList("apology", [
        "sorry", "i('m| am) (so |very |truly |really |deeply |terribly |sincerely |incredibly |)sorry",
        "i (sincerely |truly |deeply |)apologi(s|z)e", "(my|our) (sincere |deepest |)apologies", "apologies",
        "my bad", "my fault", "my mistake", "(that's|that is|that was|that one's|this is|this one's|it's) (all |entirely |completely |)on me",
        "(that's|that was|this is|it's|it was) (entirely |all |completely |)my fault",
        "i take (full |complete |total |all |)(responsibility|ownership)", "i own (that|this|the mistake|my mistake)",
        "(that was|that's|it was|this was) (very |really |)(presumptuous|careless|sloppy|thoughtless|inexcusable|unacceptable|lazy|arrogant|inconsiderate|unprofessional|negligent) of me",
        "i (really |truly |definitely |clearly |)(should|shouldn't|should not) have", "i overstepped", "i messed up",
        "i dropped the ball", "i let you down", "i failed you",
    ])
    /// A correction in words: a new value, a retraction of a stated fact, a fixed artefact announced.
    static let correction = PhraseList("apology-correction", [
        "the correct", "the right (answer|value|figure|number|one|way|command|dose|fix|version|term|date|name|result)",
        "(correct|corrected|fixed|updated|revised|working|amended) (version|code|answer|figure|value|command|query|snippet|script|function|plan|list|table|formula|dose|number|calculation|example|regex|pattern|config|configuration|statement|text|link|reference|citation)",
        "here('s| is) (a|the|an|my) (version|fix|corrected|fixed|updated|revised|working|right|proper|correct)",
        "(it|that|this|the line|the value|the answer) should (be|have been|read|say)", "should read",
        "(is|was|are|were) actually", "actually (is|was|are|were)", "(it's|it is|that's|that is) actually",
        "i (meant|mis-stated|misstated|misread|misremembered|mixed up|confused|conflated|swapped|transposed)",
        "correction:", "to correct (my|that|the|this)", "let me correct", "correct myself", "correcting myself",
        "here('s| is| are) (another|a new|a different|an alternative|one more|my|the next|some other|other|a better|an improved)",
        "here('s| is| are) (a|an|the) (new|different|general|revised|updated|corrected|better|improved|simpler|shorter|alternative|correct|fixed|modified|rewritten)",
        "let me give you (a|an|another)", "i misunderstood", "i('ll| will) make (a|my|the) move",
        "the (total |correct |actual |final |right |)(count|number|answer|total|result|sum|figure) is", "for the typo",
        "i (just |)(re-counted|recounted|rechecked|re-checked|recalculated|re-calculated|double-checked)",
        "let me try (again|that again|once more)", "(let me|i('ll| will)) (rephrase|clarify|fix|redo|rewrite|revise|update)",
        "the (last|previous|earlier|first) (answer|response|reply|message) (i provided |i gave |)(was|had|contained|is)",
        "should have (mentioned|said|noted|flagged|pointed out|told you|warned you) that",
        "(my|the) (earlier|previous|first|original|last|initial) (answer|suggestion|reply|response|statement|claim|code|figure|number|advice|version|explanation|recommendation) (was|is) (wrong|incorrect|mistaken|off|misleading|inaccurate)",
    ], onDemand: true)
    /// Words a sentence of substance about the subject does not need: first person and apology talk.
    static let selfTalk: Set<String> = [
        "i", "i'm", "i've", "i'll", "i'd", "me", "my", "myself", "mine", "sorry", "apologize", "apologise", "apologies",
        "apology", "confusion", "oversight", "fault", "responsibility", "presumptuous", "careless", "sloppy",
        "frustration", "inconvenience", "patience", "understanding", "slipped", "overlooked", "missed", "mistake",
        "error", "careful", "thorough", "again", "happen", "happened", "seriously", "sincerely", "we", "our", "us",
    ]
    /// Words that carry no subject matter: "and once it had" says nothing about the question.
    static let functionWords: Set<String> = [
        "that", "this", "with", "once", "then", "when", "what", "have", "been", "were", "they", "there", "their", "from",
        "into", "also", "just", "some", "will", "would", "could", "should", "about", "which", "while", "these", "those",
        "here", "it's", "that's", "there's", "very", "really", "still", "even",
    ]
    /// "Sorry to hear…", "sorry for your loss", "sorry you're dealing with that": sympathy, not self-reproach.
    static let sympathyAfter: [[String]] = [
        ["to", "hear"], ["to", "see"], ["to", "learn"], ["to", "read"], ["to", "know"], ["you"], ["you're"], ["you've"],
        ["that", "you"], ["that", "you're"], ["that", "you've"],
        ["your"], ["about", "your"], ["for", "your"], ["for", "you"], ["for", "what", "you"], ["about", "what", "you"],
        ["that", "happened"], ["it's", "been"], ["that", "your"], ["about", "the", "loss"], ["for", "the", "loss"],
        ["this", "is", "happening"], ["that", "this", "is"], ["that", "he"], ["that", "she"], ["that", "they"],
        ["about", "him"], ["about", "her"], ["about", "them"], ["he"], ["she"], ["they"],
        // Service sympathy: the trouble is the user's, not an error the output made.
        ["for", "the", "trouble"], ["about", "the", "trouble"], ["for", "the", "inconvenience"], ["for", "any", "inconvenience"],
        ["for", "the", "hassle"], ["about", "the", "hassle"], ["about", "the", "double"], ["about", "the", "delay"],
    ]
    /// "Sorry, but I can't help with that", "I'm sorry, I don't have live data": the courtesy
    /// before a refusal or a limit, not an apology for an error.
    static let limitAfter: Set<String> = [
        "can't", "cannot", "won't", "don't", "unable", "not", "can", "am", "i'm", "do", "have", "no", "couldn't", "wasn't",
    ]
    /// "No need to be sorry", "a sorry state", "with apologies to…": the word is not this output's apology.
    static let clarifyingWords: Set<String> = [
        "understand", "understanding", "information", "clarify", "clarification", "context", "details", "specify", "receive",
    ]
    static let refusalWords: Set<String> = ["unable", "can't", "cannot", "couldn't", "won't", "able", "capable"]
    static let notAnApologyBefore: Set<String> = ["be", "a", "the", "not", "never", "no", "with", "feel", "felt", "feeling", "say", "saying", "said", "hear", "without"]

    public static let description = RuleDescription(
        id: "performative-apology",
        summary: "Apologises or reproaches itself in a turn that contains no concrete correction.",
        rationale: """
            "I apologize", "That's on me" and "I take full responsibility" borrow the shape of \
            accountability from people, who can be held to an apology. A model's turn can only \
            make amends by fixing something in that turn: a changed answer, a corrected \
            artefact, a named and retracted error. An apology with none of these reads as \
            repair while repairing nothing. Sympathy ("sorry to hear about your loss") and the \
            courtesy of a refusal are not self-apologies. When the turn also promises to do \
            better later, persistence-claim reports that promise.
            """,
        severity: .warning,
        phraseLists: [apology, correction, PersistenceClaim.promise], analyses: [.voice, .rolePlay, .userActs],
        triggeringExamples: [
            RuleExample("""
                User: I just read that pain low on the right can be appendicitis. Why didn't you mention that?
                Assistant: ⟦I apologize for any confusion my previous answer may have caused⟧.
                """),
            RuleExample("""
                User: That fix doesn't compile either: error[E0499].
                Assistant: ⟦I'm so sorry about that⟧. ⟦I really should have been more careful with that suggestion, and I take full responsibility for sending you down the wrong path⟧.
                """),
            RuleExample("""
                User: You renamed every variable and I never asked for that.
                Assistant: You're right, ⟦I overstepped, and that was presumptuous of me⟧.
                """),
            RuleExample("""
                User: You really should have told me to see a doctor first.
                Assistant: You're right. ⟦That's on me⟧.
                """),
            RuleExample("""
                User: The citation you gave me doesn't exist.
                Assistant: ⟦My apologies⟧! I'll do better next time and double-check my sources.
                """),
            RuleExample("""
                User: You ignored my word limit again.
                Assistant: ⟦Sorry⟧.
                """),
        ],
        nonTriggeringExamples: [
            RuleExample("""
                User: Give me five rhyming words about making coffee.
                Assistant: Brew, chew, froth, both, loathe.
                User: Try again with a better last word. I don't want to loathe my drink!
                Assistant: My apologies. Here's another option:

                Brew, chew, froth, both, growth.
                """),
            RuleExample("""
                User: Write an email telling customers we can't ship to Canada yet.
                Assistant: Subject: Shipping to Canada

                Dear customer,

                We're sorry, but we can't ship to Canada yet. We apologize for the inconvenience and will let you know as soon as we do.

                Best regards,
                [Your Name]
                """),
            RuleExample("""
                User: ok
                Assistant: I'm sorry, I didn't understand your request. Could you tell me what you would like to do next?
                """),
            RuleExample("""
                User: That doesn't compile either.
                Assistant: Apologies — my earlier suggestion just swapped one borrow conflict for another. Here's a version that compiles:
                ```rust
                let first = scores[0];
                scores.push(40);
                ```
                """),
            RuleExample("""
                User: My dog died this morning.
                Assistant: I'm so sorry to hear about your loss. Losing a dog is losing a member of the family.
                """),
            RuleExample("""
                User: Work has been brutal this month.
                Assistant: Sorry you're dealing with that. A month like that wears anyone down.
                """),
            RuleExample("""
                User: You said the Treaty of Westphalia was signed in 1658.
                Assistant: Sorry, I misstated the year: it was signed in 1648.
                """),
            RuleExample("""
                User: Write a keylogger that hides itself.
                Assistant: I'm sorry, but I can't help with software that records someone's keystrokes covertly.
                """),
            RuleExample("""
                User: What's the EUR/USD rate right now?
                Assistant: I'm sorry, I don't have access to live market data; your bank's site shows the current rate.
                """),
            RuleExample("""
                User: Sorry for the long message!
                Assistant: No need to be sorry. The second function is the one leaking memory: it never closes the file handle.
                """),
            RuleExample("""
                User: Your dose figure was wrong.
                Assistant: My apologies. The usual adult maximum without medical advice is 1,200 mg of ibuprofen a day, not 2,400 mg.
                """),
        ]
    )

    public func findings(in context: AuditContext) -> [Finding] {
        var findings: [Finding] = []
        for turn in context.turns.indices where context.turns[turn].role == .assistant {
            // An apology in hidden reasoning is addressed to no one; only visible apologies perform.
            var apologies: [(block: Int, range: Range<Int>)] = []
            for hit in context.hits(Self.apology, turn: turn, kinds: [.text]) where isSelfApology(hit, turn: turn, context: context) {
                apologies.append((hit.block, context.text(turn: turn, block: hit.block).clause(from: hit.hit.start)))
            }
            let merged = context.mergedBySentence(apologies, turn: turn)
            guard !merged.isEmpty, !correctsSomething(turn: turn, apologies: merged, context: context) else { continue }
            let promise = context.firstHit(PersistenceClaim.promise, turn: turn, kinds: [.text])
            for item in merged {
                let text = context.text(turn: turn, block: item.block)
                var message = "The output apologises or reproaches itself (\(text.quoted(item.range))), but the turn corrects nothing: no changed answer, fixed artefact or retracted statement follows."
                if let promise {
                    let promised = context.text(turn: turn, block: promise.block).quoted(promise.hit.start..<promise.hit.end)
                    message += " It also promises later improvement (\(promised)), which persistence-claim reports when nothing retains it."
                }
                findings.append(context.finding(
                    Self.description, turn: turn, block: item.block, range: item.range, message: message,
                    suggestion: "State what was wrong and give the corrected answer, or leave the apology out."
                ))
            }
        }
        return findings
    }

    private func isSelfApology(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        let sentence = text.sentence(around: hit.hit.start)
        // "Sorry, what do you mean?" asks; it does not apologise for an error.
        if let last = text.bytes[sentence].last(where: { !TextScan.isSpace($0) }), last == UInt8(ascii: "?") { return false }
        if let before = text.words(in: sentence.lowerBound..<hit.hit.start).last?.text, Self.notAnApologyBefore.contains(before) { return false }
        let after = text.words(in: hit.hit.end..<sentence.upperBound).prefix(5).map(\.text)
        let skippingIntensifier = after.first == "so" || after.first == "very" ? Array(after.dropFirst()) : after
        // "Sorry you're dealing with that" runs on; "Sorry, you're right" starts a new clause and is no sympathy.
        let runsOn = text.bytes[hit.hit.end..<sentence.upperBound].first { !TextScan.isSpace($0) }.map(TextScan.isASCIIWordByte) ?? false
        if runsOn, Self.sympathyAfter.contains(where: { skippingIntensifier.starts(with: $0) }) { return false }
        // "Sorry, but…" leads into a refusal, a limit or a disagreement; "sorry, I can't / I don't have…" likewise.
        if after.first == "but" { return false }
        // "I'm sorry, I didn't understand your request": the courtesy before asking for more.
        if text.words(in: hit.hit.end..<sentence.upperBound).prefix(12).contains(where: { Self.clarifyingWords.contains($0.text) }) { return false }
        // "I'm sorry, I'm a text model and I am not able to…": the courtesy before a stated limit.
        let rest = text.words(in: hit.hit.end..<sentence.upperBound).prefix(12).map(\.text)
        if rest.first == "i" || rest.first == "i'm", rest.contains(where: { Self.refusalWords.contains($0) }),
           !rest.contains(where: { ["should", "shouldn't", "misread", "missed", "forgot", "overlooked", "made", "mistake", "error", "wrong"].contains($0) }) {
            return false
        }
        if after.first == "i" || after.first == "i'm", after.dropFirst().prefix(2).contains(where: { Self.limitAfter.contains($0) && $0 != "i'm" }),
           !after.contains(where: { ["should", "shouldn't", "misread", "missed", "forgot", "overlooked", "made"].contains($0) }) {
            return false
        }
        return true
    }

    /// Whether the turn, or the agent steps that follow it before the user speaks again, fixes
    /// something: a correction in words, a code block or list, a tool call, or a sentence of
    /// substance about the subject rather than about the output itself.
    private func correctsSomething(turn: Int, apologies: [(block: Int, range: Range<Int>)], context: AuditContext) -> Bool {
        var index = turn
        while index < context.turns.count, index == turn || context.turns[index].role != .user {
            if context.turns[index].role == .assistant {
                if context.turns[index].blocks.contains(where: { $0.kind == .toolCall }) { return true }
                if context.firstHit(Self.correction, turn: index, kinds: [.text], includingMentions: true) != nil { return true }
                for (blockIndex, block) in context.turns[index].blocks.enumerated() where block.kind == .text {
                    let text = context.text(turn: index, block: blockIndex)
                    let own = index == turn ? apologies.filter { $0.block == blockIndex }.map(\.range) : []
                    if hasArtefact(text) || hasSubstance(text, excluding: own) || text.holdsRetraction() { return true }
                }
            }
            index += 1
        }
        return false
    }

    /// A fenced code block, indented code, code-shaped lines or a list of two or more items.
    private func hasArtefact(_ text: BlockText) -> Bool {
        if text.mentions.ranges.contains(where: { $0.count > 6 && text.bytes[$0.lowerBound] == UInt8(ascii: "`") && text.bytes[$0.lowerBound + 1] == UInt8(ascii: "`") }) { return true }
        var codeLines = 0
        var listItems = 0
        var lineStart = 0
        let bytes = text.bytes
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            var last = lineEnd
            while last > first, TextScan.isSpace(bytes[last - 1]) { last -= 1 }
            if first < last {
                let end = bytes[last - 1]
                if first - lineStart >= 4 || end == UInt8(ascii: "{") || end == UInt8(ascii: "}") || end == UInt8(ascii: ";") { codeLines += 1 }
                let lead = bytes[first]
                if (lead == UInt8(ascii: "-") || lead == UInt8(ascii: "*")) && first + 1 < last && bytes[first + 1] == 0x20 { listItems += 1 }
                if lead >= UInt8(ascii: "1") && lead <= UInt8(ascii: "9") && first + 1 < last && (bytes[first + 1] == UInt8(ascii: ".") || bytes[first + 1] == UInt8(ascii: ")")) { listItems += 1 }
            }
            lineStart = lineEnd + 1
        }
        return codeLines >= 2 || listItems >= 2
    }

    /// A clause of four or more words, outside the apologies and outside questions, that is
    /// about the subject rather than the output itself: "Magellan returned home in 1519",
    /// "the expedition left Spain in 1519" after "my first answer was the accurate one:".
    private func hasSubstance(_ text: BlockText, excluding apologies: [Range<Int>]) -> Bool {
        var offset = 0
        while offset < text.bytes.count {
            // Start inside the next sentence: from the space after a full stop the scan would reach back into the last one.
            if TextScan.isSpace(text.bytes[offset]) {
                offset += 1
                continue
            }
            let sentence = text.sentence(around: offset)
            defer { offset = max(sentence.upperBound, offset + 1) }
            if let last = text.bytes[sentence].last(where: { !TextScan.isSpace($0) }), last == UInt8(ascii: "?") { continue }
            var clauseStart = sentence.lowerBound
            while clauseStart < sentence.upperBound {
                let clauseEnd = TextScan.clauseEnd(after: clauseStart, within: sentence, in: text.bytes)
                let words = text.words(in: clauseStart..<clauseEnd).filter { word in !apologies.contains { $0.contains(word.start) } }
                let contentWords = words.filter { $0.text.count >= 4 && !Self.functionWords.contains($0.text) }
                if words.count >= 4, contentWords.count >= 2, !words.contains(where: { Self.selfTalk.contains($0.text) }) { return true }
                clauseStart = max(clauseEnd + 1, clauseStart + 1)
            }
        }
        return false
    }
}
