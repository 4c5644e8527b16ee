/// `candor compare A B`: the rate of each rule per 1,000 assistant turns in two corpora,
/// the difference, Wilson 95% intervals, and a mark where the intervals do not overlap
/// (a difference unlikely to be noise; overlapping intervals do not prove sameness).
public struct ComparisonReport: Sendable {
    public struct Row: Sendable, Hashable {
        public var rule: String
        public var a: Proportion
        public var b: Proportion
        public var findingsA: Int
        public var findingsB: Int

        /// B minus A, per 1,000 assistant turns.
        public var difference: Double { b.perThousand - a.perThousand }

        /// Whether the two 95% intervals are disjoint.
        public var separated: Bool {
            let (x, y) = (a.wilson(), b.wilson())
            return x.upperBound < y.lowerBound || y.upperBound < x.lowerBound
        }
    }

    public var labelA: String
    public var labelB: String
    public var a: CorpusTally
    public var b: CorpusTally
    public var rows: [Row]

    public init(a: CorpusTally, b: CorpusTally, labelA: String, labelB: String, rules: [RuleDescription]) {
        self.a = a
        self.b = b
        self.labelA = labelA
        self.labelB = labelB
        let known = rules.map(\.id)
        let ids = a.ruleIDs(known: b.ruleIDs(known: known))
        rows = ids.map { id in
            Row(rule: id, a: a.rate(of: id), b: b.rate(of: id), findingsA: a.rules[id]?.findings ?? 0, findingsB: b.rules[id]?.findings ?? 0)
        }
    }

    static let markLegend = "* the 95% intervals do not overlap"

    func interval(_ proportion: Proportion) -> String {
        let range = proportion.intervalPerThousand
        return "\(range.lowerBound.oneDecimal)–\(range.upperBound.oneDecimal)"
    }

    func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + value.oneDecimal
    }

    // MARK: - Text

    public func text() -> String {
        var out = "A: \(labelA) — \(a.transcripts) transcripts, \(a.assistantTurns) assistant turns\n"
        out += "B: \(labelB) — \(b.transcripts) transcripts, \(b.assistantTurns) assistant turns\n"
        out += "Rates per 1,000 assistant turns (95% Wilson interval)\n\n"
        let header = ["rule", "A", "A interval", "B", "B interval", "B − A", ""]
        var table = [header]
        for row in rows {
            table.append([row.rule, row.a.perThousand.oneDecimal, interval(row.a), row.b.perThousand.oneDecimal, interval(row.b), signed(row.difference), row.separated ? "*" : ""])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for line in table {
            out += line.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column]) : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        return out + "\n" + Self.markLegend + "\n"
    }

    // MARK: - Markdown

    public func markdown() -> String {
        var out = "### Candor comparison\n\n"
        out += "**A** \(labelA): \(HTML.count(a.transcripts)) transcripts, \(HTML.count(a.assistantTurns)) assistant turns · "
        out += "**B** \(labelB): \(HTML.count(b.transcripts)) transcripts, \(HTML.count(b.assistantTurns)) assistant turns\n\n"
        out += "| Rule | A per 1,000 (95% CI) | B per 1,000 (95% CI) | B − A | |\n|---|--:|--:|--:|:-:|\n"
        for row in rows {
            out += "| `\(row.rule)` | \(row.a.perThousand.oneDecimal) (\(interval(row.a))) | \(row.b.perThousand.oneDecimal) (\(interval(row.b))) | \(signed(row.difference)) | \(row.separated ? "*" : "") |\n"
        }
        return out + "\n\\" + Self.markLegend + "\n"
    }

    // MARK: - JSON

    public func json() -> String {
        func side(_ label: String, _ tally: CorpusTally) -> String {
            "{\"label\":" + JSONText.quoted(label) + ",\"transcripts\":\(tally.transcripts),\"assistantTurns\":\(tally.assistantTurns),\"findings\":\(tally.findings),\"skipped\":\(tally.skipped)}"
        }
        func rate(_ proportion: Proportion, findings: Int) -> String {
            let range = proportion.intervalPerThousand
            return "{\"findings\":\(findings),\"flaggedTurns\":\(proportion.count),\"perThousand\":\(round4(proportion.perThousand)),\"low\":\(round4(range.lowerBound)),\"high\":\(round4(range.upperBound))}"
        }
        var out = "{\"a\":" + side(labelA, a) + ",\"b\":" + side(labelB, b) + ",\"rules\":["
        for (index, row) in rows.enumerated() {
            if index > 0 { out += "," }
            out += "\n  {\"rule\":" + JSONText.quoted(row.rule) + ",\"a\":" + rate(row.a, findings: row.findingsA) + ",\"b\":" + rate(row.b, findings: row.findingsB)
            out += ",\"difference\":\(round4(row.difference)),\"intervalsOverlap\":\(!row.separated)}"
        }
        return out + "\n]}\n"
    }

    func round4(_ value: Double) -> String {
        JSONText.formatNumber((value * 10000).rounded() / 10000)
    }

    // MARK: - HTML

    public func html() -> String {
        let scale = rows.flatMap { [$0.a.intervalPerThousand.upperBound, $0.b.intervalPerThousand.upperBound] }.max() ?? 0
        var out = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTML.contentSecurityPolicy)">
            <title>Candor comparison</title><style>\(HTMLAssets.style)
            svg .a{fill:#0969da}svg .b{fill:#bf8700}svg .ci{stroke:#1f2328;stroke-width:1.2}
            </style></head><body>
            <header><h1>Candor comparison</h1>
            <p class="lede"><b>A</b> \(HTML.escape(labelA)): \(HTML.count(a.transcripts)) transcripts, \(HTML.count(a.assistantTurns)) assistant turns ·
            <b>B</b> \(HTML.escape(labelB)): \(HTML.count(b.transcripts)) transcripts, \(HTML.count(b.assistantTurns)) assistant turns</p></header>
            <main><p class="note">Rates per 1,000 assistant turns with Wilson 95% intervals. \(Self.markLegend).</p>
            <table id="comparison"><thead><tr><th>Rule</th><th class="num">A</th><th class="num">B</th><th class="num">B − A</th><th></th><th>A (blue) and B (amber)</th></tr></thead><tbody>

            """
        for row in rows {
            out += "<tr data-rule=\"\(HTML.escape(row.rule))\"><td><code>\(HTML.escape(row.rule))</code></td>"
            out += "<td class=\"num\">\(row.a.perThousand.oneDecimal)<div class=\"interval\">\(interval(row.a))</div></td>"
            out += "<td class=\"num\">\(row.b.perThousand.oneDecimal)<div class=\"interval\">\(interval(row.b))</div></td>"
            out += "<td class=\"num\">\(signed(row.difference))</td><td>\(row.separated ? "<span class=\"sev sev-error\" title=\"intervals do not overlap\">*</span>" : "")</td>"
            out += "<td>\(bars(row, scale: scale))</td></tr>\n"
        }
        return out + "</tbody></table></main></body></html>\n"
    }

    func bars(_ row: Row, scale: Double) -> String {
        let width = 240.0
        func x(_ value: Double) -> String { (scale > 0 ? value / scale * width : 0).oneDecimal }
        var out = "<svg width=\"\(Int(width) + 4)\" height=\"30\" viewBox=\"0 0 \(Int(width) + 4) 30\" role=\"img\" aria-label=\"A \(row.a.perThousand.oneDecimal), B \(row.b.perThousand.oneDecimal) per 1,000\">"
        for (index, (proportion, kind)) in [(row.a, "a"), (row.b, "b")].enumerated() {
            let y = 3 + index * 14
            let range = proportion.intervalPerThousand
            out += "<rect class=\"\(kind)\" x=\"0\" y=\"\(y)\" width=\"\(x(proportion.perThousand))\" height=\"10\" rx=\"2\"/>"
            out += "<line class=\"ci\" x1=\"\(x(range.lowerBound))\" x2=\"\(x(range.upperBound))\" y1=\"\(y + 5)\" y2=\"\(y + 5)\"/>"
        }
        return out + "</svg>"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
