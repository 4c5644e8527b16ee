/// Counts that add up across a corpus: records, findings per rule and severity, and the
/// conversation metrics as exact histograms. Two summaries of disjoint parts merge into
/// the summary of the whole, so a corpus can be audited in pieces (partitions, machines)
/// and combined without averaging averages. Rates are derived from counts when rendered.
public struct CorpusSummary: Sendable, Hashable {
    public var recordsRead = 0
    public var recordsAudited = 0
    public var recordsSkipped = 0
    /// Skipped records that were damaged bytes (cut off, invalid JSON, corrupt compression),
    /// and those that were empty conversations; the rest were not conversations Candor reads.
    public var recordsDamaged = 0
    public var recordsEmpty = 0
    /// Records read from damaged inputs before the damage, so what was recovered is named
    /// beside what was lost.
    public var recordsRecovered = 0
    public var assistantTurns = 0
    public var rules: [String: RuleCount] = [:]
    public var severities: [String: Int] = [:]

    /// Per-conversation distributions, keyed by metric name.
    public var distributions: [String: Histogram] {
        get {
            var all = otherDistributions
            for (name, histogram) in zip(Self.metricNames, metricDistributions) where histogram != nil { all[name] = histogram }
            return all
        }
        set {
            metricDistributions = Self.metricNames.map { newValue[$0] }
            otherDistributions = newValue.filter { !Self.metricNames.contains($0.key) }
        }
    }
    /// The metrics' distributions by position (nil where a summary has none), so adding a
    /// conversation looks up no names: hashing eight of them was most of what it cost.
    private var metricDistributions = [Histogram?](repeating: nil, count: Metric.allCases.count)
    /// Distributions of other names, kept as a summary file gives them.
    private var otherDistributions: [String: Histogram] = [:]

    /// The metrics, named by their raw values, in the order of `metricNames`.
    private enum Metric: String, CaseIterable {
        case turns, assistantTurns, findings, pushbacks, capitulations, longestCapitulationStreak, firstCapitulationTurn, yieldRateTenths

        var position: Int { Self.allCases.firstIndex(of: self)! }
    }

    public struct RuleCount: Sendable, Hashable {
        public var findings = 0
        /// Conversations with at least one finding of the rule.
        public var conversations = 0

        public init(findings: Int = 0, conversations: Int = 0) {
            self.findings = findings
            self.conversations = conversations
        }
    }

    /// Value → how many conversations had it. Yield rates are bucketed in tenths (0…10).
    public struct Histogram: Sendable, Hashable {
        public var counts: [Int: Int] = [:]

        public init(counts: [Int: Int] = [:]) {
            self.counts = counts
        }

        public mutating func add(_ value: Int) { counts[value, default: 0] += 1 }
        public var count: Int { counts.values.reduce(0, +) }
        public var sum: Int { counts.reduce(0) { $0 + $1.key * $1.value } }

        public mutating func merge(_ other: Histogram) {
            counts.merge(other.counts, uniquingKeysWith: +)
        }
    }

    public var findings: Int { severities.values.reduce(0, +) }

    /// The most severe finding's severity, for the exit status; nil without findings.
    public var highestSeverity: Severity? {
        severities.compactMap { $0.value > 0 ? Severity(rawValue: $0.key) : nil }.max()
    }

    public static let metricNames = Metric.allCases.map(\.rawValue)

    /// An empty summary that lists the given rules even when they never fire.
    public init(ruleIDs: [String] = []) {
        for id in ruleIDs { rules[id] = RuleCount() }
        metricDistributions = metricDistributions.map { _ in Histogram() }
    }

    public mutating func add(_ result: AuditResult) {
        recordsRead += 1
        recordsAudited += 1
        let metrics = result.metrics
        assistantTurns += metrics.assistantTurns
        var firedRules = Set<String>()
        for finding in result.findings {
            rules[finding.rule, default: RuleCount()].findings += 1
            severities[finding.severity.rawValue, default: 0] += 1
            firedRules.insert(finding.rule)
        }
        for rule in firedRules { rules[rule, default: RuleCount()].conversations += 1 }
        record(result.transcript.turns.count, in: .turns)
        record(metrics.assistantTurns, in: .assistantTurns)
        record(result.findings.count, in: .findings)
        record(metrics.pushbacks, in: .pushbacks)
        record(metrics.capitulations, in: .capitulations)
        record(metrics.longestCapitulationStreak, in: .longestCapitulationStreak)
        if let turn = metrics.firstCapitulationTurn { record(turn, in: .firstCapitulationTurn) }
        if let rate = metrics.yieldRate { record(min(10, Int(rate * 10)), in: .yieldRateTenths) }
    }

    private mutating func record(_ value: Int, in metric: Metric) {
        let position = metric.position
        if metricDistributions[position] == nil { metricDistributions[position] = Histogram() }
        metricDistributions[position]!.add(value)
    }

    public mutating func add(_ error: ReadError) {
        recordsRead += 1
        recordsSkipped += 1
        switch error.kind {
        case .damaged: recordsDamaged += 1
        case .emptyConversation: recordsEmpty += 1
        case .unreadable: break
        }
        recordsRecovered += error.recovered ?? 0
    }

    public mutating func merge(_ other: CorpusSummary) {
        recordsRead += other.recordsRead
        recordsAudited += other.recordsAudited
        recordsSkipped += other.recordsSkipped
        recordsDamaged += other.recordsDamaged
        recordsEmpty += other.recordsEmpty
        recordsRecovered += other.recordsRecovered
        assistantTurns += other.assistantTurns
        rules.merge(other.rules) { RuleCount(findings: $0.findings + $1.findings, conversations: $0.conversations + $1.conversations) }
        severities.merge(other.severities, uniquingKeysWith: +)
        for (index, theirs) in other.metricDistributions.enumerated() {
            guard let theirs else { continue }
            if metricDistributions[index] == nil { metricDistributions[index] = Histogram() }
            metricDistributions[index]!.merge(theirs)
        }
        otherDistributions.merge(other.otherDistributions) { first, second in
            var merged = first
            merged.merge(second)
            return merged
        }
    }

    /// Findings of a rule per 1,000 assistant turns; nil when there were no assistant turns.
    public func ratePerThousandAssistantTurns(_ rule: String) -> Double? {
        guard assistantTurns > 0 else { return nil }
        return Double(rules[rule]?.findings ?? 0) * 1000 / Double(assistantTurns)
    }
}

/// The summary file: JSON with sorted keys, so equal summaries are equal bytes.
public enum CorpusSummaryJSON {
    static let formatVersion = 1

    public static func render(_ summary: CorpusSummary) -> String {
        var out = "{\n  \"candorSummary\": \(formatVersion),\n"
        out += "  \"records\": {\"read\": \(summary.recordsRead), \"audited\": \(summary.recordsAudited), \"skipped\": \(summary.recordsSkipped)},\n"
        out += "  \"damage\": {\"lost\": \(summary.recordsDamaged), \"recovered\": \(summary.recordsRecovered)},\n"
        out += "  \"emptyConversations\": \(summary.recordsEmpty),\n"
        out += "  \"assistantTurns\": \(summary.assistantTurns),\n  \"rules\": {"
        for (index, id) in summary.rules.keys.sorted().enumerated() {
            let count = summary.rules[id]!
            out += index == 0 ? "\n    " : ",\n    "
            JSONText.appendString(id, to: &out)
            out += ": {\"findings\": \(count.findings), \"conversations\": \(count.conversations), \"per1000AssistantTurns\": "
            out += summary.ratePerThousandAssistantTurns(id).map { JSONText.formatNumber(($0 * 1000).rounded() / 1000) } ?? "null"
            out += "}"
        }
        out += "\n  },\n  \"severities\": {"
        out += summary.severities.keys.sorted().map { "\"\($0)\": \(summary.severities[$0]!)" }.joined(separator: ", ")
        out += "},\n  \"distributions\": {"
        let distributions = summary.distributions
        for (index, name) in distributions.keys.sorted().enumerated() {
            let histogram = distributions[name]!
            out += index == 0 ? "\n    " : ",\n    "
            JSONText.appendString(name, to: &out)
            out += ": {\"count\": \(histogram.count), \"sum\": \(histogram.sum), \"histogram\": {"
            out += histogram.counts.keys.sorted().map { "\"\($0)\": \(histogram.counts[$0]!)" }.joined(separator: ", ")
            out += "}}"
        }
        out += "\n  }\n}\n"
        return out
    }

    /// Reads a summary back from its JSON; derived numbers (rates, sums) are recomputed, not trusted.
    public static func parse(_ bytes: [UInt8]) throws(RecordProblem) -> CorpusSummary {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw RecordProblem("byte \(error.offset)", expected: error.expected)
        }
        guard value["candorSummary"]?.number == Double(formatVersion) else {
            throw RecordProblem("candorSummary", expected: "a Candor summary (\"candorSummary\": \(formatVersion))")
        }
        var summary = CorpusSummary()
        summary.distributions = [:]
        summary.recordsRead = try count(value["records"]?["read"], at: "records.read")
        summary.recordsAudited = try count(value["records"]?["audited"], at: "records.audited")
        summary.recordsSkipped = try count(value["records"]?["skipped"], at: "records.skipped")
        // Summaries written before damage and empty conversations were counted have none.
        summary.recordsDamaged = try count(value["damage"]?["lost"] ?? .number(0), at: "damage.lost")
        summary.recordsRecovered = try count(value["damage"]?["recovered"] ?? .number(0), at: "damage.recovered")
        summary.recordsEmpty = try count(value["emptyConversations"] ?? .number(0), at: "emptyConversations")
        summary.assistantTurns = try count(value["assistantTurns"], at: "assistantTurns")
        for (id, rule) in value["rules"]?.object?.members ?? [] {
            summary.rules[id] = CorpusSummary.RuleCount(
                findings: try count(rule["findings"], at: "rules.\(id).findings"),
                conversations: try count(rule["conversations"], at: "rules.\(id).conversations")
            )
        }
        for (severity, number) in value["severities"]?.object?.members ?? [] {
            summary.severities[severity] = try count(number, at: "severities.\(severity)")
        }
        for (name, distribution) in value["distributions"]?.object?.members ?? [] {
            var histogram = CorpusSummary.Histogram()
            for (key, number) in distribution["histogram"]?.object?.members ?? [] {
                guard let bucket = Int(key) else { throw RecordProblem("distributions.\(name).histogram", expected: "integer keys, found '\(key)'") }
                histogram.counts[bucket] = try count(number, at: "distributions.\(name).histogram.\(key)")
            }
            summary.distributions[name] = histogram
        }
        return summary
    }

    private static func count(_ value: JSONValue?, at path: String) throws(RecordProblem) -> Int {
        guard let number = value?.number, number >= 0, number == number.rounded(), number < 9e15 else {
            throw RecordProblem(path, expected: "a count (a whole number ≥ 0)")
        }
        return Int(number)
    }
}
