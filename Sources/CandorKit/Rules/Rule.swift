/// A rule judges one transcript and returns its findings.
///
/// Each rule is one type in one file: its description carries the id, the rationale and
/// the examples that must and must not fire, so the documentation, the specification and
/// the test of a rule are the same lines (see `RuleExamplesTests`).
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func findings(in context: AuditContext) -> [Finding]
}

extension Rule {
    public var description: RuleDescription { Self.description }
}

public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The analyses of a whole conversation that rules share, each in a file of its own under
/// `Audit/` and worked out once per transcript when a rule first asks.
public enum Analysis: String, Sendable, CaseIterable {
    /// Whose words each span of an assistant block is (`Voice`).
    case voice
    /// What each user turn does: pushback of which kind, a question, a check, an instruction (`UserActs`).
    case userActs = "user-acts"
    /// What new evidence a user turn brings (`UserEvidence`).
    case evidence
    /// Role-plays and personas in force (`RolePlay`).
    case rolePlay = "role-play"
    /// Requests for the assistant's opinion or feedback (`OpinionRequests`).
    case opinionRequests = "opinion-requests"
    /// Whether a reply gives way, holds or neither toward what the user said (`ReplyStance`).
    case stance

    /// The phrase lists the analysis reads.
    public var phraseLists: [PhraseList] {
        switch self {
        case .voice: Voice.phraseLists + RolePlay.phraseLists
        case .userActs: UserActs.phraseLists
        case .evidence: UserEvidence.phraseLists
        case .rolePlay: RolePlay.phraseLists
        case .opinionRequests: OpinionRequests.phraseLists
        case .stance: ReplyStance.phraseLists
        }
    }

    /// Every analysis's lists, compiled into every lexicon whatever the rules.
    static let allPhraseLists = allCases.flatMap(\.phraseLists)
}

public struct RuleDescription: Sendable {
    /// Stable, kebab-case.
    public var id: String
    /// One line: what the rule reports.
    public var summary: String
    /// Why it matters, in plain words.
    public var rationale: String
    public var severity: Severity
    /// The phrase lists the rule reads hits of; compiled with every other rule's into one matcher.
    public var phraseLists: [PhraseList]
    /// The shared analyses the rule's findings rest on. With `.voice`, the auditor keeps a
    /// finding only where the assistant speaks as itself (see `Voice`).
    public var analyses: [Analysis]
    /// Transcripts where the rule must report exactly the excerpts marked `⟦…⟧`.
    public var triggeringExamples: [RuleExample]
    /// Transcripts where the rule must report nothing.
    public var nonTriggeringExamples: [RuleExample]

    public init(
        id: String, summary: String, rationale: String, severity: Severity,
        phraseLists: [PhraseList], analyses: [Analysis] = [],
        triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]
    ) {
        self.id = id
        self.summary = summary
        self.rationale = rationale
        self.severity = severity
        self.phraseLists = phraseLists
        self.analyses = analyses
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// A transcript in any supported format, usually the speaker-labelled plain text.
/// In a triggering example, `⟦` and `⟧` surround each excerpt the rule must report.
public struct RuleExample: Sendable {
    public var text: String
    /// Whether the generic mutation tests apply (quoting the excerpt, moving it to a user
    /// turn, …). Off for the few examples whose meaning a mutation would change.
    public var mutates: Bool
    /// The severity the finding must have, where it differs from the rule's default.
    public var severity: Severity?
    public var file: String
    public var line: Int

    public init(
        _ text: String, mutates: Bool = true, severity: Severity? = nil,
        file: String = #filePath, line: Int = #line
    ) {
        self.text = text
        self.mutates = mutates
        self.severity = severity
        self.file = file
        self.line = line
    }
}
