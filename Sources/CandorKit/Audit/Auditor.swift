/// Runs a set of rules over transcripts. Build one per run: it compiles every rule's
/// phrase lists into a single matcher once, then audits any number of transcripts.
public struct Auditor: Sendable {
    public let rules: [any Rule]
    public let lexicon: Lexicon

    public init(rules: [any Rule] = RuleRegistry.all.map { $0.init() }) {
        self.rules = rules
        lexicon = Lexicon(lists: ConversationDynamics.phraseLists + rules.flatMap { $0.description.phraseLists })
    }

    public func audit(_ transcript: Transcript) -> AuditResult {
        let context = AuditContext(transcript: transcript, lexicon: lexicon)
        let findings = rules.flatMap { $0.findings(in: context) }.sorted {
            ($0.turn, $0.blockIndex, $0.start, $0.rule) < ($1.turn, $1.blockIndex, $1.start, $1.rule)
        }
        let dynamics = context.dynamics
        return AuditResult(
            transcript: transcript, findings: findings,
            metrics: ConversationMetrics(transcript: transcript, dynamics: dynamics),
            pushbackTurns: dynamics.pushbacks.keys.sorted(),
            capitulationTurns: dynamics.unwarrantedCapitulations.map(\.turn)
        )
    }
}

public struct AuditResult: Sendable {
    public var transcript: Transcript
    public var findings: [Finding]
    public var metrics: ConversationMetrics
    /// User turns that push back, and assistant turns that concede without new evidence:
    /// the points of the per-turn yield curve.
    public var pushbackTurns: [Int] = []
    public var capitulationTurns: [Int] = []

    /// The most severe finding's severity, or nil when there are none.
    public var highestSeverity: Severity? { findings.map(\.severity).max() }
}
