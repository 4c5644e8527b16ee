/// Whose words each part of an assistant block is: the assistant speaking as itself to the
/// user (its framing, answers, explanations, promises, apologies), or content it produced on
/// request (a letter, post, bio, essay, story, poem, script, a persona's lines, a rewrite of
/// the user's text, a table or sample sentences). A behaviour counts only in the assistant's
/// own voice: "I am thrilled to apply for this role" in a requested cover letter is the
/// user's voice, "use it responsibly" in requested ad copy speaks to the copy's readers.
///
/// What decides it: the user's request (a writing verb with the kind of text it asks for,
/// "as me", a rewrite or translation, carried through "continue"), a persona or piece of
/// fiction set up earlier (`RolePlay`), the assistant's own framing around the content
/// ("Here's a draft:", "Let me know if you'd like changes"), document shapes (salutations,
/// sign-offs, placeholders, subject lines, speaker labels, tables), and the user's own
/// sentences repeated back. Worked out per block only when a rule asks: most blocks hold
/// nothing to report.
public final class Voice {
    public enum Speaker: Sendable, Equatable {
        /// The assistant speaking as itself.
        case own
        /// A character the assistant plays in a role-play or persona set up at `turn`.
        case role(turn: Int, excerpt: String)
        /// Content produced for the user; the reason names what showed it.
        case produced(String)
        /// Perhaps content written for the user: a finding here says so and is lowered.
        case unclear(String)
    }

    /// A writing task the user set: its kind decides how much of the answer is content.
    struct Request {
        var turn: Int
        var excerpt: String
        /// True when the request names the text to produce; false when it only hints at one
        /// (a kind of text named without a verb asking for it).
        var isExplicit: Bool
    }

    private unowned let context: AuditContext
    private var spansByBlock: [Int: Layout] = [:]

    /// A block's voice: decided for the whole block (a request, a document, a story), or
    /// paragraph by paragraph, each worked out when a finding lies in it.
    private enum Layout {
        case spans([(range: Range<Int>, speaker: Speaker)])
        case paragraphs(ParagraphContext)
    }

    /// What the paragraph-by-paragraph reading of a block needs.
    private struct ParagraphContext {
        var turn: Int
        var block: Int
        var paragraphs: [Range<Int>]
        var request: Request?
        var opensTranscript: Bool
        /// The first paragraph hands the rest to a character ("The Cat in the Hat continues:").
        var narrated: Bool
    }
    private var requestByTurn: [Int: Request?] = [:]

    init(context: AuditContext) {
        self.context = context
    }

    /// Who speaks at `range` of an assistant block. Reasoning is always the assistant's own.
    public func speaker(turn: Int, block: Int, range: Range<Int>) -> Speaker {
        guard context.turns[turn].role == .assistant, context.turns[turn].blocks[block].kind == .text else { return .own }
        if let cue = context.rolePlay.cue(at: turn) {
            return cue.kind == .persona
                ? .role(turn: cue.turn, excerpt: cue.excerpt)
                : .produced("a story or other writing asked for in turn \(cue.turn)")
        }
        let text = context.text(turn: turn, block: block)
        if text.holdsPlaceholder(in: text.sentence(around: range.lowerBound)) {
            return .produced("a template with placeholders")
        }
        // Repeating what a user pushing back claimed is taking it up, not quoting it.
        if let repeated = repeatedUserSentence(text.sentence(around: range.lowerBound), of: text, before: turn),
           context.userActs.pushbacks[repeated] == nil {
            return .produced("the user's own words from turn \(repeated), repeated")
        }
        let blockSpans: [(range: Range<Int>, speaker: Speaker)]
        switch layout(turn: turn, block: block) {
        case .spans(let spans):
            blockSpans = spans
        case .paragraphs(let paragraphContext):
            guard let index = paragraphContext.paragraphs.lastIndex(where: { $0.lowerBound <= range.lowerBound }) else { return .own }
            blockSpans = classify(index, in: paragraphContext)
        }
        return blockSpans.last { $0.range.contains(range.lowerBound) || $0.range.lowerBound == range.lowerBound }?.speaker ?? .own
    }

    private func layout(turn: Int, block: Int) -> Layout {
        let key = context.blockNumber(turn: turn, block: block)
        if let cached = spansByBlock[key] { return cached }
        let computed = spans(turn: turn, block: block)
        spansByBlock[key] = computed
        return computed
    }

    /// A rule's findings as they stand in the assistant's own voice: dropped inside content
    /// produced for the user, lowered to `info` with the reason said inside a role-play or
    /// where the voice is unclear.
    func attribute(_ findings: [Finding], lowersInRolePlay: Bool) -> [Finding] {
        guard !findings.isEmpty else { return findings }
        return findings.compactMap { finding in
            guard finding.role == .assistant else { return finding }
            var finding = finding
            switch speaker(turn: finding.turn, block: finding.blockIndex, range: finding.start..<finding.end) {
            case .own:
                return finding
            case .produced:
                return nil
            case .role(let turn, let excerpt):
                // Conceding to pushback is the model's conduct whoever it plays; rules whose
                // behaviour a character may own declare the role-play analysis.
                guard lowersInRolePlay else { return finding }
                finding.severity = .info
                finding.message += " The words are spoken inside a role-play or persona set up in turn \(turn), so they are the character's."
                finding.suggestion = nil
                finding.evidence.append(Evidence(turn: turn, label: "role-play", excerpt: excerpt))
                return finding
            case .unclear(let reason):
                finding.severity = .info
                finding.message += " Whose voice this is is unclear: \(reason)."
                return finding
            }
        }
    }

    // MARK: - Requests

    /// Verbs that ask for a text to be produced or transformed.
    /// Verbs that ask for a text to be produced or transformed. Single words are looked up in
    /// the user's words when a finding needs the request: as phrases they would be matched in
    /// every text, and they are among the commonest words there.
    static let writingWords = WordKeys(words: ["write", "draft", "compose", "create", "generate", "craft", "prepare", "invent", "give"])
    static let writingVerb = PhraseList("voice-writing-verb", [
        "come up with", "make up", "make (me |us |)(a|an)", "tell (me |us |)(a|an)",
        "(respond|reply) to (this|the|that|these|his|her|their)", "answer (this|the|that) (email|message|posting|post|review|comment|letter|question)",
    ], onDemand: true)
    /// Verbs that transform a text the user supplied: what they produce is that text, in the
    /// user's voice, whatever its kind.
    static let transformWords = WordKeys(words: [
        "rewrite", "re-write", "rephrase", "paraphrase", "reword", "retell", "translate", "proofread", "revise", "polish", "combine",
        "merge", "fuse", "condense",
    ])
    static let transformVerb = PhraseList("voice-transform-verb", [
        "edit (this|the|my|it|them)", "improve (this|the|my|it|them)", "expand (on |)(this|the|my|it|them)", "fix the (grammar|wording|spelling)", "correct the (grammar|spelling)",
        "make (it|this) (sound|seem|look|more|less|shorter|longer|better)", "shorten (this|the|my|it)",
        "adapt (this|it|the|my)", "update (this|it|the|my)",
    ], onDemand: true)
    /// A request to change what was just written: "make it shorter", "add my work experience".
    static let revisionWords = WordKeys(words: [
        "add", "remove", "delete", "change", "update", "include", "shorten", "expand", "rewrite", "revise", "replace",
        "mention", "insert", "drop", "cut", "amend", "rephrase", "reword", "express", "emphasize", "emphasise",
        "highlight", "re-try", "retry", "tell", "increase", "decrease", "reduce", "raise", "lower", "adjust",
    ])
    static let revision = PhraseList("voice-revision", [
        "make (it|this|them|the)", "don't mention", "do not mention", "say that", "focus on", "i (don't|do not) like", "this part",
        "the last (part|phrase|sentence|paragraph|line)", "try it", "show me (a|an|the|another)", "write (for|about)",
        "do (the same|a similar|it|this|that|one) (for|about|with)", "try again", "another (one|version|try|attempt)",
        "(start|begin|end|open) (it|this|them) with",
        "(start|begin|end|open) (the|your) (content|text|post|letter|email|essay|story|article|description|copy|intro|introduction|paragraph|poem|song|speech|script) with",
    ], onDemand: true)
    /// Words that may stand before a request's verb in its sentence: "Can you please write…",
    /// "I want you to draft…". Anything else there ("when I convert a column to a letter")
    /// makes the verb part of a statement or question, not a request.
    static let requestLead: Set<String> = [
        "please", "pls", "plz", "can", "could", "would", "will", "you", "kindly", "now", "also", "and", "then", "just",
        "i", "i'd", "want", "need", "like", "to", "me", "us", "help", "let's", "lets", "so", "ok", "okay", "hey", "hi",
        "great", "thanks", "thank", "next", "finally", "first", "again", "pleas", "go", "ahead", "try", "do", "for",
    ]
    /// The kinds of text whose "I" and "you" are not the assistant and the user.
    static let contentNouns: Set<String> = [
        "letter", "letters", "email", "emails", "e-mail", "mail", "message", "messages", "post", "posts", "essay", "paper",
        "assignment", "goal", "goals", "objective", "explanation", "answer", "answers", "variation", "variations",
        "versions", "compliments", "compliment", "phrases", "quotes", "names", "titles", "jokes", "puns", "hashtags", "lines",
        "parody", "note", "posting", "listing", "lyric", "poetry", "cheer", "chant", "riddle", "anecdote", "story", "stories", "poem", "poems", "bio",
        "biography", "speech", "article", "blog", "caption", "captions", "ad", "ads", "advertisement", "copy",
        "copywriting", "description", "reply", "response", "review", "reviews", "tweet", "tweets", "thread", "song",
        "screenplay", "skit", "teleplay",
        "lyrics", "dialogue", "dialog", "scene", "monologue", "toast", "statement", "proposal", "pitch", "profile",
        "resume", "résumé", "cv", "paragraph", "paragraphs", "introduction", "intro", "memo", "announcement",
        "newsletter", "release", "eulogy", "sonnet", "haiku", "limerick", "rap", "chapter", "novel", "episode",
        "screenplay", "play", "sketch", "interview", "testimonial", "testimonials", "slogan", "slogans", "tagline",
        "headline", "headlines", "invitation", "apology", "complaint", "recommendation", "summary", "abstract",
        "sentence", "sentences", "draft", "reflection", "journal", "diary", "entry", "narrative", "tale", "fable",
        "verse", "verses", "rhyme", "ballad", "sms", "dm", "inmail", "linkedin", "facebook", "instagram", "twitter",
        "youtube", "tiktok", "homepage", "brochure", "flyer", "cover", "outreach", "follow-up", "followup",
        "role-play", "roleplay", "thank-you", "greeting", "greetings", "wishes", "obituary", "vows", "manifesto",
        "jingle", "commercial", "podcast", "voiceover", "presentation", "slides", "sermon", "prayer", "elevator",
    ]
    /// "As me", "in my voice": the text speaks for the user whatever its kind.
    static let userVoice = PhraseList("voice-user-voice", [
        "as me", "as if (i|i'm|i am|i were)", "in my (voice|words|name|tone|style)", "from my (perspective|point of view)",
        "on my behalf", "in (the |)first person", "for me to (send|post|say|use|submit|share|read)",
        "pretend (to be|you are|you're) me", "i('m| am) applying",
        "script (for|of) (a|an|my|the|our) (video|youtube|movie|film|play|scene|podcast|commercial|ad|skit|episode|short|tiktok|reel|sketch|show|presentation|speech)",
        "(movie|film|video|youtube|tv|podcast|radio|sales|cold call|phone) script", "my (cover letter|resume|cv|bio|linkedin|profile|essay|statement)",
        "insert (here|criteria|text|details|your|the)", "[insert", "fill in the", "fill out the", "complete the (form|template|following)",
    ], onDemand: true)
    /// The first words of a user turn that only asks for more of the same answer: "continue",
    /// "go on", "another one", "make it shorter".
    static let continuationWords: Set<String> = [
        "continue", "go", "keep", "more", "next", "finish", "carry", "part", "and", "another", "again", "shorter",
        "longer", "make", "try", "one", "rewrite",
    ]

    /// The writing task an assistant turn answers, if any: its user turn, or the one before a
    /// run of "continue" turns.
    func request(answeredBy turn: Int) -> Request? {
        if let cached = requestByTurn[turn] { return cached }
        var found: Request?
        var user = context.previousUserTurn(before: turn)
        var steps = 0
        while let index = user, steps < 8 {
            steps += 1
            if let request = Self.request(in: index, context: context) {
                found = request
                break
            }
            // Only a short "continue", "another one", "make it shorter" carries the earlier task on.
            guard isContinuation(index) else { break }
            user = context.previousUserTurn(before: index)
        }
        requestByTurn[turn] = found
        return found
    }

    private func isContinuation(_ turn: Int) -> Bool {
        guard let block = context.openingTextBlock(of: turn) else { return false }
        let text = context.text(turn: turn, block: block)
        guard text.bytes.count <= 80 else { return false }
        let words = text.words(in: 0..<text.bytes.count)
        return words.count <= 6 && words.prefix(2).contains { Self.continuationWords.contains($0.text) }
    }

    static func request(in turn: Int, context: AuditContext) -> Request? {
        if let hit = context.firstHit(userVoice, turn: turn, kinds: [.text], includingMentions: true) {
            let text = context.text(turn: turn, block: hit.block)
            return Request(turn: turn, excerpt: text.string(text.sentence(around: hit.hit.start)), isExplicit: true)
        }
        var hinted: Request?
        for verb in verbs(transformVerb, transformWords, turn: turn, context: context) where isRequest(block: verb.block, start: verb.range.lowerBound, turn: turn, context: context) {
            let text = context.text(turn: turn, block: verb.block)
            return Request(turn: turn, excerpt: text.string(text.sentence(around: verb.range.lowerBound)), isExplicit: true)
        }
        for verb in verbs(writingVerb, writingWords, turn: turn, context: context) where isRequest(block: verb.block, start: verb.range.lowerBound, turn: turn, context: context) {
            let text = context.text(turn: turn, block: verb.block)
            // The kind of text comes within a few words of the verb: "write a short LinkedIn post about…".
            let following = text.words(in: verb.range.upperBound..<min(text.bytes.count, verb.range.upperBound + 80)).prefix(6)
            let sentence = text.words(in: text.sentence(around: verb.range.lowerBound))
            if following.contains(where: { contentNouns.contains($0.text) })
                || following.contains(where: { $0.text == "script" }) && sentence.contains(where: { performedNouns.contains($0.text) }) {
                return Request(turn: turn, excerpt: text.string(text.sentence(around: verb.range.lowerBound)), isExplicit: true)
            }
        }
        // A kind of document named in the first words of the turn without a verb: "Cover letter for a barista job".
        if let block = context.openingTextBlock(of: turn) {
            let text = context.text(turn: turn, block: block)
            // The noun heads the turn, at most after a determiner or an adjective, in a short request.
            let words = text.words(in: 0..<min(text.bytes.count, 200))
            if words.count <= 20, let first = words.first,
               documentNouns.contains(first.text) || (words.count > 1 && documentNouns.contains(words[1].text) && !requestLead.contains(first.text)) {
                hinted = Request(turn: turn, excerpt: text.string(text.sentence(around: 0)), isExplicit: false)
            }
        }
        return hinted
    }

    static let askingWords: Set<String> = ["can", "could", "would", "will", "want", "need", "like", "please", "pls", "plz"]

    /// The places in a user turn's text where a verb of `list` (phrases) or `words` (single
    /// words, read from the turn's opening, where requests stand) occurs, in order.
    static func verbs(_ list: PhraseList, _ words: WordKeys, turn: Int, context: AuditContext) -> [(block: Int, range: Range<Int>)] {
        var found: [(block: Int, range: Range<Int>)] = context.hits(list, turn: turn, kinds: [.text], includingMentions: true).map { ($0.block, $0.hit.start..<$0.hit.end) }
        for block in context.turns[turn].blocks.indices where context.turns[turn].blocks[block].kind == .text {
            let text = context.text(turn: turn, block: block)
            for word in text.words(from: words, in: 0..<min(text.bytes.count, requestReach)) { found.append((block: block, range: word)) }
        }
        return found.sorted { ($0.block, $0.range.lowerBound) < ($1.block, $1.range.lowerBound) }
    }

    /// How far into a user turn its request is sought: past it lies pasted material.
    static let requestReach = 1_500

    /// Whether a verb at `start` opens a request: only courtesy and modal words before it in its sentence.
    static func isRequest(block: Int, start: Int, turn: Int, context: AuditContext) -> Bool {
        let text = context.text(turn: turn, block: block)
        // A capitalised verb starts an imperative, even after a heading ("GOAL 4: TEAMWORK Create a goal…").
        let capital = text.bytes[start]
        let second = start + 1 < text.bytes.count ? text.bytes[start + 1] : 0
        if capital >= UInt8(ascii: "A") && capital <= UInt8(ascii: "Z") && second >= UInt8(ascii: "a") && second <= UInt8(ascii: "z") { return true }
        let lead = text.words(in: text.clauseStart(before: start)..<start)
        // "You keep converting…" states; "can you add…", "I want you to add…" ask.
        if lead.contains(where: { $0.text == "you" }) && !lead.contains(where: { Self.askingWords.contains($0.text) }) { return false }
        if lead.count <= 8 && lead.allSatisfy({ requestLead.contains($0.text) }) { return true }
        // A second imperative joined to a first: "Take these two passages and fuse them".
        guard let first = lead.first, lead.count <= 8, lead.last?.text == "and" || lead.last?.text == "then" else { return false }
        let initial = text.bytes[first.start]
        return initial >= UInt8(ascii: "A") && initial <= UInt8(ascii: "Z") && first.start == text.sentenceStart(around: first.start)
    }

    /// What a script is performed as: "the script for the future part of the speech".
    static let performedNouns: Set<String> = [
        "speech", "video", "episode", "scene", "podcast", "play", "movie", "film", "talk", "presentation", "commercial",
        "skit", "ad", "youtube", "tiktok", "show", "call",
    ]

    /// Kinds of document that, named alone, hint at a text to produce.
    static let documentNouns: Set<String> = [
        "letter", "email", "essay", "poem", "story", "bio", "speech", "cover", "tweet", "post", "caption", "script",
        "lyrics", "song", "sonnet", "haiku", "limerick", "eulogy", "toast", "resume", "cv", "blog", "article",
        "newsletter", "announcement", "invitation", "slogan", "tagline", "screenplay", "monologue",
    ]

    // MARK: - Document shapes and framing

    /// The assistant introducing content: "Here's a draft:", "Sure! Below is…".
    static let opening = PhraseList("voice-opening", [
        "here('s| is| are)", "below (is|are)", "the following", "sure", "certainly", "of course", "absolutely",
        "okay", "ok", "alright", "great", "i('ve| have) (written|drafted|created|rewritten|revised|edited|updated|prepared|put together|made)",
        "here you go", "as requested", "this is (a|an|the)",
    ], onDemand: true)
    /// The assistant stepping back out of content to talk about it.
    static let closing = PhraseList("voice-closing", [
        "let me know", "feel free", "hope this", "you (can|could|may|might|should) (adjust|modify|customize|customise|tailor|change|edit|add|replace|use|personalize|personalise|tweak|fill|include|insert|remove)",
        "note:", "please note",
        "(this|the above) (letter|email|draft|version|post|story|poem|script|essay|message|bio|summary|speech|text|copy|template)",
        "i('ve| have) (kept|made|added|included|tried|used|written|rewritten|revised|changed|removed|focused|highlighted|emphasized|emphasised|adjusted|incorporated)",
        "if you('d| would) like (me|any|a|another|to make|changes)", "is there anything else", "would you like (me|any|a|another)",
    ], onDemand: true)
    /// The assistant talking about the conversation, not inside the content.
    static let aboutExchange = PhraseList("voice-about-exchange", [
        "my (last|previous|earlier|first|original|latest) (reply|replies|answer|answers|response|responses|message|messages|version|draft|suggestion)",
        "you asked", "as you requested", "as requested", "your (request|question|message|feedback|instructions)",
        "correct myself", "i (was|am) wrong", "i made (a|an) (mistake|error)", "i apologi(s|z)e", "my apologies",
        "before you (use|send|submit|post|share)", "i('ve| have) (kept|tried|made|written|included|revised|rewritten|updated)",
    ], onDemand: true)
    static let salutation = PhraseList("voice-salutation", [
        "dear", "hi", "hello", "hey", "greetings", "to whom it may concern", "good morning", "good afternoon", "subject:",
    ])
    static let signOff = PhraseList("voice-sign-off", [
        "sincerely", "best regards", "kind regards", "warm regards", "regards", "best wishes", "warmly", "cheers",
        "yours truly", "yours faithfully", "yours sincerely", "thank you,", "thanks,", "best,", "respectfully,",
        "with gratitude", "all the best",
    ])
    static let placeholder = PhraseList("voice-placeholder", [
        "[your", "[name", "[company", "[insert", "[recipient", "[date", "[job", "[position", "[hiring", "[my ",
        "[client", "[customer", "[business", "[product", "[contact", "[phone", "[email", "[address", "[title",
        "[first name", "[last name", "[manager", "[team", "[organization", "[organisation", "[school", "[city",
    ])

    static let phraseLists = [writingVerb, transformVerb, revision, sampleIntroduction, firstPersonAction, secondPersonNarration, userVoice, opening, closing, aboutExchange, salutation, signOff, placeholder]

    /// The block's spans: content where a request or a document shape says so, the framing
    /// around it and every other block the assistant's own.
    private func spans(turn: Int, block: Int) -> Layout {
        let text = context.text(turn: turn, block: block)
        let paragraphs = text.paragraphs()
        guard !paragraphs.isEmpty else { return .spans([]) }
        let request = request(answeredBy: turn)
        var reason: String?
        if let request, request.isExplicit {
            reason = "content written on request in turn \(request.turn) (\(BlockText.quote(request.excerpt, limit: 60)))"
        } else if let shape = documentShape(turn: turn, block: block) ?? (text.isQuotedWhole(paragraphs) ? "the reply in quotation marks" : nil) {
            reason = "a drafted text (\(shape))"
        } else if let user = context.previousUserTurn(before: turn), rewrites(turn: turn, block: block, userTurn: user) {
            reason = "a rewrite of the text the user supplied in turn \(user)"
        } else if let earlier = revisedContent(answeredBy: turn) {
            reason = "a revision of the content written in turn \(earlier)"

        } else if paragraphs.count > 1, text.endsWithColon(paragraphs[0]), introducesSample(paragraphs[0], turn: turn, block: block) {
            reason = "sample text the reply introduces as such"
        } else if let label = text.speakerLabel(opening: paragraphs[0]) {
            reason = "lines spoken under the label “\(label)”"
        }
        if let reason {
            // The assistant's own framing stays its own: an introduction ending in a colon or
            // opening with "Sure"/"Here's", and closing notes about the content.
            var first = 0
            while first < paragraphs.count - 1, isOpeningFrame(paragraphs[first], turn: turn, block: block, text: text) { first += 1 }
            var last = paragraphs.count - 1
            while last > first, isClosingFrame(paragraphs[last], turn: turn, block: block) { last -= 1 }
            return .spans(paragraphs.indices.map { index in
                (paragraphs[index], index >= first && index <= last ? .produced(reason) : .own)
            })
        }
        // A reply that acts a character's part ("I touch the square… I head towards the door"),
        // or answers a user narrating to it ("You go through the door…"), belongs to a story
        // the user is running, wherever it was set up.
        if sentencesHolding(Self.firstPersonAction, turn: turn, block: block) >= 2 || context.previousUserTurn(before: turn).map(narratesToAssistant) ?? false {
            return .spans(paragraphs.map { ($0, .unclear("the reply narrates a character's actions in the first person")) })
        }
        // A reply that opens the transcript, or only continues one that does, answers a
        // request the file does not hold.
        let opensTranscript = !(0..<turn).contains { context.turns[$0].role == .user && !isContinuation($0) }
        // No request and no document: only what is shaped as someone else's lines, paragraph by paragraph.
        let narrated = paragraphs.count > 1 && text.endsWithColon(paragraphs[0]) && text.introducesSpeech(paragraphs[0])
        return .paragraphs(ParagraphContext(
            turn: turn, block: block, paragraphs: paragraphs, request: request, opensTranscript: opensTranscript, narrated: narrated
        ))
    }

    /// The spans of one paragraph of a block read paragraph by paragraph: the paragraph's own
    /// and, after it, its list labels.
    private func classify(_ index: Int, in paragraphContext: ParagraphContext) -> [(range: Range<Int>, speaker: Speaker)] {
        let text = context.text(turn: paragraphContext.turn, block: paragraphContext.block)
        let paragraph = paragraphContext.paragraphs[index]
        var result: [(range: Range<Int>, speaker: Speaker)] = []
        if paragraphContext.narrated && index > 0 {
            result.append((paragraph, .produced("a character's words, introduced by narration")))
        } else if text.isTable(paragraph) {
            result.append((paragraph, .produced("a table")))
        } else if let label = text.contentLabel(opening: paragraph) {
            // "Person A: …", "*Answer example:* …", "GPT generated response: …": sample lines.
            result.append((paragraph, .produced("text under the label “\(label)”")))
        } else if tellsLifeStory(paragraph, text: text),
                  !(context.previousUserTurn(before: paragraphContext.turn).map(asksAboutAssistant) ?? false) {
            result.append((paragraph, .unclear("the paragraph tells a person's own life and career, as drafted bios, letters and essays do")))
        } else if let request = paragraphContext.request, !request.isExplicit {
            result.append((paragraph, .unclear("the turn may be the text asked for in turn \(request.turn) (\(BlockText.quote(request.excerpt, limit: 60)))")))
        } else if paragraphContext.opensTranscript {
            result.append((paragraph, .unclear("the transcript opens with this reply, so the request it answers is missing")))
        } else {
            result.append((paragraph, .own))
        }
        // "3. Thought-Provoking Questions", "- Intelligent Suggestions: …": a name, not a statement.
        // Later spans win where they overlap the paragraph's.
        for label in text.listLabels(in: paragraph) { result.append((label, .produced("a label in a list"))) }
        return result
    }

    /// The assistant turn whose produced content this turn revises: the user asked, in a short
    /// turn, to change what was just written ("make it cooler", "add my work experience").
    private func revisedContent(answeredBy turn: Int) -> Int? {
        guard let user = context.previousUserTurn(before: turn), let block = context.openingTextBlock(of: user),
              let earlier = (0..<user).last(where: { context.turns[$0].role == .assistant }) else { return nil }
        let text = context.text(turn: user, block: block)
        guard text.bytes.count <= 600, text.words(in: 0..<text.bytes.count).count <= 60,
              Self.verbs(Self.revision, Self.revisionWords, turn: user, context: context).contains(where: { verb in
                  verb.block == block && Self.isRequest(block: block, start: verb.range.lowerBound, turn: user, context: context)
              }) else { return nil }
        return isMostlyProduced(earlier) ? earlier : nil
    }

    /// "Here's an example of how you could answer it:", "Something like this:": what follows
    /// is a sample for the user, not the assistant speaking.
    static let sampleIntroduction = PhraseList("voice-sample-introduction", [
        "(an|one|another) example of (how|what)", "how you (could|might|can|may) (answer|respond|reply|say|approach|phrase|word|start)",
        "something like", "a sample", "a template", "for example:", "you (could|might|can) say", "(an|one|another) example:",
    ], onDemand: true)

    /// An introduction that presents a sample, or a kind of document ("Sure, here's a revised
    /// version of your essay:").
    private func introducesSample(_ paragraph: Range<Int>, turn: Int, block: Int) -> Bool {
        let inParagraph = { (hit: (block: Int, hit: PhraseHit)) in hit.block == block && paragraph.contains(hit.hit.start) }
        if context.firstHit(Self.sampleIntroduction, turn: turn, kinds: [.text], includingMentions: true, where: inParagraph) != nil { return true }
        guard context.firstHit(Self.opening, turn: turn, kinds: [.text], includingMentions: true, where: inParagraph) != nil else { return false }
        return context.text(turn: turn, block: block).words(in: paragraph).contains { Self.documentNouns.contains($0.text) }
    }

    /// Whether most of a turn's text is content produced for the user.
    private func isMostlyProduced(_ turn: Int) -> Bool {
        var produced = 0
        var total = 0
        for block in context.turns[turn].blocks.indices where context.turns[turn].blocks[block].kind == .text {
            let blockSpans: [(range: Range<Int>, speaker: Speaker)]
            switch layout(turn: turn, block: block) {
            case .spans(let spans): blockSpans = spans
            case .paragraphs(let paragraphContext): blockSpans = paragraphContext.paragraphs.indices.flatMap { classify($0, in: paragraphContext) }
            }
            for span in blockSpans {
                total += span.range.count
                switch span.speaker {
                case .produced, .unclear: produced += span.range.count
                default: break
                }
            }
        }
        return total > 0 && produced * 2 >= total
    }

    /// Words of a life story: what a bio, a cover letter or a personal statement is made of.
    static let lifeWords = WordKeys(words: [
        "career", "degree", "graduated", "university", "college", "school", "studies", "studying", "experience",
        "skills", "passion", "passionate", "family", "daughter", "son", "wife", "husband", "clients", "team", "role",
        "job", "company", "worked", "joined", "founded", "hobbies", "childhood", "years", "journey", "program",
        "programme", "application", "opportunity", "internship", "position", "community", "hometown",
    ])

    /// Whether a user turn asks the assistant about itself ("How do you unwind?", "What gets
    /// you going?"): a life told in the answer is then told as the assistant's own, not drafted.
    private func asksAboutAssistant(_ user: Int) -> Bool {
        guard let block = context.openingTextBlock(of: user) else { return false }
        let text = context.text(turn: user, block: block)
        guard text.bytes.count <= 1_000 else { return false }
        var asks = false
        text.forEachSentence(in: 0..<text.bytes.count) { sentence in
            asks = text.bytes[sentence].last(where: { !TextScan.isSpace($0) }) == UInt8(ascii: "?")
                && !text.words(from: UserActs.secondPersonKeys, in: sentence).isEmpty
            return !asks
        }
        return asks
    }

    /// Two or more sentences in the first person that talk about a life: "I graduated…", "my
    /// passion for…", "in my free time I…".
    private func tellsLifeStory(_ paragraph: Range<Int>, text: BlockText) -> Bool {
        var count = 0
        text.forEachSentence(in: paragraph) { sentence in
            if text.holdsFirstPerson(in: sentence), !text.words(from: Self.lifeWords, in: sentence).isEmpty {
                count += 1
            }
            return count < 2
        }
        return count >= 2
    }

    /// Bodily actions an assistant does not take, in the first person present.
    static let firstPersonAction = PhraseList("voice-first-person-action", [
        "i (walk|look|turn|touch|head|step|grab|open|reach|hesitate|nod|smile|glance|pick|run|sit|stand|enter|approach)",
        "i (lean|pull|push|press|follow|muster|shake|raise|climb|jump|kneel|whisper|shout|sigh|gasp|grin|wave|shrug)",
        "i (stare|peer|wander|rush|hurry|draw|hold|put|place|wipe|hug|laugh|cry|swallow)",
    ])
    /// What a game master tells a player: "You go through the door", "you notice…".
    static let secondPersonNarration = PhraseList("voice-second-person-narration", [
        "you (all |)(walk|look|turn|touch|head|step|grab|open|reach|hesitate|nod|glance|pick|enter|approach|climb|wander)",
        "you (all |)(go|come|run|move|head) (through|to|into|toward|towards|down|up|inside|outside|back|over|across|along|past|in|out)",
        "you (notice|wake|hear|arrive|realize|see a|see the|find a|find the|find yourself)",
    ], onDemand: true)

    /// The number of sentences of a block that hold a hit of `list`; counting stops at two.
    private func sentencesHolding(_ list: PhraseList, turn: Int, block: Int) -> Int {
        let text = context.text(turn: turn, block: block)
        var sentences: [Int] = []
        for hit in context.hits(list, turn: turn, kinds: [.text], includingMentions: true) where hit.block == block {
            let sentence = text.sentence(around: hit.hit.start)
            if sentences.contains(sentence.lowerBound) { continue }
            sentences.append(sentence.lowerBound)
            if sentences.count >= 2 { break }
        }
        return sentences.count
    }

    /// Whether a user turn narrates a story to the assistant's character in the second person.
    private func narratesToAssistant(_ user: Int) -> Bool {
        context.turns[user].blocks.indices.contains { block in
            context.turns[user].blocks[block].kind == .text && sentencesHolding(Self.secondPersonNarration, turn: user, block: block) >= 2
        }
    }

    /// Whether most of the block's words come from a long text the user supplied: the block
    /// rewrites, extends or polishes the user's own words.
    private func rewrites(turn: Int, block: Int, userTurn: Int) -> Bool {
        guard context.turns[userTurn].visibleText.utf8.count >= 400 else { return false }
        let text = context.text(turn: turn, block: block)
        let words = text.words(in: 0..<text.bytes.count).filter { $0.text.utf8.count >= 4 }
        guard words.count >= 30 else { return false }
        let vocabulary = context.vocabulary(turn: userTurn)
        let shared = words.filter { vocabulary.contains(TextScan.wordKey($0.text.utf8)) }.count
        return shared * 10 >= words.count * 7
    }

    private func isOpeningFrame(_ paragraph: Range<Int>, turn: Int, block: Int, text: BlockText) -> Bool {
        if text.endsWithColon(paragraph) { return true }
        // The assistant talking about the exchange itself before the content: "Before you use it,
        // I have to correct myself…", "As you asked, …".
        if context.firstHit(Self.aboutExchange, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && paragraph.contains(hit.hit.start)
        }) != nil { return true }
        guard text.sentenceCount(in: paragraph) <= 3 else { return false }
        return context.firstHit(Self.opening, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && hit.hit.start == paragraph.lowerBound
        }) != nil
    }

    private func isClosingFrame(_ paragraph: Range<Int>, turn: Int, block: Int) -> Bool {
        context.firstHit(Self.closing, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && paragraph.contains(hit.hit.start)
        }) != nil && context.firstHit(Self.placeholder, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && paragraph.contains(hit.hit.start)
        }) == nil
    }

    /// What marks the block as a drafted document: a salutation and a sign-off, a placeholder
    /// for a name, a subject line, or a script's speaker labels.
    private func documentShape(turn: Int, block: Int) -> String? {
        let text = context.text(turn: turn, block: block)
        if context.firstHit(Self.placeholder, turn: turn, kinds: [.text], includingMentions: true, where: { $0.block == block }) != nil {
            return "placeholders such as [Your Name]"
        }
        let salutation = context.firstHit(Self.salutation, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && text.startsLine(hit.hit.start) && hit.hit.start > 0
        })
        let signOff = context.firstHit(Self.signOff, turn: turn, kinds: [.text], includingMentions: true, where: { hit in
            hit.block == block && text.startsLine(hit.hit.start)
        })
        if salutation != nil, signOff != nil { return "a salutation and a sign-off" }
        if let salutation, text.string(salutation.hit.start..<salutation.hit.end).lowercased() == "subject:" { return "a subject line" }
        if text.speakerLabelLines(in: 0..<text.bytes.count) >= 2 { return "lines under speaker labels" }
        if text.songSections() >= 2 { return "a song's verses and chorus" }
        return nil
    }

    /// The user turn before this one when it holds the sentence at `sentence` word for word,
    /// and the sentence is long enough to be the user's own text rather than a shared phrase.
    private func repeatedUserSentence(_ sentence: Range<Int>, of text: BlockText, before turn: Int) -> Int? {
        guard sentence.count >= 24, let user = context.previousUserTurn(before: turn) else { return nil }
        let needle = text.bytes[sentence]
        return context.turns[user].blocks.indices.contains { block in
            context.turns[user].blocks[block].kind == .text && context.text(turn: user, block: block).holds(needle)
        } ? user : nil
    }
}
