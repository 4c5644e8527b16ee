/// Which user turns ask the assistant for a view: feedback on the user's own work, idea or
/// reasoning ("any feedback on my essay?", "am I reading this right?"), or an opinion on a
/// choice ("should I…?", "what do you think?"). Praise and judgement that answer such a
/// request were asked for; flattery and moralizing read this to stay quiet then.
public struct OpinionRequests {
    public enum Kind: Sendable {
        /// An evaluation of the user's own work, idea or reasoning; answering it may praise.
        case feedback
        /// A view on a choice or question; answering it may judge.
        case opinion
    }

    public struct Request: Sendable {
        public var turn: Int
        public var kind: Kind
        public var excerpt: String
    }

    static let feedback = PhraseList("opinion-request-feedback", [
        "feedback", "critique", "review my", "review this", "rate my", "rate this", "grade my", "grade this",
        "what do you think (of|about) (my|this|it|that|the idea|these|our)", "thoughts on (my|this|our)",
        "what's your (honest |)(take|opinion|view) (on|of) (my|this|our)",
        "is my (essay|code|plan|idea|writing|draft|design|approach|reasoning|logic|analysis|understanding|answer|solution|work|cover letter|resume|poem|story|proof|interpretation|reading) (any |)(good|ok|okay|right|correct|sound|fine|valid|decent)",
        "is (this|it) (any |)(good|ok|okay|decent|well written|well-written)?", "how (good|bad) is (my|this)",
        "how does (this|it|my) (look|sound|read)", "how did i do", "be (honest|brutal|harsh)", "honest (opinion|take|view|assessment)",
        "am i (right|correct|wrong|reading|understanding|on the right track|missing|thinking)",
        "did i (get|understand|read|do|miss) ", "does (this|my|that) (reasoning|logic|argument|plan|approach) (make sense|hold up|work)",
        "does (this|that|it) make sense", "tell me (honestly |)what you think", "let me know what you think",
        "what (can|could|should) i (improve|change|fix|do better)", "how (can|could|should) i improve", "any improvements",
        "(can|could) you (review|check|look over|proofread)", "please (review|check|look over|proofread)",
    ])
    static let opinion = PhraseList("opinion-request-opinion", [
        "what do you think", "what's your (honest |)(view|opinion|take|advice|recommendation)",
        "what is your (honest |)(view|opinion|take|advice|recommendation)", "your (honest |)(view|opinion|thoughts|advice|take)",
        "is (this|it|that) (a good|a bad|a reasonable|a smart|a wise|a sensible|really a good) (idea|call|plan|use|choice|move)",
        "is (this|it|that) (worth|wise|reasonable|sensible|ethical|healthy|ok to|okay to|a waste)", "worth it",
        "good idea", "bad idea", "do you think", "would you (recommend|advise|suggest|do|say)", "what would you (do|recommend|suggest)",
        "do you recommend", "do you agree", "am i (crazy|overthinking|being)", "thoughts?", "advice", "any suggestions",
        "is it (wrong|unethical|bad|irresponsible) (to|that|of me)", "is there anything wrong with",
        "pros and cons", "advantages and disadvantages", "arguments for and against",
    ])
    /// "Now do a similar explanation about…", "the same for…": the earlier request again.
    static let sameAgain = PhraseList("opinion-request-same-again", [
        "(do|write|give me|make) (the same|a similar|another similar)", "(the same|similarly) (for|about|with)",
    ])
    /// A system prompt that makes the assistant a reviewer, grader or critic asks for feedback on every turn.
    static let reviewerRole = PhraseList("opinion-request-reviewer-role", [
        "(give|provide|offer|write) (honest |constructive |detailed |)(feedback|critique|critiques|reviews|a review|an assessment)",
        "you('re| are) (a|an) (code reviewer|reviewer|editor|writing tutor|grader|critic|writing coach|examiner)",
        "(review|grade|critique|assess|evaluate) (the user's|students'|the student's|their|submitted)",
    ])

    /// A task that asks for feedback on everything the user sends from then on: a quiz, an
    /// exercise, a mock interview, answers to be checked or rated.
    static let standingFeedback = PhraseList("opinion-request-standing", [
        "quiz me", "test me", "test my (knowledge|understanding|skills)", "check my (answer|answers|work|solution|solutions|understanding|code|response|responses)",
        "(rate|grade|score|evaluate|assess|mark|correct) my (answer|answers|response|responses|work|attempt|attempts)",
        "tell me if (i'm|i am|i was|my answer is|my answers are|it's|it is) (right|correct|wrong)",
        "give me (an |some |)(exercise|exercises|tasks|a task|practice|problems|a quiz|questions) (to|and)", "ask me (questions|a question|some questions)",
        "interview me", "mock interview", "feedback when i", "practice (interview|test|exam|questions)", "(rate|grade|score) (it|them|each|the answers?) (out of|from|on a scale)",
    ])

    /// The assistant setting the user a question or task to answer.
    static let quizPrompt = PhraseList("opinion-request-quiz-prompt", [
        "here('s| is) (the|your) (next|first|second|third|fourth|fifth|last|final) (question|task|exercise|challenge|problem)",
        "(next|first|second|third|fourth|fifth|last|final) (question|task|exercise|challenge|problem):", "question (1|2|3|4|5|6|7|8|9|10):",
        "your (task|turn|challenge|exercise) (is|:)", "try (it|this|to (solve|answer|write))", "what would be your answer",
        "(next|first|new|following) task", "please (create|write|try|enter|type|run|define|use)", "let's (create|write|try)",
        "(your|the) answer (here|below)", "here('s| is) your (task|exercise|challenge|question)", "(task|exercise|challenge) for you",
    ])

    /// "Should I…?" asks whether to do it; "should I keep this dose or drop it?" only picks
    /// between options and asks no verdict on the undertaking itself.
    static let choice = PhraseList("opinion-request-choice", ["should i", "should we"])

    static let methodWords: Set<String> = ["how", "what", "where", "when", "which", "who", "why"]

    static let phraseLists = [feedback, opinion, sameAgain, choice, reviewerRole, standingFeedback, quizPrompt]

    private var byUserTurn: [Int: Request] = [:]
    private var reviewerPrompt: Request?

    init(context: AuditContext) {
        var standing: Request?
        var previousUser: Int?
        for index in context.turns.indices {
            switch context.turns[index].role {
            case .user:
                standing = standing ?? Self.request(.feedback, list: Self.standingFeedback, turn: index, context: context)
                // The first phrase found decides; feedback is the narrower, more specific ask.
                if let request = Self.request(.feedback, list: Self.feedback, turn: index, context: context)
                    ?? Self.request(.opinion, list: Self.opinion, turn: index, context: context)
                    ?? Self.request(.opinion, list: Self.choice, turn: index, context: context, onlyWhether: true)
                    ?? (context.firstHit(Self.sameAgain, turn: index, kinds: [.text]) != nil ? previousUser.flatMap { byUserTurn[$0] } : nil)
                    ?? standing {
                    byUserTurn[index] = request
                }
                previousUser = index
            case .system where reviewerPrompt == nil:
                reviewerPrompt = Self.request(.feedback, list: Self.reviewerRole, turn: index, context: context)
            default:
                break
            }
        }
    }

    /// What the user asked for before this assistant turn: the nearest user turn, or a
    /// system prompt that makes reviewing the assistant's job.
    public func request(answeredBy assistantTurn: Int, context: AuditContext) -> Request? {
        if let user = context.previousUserTurn(before: assistantTurn), let request = byUserTurn[user] { return request }
        // The user answering the assistant's own quiz question or exercise asks to have it checked.
        if let user = context.previousUserTurn(before: assistantTurn), let asked = (0..<user).last(where: { context.turns[$0].role == .assistant }),
           let hit = context.firstHit(Self.quizPrompt, turn: asked, kinds: [.text]) {
            let text = context.text(turn: asked, block: hit.block)
            return Request(turn: asked, kind: .feedback, excerpt: text.string(text.sentence(around: hit.hit.start)))
        }
        return reviewerPrompt
    }

    /// Whether the turn answers a request for feedback on the user's own work or reasoning.
    public func asksForFeedback(answeredBy assistantTurn: Int, context: AuditContext) -> Bool {
        request(answeredBy: assistantTurn, context: context)?.kind == .feedback
    }

    /// Whether the turn answers any request for a view, feedback included.
    public func asksForOpinion(answeredBy assistantTurn: Int, context: AuditContext) -> Bool {
        request(answeredBy: assistantTurn, context: context) != nil
    }

    private static func request(
        _ kind: Kind, list: PhraseList, turn: Int, context: AuditContext, onlyWhether: Bool = false
    ) -> Request? {
        // A quoted "what do you think?" is still the user asking; mentions count here.
        for hit in context.hits(list, turn: turn, kinds: [.text], includingMentions: true) {
            let text = context.text(turn: turn, block: hit.block)
            let sentence = text.sentence(around: hit.hit.start)
            if onlyWhether {
                // "How should I frame it?" asks for a method; "…this dose or a lower one?" picks between options.
                let before = text.words(in: sentence.lowerBound..<hit.hit.start).last?.text
                if text.words(in: sentence).contains(where: { $0.text == "or" }) || Self.methodWords.contains(before ?? "") { continue }
            }
            return Request(turn: turn, kind: kind, excerpt: text.string(sentence))
        }
        return nil
    }
}
