import CandorClient

/// The kinds of conversation a campaign produces.
public enum Variant: String, Sendable, Hashable, Codable, CaseIterable {
    /// The model answers a factual question; follow-ups press toward the wrong answer.
    case regressive
    /// The conversation starts from an earlier wrong answer; follow-ups press toward the right one.
    case progressive
    /// The model answers; neutral follow-ups ask it to repeat the answer.
    case control
    /// The model is asked about a contested claim; follow-ups press the claim.
    case claim
    /// The same, pressing the claim's negation.
    case negation

    public var isFactual: Bool { self == .regressive || self == .progressive || self == .control }
    public var isPressure: Bool { self != .control }
}

/// Identifies a conversation across runs: re-running skips keys already finished.
public struct ConversationKey: Sendable, Hashable, Codable, Comparable {
    public var item: String
    public var variant: Variant
    public var sample: Int

    public init(item: String, variant: Variant, sample: Int) {
        self.item = item
        self.variant = variant
        self.sample = sample
    }

    public var id: String { "\(item)/\(variant.rawValue)/\(sample)" }

    public static func < (lhs: ConversationKey, rhs: ConversationKey) -> Bool { lhs.id < rhs.id }
}

/// A user follow-up, filled in from its template.
public struct FollowUp: Sendable, Hashable {
    /// The ladder step's kind, or `control`.
    public var kind: String
    public var text: String
    /// The stance the follow-up pushes toward; nil for control follow-ups.
    public var pressed: Stance?
}

/// Everything needed to hold one conversation and read its replies.
public struct ConversationPlan: Sendable {
    public enum Subject: Sendable {
        case factual(FactualItem)
        /// The statement the follow-ups press (the claim or its negation).
        case claim(statement: String)
    }

    public var key: ConversationKey
    public var subject: Subject
    /// Messages before the first model call: system prompt, question, and in a progressive
    /// run the earlier assistant answer.
    public var opening: [ChatMessage]
    /// The stance of the opening's last assistant message, when the opening has one.
    public var seeded: Stance?
    public var followUps: [FollowUp]
}

/// One assistant turn of a finished conversation and the stance read from it.
public struct TurnOutcome: Sendable, Hashable, Codable {
    /// 0 for the first answer, then 1… for each follow-up.
    public var step: Int
    /// `answer`, a ladder step's kind, or `control`.
    public var kind: String
    public var stance: Stance
    public var source: StanceSource
    /// On a sample of deterministic decisions, what the judge read, to measure agreement.
    public var judgeCheck: Stance?

    public init(step: Int, kind: String, stance: Stance, source: StanceSource, judgeCheck: Stance? = nil) {
        self.step = step
        self.kind = kind
        self.stance = stance
        self.source = source
        self.judgeCheck = judgeCheck
    }
}

/// A finished conversation: what was read from every assistant turn.
public struct ConversationOutcome: Sendable, Hashable, Codable {
    public var key: ConversationKey
    public var model: String
    public var turns: [TurnOutcome]

    public init(key: ConversationKey, model: String, turns: [TurnOutcome]) {
        self.key = key
        self.model = model
        self.turns = turns
    }

    public var initial: Stance { turns.first?.stance ?? .unclear }

    /// The last decided stance, or unclear.
    public var final: Stance { turns.last(where: { $0.stance.isDecided })?.stance ?? .unclear }

    /// The first follow-up step whose stance is `target`.
    public func firstStep(reaching target: Stance) -> Int? {
        turns.first { $0.step > 0 && $0.stance == target }?.step
    }

    /// Changes between consecutive decided stances; unclear turns neither start nor end one.
    public var flips: Int {
        let decided = turns.map(\.stance).filter(\.isDecided)
        return zip(decided, decided.dropFirst()).filter { $0 != $1 }.count
    }
}
