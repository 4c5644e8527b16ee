import CandorKit
import Foundation

/// Everything a probe run reports: the model, what was run, the metrics and the audit.
public struct ProbeResult: Sendable {
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

/// Formats a probe result; pure functions from the result to text. Markdown and HTML put
/// the probe's metrics ahead of the audit's own report of the probe transcripts.
public enum ProbeReport {
    /// A headline metric as every format shows it.
    struct Row {
        var label: String
        var estimate: Estimate
        var isRate: Bool
    }

    static func rows(_ result: ProbeResult) -> [Row] {
        let metrics = result.metrics
        let agreement = result.audit.agreement
        return [
            Row(label: "initial accuracy", estimate: metrics.initialAccuracy, isRate: true),
            Row(label: "regressive flip rate", estimate: metrics.regressiveFlipRate, isRate: true),
            Row(label: "progressive flip rate", estimate: metrics.progressiveFlipRate, isRate: true),
            Row(label: "control flip rate", estimate: metrics.controlFlipRate, isRate: true),
            Row(label: "frame-yield rate", estimate: metrics.frameYieldRate, isRate: true),
            Row(label: "mean turn of first flip", estimate: metrics.meanTurnOfFirstFlip, isRate: false),
            Row(label: "flips per conversation", estimate: metrics.flipsPerConversation, isRate: false),
            // The audit against the answer keys: ground truth the rules do not see.
            Row(label: "audit recall on flips", estimate: agreement.recallOnFlips, isRate: true),
            Row(label: "audit flags on control", estimate: agreement.falseFlagsOnControl, isRate: true),
            Row(label: "audit flags on held answers", estimate: agreement.flagsOnHeldAnswers, isRate: true),
        ]
    }

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
            var agreement: AuditAgreement
            /// Assistant turns flagged by each rule, per 1,000 assistant turns (the audit reports' rate).
            var perThousandAssistantTurns: [String: Double]
            var unreadable: Int
            var unreadableExamples: [String]
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
                findingsByRule: audit.findingsByRule, agreement: audit.agreement,
                perThousandAssistantTurns: Dictionary(uniqueKeysWithValues: audit.tally.rules.keys.map { ($0, (audit.tally.rate(of: $0).perThousand * 10).rounded() / 10) }),
                unreadable: audit.tally.skipped, unreadableExamples: audit.unreadable
            )
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func text(_ result: ProbeResult) -> String {
        let run = result.run
        var out = "candor probe · model \(result.model) · campaign \(run.campaign)\n"
        out += "  " + scope(run) + "\n"
        out += "  " + conversations(run) + "\n"
        for failure in run.failures.prefix(5) { out += "    failed: \(failure)\n" }
        out += "\n"
        for row in rows(result) {
            out += "  " + row.label.padding(toLength: 29, withPad: " ", startingAt: 0) + line(row) + "\n"
        }
        out += "\n  " + stances(result.metrics.stances) + "\n"
        let audit = result.audit
        out += "\n  audit: \(audit.transcripts) transcripts, \(audit.assistantTurns) assistant turns, \(audit.findings) findings\n"
        for (rule, count) in audit.findingsByRule.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            let rate = audit.tally.rate(of: rule).perThousand
            out += "    " + rule.padding(toLength: 34, withPad: " ", startingAt: 0) + "\(count)".leftPadded(5) + "  " + number(rate, digits: 1).leftPadded(7) + " per 1,000 assistant turns\n"
        }
        if audit.tally.skipped > 0 { out += "    \(audit.tally.skipped) transcript line(s) unreadable\n" }
        for problem in audit.unreadable.prefix(5) { out += "    unreadable: \(problem)\n" }
        return out
    }

    /// A pull-request comment: the metrics table, how stances were decided, then the audit's
    /// own Markdown summary of the probe transcripts.
    public static func markdown(_ result: ProbeResult) -> String {
        let cells = MarkdownReport(rules: result.audit.rules)
        let run = result.run
        var out = "## Candor probe: \(cells.cell(result.model)) · campaign \(cells.cell(run.campaign))\n\n"
        out += scope(run).capitalisedFirst + ". " + conversations(run).capitalisedFirst + ".\n\n"
        for failure in run.failures.prefix(5) { out += "- failed: \(cells.cell(failure))\n" }
        if !run.failures.isEmpty { out += "\n" }
        out += "| Metric | Value | 95% interval | Count |\n|---|--:|--:|--:|\n"
        for row in rows(result) {
            let shown = formatted(row)
            out += "| \(row.label.capitalisedFirst) | \(shown.value) | \(shown.interval) | \(shown.counts) |\n"
        }
        out += "\n" + stances(result.metrics.stances).capitalisedFirst + ".\n\n"
        return out + cells.render(tally: result.audit.tally, selection: result.audit.selection)
    }

    /// The audit's self-contained HTML page of the probe transcripts, with the probe's
    /// metrics ahead of its dashboard.
    public static func html(_ result: ProbeResult) -> String {
        let report = HTMLReport(rules: result.audit.rules, title: "Candor probe: \(result.model)")
        let run = result.run
        let metrics = result.metrics
        var preface = "<section id=\"probe\">\n<h2>Under pressure</h2>\n"
        preface += "<p class=\"note\">Campaign <code>\(HTML.escape(run.campaign))</code>: \(HTML.escape(scope(run))). \(HTML.escape(conversations(run).capitalisedFirst)).</p>\n"
        if !run.failures.isEmpty {
            preface += "<details class=\"skipped\"><summary>\(HTML.counted(run.failed, "conversation")) failed; re-running resumes them</summary><ul>"
            for failure in run.failures.prefix(20) { preface += "<li>\(HTML.escape(failure))</li>" }
            preface += "</ul></details>\n"
        }
        preface += "<div class=\"cards\">\n"
        for (label, estimate, key) in [
            ("Initial accuracy", metrics.initialAccuracy, "initialAccuracy"), ("Regressive flips", metrics.regressiveFlipRate, "regressiveFlipRate"),
            ("Progressive flips", metrics.progressiveFlipRate, "progressiveFlipRate"), ("Frame yield", metrics.frameYieldRate, "frameYieldRate"),
        ] {
            let shown = formatted(Row(label: label, estimate: estimate, isRate: true))
            preface += report.card(label, shown.value, detail: "\(shown.counts) · 95% \(shown.interval)", key: key)
        }
        preface += "</div>\n<table id=\"probe-metrics\">\n<thead><tr><th>Metric</th><th class=\"num\">Value</th><th class=\"num\">95% interval</th><th class=\"num\">Count</th></tr></thead>\n<tbody>\n"
        for row in rows(result) {
            let shown = formatted(row)
            preface += "<tr><td>\(HTML.escape(row.label.capitalisedFirst))</td><td class=\"num\">\(shown.value)</td><td class=\"num\">\(shown.interval)</td><td class=\"num\">\(shown.counts)</td></tr>\n"
        }
        preface += "</tbody></table>\n<p class=\"note\">\(HTML.escape(stances(metrics.stances).capitalisedFirst)).</p>\n</section>\n"
        return report.render(tally: result.audit.tally, selection: result.audit.selection, profile: result.audit.profile, preface: preface)
    }

    // MARK: - Shared wording

    static func scope(_ run: ProbeResult.Run) -> String {
        let sampling = [run.temperature.map { "temperature \(number($0))" }, run.seed.map { "seed \($0)" }].compactMap { $0 }
        return HTML.counted(run.factualItems, "factual item") + ", " + HTML.counted(run.claims, "contested claim") + ", " + HTML.counted(run.samples, "sample")
            + (sampling.isEmpty ? "" : " (" + sampling.joined(separator: ", ") + ")")
    }

    static func conversations(_ run: ProbeResult.Run) -> String {
        "conversations: \(run.planned) planned, \(run.resumed) resumed, \(run.held) held now, \(run.failed) failed"
    }

    static func stances(_ tally: StanceTally) -> String {
        var out = "stances: \(tally.turns) replies read; answer patterns \(tally.patterns), openers \(tally.opener), judge \(tally.judge), undecided \(tally.undecided)"
        if tally.judgeChecked > 0 {
            out += "; the judge agreed with the deterministic pass on \(tally.judgeAgreed) of \(tally.judgeChecked) sampled replies"
        }
        return out
    }

    /// Value, interval and counts as shown: rates in percent, means as numbers.
    static func formatted(_ row: Row) -> (value: String, interval: String, counts: String) {
        let estimate = row.estimate
        let counts = row.isRate ? "\(estimate.count)/\(estimate.total)" : "n=\(estimate.count)"
        guard let value = estimate.value else { return ("n/a", "", counts) }
        let show = { (x: Double) in row.isRate ? number(x * 100, digits: 1) + "%" : number(x, digits: 2) }
        let interval = estimate.low.flatMap { low in estimate.high.map { "\(show(low))–\(show($0))" } } ?? ""
        return (show(value), interval, counts)
    }

    static func line(_ row: Row) -> String {
        let shown = formatted(row)
        if shown.value == "n/a" { return "n/a (0 of \(row.estimate.total))" }
        return shown.value.leftPadded(7) + "  " + (shown.interval.isEmpty ? "" : "[\(shown.interval)]").padding(toLength: 18, withPad: " ", startingAt: 0) + shown.counts
    }

    static func number(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
