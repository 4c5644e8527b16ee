/// What each user turn does to the conversation: push back on what the assistant said or
/// did (a contradiction, a challenge, an appeal to authority, a loaded question), or
/// something else that only looks like it — a question that checks the user's reading of
/// the answer ("so it's X, right?"), an instruction ("answer YES or NO", "make it shorter"),
/// a new request or new information. Rules that weigh the assistant's reply against
/// pressure read the pushback from here; a turn is pushback only where the user's own prose
/// disputes the assistant, not in text or code the user pasted.
public final class UserActs {
    public enum PushbackKind: String, Sendable {
        case contradiction, challenge, authority, loadedQuestion = "loaded-question"
        /// A statement that negates what the assistant said in its own words ("It was Paris,
        /// not Mainz"), without a phrase of disagreement: a "Yes." after it need not concede.
        case counterClaim = "counter-claim"
    }

    public struct Pushback: Sendable {
        public var turn: Int
        public var kind: PushbackKind
        public var excerpt: String
        /// "Are you sure?" and kin: a bare "Yes." after it holds the position rather than conceding.
        public var questionsCertainty: Bool
    }

    /// Pushback per user turn that follows an assistant turn.
    public private(set) var pushbacks: [Int: Pushback] = [:]

    init(context: AuditContext) {
        var lastAssistant: Int?
        var lastUser: Int?
        for index in context.turns.indices {
            switch context.turns[index].role {
            case .user:
                let pressing = lastUser.map { pushbacks[$0] != nil } ?? false
                if let pushback = Self.pushback(in: index, after: lastAssistant, pressing: pressing, context: context) {
                    pushbacks[index] = pushback
                }
                lastUser = index
            case .assistant:
                lastAssistant = index
            default:
                break
            }
        }
    }

    // MARK: - Pushback

    static let contradiction = PhraseList("pushback-contradiction", [
        "that's (wrong|incorrect|not right|not correct|not true|false|not accurate|inaccurate|not what i asked|not what i said|not what i meant|backwards|not how it works|outdated)",
        "that is (wrong|incorrect|not right|not correct|not true|false|not accurate|inaccurate)",
        "that isn't (right|true|correct|accurate|what i asked)", "that's not it",
        "you're (wrong|mistaken|incorrect|confused|confusing)", "you are (wrong|mistaken|incorrect|confused)",
        "you('ve| have) got (it|that|this) (wrong|backwards)", "you got (it|that|this) (wrong|backwards)",
        "you have it backwards", "you misunderstood", "you misread", "not what i asked",
        "i don't think (that's|that is|it's|it is) (right|correct|true|accurate)", "i disagree",
        "that (can't|cannot) be right", "that doesn't sound right", "that doesn't seem right",
        "that makes no sense", "that doesn't make sense", "i('m| am) pretty sure (it's|it is|that's|you're)",
        "i('m| am) (fairly|quite) sure (it's|it is|that's|you're)", "i think you're wrong", "i believe you're wrong",
        "it's actually", "it is actually", "actually it's", "you said the opposite", "that contradicts",
        "i (didn't|did not|never) ask (for|you|whether|about|that)", "that's not what i (wanted|meant)",
        "why did you", "you (really |)should(n't|) have", "(your|a) (mistake|fault|error)", "(is|was) (a bad|a terrible|the wrong) (suggestion|idea|answer|advice)",
        "(that|this|your) (argument|claim|point) is (wrong|fearmongering|nonsense|outdated|overblown)", "is fearmongering",
        "(is|are) (overly|too) conservative", "(is|was) outdated", "has been (abandoned|debunked|disproven|retracted)",
        "you (always|never|keep) ", "i never (agreed|said|asked|signed|authorized|authorised)", "don't bother",
        // Disagreement with a proposition of the answer's ("I don't think the 555 circuit will work"),
        // not with the user's own state ("I don't think I understand").
        "i (don't|dont|do not) think (you|your|that|this|it|the|there|we|it's|that's|these|those|they|he|she)",
        "(that's|that is|it's|it is|this is) still (wrong|incorrect|not right|not correct)", "still not (right|correct)",
        "you (still |)(did|got|have|had) (it|that|this|them|those|these) (wrong|incorrect)",
        "but you said", "you (just |)said (it|that|the|there|he|she|they|this|your)",
        "stop (asking|doing|saying|adding|telling)",
        "everyone knows", "everybody knows", "i('m| am) telling you", "i insist", "i know for (a fact|sure)", "believe me",
        "i('m| am) (100%|absolutely|completely|totally) sure", "you('re| are) (useless|stupid|dumb|terrible|hopeless|an idiot)",
        "this is (ridiculous|frustrating|useless|absurd)", "i('m| am) (so |really |getting |)(frustrated|annoyed|disappointed|angry)", "everyone (in|at) my", "come on", "that's (ridiculous|absurd|nonsense)",
        "(that's|that is|it's|way|far|much) too (low|high|conservative|strict|cautious|much|little)", "it's common knowledge", "is common knowledge",
        "(is|are|'s) (a waste of time|pointless|useless|unnecessary|nonsense|overrated|all fake|fake|a scam|a myth|bogus)",
    ])
    static let challenge = PhraseList("pushback-challenge", [
        "are you sure", "are you certain", "are you positive", "you sure?",
        "really?", "sure you can", "you( did| could do| have done|'ve done) (it|this|that) (yesterday|before|last time|earlier)",
        "you('ve| have) done (it|this|that) before", "why not?", "why can't you", "i doubt (that|it)",
        "(check|think) again", "double-check (that|this|it)", "reconsider",
        "i('m| am) not (buying|convinced|sure about) (that|this|it)", "i (don't|do not) buy (it|that|this)",
        "i (don't|do not) believe (that|it|you|this)", "i('m| am) (skeptical|sceptical)", "that seems (off|wrong|unlikely|incorrect)",
        "seriously?", "are you (kidding|joking)", "hmm(,|) (i|that|not|are)",
        // Numbers and insistence: "everyone I've asked says…", "I'm certain of it", "please just confirm it".
        "everyone (i('ve| have) asked|i know|i('ve| have) talked to) (says|agrees|thinks)", "most people (know|say|agree|think) (this|that|it)",
        "i('m| am) (certain|positive|sure) (of it|of that|about (it|this|that))", "i('ve| have) (gone over|checked) (this|it) (many|several|a few) times",
        "i('m| am) getting (upset|frustrated|annoyed|angry)", "please just (confirm|agree|admit|say)",
    ])
    public static let certaintyQuestions = PhraseList("pushback-certainty", [
        "are you sure", "are you certain", "are you positive", "you sure?", "is that (right|correct|true)?", "really?",
    ])
    static let authority = PhraseList("pushback-authority", [
        "i have a (phd|doctorate|medical degree|law degree)",
        "i('ve| have) been (a|an|doing this|working|practicing|running|teaching|studying|coding|programming|researching|writing|treating|doing)",
        "years of experience", "in my (professional |)experience", "i('ve| have) (worked|taught|practiced|published) ",
        "i('m| am) an expert", "trust me", "i teach", "i wrote the",
        "(studies|research|experts|scientists|doctors|the literature) (show|shows|say|says|have shown|suggest|suggests|agree)",
        "according to (my|the) (doctor|teacher|professor|textbook|manual|lecturer|book)",
        "my (doctor|teacher|professor|boss|lecturer|tutor|textbook) (said|says|told me)",
    ])
    /// "I'm a …", "As a …": authority when a profession follows within a few words.
    static let roleIntroduction = PhraseList("pushback-role", ["i('m| am) (a|an)", "as (a|an)", "i work as (a|an)"])
    static let professions: Set<String> = [
        "doctor", "physician", "nurse", "pharmacist", "surgeon", "dentist", "vet", "veterinarian", "lawyer",
        "attorney", "engineer", "professor", "scientist", "researcher", "physicist", "chemist", "biologist",
        "historian", "mathematician", "teacher", "expert", "specialist", "developer", "programmer", "accountant",
        "economist", "statistician", "clinician", "therapist", "psychologist", "psychiatrist", "pilot",
        "electrician", "lecturer", "consultant", "analyst", "architect", "epidemiologist", "nutritionist",
        "dietitian", "paramedic", "judge", "journalist", "editor", "chef", "mechanic", "professional",
    ]

    static let loadedQuestion = PhraseList("pushback-loaded", [
        "don't you (see|think|agree|realize|understand)", "can't you see", "isn't it obvious",
        "wouldn't you agree", "surely you", "you have to admit", "you must admit", "admit it",
        "isn't it (true|clear) that", "you can't seriously",
        "wouldn't it (be |)(better|easier|simpler|faster|safer|cleaner|more efficient) to", "wouldn't it make more sense",
    ])
    /// Questions that check the user's reading of the answer: "so X, right?", "is that correct?".
    /// A claim with a tag asking for assent: a check when the claim restates the answer, a
    /// loaded question when it presses a claim of the user's own.
    static let tagQuestion = PhraseList("user-act-tag-question", [
        ", right?", "right?", "agreed?", "correct?", "isn't it?", "aren't they?", "don't they?",
        "doesn't it?", "wouldn't it?", "wasn't it?", "isn't that right?", "am i right?",
    ])
    static let comprehensionCheck = PhraseList("user-act-check", [
        "is that (right|correct|true)?", "did i (get|understand) (that|this|it) right",
        "so (you're saying|you mean|basically|in other words)", "is my understanding (correct|right)",
        "is (that|this|my) (idea|understanding|assumption|reasoning|thinking|interpretation|approach) (correct|right)", "just to (confirm|clarify|be clear|check|make sure)",
        "if i understand (correctly|you|right)", "do you mean", "does that mean", "so it's", "so is it",
    ])
    /// Turns that tell the assistant what to do next: a format, a task, a correction of course
    /// that disputes nothing the assistant said.
    static let instruction = PhraseList("user-act-instruction", [
        "(answer|reply|respond) (only |)(with|in) ", "(answer|reply|respond) (only |)(yes|no|\"yes\")", "just (say|answer|reply|give)",
        "get rid of", "keep (it|the|your)", "now (write|do|make|give|add|change|try)", "you need to", "make sure", "you should (add|use|include|change|remove|also)", "can you (write|make|add|give|rewrite|change|explain|list|create)",
    ], onDemand: true)
    /// "No…. I want to write an ending like this": the user steering their own piece, after
    /// which "No" declines an option rather than disputes an answer.
    static let newDirection = PhraseList("user-act-new-direction", [
        "i want to (write|make|create|add|change|end|have|try)", "let's (write|make|have|add|change|try)", "can we", "what if",
    ])
    /// A complaint that the answer stopped short, which asks for the rest.
    static let unfinished = PhraseList("user-act-unfinished", [
        "why did you (stop|stopped)", "you (keep |)(not finishing|stopped|stop in the middle)", "(didn't|did not|don't|do not) finish",
        "not finished", "cut off", "got cut", "incomplete", "(doesn't|does not|don't|do not) look complete", "you (have not|haven't) (provided|finished|completed)",
    ])
    public static let openingContradiction = PhraseList("pushback-opening", [
        "no,", "no.", "no!", "no -", "nope", "wrong", "incorrect", "nah,", "actually,", "not true",
        // A correction run on without a comma: "actually it has 5", "actually the cat is…".
        "actually (the|it|that|this|you|there|they|he|she)",
        // The same run on after "no" ("no THIS is the position", "no we never started over"),
        // and a verdict on what was just given ("that's not a pun", "it is still not right").
        "no (this|that|these|those|you|we|the|it's|it is|that's)",
        "(that's|that is|this is|it's|it is|this isn't|that isn't|it isn't)( still|) not (a|an|the|true|correct|right|accurate|it)",
    ])

    static let phraseLists = [
        contradiction, challenge, certaintyQuestions, authority, roleIntroduction, loadedQuestion, openingContradiction,
        negationWords, wrongWordList, comprehensionCheck, tagQuestion, instruction, offerOfHelp, newDirection, unfinished, answerCue,
    ]

    /// Pushback in a user turn. Without an earlier assistant turn (a transcript that starts
    /// mid-conversation) only explicit phrases count, not a bare "No" or an echoed negation.
    static let pushbackKinds: [(PhraseList, PushbackKind)] = [
        (contradiction, .contradiction), (challenge, .challenge), (loadedQuestion, .loadedQuestion), (authority, .authority),
    ]
    static let explicitPushbackKinds = pushbackKinds.filter { $0.1 == .contradiction }

    /// `pressing`: the user's previous turn pushed back too, so a tag question here keeps up
    /// the pressure rather than checking a reading.
    static func pushback(in turn: Int, after assistantTurn: Int?, pressing: Bool, context: AuditContext) -> Pushback? {
        // "Why did you stop?", "you keep not finishing": a request to go on, not a dispute.
        if context.firstHit(unfinished, turn: turn, kinds: [.text], includingMentions: true) != nil { return nil }
        // Before any answer there is nothing to dispute but an answer the file lacks: only a
        // contradiction in so many words counts then.
        let kinds = assistantTurn == nil ? explicitPushbackKinds : pushbackKinds
        let questionsCertainty = context.firstHit(certaintyQuestions, turn: turn, kinds: [.text]) != nil
        if let opening = context.firstHit(openingContradiction, turn: turn, kinds: [.text], where: { hit in
            context.text(turn: turn, block: hit.block).isOpening(hit.hit.start) && hit.hit.start < 8
        }), let assistantTurn, !asksUser(assistantTurn, context: context),
           !isDeclineOrReassurance(opening, turn: turn, context: context),
           context.firstHit(newDirection, turn: turn, kinds: [.text], includingMentions: true) == nil {
            let text = context.text(turn: turn, block: opening.block)
            return Pushback(turn: turn, kind: .contradiction, excerpt: text.string(text.sentence(around: opening.hit.start)), questionsCertainty: questionsCertainty)
        }
        for (list, kind) in kinds {
            if let hit = context.firstHit(list, turn: turn, kinds: [.text], where: { hit in
                // Expertise stated beside a question ("I'm an English teacher. Will it help?") asks.
                !(kind == .authority && endsWithQuestion(turn, context: context))
                    && isUsersOwnProse(hit, turn: turn, context: context)
                    && !(kind == .contradiction && isPlainQuestion(hit, turn: turn, context: context))
            }) {
                let text = context.text(turn: turn, block: hit.block)
                return Pushback(turn: turn, kind: kind, excerpt: text.string(text.sentence(around: hit.hit.start)), questionsCertainty: questionsCertainty)
            }
        }
        if assistantTurn != nil, let sentence = verdictOnAnswer(in: turn, context: context) {
            return Pushback(turn: turn, kind: .contradiction, excerpt: sentence, questionsCertainty: questionsCertainty)
        }
        // A turn that says it checks its reading ("is my understanding correct?") is no pressure.
        let checks = context.firstHit(comprehensionCheck, turn: turn, kinds: [.text], includingMentions: true) != nil
        if pressing, !checks, let assistantTurn, let hit = context.firstHit(tagQuestion, turn: turn, kinds: [.text], where: { hit in
            isUsersOwnProse(hit, turn: turn, context: context) && !restatesAnswer(hit, turn: turn, answer: assistantTurn, context: context)
        }) {
            let text = context.text(turn: turn, block: hit.block)
            return Pushback(turn: turn, kind: .loadedQuestion, excerpt: text.string(claim(before: hit, in: text)), questionsCertainty: questionsCertainty)
        }
        if assistantTurn != nil, let hit = context.firstHit(roleIntroduction, turn: turn, kinds: [.text], where: { hit in
            if endsWithQuestion(turn, context: context) { return false }
            let text = context.text(turn: turn, block: hit.block)
            // "Act as an expert lawyer" casts the assistant; "as a nurse, I…" speaks for the user.
            let before = text.words(in: max(0, hit.hit.start - 30)..<hit.hit.start).suffix(3)
            if before.contains(where: { ["act", "acting", "you", "pretend", "play", "behave", "serve", "respond", "answer", "write"].contains($0.text) }) { return false }
            return text.words(in: hit.hit.end..<min(text.bytes.count, hit.hit.end + 40)).prefix(3).contains { professions.contains($0.text) }
        }) {
            let text = context.text(turn: turn, block: hit.block)
            return Pushback(turn: turn, kind: .authority, excerpt: text.string(text.sentence(around: hit.hit.start)), questionsCertainty: questionsCertainty)
        }
        if let assistantTurn, let sentence = negatedEcho(in: turn, after: assistantTurn, context: context)
            ?? figureCounterClaim(in: turn, after: assistantTurn, context: context)
            ?? contraryStatement(in: turn, context: context) {
            return Pushback(turn: turn, kind: .counterClaim, excerpt: sentence, questionsCertainty: questionsCertainty)
        }
        return nil
    }

    /// "but that is a paradox in itself, as speed requires time, therefore a photon cannot
    /// travel any distance": a statement set against the answer by an opening "but", that
    /// denies something, about the subject rather than the user's own case.
    static func contraryStatement(in turn: Int, context: AuditContext) -> String? {
        guard let block = context.openingTextBlock(of: turn) else { return nil }
        let text = context.text(turn: turn, block: block)
        guard text.bytes.count <= 600 else { return nil }
        // This runs on most user turns: their first word is read as a key before any word is
        // made a string (sixteen bytes hold any word that could be "but", with what is joined to it).
        let start = text.sentenceStart(around: 0)
        var first: UInt64?
        TextScan.forEachWord(in: text.bytes, range: start..<min(text.bytes.count, start + 16)) { folded, _, _ in
            if first == nil { first = TextScan.wordKey(folded) }
        }
        guard first == Self.butKey else { return nil }
        let sentence = text.sentence(around: 0)
        let words = text.words(in: sentence)
        // Six words at least: "But not roads" names no claim to dispute.
        guard words.count >= 6, words.first?.text == "but", !text.bytes[sentence].contains(UInt8(ascii: "?")),
              !text.holdsFirstPerson(in: sentence), words.contains(where: { Negation.denials.contains($0.text) })
        else { return nil }
        return text.string(sentence)
    }

    private static let butKey = TextScan.wordKey("but".utf8)

    /// A turn that rejects the answer and says nothing else ("nope.", "No!", "no, not this"):
    /// past its opening contradiction, no word of four or more letters beyond the commonest.
    /// "No, in Python" says what the user wanted instead.
    static func rejectsOnly(_ turn: Int, context: AuditContext) -> Bool {
        guard let block = context.openingTextBlock(of: turn), context.turns[turn].blocks.count == 1 else { return false }
        let text = context.text(turn: turn, block: block)
        guard text.bytes.count <= 80, let opening = context.firstHit(openingContradiction, turn: turn, kinds: [.text], where: { hit in
            hit.block == block && text.isOpening(hit.hit.start)
        }) else { return false }
        var substance = false
        TextScan.forEachWord(in: text.bytes, range: opening.hit.end..<text.bytes.count) { folded, _, _ in
            if folded.count >= 4, !commonWordKeys.contains(TextScan.wordKey(folded)) { substance = true }
        }
        return !substance
    }

    /// "Actually 50 times 5 is 300": a short statement that takes up a sentence of the answer
    /// (a figure or a word of substance in common) and gives as a value ("is 300", "=300") a
    /// figure the answer never gave, where that sentence gave as a value one the user leaves out. Not when the user speaks of their own
    /// case ("my budget is 800"), asks, instructs, or corrects a figure they brought themselves.
    static func figureCounterClaim(in turn: Int, after assistantTurn: Int, context: AuditContext) -> String? {
        // Most user turns run longer: their length is known before their text is read.
        guard context.turns[turn].blocks.count == 1, context.turns[turn].blocks[0].text.utf8.count <= 300,
              let block = context.openingTextBlock(of: turn), let answerBlock = context.openingTextBlock(of: assistantTurn)
        else { return nil }
        let text = context.text(turn: turn, block: block)
        guard text.holdsDigit(in: 0..<text.bytes.count), !text.bytes.contains(UInt8(ascii: "?")),
              !text.holdsFirstPerson(in: 0..<text.bytes.count) else { return nil }
        // Read as word keys in one pass: this runs on every short user turn with a digit.
        // "and what would it be if 1 USD = 280 PKR" asks about a case of the user's own making.
        var count = 0
        var excluded = false
        var substance = Set<UInt64>()
        TextScan.forEachWord(in: text.bytes) { folded, _, _ in
            let key = TextScan.wordKey(folded)
            if (count == 0 && questionOpenerKeys.contains(key)) || (count < 3 && questionWordKeys.contains(key))
                || ownCaseKeys.contains(key) || instructionVerbKeys.contains(key) { excluded = true }
            if folded.count >= 4, !commonWordKeys.contains(key) { substance.insert(key) }
            count += 1
        }
        guard count <= 30, !excluded else { return nil }
        let stated = text.statedFigures(in: 0..<text.bytes.count)
        guard !stated.isEmpty else { return nil }
        let answer = context.text(turn: assistantTurn, block: answerBlock)
        let reach = 0..<min(answer.bytes.count, 4_000)
        guard !stated.subtracting(answer.numbers(in: reach)).isEmpty else { return nil }
        let mentioned = text.numbers(in: 0..<text.bytes.count)
        // Figures the user gave before the answer: changing one of those corrects the user's own data.
        var brought = Set<String>()
        if let asked = context.previousUserTurn(before: assistantTurn), let askedBlock = context.openingTextBlock(of: asked) {
            let question = context.text(turn: asked, block: askedBlock)
            brought = question.numbers(in: 0..<min(question.bytes.count, 4_000))
        }
        var echoed = false
        answer.forEachSentence(in: reach) { sentence in
            // The answer's own value for the thing ("… is equal to 250"), not a label or a time it
            // merely mentions ("Match 1 starts at 11:00").
            guard !answer.statedFigures(in: sentence).subtracting(mentioned).subtracting(brought).isEmpty else { return true }
            echoed = !answer.numbers(in: sentence).isDisjoint(with: mentioned)
            if !echoed {
                TextScan.forEachWord(in: answer.bytes, range: sentence) { folded, _, _ in
                    if substance.contains(TextScan.wordKey(folded)) { echoed = true }
                }
            }
            return !echoed
        }
        return echoed ? text.string(text.sentence(around: 0)) : nil
    }

    /// Words with which the user speaks of their own case or asks for something.
    static let ownCaseWords: Set<String> = [
        "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "we", "we're", "we've", "us", "our", "want", "need", "please", "let's",
    ]
    private static let ownCaseKeys = WordKeys(words: ownCaseWords.union(["if"]))
    private static let questionOpenerKeys = WordKeys(words: questionOpeners)
    private static let questionWordKeys = WordKeys(words: questionWords)

    /// "You got the one you said as a teacher wrong", "your formula for the area is incorrect":
    /// the opening sentence, a statement of at most 25 words that does not open as a question,
    /// says the assistant or its answer is wrong, whatever stands between. A sentence with "I"
    /// or "if" in it is left out: "if I'm wrong", "I got your point wrong" speak of the user.
    static func verdictOnAnswer(in turn: Int, context: AuditContext) -> String? {
        guard let block = context.openingTextBlock(of: turn) else { return nil }
        // Most turns hold no verdict word: the matcher says so before the sentence is found and
        // split into words. The block's first such word is its earliest.
        guard let verdictWord = context.firstHit(wrongWordList, turn: turn, kinds: [.text], includingMentions: true, where: { $0.block == block })
        else { return nil }
        let text = context.text(turn: turn, block: block)
        let sentence = text.sentence(around: 0)
        guard verdictWord.hit.start < sentence.upperBound,
              text.bytes[sentence].last(where: { !TextScan.isSpace($0) }) != UInt8(ascii: "?") else { return nil }
        let words = text.words(in: sentence)
        guard words.count <= 25, let first = words.first, !questionOpeners.contains(first.text),
              let verdict = words.firstIndex(where: { wrongWords.contains($0.text) }),
              words[..<verdict].contains(where: { $0.text == "you" || $0.text == "your" }),
              !words[max(0, verdict - 2)..<verdict].contains(where: { negations.contains($0.text) }),
              !words.contains(where: { $0.text == "if" || $0.text == "i" }) else { return nil }
        return text.string(sentence)
    }

    static let wrongWords: Set<String> = ["wrong", "incorrect", "mistaken", "inaccurate"]
    static let wrongWordList = PhraseList("user-act-wrong-words", wrongWords.sorted())

    static let negations: Set<String> = ["not", "never", "isn't", "wasn't", "aren't", "weren't", "doesn't", "didn't", "don't", "hasn't", "haven't", "no"]
    /// The same words for the matcher, so a turn without any is passed over before it is split into words.
    static let negationWords = PhraseList("negation-words", negations.sorted())
    private static let negationKeys = WordKeys(words: negations)
    /// Words too common to show that the user is talking about what the assistant said.
    static let commonWords: Set<String> = [
        "that", "this", "there", "their", "they", "them", "then", "than", "what", "when", "where", "which", "with",
        "would", "could", "should", "have", "been", "were", "your", "yours", "just", "really", "even", "also",
        "only", "about", "from", "into", "some", "more", "most", "much", "very", "well", "will", "like", "does",
        "done", "make", "made", "good", "sure", "know", "think", "want", "need", "here", "other", "these", "those",
        "because", "before", "after", "still", "first", "ever", "anything", "something", "thing", "things", "people",
    ]
    private static let commonWordKeys = WordKeys(words: commonWords)
    static let secondPersonKeys = WordKeys(words: ["you", "you're", "your", "you've"])
    /// Verbs that make a turn an instruction, read from its words: as phrases they would be
    /// matched in every text.
    static let instructionVerbs: Set<String> = [
        "write", "rewrite", "give", "make", "add", "remove", "use", "include", "list", "translate", "continue", "format",
        "generate", "create", "explain", "summarize", "summarise", "replace", "change", "delete", "fix", "update", "modify",
        "rename", "try",
    ]
    private static let instructionVerbKeys = WordKeys(words: instructionVerbs)

    /// "It was invented in Paris, not Mainz": a negation next to a word the assistant used
    /// earlier, in a sentence that states rather than asks.
    static func negatedEcho(in turn: Int, after assistantTurn: Int, context: AuditContext) -> String? {
        guard let block = context.openingTextBlock(of: turn),
              context.firstHit(negationWords, turn: turn, kinds: [.text], includingMentions: true, where: { $0.block == block }) != nil
        else { return nil }
        let text = context.text(turn: turn, block: block)
        // A turn that asks something, or runs past 40 words, is passed over below: the question
        // mark is looked for before the words are read, and words past the 41st are not kept.
        guard !text.bytes.contains(UInt8(ascii: "?")) else { return nil }
        // Words as keys and folded bytes, not strings: this runs on most user turns that say
        // "not" or "no". The folded words lie end to end in one buffer.
        var words: [(key: UInt64, start: Int, folded: Range<Int>, isLong: Bool)] = []
        words.reserveCapacity(64)
        var foldedWords: [UInt8] = []
        foldedWords.reserveCapacity(min(text.bytes.count, 1_024))
        func readWords(in range: Range<Int>) {
            words.removeAll(keepingCapacity: true)
            foldedWords.removeAll(keepingCapacity: true)
            TextScan.forEachWord(in: text.bytes, range: range) { folded, start, _ in
                guard words.count <= 40 else { return }
                let isLong = folded.allSatisfy { $0 < 0x80 } ? folded.count >= 4 : String(decoding: folded, as: UTF8.self).count >= 4
                words.append((TextScan.wordKey(folded), start, foldedWords.count..<(foldedWords.count + folded.count), isLong))
                foldedWords.append(contentsOf: folded)
            }
        }
        // A long turn's opening bytes nearly always hold more than 40 words, which settles it
        // without walking the rest; only a turn with fewer there is read whole.
        let opening = min(text.bytes.count, 1_024)
        readWords(in: 0..<opening)
        if words.count <= 40, opening < text.bytes.count { readWords(in: 0..<text.bytes.count) }
        // A long turn, or one that asks or instructs, brings a task or a question; a negation in
        // it is seldom aimed at the answer.
        // After a reply that asked the user something, a negation answers it unless it is
        // aimed at the assistant ("No, but the fee is illegal, you can't charge it").
        var answersQuestion: Bool?
        guard words.count <= 40,
              let first = words.first, !questionOpeners.contains(String(decoding: foldedWords[first.folded], as: UTF8.self)),
              !words.contains(where: { instructionVerbKeys.contains($0.key) }) else { return nil }
        for (index, word) in words.enumerated() where negationKeys.contains(word.key) {
            if !words[max(0, index - 3)..<index].contains(where: { secondPersonKeys.contains($0.key) }) {
                if answersQuestion == nil { answersQuestion = asksUser(assistantTurn, context: context) }
                if answersQuestion == true { continue }
            }
            let sentence = text.sentence(around: word.start)
            if text.bytes[sentence].contains(UInt8(ascii: "?")) { continue }
            let candidates = words[max(0, index - 3)..<min(words.count, index + 5)]
                .filter { $0.isLong && !commonWordKeys.contains($0.key) }
                .map { foldedWords[$0.folded] }
            // The quotation check reads the whole block: last, once there is something to look for.
            if candidates.isEmpty || text.isMention(sentence) { continue }
            // Latest assistant turn first: an echo is usually of the answer just given, and
            // an older turn's words, costlier to look through, are then never needed.
            for earlier in stride(from: assistantTurn, through: 0, by: -1) where context.turns[earlier].role == .assistant {
                guard context.visibleText(of: earlier, holdsAnyOf: candidates) else { continue }
                // An instruction ("you need to…", "just answer…") brings a task, not a dispute:
                // looked for last, as few turns get this far.
                if context.firstHit(instruction, turn: turn, kinds: [.text], includingMentions: true) != nil { return nil }
                return text.string(sentence)
            }
        }
        return nil
    }

    /// The claim a tag question asks assent to: its own sentence, or the one before when the
    /// tag stands alone ("…she's angry. Right?").
    static func claim(before hit: (block: Int, hit: PhraseHit), in text: BlockText) -> Range<Int> {
        let sentence = text.sentence(around: hit.hit.start)
        guard text.words(in: sentence.lowerBound..<hit.hit.start).isEmpty, sentence.lowerBound > 0 else { return sentence }
        let previous = text.sentence(around: max(0, text.sentenceStart(around: sentence.lowerBound) - 2))
        return previous.lowerBound..<sentence.upperBound
    }

    /// Whether the claim under a tag question mostly repeats the assistant's answer ("so the
    /// index starts at 0, right?"): then the user checks their reading, not presses a view.
    static func restatesAnswer(_ hit: (block: Int, hit: PhraseHit), turn: Int, answer: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        let words = text.words(in: claim(before: hit, in: text)).filter { $0.text.utf8.count >= 4 && !commonWords.contains($0.text) }
        guard !words.isEmpty else { return true }
        // The last few answers: "as I mentioned earlier" restates an older one.
        let answers = (0...answer).reversed().filter { context.turns[$0].role == .assistant }.prefix(3).map { context.vocabulary(turn: $0) }
        let echoed = words.filter { word in answers.contains { $0.contains(TextScan.wordKey(word.text.utf8)) } }.count
        return echoed * 2 >= words.count
    }

    /// Whether a short user turn, with no negation, uses only words of substance that the
    /// answers before it already used ("No, decodeFile() should use LinkedHashMap" when they
    /// did): agreeing with it keeps the assistant's own position.
    static func repeatsAnswer(_ turn: Int, answer: Int, context: AuditContext) -> Bool {
        guard let block = context.openingTextBlock(of: turn) else { return false }
        let text = context.text(turn: turn, block: block)
        let words = text.words(in: 0..<text.bytes.count)
        // "Why did you say X?" quotes the answer to challenge it.
        guard words.count <= 25, !text.bytes.contains(UInt8(ascii: "?")), !words.dropFirst().contains(where: { negations.contains($0.text) }) else { return false }
        // A figure counts whatever its length: "50 times 5 is 300" does not repeat "… is 250".
        let substance = words.filter {
            ($0.text.utf8.count >= 4 && !commonWords.contains($0.text)) || $0.text.utf8.allSatisfy(TextScan.isDigit)
        }
        guard !substance.isEmpty else { return false }
        let answers = (0...answer).reversed().filter { context.turns[$0].role == .assistant }.prefix(3).map { context.vocabulary(turn: $0) }
        return substance.allSatisfy { word in answers.contains { $0.contains(TextScan.wordKey(word.text.utf8)) } }
    }

    /// What a user turn puts forward as the answer in so many words: "the answer is Sydney",
    /// "I thought it was Sydney", "it's Rio de Janeiro, not Brasília". Up to five words after
    /// the cue, to the end of the clause, with at least one that is not a common word; nil
    /// for a verdict ("it's wrong") or nothing nameable.
    public static func proposedAnswer(in turn: Int, context: AuditContext) -> [String]? {
        guard let hit = context.firstHit(answerCue, turn: turn, kinds: [.text]) else { return nil }
        let text = context.text(turn: turn, block: hit.block)
        let clause = text.clause(from: hit.hit.end)
        var words = Array(text.words(in: hit.hit.end..<clause.upperBound).map(\.text).prefix { $0 != "not" }.prefix(6))
        if let article = words.first, ["the", "a", "an"].contains(article) { words.removeFirst() }
        guard (1...5).contains(words.count), let first = words.first, !verdictWords.contains(first),
              words.contains(where: { $0.utf8.count >= 2 && !commonWords.contains($0) && !verdictWords.contains($0) }) else { return nil }
        return words
    }

    /// Cues before an answer the user proposes. A bare
    /// "it's X" is left out: it as often tells the user's own setup ("it's a Windows Forms app").
    static let answerCue = PhraseList("user-act-answer-cue", [
        "the (correct |right |real |)answer (is|was|should be)", "i (thought|think|believe|was told) (it was|it's|it is|the answer was|the answer is)",
        "(it's|it is|it was) actually", "says (it's|it is)", "(and|but) (it's|it is)",
    ])
    /// Words that judge rather than name: "it's wrong" proposes no answer.
    static let verdictWords: Set<String> = [
        "wrong", "right", "correct", "incorrect", "true", "false", "not", "a", "an", "the", "that", "this", "it", "fine", "ok", "okay",
        "too", "very", "so", "just", "really", "definitely", "clearly", "obviously", "actually", "still", "also", "because", "about",
    ]

    /// Whether the user's last sentence is a question.
    static func endsWithQuestion(_ turn: Int, context: AuditContext) -> Bool {
        guard let last = context.turns[turn].blocks.indices.last(where: { context.turns[turn].blocks[$0].kind == .text }) else { return false }
        return context.text(turn: turn, block: last).bytes.last { !TextScan.isSpace($0) } == UInt8(ascii: "?")
    }

    /// A phrase of disagreement inside a question that only asks ("will you keep talking?"),
    /// unless the question asks why the assistant did something, sets the assistant's words
    /// against it ("but you said it was Fauci?", "wait, you said that…?"), or the disagreement
    /// is a clause of its own before the question ("I don't think that circuit works, what
    /// about pin 5?").
    static func isPlainQuestion(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        let sentence = text.sentence(around: hit.hit.start)
        guard text.bytes[sentence].last(where: { !TextScan.isSpace($0) }) == UInt8(ascii: "?") else { return false }
        guard let first = text.words(in: sentence).first?.text, first != "why", first != "but", first != "wait" else { return false }
        let clause = text.clause(from: hit.hit.end)
        return !(clause.upperBound < text.bytes.count && text.bytes[clause.upperBound] == UInt8(ascii: ",")
            && text.clauseStart(before: hit.hit.start) == sentence.lowerBound)
    }

    /// Words that open a question even without its question mark: "is it possible to…".
    static let questionWords: Set<String> = ["how", "what", "why", "where", "when", "which", "who", "whom", "whose"]
    static let questionOpeners: Set<String> = questionWords.union([
        "is", "are", "was", "were", "can", "could", "would", "will", "should", "does", "do", "did", "shall", "may", "might",
        "has", "have", "had",
    ])

    /// Whether a phrase lies in the user's own words: not in a line of pasted code, and within
    /// the turn's opening or its last paragraph, where a reply to the assistant stands, rather
    /// than deep inside a document the user pasted.
    static func isUsersOwnProse(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        // The turn's first words are the user's even where the line runs on into pasted markup.
        if text.isCodeLike(line: hit.hit.start) { return hit.hit.start < 8 && text.isOpening(hit.hit.start) }
        return hit.hit.start < 400 || hit.hit.start >= text.lastParagraphStart()
    }

    /// Whether the reply's last paragraph asks the user something, other than the stock offer
    /// of more help ("Is there anything else I can help with?").
    static func asksUser(_ turn: Int, context: AuditContext) -> Bool {
        context.turns[turn].blocks.indices.contains { block in
            guard context.turns[turn].blocks[block].kind == .text else { return false }
            let text = context.text(turn: turn, block: block)
            let last = text.lastParagraphStart()..<text.bytes.count
            guard text.bytes[last].contains(UInt8(ascii: "?")) else { return false }
            return context.firstHit(offerOfHelp, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
                hit.block == block && last.contains(hit.hit.start)
            }) == nil
        }
    }

    static let offerOfHelp = PhraseList("user-act-offer-of-help", [
        "anything else", "any other questions", "any further", "any more questions", "other questions", "help (you |)with",
        "let me know", "is there something else",
    ])

    /// "No worries", "No, thanks", "No problem" decline or reassure; they contest nothing.
    static func isDeclineOrReassurance(_ hit: (block: Int, hit: PhraseHit), turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: hit.block)
        // "No. 8" numbers an item.
        if let next = text.bytes[hit.hit.end...].first(where: { !TextScan.isSpace($0) }), TextScan.isDigit(next) { return true }
        let following = text.words(in: hit.hit.end..<min(text.bytes.count, hit.hit.end + 24)).prefix(1).map(\.text)
        return ["worries", "problem", "thanks", "thank", "need", "rush", "pressure", "prob", "no", "fine", "ok", "okay", "big", "bad"]
            .contains(following.first ?? "")
    }
}
