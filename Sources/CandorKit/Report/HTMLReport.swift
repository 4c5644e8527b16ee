/// `candor audit --format html`: one self-contained page (inline CSS, script and SVG, no
/// network). A dashboard of the whole corpus first, then a bounded set of transcripts
/// rendered as chats with their findings highlighted in place.
public struct HTMLReport: Sendable {
    public var rules: [RuleDescription]
    public var title: String

    public init(rules: [RuleDescription], title: String = "Candor report") {
        self.rules = rules
        self.title = title
    }

    /// `preface`, already HTML, goes first in the page body: another command's own results
    /// (a probe's metrics) ahead of the audit of its transcripts.
    public func render(tally: CorpusTally, selection: ExhibitSelection, profile: YieldProfile = YieldProfile(), preface: String = "") -> String {
        let ruleIDs = tally.ruleIDs(known: rules.map(\.id))
        let exhibits = selection.exhibits(rules: ruleIDs)
        var out = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(HTML.contentSecurityPolicy)">
            <title>\(HTML.escape(title))</title>
            <style>\(HTMLAssets.style)</style>
            </head>
            <body>
            <header><h1>\(HTML.escape(title))</h1>
            <p class="lede">\(HTML.counted(tally.transcripts, "transcript")) audited with \(HTML.counted(ruleIDs.count, "rule")) by candor \(HTML.escape(CandorVersion.current)).</p></header>
            <main>

            """
        out += preface
        out += dashboard(tally: tally, selection: selection, profile: profile, ruleIDs: ruleIDs, shown: Set(exhibits.map(\.sequence)))
        out += filters(ruleIDs: ruleIDs, tally: tally)
        out += "<section id=\"transcripts\"><h2>Transcripts</h2>\n"
        out += omissionNote(tally: tally, selection: selection, shown: exhibits.count)
        let view = HTMLTranscriptView()
        for exhibit in exhibits {
            out += view.render(exhibit.result, sequence: exhibit.sequence)
        }
        out += "</section>\n</main>\n"
        out += "<aside id=\"detail\" hidden><button type=\"button\" id=\"detail-close\" aria-label=\"Close\">×</button><div id=\"detail-body\"></div></aside>\n"
        out += "<script>\(HTMLAssets.script)</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Dashboard

    func dashboard(tally: CorpusTally, selection: ExhibitSelection, profile: YieldProfile, ruleIDs: [String], shown: Set<Int>) -> String {
        var out = "<section id=\"dashboard\">\n<div class=\"cards\">\n"
        out += card("Transcripts", HTML.count(tally.transcripts), detail: tally.skipped > 0 ? "\(HTML.counted(tally.skipped, "record")) skipped (unreadable)" : "\(HTML.count(selection.transcriptsWithFindings)) with findings", key: "transcripts")
        out += card("Assistant turns", HTML.count(tally.assistantTurns), detail: "the denominator of every rate", key: "assistant-turns")
        let severities = Severity.allCases.reversed().map { severity in
            "<span class=\"sev sev-\(severity.rawValue)\">\(HTML.count(tally.findingsBySeverity[severity, default: 0])) \(severity.rawValue)</span>"
        }.joined(separator: " ")
        out += card("Findings", HTML.count(tally.findings), detail: severities, key: "findings")
        let yield = tally.pushbacks == 0 ? "no pushback seen" : "\(Int((Double(tally.capitulations) / Double(tally.pushbacks) * 100).rounded()))% of pushbacks met by a capitulation"
        out += card("Pushbacks", HTML.count(tally.pushbacks), detail: "\(HTML.counted(tally.capitulations, "unwarranted capitulation")); \(yield)", key: "pushbacks")
        out += "</div>\n"
        out += skippedList(tally)
        out += ruleTable(tally: tally, ruleIDs: ruleIDs)
        if !profile.isEmpty {
            out += "<h2>Where output gives way</h2>\n<p class=\"note\">Per exchange (the n-th user turn and the reply to it): user turns that pushed back, and replies that conceded without new evidence. Hover a bar for the share conceded.</p>\n" + profile.svg()
        }
        out += rankingTable(selection.rankings, shown: shown)
        return out + "</section>\n"
    }

    /// Unreadable input is counted and located, never dropped in silence.
    func skippedList(_ tally: CorpusTally) -> String {
        guard tally.skipped > 0 else { return "" }
        var out = "<details class=\"skipped\"><summary>\(HTML.counted(tally.skipped, "record")) could not be read"
        out += tally.skipped > tally.skippedExamples.count ? " (the first \(tally.skippedExamples.count) below)" : ""
        out += "</summary><ul>"
        for error in tally.skippedExamples { out += "<li>\(HTML.escape(error.description))</li>" }
        return out + "</ul></details>\n"
    }

    public func card(_ label: String, _ value: String, detail: String, key: String) -> String {
        "<div class=\"card\"><div class=\"card-label\">\(label)</div><div class=\"card-value\" data-total=\"\(key)\">\(value)</div><div class=\"card-detail\">\(detail)</div></div>\n"
    }

    func ruleTable(tally: CorpusTally, ruleIDs: [String]) -> String {
        let descriptions = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let maxRate = ruleIDs.map { tally.rate(of: $0).intervalPerThousand.upperBound }.max() ?? 0
        var out = """
            <h2>Rules</h2>
            <p class="note">Rate: assistant turns with at least one finding of the rule, per 1,000 assistant turns, with its Wilson 95% interval.</p>
            <table id="rule-table">
            <thead><tr><th>Rule</th><th>Severity</th><th class="num">Findings</th><th class="num">Flagged turns</th><th class="num">Rate / 1,000</th><th>95% interval</th><th class="num">Transcripts</th></tr></thead>
            <tbody>

            """
        for id in ruleIDs {
            let counts = tally.rules[id] ?? CorpusTally.RuleCounts()
            let rate = tally.rate(of: id)
            let description = descriptions[id]
            let severity = description?.severity.rawValue ?? "info"
            out += "<tr data-rule=\"\(HTML.escape(id))\" data-summary=\"\(HTML.escape(description?.summary ?? ""))\" data-rationale=\"\(HTML.escape(description?.rationale ?? ""))\">"
            out += "<td><code>\(HTML.escape(id))</code><div class=\"summary\">\(HTML.escape(description?.summary ?? "not in this version's rule set"))</div></td>"
            out += "<td><span class=\"sev sev-\(severity)\">\(severity)</span></td>"
            out += "<td class=\"num\" data-findings=\"\(counts.findings)\">\(HTML.count(counts.findings))</td>"
            out += "<td class=\"num\">\(HTML.count(counts.flaggedTurns))</td>"
            out += "<td class=\"num\">\(rate.perThousand.oneDecimal)</td>"
            out += "<td>\(rateBar(rate, scale: maxRate))</td>"
            out += "<td class=\"num\">\(HTML.count(counts.transcripts))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// A horizontal bar for the rate with a whisker for its interval.
    func rateBar(_ rate: Proportion, scale: Double) -> String {
        let width = 160.0
        let interval = rate.intervalPerThousand
        func x(_ value: Double) -> String { (scale > 0 ? value / scale * width : 0).oneDecimal }
        return "<svg class=\"rate-bar\" width=\"\(Int(width) + 4)\" height=\"14\" viewBox=\"0 0 \(Int(width) + 4) 14\" role=\"img\" aria-label=\"\(rate.perThousand.oneDecimal) per 1,000 (\(interval.lowerBound.oneDecimal)–\(interval.upperBound.oneDecimal))\">"
            + "<rect x=\"0\" y=\"3\" width=\"\(x(rate.perThousand))\" height=\"8\" rx=\"2\" class=\"bar\"/>"
            + "<line x1=\"\(x(interval.lowerBound))\" x2=\"\(x(interval.upperBound))\" y1=\"7\" y2=\"7\" class=\"whisker\"/>"
            + "<line x1=\"\(x(interval.lowerBound))\" x2=\"\(x(interval.lowerBound))\" y1=\"3\" y2=\"11\" class=\"whisker\"/>"
            + "<line x1=\"\(x(interval.upperBound))\" x2=\"\(x(interval.upperBound))\" y1=\"3\" y2=\"11\" class=\"whisker\"/>"
            + "<title>\(interval.lowerBound.oneDecimal)–\(interval.upperBound.oneDecimal) per 1,000</title></svg>"
            + " <span class=\"interval\">\(interval.lowerBound.oneDecimal)–\(interval.upperBound.oneDecimal)</span>"
    }

    func rankingTable(_ rankings: [ExhibitSelection.Ranking], shown: Set<Int>) -> String {
        guard !rankings.isEmpty else { return "<h2>Transcripts with most findings</h2><p class=\"note\">No findings.</p>\n" }
        var out = """
            <h2>Transcripts with most findings</h2>
            <table id="top-transcripts">
            <thead><tr><th>Transcript</th><th>Model</th><th class="num">Turns</th><th class="num">Findings</th><th>By rule</th></tr></thead>
            <tbody>

            """
        for ranking in rankings {
            let name = HTML.escape(ranking.source) + (ranking.id != ranking.source ? " <span class=\"dim\">\(HTML.escape(ranking.id))</span>" : "")
            let link = shown.contains(ranking.sequence) ? "<a href=\"#t-\(ranking.sequence)\">\(name)</a>" : name
            let chips = ranking.findingsByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "<span class=\"chip\">\(HTML.escape($0.key)) \($0.value)</span>" }.joined(separator: " ")
            out += "<tr><td>\(link)</td><td>\(HTML.escape(ranking.model ?? "—"))</td><td class=\"num\">\(ranking.turns)</td>"
            out += "<td class=\"num\"><span class=\"sev sev-\(ranking.highestSeverity?.rawValue ?? "info")\">\(ranking.findings)</span></td><td>\(chips)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    // MARK: - Filters and omissions

    func filters(ruleIDs: [String], tally: CorpusTally) -> String {
        var out = "<section id=\"filters\"><h2>Filter</h2><fieldset><legend>Rules</legend>"
        for id in ruleIDs {
            let escaped = HTML.escape(id)
            out += "<label><input type=\"checkbox\" data-filter-rule value=\"\(escaped)\" checked> \(escaped)</label> "
        }
        out += "</fieldset><fieldset><legend>Severity</legend>"
        for severity in Severity.allCases.reversed() {
            out += "<label><input type=\"checkbox\" data-filter-sev value=\"\(severity.rawValue)\" checked> <span class=\"sev sev-\(severity.rawValue)\">\(severity.rawValue)</span></label> "
        }
        return out + "</fieldset><p id=\"visible-count\" class=\"note\"></p></section>\n"
    }

    func omissionNote(tally: CorpusTally, selection: ExhibitSelection, shown: Int) -> String {
        let withFindings = selection.transcriptsWithFindings
        let clean = tally.transcripts - withFindings
        var sentences: [String] = []
        if shown < withFindings {
            sentences.append("Showing \(HTML.count(shown)) of \(HTML.count(withFindings)) transcripts with findings: for each rule the \(selection.perRule) with most findings of it, and the \(selection.leaders) with most findings overall.")
            sentences.append("The \(HTML.count(withFindings - shown)) left out are counted in the tables above; <code>--format jsonl</code> or <code>--db</code> keeps every finding.")
        } else {
            sentences.append(shown == 1 ? "Showing the one transcript with findings." : "Showing all \(HTML.count(shown)) transcripts with findings.")
        }
        if clean > 0 { sentences.append("\(HTML.counted(clean, "transcript")) had no findings and \(clean == 1 ? "is" : "are") not shown.") }
        sentences.append("Long transcripts show only the turns near findings and pushback.")
        return "<p class=\"note\" id=\"omitted\" data-shown=\"\(shown)\" data-with-findings=\"\(withFindings)\">" + sentences.joined(separator: " ") + "</p>\n"
    }
}
