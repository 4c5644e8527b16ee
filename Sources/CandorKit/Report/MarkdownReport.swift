import Foundation

/// `candor audit --format markdown`: a short summary for a pull-request comment — totals,
/// one row per rule with findings, the transcripts with most findings, and a few examples.
public struct MarkdownReport: Sendable {
    public var rules: [RuleDescription]
    /// Rows in the "most findings" table and example findings quoted.
    public var leaders: Int
    public var examples: Int

    public init(rules: [RuleDescription], leaders: Int = 5, examples: Int = 3) {
        self.rules = rules
        self.leaders = leaders
        self.examples = examples
    }

    public func render(tally: CorpusTally, selection: ExhibitSelection) -> String {
        var out = "### Candor: "
        if tally.findings == 0 {
            out += "no findings\n\n"
        } else {
            let severities = Severity.allCases.reversed().compactMap { severity -> String? in
                let count = tally.findingsBySeverity[severity, default: 0]
                return count == 0 ? nil : "\(count) \(severity.rawValue)"
            }
            out += "\(HTML.count(tally.findings)) finding\(tally.findings == 1 ? "" : "s") (\(severities.joined(separator: ", ")))\n\n"
        }
        out += "\(HTML.counted(tally.transcripts, "transcript")), \(HTML.counted(tally.assistantTurns, "assistant turn"))"
        out += tally.skipped > 0 ? ", **\(HTML.counted(tally.skipped, "record")) skipped** (unreadable)." : "."
        if tally.pushbacks > 0 {
            out += " \(HTML.counted(tally.pushbacks, "pushback")), \(HTML.count(tally.capitulations)) met by a capitulation without new evidence."
        }
        out += "\n\n"
        for error in tally.skippedExamples.prefix(3) { out += "- unreadable: \(cell(error.description))\n" }
        if tally.skipped > 0 { out += "\n" }
        let ruleIDs = tally.ruleIDs(known: rules.map(\.id)).filter { (tally.rules[$0]?.findings ?? 0) > 0 }
        if !ruleIDs.isEmpty {
            let severities = Dictionary(rules.map { ($0.id, $0.severity) }, uniquingKeysWith: { first, _ in first })
            out += "| Rule | Severity | Findings | Per 1,000 assistant turns (95% CI) | Transcripts |\n|---|---|--:|--:|--:|\n"
            for id in ruleIDs {
                let counts = tally.rules[id] ?? CorpusTally.RuleCounts()
                let rate = tally.rate(of: id)
                let interval = rate.intervalPerThousand
                out += "| `\(id)` | \(severities[id]?.rawValue ?? "—") | \(HTML.count(counts.findings)) | \(rate.perThousand.oneDecimal) (\(interval.lowerBound.oneDecimal)–\(interval.upperBound.oneDecimal)) | \(HTML.count(counts.transcripts)) |\n"
            }
            out += "\n"
        }
        let rankings = selection.rankings.prefix(leaders)
        if !rankings.isEmpty {
            out += "<details><summary>Transcripts with most findings</summary>\n\n| Transcript | Findings | By rule |\n|---|--:|---|\n"
            for ranking in rankings {
                let byRule = ranking.findingsByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", ")
                out += "| \(cell(ranking.source)) | \(ranking.findings) | \(byRule) |\n"
            }
            out += "\n</details>\n\n"
            let quoted = selection.exhibits(rules: ruleIDs).flatMap { exhibit in
                exhibit.result.findings.map { (exhibit.result.transcript.source.description, $0) }
            }.prefix(examples)
            if !quoted.isEmpty {
                out += "<details><summary>Examples</summary>\n\n"
                for (source, finding) in quoted {
                    out += "- `\(finding.rule)` in \(cell(source)), turn \(finding.turn): \(cell(BlockText.quote(finding.excerpt))) — \(cell(finding.message))"
                    if let suggestion = finding.suggestion { out += " *Suggested:* \(cell(suggestion))" }
                    out += "\n"
                }
                out += "\n</details>\n"
            }
        }
        return out
    }

    /// Text made safe for a table cell in a comment: no pipes, newlines, HTML or mentions.
    /// Quotes stay literal: Markdown text needs only `&`, `<` and `>` escaped.
    public func cell(_ text: String) -> String {
        HTML.escape(text)
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "@", with: "@\u{200B}")
            .replacingOccurrences(of: "`", with: "'")
    }
}
