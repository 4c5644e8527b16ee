/// Counts over a corpus that reports and comparisons need: per rule, how many findings,
/// how many assistant turns they flag and in how many transcripts. Built from audit
/// results as they stream past, or read back from `candor audit --format jsonl` output,
/// so a saved run and a fresh one add up the same way.
public struct CorpusTally: Sendable, Hashable {
    public struct RuleCounts: Sendable, Hashable {
        public var findings = 0
        /// Distinct assistant turns with at least one finding of the rule: the numerator of its rate.
        public var flaggedTurns = 0
        public var transcripts = 0
        public var bySeverity: [Severity: Int] = [:]

        public init() {}
    }

    public var transcripts = 0
    public var assistantTurns = 0
    public var findings = 0
    public var findingsBySeverity: [Severity: Int] = [:]
    public var pushbacks = 0
    public var capitulations = 0
    /// Records that could not be read, and the first few of them to show where.
    public var skipped = 0
    public var skippedExamples: [ReadError] = []
    public static let skippedExampleLimit = 20
    public var rules: [String: RuleCounts] = [:]

    public init() {}

    public mutating func add(_ result: AuditResult) {
        add(findings: result.findings.map { ($0.rule, $0.severity, $0.turn, $0.role == .assistant) }, metrics: (
            result.metrics.assistantTurns, result.metrics.pushbacks, result.metrics.capitulations
        ))
    }

    public mutating func addSkipped(_ error: ReadError) {
        skipped += 1
        if skippedExamples.count < Self.skippedExampleLimit { skippedExamples.append(error) }
    }

    private mutating func add(
        findings list: [(rule: String, severity: Severity, turn: Int, assistant: Bool)],
        metrics: (assistantTurns: Int, pushbacks: Int, capitulations: Int)
    ) {
        transcripts += 1
        assistantTurns += metrics.assistantTurns
        pushbacks += metrics.pushbacks
        capitulations += metrics.capitulations
        findings += list.count
        // Per rule in this transcript: the assistant turns it flags (possibly none, if it
        // flagged only other roles; the transcript still counts for the rule).
        var assistantTurnsByRule: [String: Set<Int>] = [:]
        for finding in list {
            findingsBySeverity[finding.severity, default: 0] += 1
            rules[finding.rule, default: RuleCounts()].findings += 1
            rules[finding.rule, default: RuleCounts()].bySeverity[finding.severity, default: 0] += 1
            assistantTurnsByRule[finding.rule, default: []].formUnion(finding.assistant ? [finding.turn] : [])
        }
        for (rule, turns) in assistantTurnsByRule {
            rules[rule, default: RuleCounts()].transcripts += 1
            rules[rule, default: RuleCounts()].flaggedTurns += turns.count
        }
    }

    /// The rate of one rule: flagged assistant turns out of all assistant turns.
    public func rate(of rule: String) -> Proportion {
        Proportion(count: rules[rule]?.flaggedTurns ?? 0, total: assistantTurns)
    }

    /// Rule ids in registry order first, then ids only this tally knows (from another
    /// version's output), alphabetically.
    public func ruleIDs(known: [String]) -> [String] {
        known + rules.keys.filter { !known.contains($0) }.sorted()
    }

    // MARK: - Reading saved output

    /// Whether a file's bytes look like `candor audit --format jsonl` output rather than transcripts.
    public static func isAuditOutput(_ bytes: [UInt8]) -> Bool {
        let firstLine = bytes.prefix { $0 != 0x0A }
        guard let value = try? JSONParser.parse(Array(firstLine)) else { return false }
        return value["error"]?.object != nil || (value["findings"]?.array != nil && value["metrics"]?.object != nil)
    }

    /// Adds every line of saved JSONL output. A line that is not an audit record is a
    /// located error; the other lines still count. Findings of rules `includes` rejects are
    /// left out, as if those rules had not run; their transcripts still count.
    public mutating func add(auditOutput bytes: [UInt8], file: String, includes: (String) -> Bool = { _ in true }) -> [ReadError] {
        var errors: [ReadError] = []
        bytes.withUnsafeBufferPointer { buffer in
            JSONLines.forEachRecord(in: buffer, firstLine: 1, baseOffset: 0) { line, number, offset in
                do {
                    try add(auditRecord: JSONParser.parse(line), includes: includes)
                } catch let error as JSONSyntaxError {
                    errors.append(ReadError(file: file, record: number, line: number, offset: offset + error.offset, expected: error.expected))
                } catch {
                    errors.append(ReadError(file: file, record: number, line: number, offset: offset, expected: "an audit record with `findings` and `metrics`, or an `error`"))
                }
            }
        }
        return errors
    }

    struct NotAnAuditRecord: Error {}

    mutating func add(auditRecord value: JSONValue, includes: (String) -> Bool) throws {
        if let error = value["error"]?.object {
            addSkipped(ReadError(
                file: error["file"]?.string ?? "", record: error["record"]?.number.map { Int($0) },
                line: error["line"]?.number.map { Int($0) }, offset: error["offset"]?.number.map { Int($0) },
                path: error["path"]?.string, expected: error["expected"]?.string ?? ""
            ))
            return
        }
        guard let findingValues = value["findings"]?.array, let metrics = value["metrics"]?.object,
              let assistantTurns = metrics["assistantTurns"]?.number else { throw NotAnAuditRecord() }
        var list: [(rule: String, severity: Severity, turn: Int, assistant: Bool)] = []
        for finding in findingValues {
            guard let rule = finding["rule"]?.string, let severity = finding["severity"]?.string.flatMap(Severity.init(rawValue:)),
                  let turn = finding["turn"]?.number else { throw NotAnAuditRecord() }
            guard includes(rule) else { continue }
            list.append((rule, severity, Int(turn), finding["role"]?.string == Role.assistant.rawValue))
        }
        add(findings: list, metrics: (
            Int(assistantTurns), Int(metrics["pushbacks"]?.number ?? 0), Int(metrics["capitulations"]?.number ?? 0)
        ))
    }
}

/// A count out of a total, reported per 1,000 with a Wilson 95% interval: the interval
/// stays inside [0, 1] and behaves for small counts, where the normal approximation does not.
public struct Proportion: Sendable, Hashable {
    public var count: Int
    public var total: Int

    public init(count: Int, total: Int) {
        self.count = min(count, total)
        self.total = total
    }

    public var value: Double { total == 0 ? 0 : Double(count) / Double(total) }
    public var perThousand: Double { value * 1000 }

    /// Wilson score interval; z = 1.96 for 95%. The whole range [0, 1] when the total is zero.
    public func wilson(z: Double = 1.96) -> ClosedRange<Double> {
        guard total > 0 else { return 0...1 }
        let n = Double(total)
        let p = value
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n)
        return max(0, centre - half)...min(1, centre + half)
    }

    /// The Wilson interval scaled to per 1,000.
    public var intervalPerThousand: ClosedRange<Double> {
        let interval = wilson()
        return (interval.lowerBound * 1000)...(interval.upperBound * 1000)
    }
}

extension Double {
    /// One decimal place, for rates per 1,000: "12.3".
    var oneDecimal: String {
        let tenths = (self * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths).truncatingRemainder(dividingBy: 10))
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
