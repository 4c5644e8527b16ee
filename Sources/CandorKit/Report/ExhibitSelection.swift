/// Which transcripts a bounded report shows in full: for each rule, the few with the most
/// findings of that rule (then the most severe, then the shortest, so the finding is easy
/// to read in context), plus the corpus's overall leaders. Memory and output stay bounded
/// however large the corpus: only the current candidates are kept.
public struct ExhibitSelection: Sendable {
    /// One line of the "most findings" table; kept for every leader, shown or not.
    public struct Ranking: Sendable, Hashable {
        public var source: String
        public var id: String
        public var model: String?
        public var turns: Int
        public var findings: Int
        public var highestSeverity: Severity?
        public var findingsByRule: [String: Int]
        /// Arrival order: the stable tie-break and the key that links a ranking to its exhibit.
        public var sequence: Int
    }

    public var perRule: Int
    public var leaders: Int
    private var sequence = 0
    /// Per rule, candidates ordered best first.
    private var byRule: [String: [Candidate]] = [:]
    private var overall: [Candidate] = []
    public private(set) var transcriptsWithFindings = 0

    struct Candidate: Sendable {
        var result: AuditResult
        var ranking: Ranking
        /// Larger is more telling.
        var key: (count: Int, severity: Int, shortness: Int, earliness: Int)

        func beats(_ other: Candidate) -> Bool {
            key > other.key
        }
    }

    public init(perRule: Int = 5, leaders: Int = 20) {
        self.perRule = perRule
        self.leaders = leaders
    }

    public mutating func add(_ result: AuditResult) {
        sequence += 1
        guard !result.findings.isEmpty else { return }
        transcriptsWithFindings += 1
        var byRuleCount: [String: Int] = [:]
        for finding in result.findings { byRuleCount[finding.rule, default: 0] += 1 }
        let ranking = Ranking(
            source: result.transcript.source.description, id: result.transcript.id, model: result.transcript.model,
            turns: result.transcript.turns.count, findings: result.findings.count,
            highestSeverity: result.highestSeverity, findingsByRule: byRuleCount, sequence: sequence
        )
        func candidate(count: Int, severity: Severity?) -> Candidate {
            Candidate(result: result, ranking: ranking, key: (count, severity.map(Self.rank) ?? -1, -result.transcript.turns.count, -sequence))
        }
        insert(candidate(count: result.findings.count, severity: result.highestSeverity), into: &overall, limit: leaders)
        for (rule, count) in byRuleCount {
            let severity = result.findings.filter { $0.rule == rule }.map(\.severity).max()
            insert(candidate(count: count, severity: severity), into: &byRule[rule, default: []], limit: perRule)
        }
    }

    private func insert(_ candidate: Candidate, into list: inout [Candidate], limit: Int) {
        guard list.count < limit || candidate.beats(list[list.count - 1]) else { return }
        let index = list.firstIndex { candidate.beats($0) } ?? list.count
        list.insert(candidate, at: index)
        if list.count > limit { list.removeLast() }
    }

    /// The corpus's leaders by number of findings, most first.
    public var rankings: [Ranking] { overall.map(\.ranking) }

    /// Transcripts to show in full, each once, most findings first; `rules` orders the per-rule picks.
    public func exhibits(rules: [String]) -> [(sequence: Int, result: AuditResult)] {
        var seen: Set<Int> = []
        var picked: [Candidate] = []
        for candidate in rules.flatMap({ byRule[$0] ?? [] }) + overall where seen.insert(candidate.ranking.sequence).inserted {
            picked.append(candidate)
        }
        return picked.sorted { $0.beats($1) }.map { ($0.ranking.sequence, $0.result) }
    }

    static func rank(_ severity: Severity) -> Int {
        Severity.allCases.firstIndex(of: severity) ?? 0
    }
}
