/// `candor eval` output: a per-rule table with the micro-average, then every disagreement.
public enum EvaluationReport {
    public static func text(_ evaluation: Evaluation, showMisses: Bool = true) -> String {
        let width = max(12, evaluation.rules.map(\.count).max() ?? 0)
        var out = "rule".padding(toLength: width) + "  labelled  found  TP  FP  FN  precision  recall    F1\n"
        func row(_ name: String, _ score: EvaluationScore) -> String {
            name.padding(toLength: width)
                + "  " + String(score.support).leftPadded(8)
                + "  " + String(score.truePositives + score.falsePositives).leftPadded(5)
                + "  " + String(score.truePositives).leftPadded(2)
                + "  " + String(score.falsePositives).leftPadded(2)
                + "  " + String(score.falseNegatives).leftPadded(2)
                + "  " + format(score.precision).leftPadded(9)
                + "  " + format(score.recall).leftPadded(6)
                + "  " + format(score.f1).leftPadded(4) + "\n"
        }
        for rule in evaluation.rules { out += row(rule, evaluation.score(for: rule)) }
        out += row("micro-average", evaluation.micro)
        out += "\(evaluation.transcripts) labelled transcript\(evaluation.transcripts == 1 ? "" : "s")\n"
        if showMisses && !evaluation.misses.isEmpty {
            out += "\n"
            for miss in evaluation.misses {
                out += "\(miss.kind.rawValue)  \(miss.rule)  \(miss.source) turn \(miss.turn)\n    \(BlockText.quote(miss.excerpt, limit: 140))\n"
            }
        }
        return out
    }

    /// A Markdown table of the scores, for the README.
    public static func markdown(_ evaluation: Evaluation) -> String {
        var out = "| rule | labelled | found | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|\n"
        for rule in evaluation.rules + ["micro-average"] {
            let score = rule == "micro-average" ? evaluation.micro : evaluation.score(for: rule)
            out += "| \(rule) | \(score.support) | \(score.truePositives + score.falsePositives) | \(format(score.precision)) | \(format(score.recall)) | \(format(score.f1)) |\n"
        }
        return out
    }

    public static func json(_ evaluation: Evaluation) -> String {
        func score(_ score: EvaluationScore) -> String {
            "{\"truePositives\":\(score.truePositives),\"falsePositives\":\(score.falsePositives),\"falseNegatives\":\(score.falseNegatives)"
                + ",\"precision\":\(JSONText.formatNumber(rounded(score.precision))),\"recall\":\(JSONText.formatNumber(rounded(score.recall)))"
                + ",\"f1\":\(JSONText.formatNumber(rounded(score.f1)))}"
        }
        var out = "{\"transcripts\":\(evaluation.transcripts),\"rules\":{"
        out += evaluation.rules.map { JSONText.quoted($0) + ":" + score(evaluation.score(for: $0)) }.joined(separator: ",")
        out += "},\"micro\":" + score(evaluation.micro) + ",\"misses\":["
        out += evaluation.misses.map { miss in
            "{\"kind\":\"\(miss.kind.rawValue)\",\"rule\":\(JSONText.quoted(miss.rule)),\"source\":\(JSONText.quoted(miss.source)),\"turn\":\(miss.turn),\"excerpt\":\(JSONText.quoted(miss.excerpt))}"
        }.joined(separator: ",")
        return out + "]}\n"
    }

    static func format(_ value: Double) -> String {
        let scaled = Int((value * 100).rounded())
        return "\(scaled / 100).\(String(scaled % 100).leftPadded(2, with: "0"))"
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

extension String {
    func leftPadded(_ length: Int, with pad: Character = " ") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}

/// `candor eval --judgments` output: precision per rule and sample with Wilson 95% intervals,
/// then every verdict whose finding came or went since it was recorded.
public enum JudgedPrecisionReport {
    public static func text(_ result: JudgedPrecision) -> String {
        let rules = Set(result.cells.values.flatMap(\.keys)).sorted()
        let width = max(12, rules.map(\.count).max() ?? 0)
        var out = ""
        for sample in result.samples {
            out += "sample \(sample)\n"
            out += "rule".padding(toLength: width) + "  judged  reported  true  false  precision  95% interval  true gone  false gone  recall*\n"
            for rule in rules {
                guard let cell = result.cells[sample]?[rule] else { continue }
                let precision = cell.precision
                let interval = precision.wilson()
                out += rule.padding(toLength: width)
                    + "  " + String(cell.trueReported + cell.falseReported + cell.trueGone + cell.falseGone).leftPadded(6)
                    + "  " + String(precision.total).leftPadded(8)
                    + "  " + String(cell.trueReported).leftPadded(4)
                    + "  " + String(cell.falseReported).leftPadded(5)
                    + "  " + (precision.total == 0 ? "-" : EvaluationReport.format(precision.value)).leftPadded(9)
                    + "  " + (precision.total == 0 ? "-" : "\(EvaluationReport.format(interval.lowerBound))–\(EvaluationReport.format(interval.upperBound))").leftPadded(12)
                    + "  " + String(cell.trueGone).leftPadded(9)
                    + "  " + String(cell.falseGone).leftPadded(10)
                    + "  " + (cell.recall.total == 0 ? "-" : EvaluationReport.format(cell.recall.value)).leftPadded(7) + "\n"
            }
            out += "\n"
        }
        out += "* recall means something only for a sample drawn without the rules (judged turns, not findings)\n"
        if !result.missing.isEmpty {
            out += "\(result.missing.count) judged conversation\(result.missing.count == 1 ? "" : "s") not in the input\n"
        }
        for change in result.changes {
            let judgment = change.judgment
            let what = change.reportedNow ? "now reported" : "no longer reported"
            out += "\(change.isRegression ? "regression" : "gain")  \(judgment.rule)  \(judgment.id) turn \(judgment.turn): judged \(judgment.isTrue), \(what) (\(judgment.reason))\n"
        }
        return out
    }

    /// A Markdown table of recall and false flags on a sample drawn without the rules, for the README.
    public static func recallMarkdown(_ result: JudgedPrecision, sample: String) -> String {
        var out = "| rule | judged turns | positives | found | recall | Wilson 95% | false flags |\n|---|---:|---:|---:|---:|---|---:|\n"
        for (rule, cell) in result.cells(sample: sample).sorted(by: { $0.key < $1.key }) {
            let recall = cell.recall
            let interval = recall.wilson()
            let judged = cell.trueReported + cell.falseReported + cell.trueGone + cell.falseGone
            out += "| \(rule) | \(judged) | \(recall.total) | \(recall.count) | \(recall.total == 0 ? "-" : EvaluationReport.format(recall.value))"
                + " | \(recall.total == 0 ? "-" : "\(EvaluationReport.format(interval.lowerBound))–\(EvaluationReport.format(interval.upperBound))") | \(cell.falseReported) |\n"
        }
        return out
    }

    /// A Markdown table of one sample's precision, or of every sample's pooled ("all"), for the README.
    public static func markdown(_ result: JudgedPrecision, sample: String) -> String {
        var out = "| rule | judged findings | true | precision | Wilson 95% |\n|---|---:|---:|---:|---|\n"
        for (rule, cell) in result.cells(sample: sample).sorted(by: { $0.key < $1.key }) where cell.precision.total > 0 {
            let interval = cell.precision.wilson()
            out += "| \(rule) | \(cell.precision.total) | \(cell.trueReported) | \(EvaluationReport.format(cell.precision.value)) | \(EvaluationReport.format(interval.lowerBound))–\(EvaluationReport.format(interval.upperBound)) |\n"
        }
        return out
    }
}
