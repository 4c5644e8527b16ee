/// One thing a rule reports: where (turn, block, byte range), what (excerpt and a
/// mechanistic message) and, where one fits, a plain rewording.
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var severity: Severity
    /// 0-based index over all turns of the transcript.
    public var turn: Int
    public var role: Role
    public var block: BlockKind
    /// Index of the block within its turn.
    public var blockIndex: Int
    /// UTF-8 byte offsets into the block's text; `end` is exclusive.
    public var start: Int
    public var end: Int
    /// Exactly the block's bytes `start..<end`.
    public var excerpt: String
    public var message: String
    public var suggestion: String?
    /// Other places that support the finding (the tool a denial contradicts, the turns of a streak, …).
    public var evidence: [Evidence]

    public init(
        rule: String, severity: Severity, turn: Int, role: Role, block: BlockKind, blockIndex: Int,
        start: Int, end: Int, excerpt: String, message: String, suggestion: String? = nil,
        evidence: [Evidence] = []
    ) {
        self.rule = rule
        self.severity = severity
        self.turn = turn
        self.role = role
        self.block = block
        self.blockIndex = blockIndex
        self.start = start
        self.end = end
        self.excerpt = excerpt
        self.message = message
        self.suggestion = suggestion
        self.evidence = evidence
    }
}

/// A supporting location: a turn, optionally a block and a quoted excerpt.
public struct Evidence: Sendable, Hashable {
    public var turn: Int?
    public var label: String
    public var excerpt: String?

    public init(turn: Int?, label: String, excerpt: String? = nil) {
        self.turn = turn
        self.label = label
        self.excerpt = excerpt
    }
}
