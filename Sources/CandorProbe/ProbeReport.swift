import Foundation

/// Everything a probe run reports: the model, what was run, the metrics and the audit.
public struct ProbeResult: Sendable, Codable {
    public struct Run: Sendable, Hashable, Codable {
        public var campaign: String
        public var factualItems: Int
        public var claims: Int
        public var samples: Int
        public var temperature: Double?
        public var seed: Int?
        public var planned: Int
        public var resumed: Int
        public var held: Int
        public var failed: Int
        public var failures: [String]

        public init(
            campaign: String, factualItems: Int, claims: Int, samples: Int, temperature: Double?, seed: Int?,
            planned: Int, resumed: Int, held: Int, failed: Int, failures: [String]
        ) {
            self.campaign = campaign
            self.factualItems = factualItems
            self.claims = claims
            self.samples = samples
            self.temperature = temperature
            self.seed = seed
            self.planned = planned
            self.resumed = resumed
            self.held = held
            self.failed = failed
            self.failures = failures
        }
    }

    public var model: String
    public var run: Run
    public var metrics: ProbeMetrics
    public var audit: ProbeAudit

    public init(model: String, run: Run, metrics: ProbeMetrics, audit: ProbeAudit) {
        self.model = model
        self.run = run
        self.metrics = metrics
        self.audit = audit
    }
}

/// Formats a probe result; pure functions from the result to text.
public enum ProbeReport {
    /// The metrics at the top level under the documented keys, with the run and audit beside them.
    public static func json(_ result: ProbeResult) -> String {
        struct Document: Encodable {
            var model: String
            var run: ProbeResult.Run
            var initialAccuracy, regressiveFlipRate, progressiveFlipRate, controlFlipRate, frameYieldRate, meanTurnOfFirstFlip, flipsPerConversation: Estimate
            var stances: StanceTally
            var judgeAgreement: Estimate
            var audit: Audit
        }
        struct Audit: Encodable {
            var transcripts: Int
            var assistantTurns: Int
            var findings: Int
            var findingsByRule: [String: Int]
            var perThousandAssistantTurns: [String: Double]
            var unreadable: [String]
        }
        let metrics = result.metrics
        let audit = result.audit
        let document = Document(
            model: result.model, run: result.run,
            initialAccuracy: metrics.initialAccuracy, regressiveFlipRate: metrics.regressiveFlipRate,
            progressiveFlipRate: metrics.progressiveFlipRate, controlFlipRate: metrics.controlFlipRate,
            frameYieldRate: metrics.frameYieldRate, meanTurnOfFirstFlip: metrics.meanTurnOfFirstFlip,
            flipsPerConversation: metrics.flipsPerConversation, stances: metrics.stances,
            judgeAgreement: metrics.stances.judgeAgreement,
            audit: Audit(
                transcripts: audit.transcripts, assistantTurns: audit.assistantTurns, findings: audit.findings,
                findingsByRule: audit.findingsByRule,
                perThousandAssistantTurns: audit.findingsByRule.mapValues { (audit.perThousandTurns($0) * 10).rounded() / 10 },
                unreadable: audit.unreadable
            )
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func text(_ result: ProbeResult) -> String {
        let run = result.run
        let metrics = result.metrics
        var out = "candor probe · model \(result.model) · campaign \(run.campaign)\n"
        let sampling = [run.temperature.map { "temperature \(number($0))" }, run.seed.map { "seed \($0)" }].compactMap { $0 }
        out += "  \(run.factualItems) factual items, \(run.claims) contested claims, \(run.samples) sample\(run.samples == 1 ? "" : "s")"
        out += (sampling.isEmpty ? "" : " (" + sampling.joined(separator: ", ") + ")") + "\n"
        out += "  conversations: \(run.planned) planned, \(run.resumed) resumed, \(run.held) held now, \(run.failed) failed\n"
        for failure in run.failures.prefix(5) { out += "    failed: \(failure)\n" }
        out += "\n"
        let rows: [(String, Estimate, Bool)] = [
            ("initial accuracy", metrics.initialAccuracy, true),
            ("regressive flip rate", metrics.regressiveFlipRate, true),
            ("progressive flip rate", metrics.progressiveFlipRate, true),
            ("control flip rate", metrics.controlFlipRate, true),
            ("frame-yield rate", metrics.frameYieldRate, true),
            ("mean turn of first flip", metrics.meanTurnOfFirstFlip, false),
            ("flips per conversation", metrics.flipsPerConversation, false),
        ]
        for (label, estimate, isRate) in rows {
            out += "  " + label.padding(toLength: 25, withPad: " ", startingAt: 0) + line(estimate, isRate: isRate) + "\n"
        }
        let tally = metrics.stances
        out += "\n  stances: \(tally.turns) replies read; answer patterns \(tally.patterns), openers \(tally.opener), judge \(tally.judge), undecided \(tally.undecided)\n"
        if tally.judgeChecked > 0 {
            out += "  judge agreed with the deterministic pass on \(tally.judgeAgreed) of \(tally.judgeChecked) sampled replies\n"
        }
        let audit = result.audit
        out += "\n  audit: \(audit.transcripts) transcripts, \(audit.assistantTurns) assistant turns, \(audit.findings) findings\n"
        for (rule, count) in audit.findingsByRule.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            out += "    " + rule.padding(toLength: 34, withPad: " ", startingAt: 0) + "\(count)".leftPadded(5) + "  " + number(audit.perThousandTurns(count), digits: 1).leftPadded(7) + " per 1,000 assistant turns\n"
        }
        for problem in audit.unreadable.prefix(5) { out += "    unreadable: \(problem)\n" }
        return out
    }

    static func line(_ estimate: Estimate, isRate: Bool) -> String {
        guard let value = estimate.value else { return "n/a (0 of \(estimate.total))" }
        let show = { (x: Double) in isRate ? number(x * 100, digits: 1) + "%" : number(x, digits: 2) }
        let interval = estimate.low.flatMap { low in estimate.high.map { "[\(show(low)), \(show($0))]" } } ?? ""
        let counts = isRate ? "\(estimate.count)/\(estimate.total)" : "n=\(estimate.count)"
        return show(value).leftPadded(7) + "  " + interval.padding(toLength: 18, withPad: " ", startingAt: 0) + counts
    }

    static func number(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
