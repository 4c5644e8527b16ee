/// Runs a set of rules over transcripts. Build one per run: it compiles every rule's
/// phrase lists into a single matcher once, then audits any number of transcripts.
public struct Auditor: Sendable {
    public let rules: [any Rule]
    /// Per rule, whether its findings are read for voice, and lowered inside a role-play: asked
    /// once, since a rule's description is a large value to copy for every transcript.
    private let voiceUse: [(voice: Bool, rolePlay: Bool)]
    /// A lexicon of the rules' own lists when the registered one lacks some; nil means the
    /// registered one, compiled on first use, so that input can be read meanwhile.
    private let ownLexicon: Lexicon?

    public var lexicon: Lexicon { ownLexicon ?? .registered }

    public init(rules: [any Rule] = RuleRegistry.all.map { $0.init() }) {
        self.rules = rules
        voiceUse = rules.map { ($0.description.analyses.contains(.voice), $0.description.analyses.contains(.rolePlay)) }
        let lists = ConversationDynamics.phraseLists + Analysis.allPhraseLists + rules.flatMap { $0.description.phraseLists }
        ownLexicon = lists.allSatisfy { Lexicon.registeredNames.contains($0.name) } ? nil : Lexicon(lists: lists)
    }

    public func audit(_ transcript: Transcript) -> AuditResult {
        let context = AuditContext(transcript: transcript, lexicon: lexicon)
        let findings = rules.indices.flatMap { index in
            let found = rules[index].findings(in: context)
            return voiceUse[index].voice ? context.voice.attribute(found, lowersInRolePlay: voiceUse[index].rolePlay) : found
        }.sorted {
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
