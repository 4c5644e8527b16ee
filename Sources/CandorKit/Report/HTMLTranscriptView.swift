/// One audited transcript as a chat: findings highlighted in place, reasoning collapsible,
/// tool calls shown, and the yield curve above. Bounded: long transcripts keep the turns
/// near findings and pushback (at most `turnLimit`), blocks without findings are capped,
/// and long blocks with findings keep a window around them.
struct HTMLTranscriptView {
    /// Transcripts longer than this show only turns within `context` of an event.
    var elideAbove = 16
    var context = 2
    var turnLimit = 60
    var blockLimit = 2000
    var toolLimit = 600

    func render(_ result: AuditResult, sequence: Int) -> String {
        let transcript = result.transcript
        let anchor = "t-\(sequence)"
        var out = "<article class=\"transcript\" id=\"\(anchor)\">\n"
        out += "<h3>\(HTML.escape(transcript.source.description))</h3>\n"
        var facts = [transcript.format, "\(transcript.turns.count) turns", "\(result.findings.count) finding\(result.findings.count == 1 ? "" : "s")"]
        if let model = transcript.model { facts.insert(model, at: 0) }
        if transcript.id != transcript.source.description { facts.insert("id " + transcript.id, at: 0) }
        out += "<p class=\"facts\">\(HTML.escape(facts.joined(separator: " · ")))</p>\n"
        out += YieldChart(turns: transcript.turns.count, pushbacks: result.pushbackTurns, capitulations: result.capitulationTurns, findings: result.findings.map(\.turn)).svg()
        let shown = visibleTurns(result)
        out += "<div class=\"findings-data\">"
        for (index, finding) in result.findings.enumerated() where shown.contains(finding.turn) {
            out += findingData(finding, id: "\(anchor)-f\(index)")
        }
        out += "</div>\n<div class=\"chat\">\n"
        var hidden = 0
        for (index, turn) in transcript.turns.enumerated() {
            guard shown.contains(index) else {
                hidden += 1
                continue
            }
            if hidden > 0 {
                out += elision(hidden)
                hidden = 0
            }
            let findings = result.findings.enumerated().filter { $0.element.turn == index }.map { (id: "\(anchor)-f\($0.offset)", finding: $0.element) }
            out += self.turn(turn, index: index, anchor: anchor, findings: findings, pushback: result.pushbackTurns.contains(index), capitulation: result.capitulationTurns.contains(index))
        }
        if hidden > 0 { out += elision(hidden) }
        return out + "</div>\n</article>\n"
    }

    func elision(_ count: Int) -> String {
        "<div class=\"elided\">… \(HTML.counted(count, "turn")) not shown …</div>\n"
    }

    func visibleTurns(_ result: AuditResult) -> Set<Int> {
        let count = result.transcript.turns.count
        guard count > elideAbove else { return Set(0..<count) }
        var shown: Set<Int> = [0]
        for event in result.findings.map(\.turn) + result.pushbackTurns + result.capitulationTurns {
            for index in max(0, event - context)...min(count - 1, event + context) { shown.insert(index) }
        }
        return shown.count > turnLimit ? Set(shown.sorted().prefix(turnLimit)) : shown
    }

    /// Everything the detail panel shows about one finding, as attributes (escaped) on a hidden element.
    func findingData(_ finding: Finding, id: String) -> String {
        var out = "<span class=\"fd\" hidden id=\"\(id)\" data-rule=\"\(HTML.escape(finding.rule))\" data-sev=\"\(finding.severity.rawValue)\" data-turn=\"\(finding.turn)\""
        out += " data-message=\"\(HTML.escape(finding.message))\""
        if let suggestion = finding.suggestion { out += " data-suggestion=\"\(HTML.escape(suggestion))\"" }
        if !finding.evidence.isEmpty {
            let evidence = finding.evidence.map { item in
                (item.turn.map { "turn \($0): " } ?? "") + item.label + (item.excerpt.map { " " + BlockText.quote($0) } ?? "")
            }.joined(separator: "\n")
            out += " data-evidence=\"\(HTML.escape(evidence))\""
        }
        return out + "></span>"
    }

    func turn(_ turn: Turn, index: Int, anchor: String, findings: [(id: String, finding: Finding)], pushback: Bool, capitulation: Bool) -> String {
        var tags = ""
        if pushback { tags += " <span class=\"tag tag-pushback\">pushback</span>" }
        if capitulation { tags += " <span class=\"tag tag-capitulation\">capitulation</span>" }
        var out = "<div class=\"turn role-\(turn.role.rawValue)\" id=\"\(anchor)-turn-\(index)\">"
        out += "<div class=\"who\">\(turn.role.rawValue) <span class=\"dim\">turn \(index)</span>\(tags)</div>"
        for (blockIndex, block) in turn.blocks.enumerated() {
            let marks = findings.filter { $0.finding.blockIndex == blockIndex }
            out += self.block(block, findings: marks)
        }
        return out + "</div>\n"
    }

    func block(_ block: Block, findings: [(id: String, finding: Finding)]) -> String {
        switch block.kind {
        case .text:
            return "<div class=\"block text\">\(highlighted(block.text, findings: findings))</div>"
        case .reasoning:
            let open = findings.isEmpty ? "" : " open"
            return "<details class=\"block reasoning\"\(open)><summary>reasoning (\(HTML.count(block.text.utf8.count)) bytes)</summary><div class=\"reasoning-text\">\(highlighted(block.text, findings: findings))</div></details>"
        case .toolCall:
            let arguments = HTML.capped(block.arguments ?? block.text, limit: toolLimit)
            return "<div class=\"block tool-call\"><span class=\"tool-name\">calls \(HTML.escape(block.name ?? "a tool"))</span>"
                + (arguments.text.isEmpty ? "" : "<pre>\(HTML.escape(arguments.text))\(more(arguments.omitted))</pre>") + "</div>"
        case .toolResult:
            let text = HTML.capped(block.text, limit: toolLimit)
            return "<details class=\"block tool-result\"><summary>result\(block.name.map { " of " + HTML.escape($0) } ?? "") (\(HTML.count(block.text.utf8.count)) bytes)</summary><pre>\(HTML.escape(text.text))\(more(text.omitted))</pre></details>"
        case .attachment:
            return "<div class=\"block attachment\">attachment\(block.name.map { " " + HTML.escape($0) } ?? ""): \(HTML.escape(HTML.capped(block.text, limit: toolLimit).text))</div>"
        }
    }

    func more(_ omitted: Int) -> String {
        omitted > 0 ? "<span class=\"more\"> … \(HTML.count(omitted)) more bytes</span>" : ""
    }

    /// The block's text, escaped, with each span covered by findings wrapped in one mark
    /// that names all of them (findings of different rules may overlap).
    func highlighted(_ text: String, findings: [(id: String, finding: Finding)]) -> String {
        guard !findings.isEmpty else {
            let capped = HTML.capped(text, limit: blockLimit)
            return HTML.escape(capped.text) + more(capped.omitted)
        }
        let bytes = Array(text.utf8)
        let valid = findings.filter { $0.finding.start <= $0.finding.end && $0.finding.end <= bytes.count }
        let window = self.window(around: valid.map(\.finding), in: bytes)
        var cuts = Set([window.lowerBound, window.upperBound])
        for item in valid { cuts.formUnion([item.finding.start, item.finding.end]) }
        let points = cuts.sorted()
        var out = window.lowerBound > 0 ? "<span class=\"more\">… \(HTML.count(window.lowerBound)) bytes before … </span>" : ""
        for (lower, upper) in zip(points, points.dropFirst()) {
            let piece = HTML.escape(String(decoding: bytes[lower..<upper], as: UTF8.self))
            let covering = valid.filter { $0.finding.start <= lower && $0.finding.end >= upper && $0.finding.start < $0.finding.end }
            out += covering.isEmpty ? piece : mark(piece, covering.map { ($0.id, $0.finding) })
            // A zero-length finding still gets a visible marker where it points.
            for item in valid where item.finding.start == item.finding.end && item.finding.end == upper {
                out += mark("⚑", [(item.id, item.finding)])
            }
        }
        return out + more(bytes.count - window.upperBound)
    }

    /// The part of a long block worth showing: from `blockLimit / 2` bytes before its first
    /// finding to as far after its last, on character boundaries; short blocks whole.
    func window(around findings: [Finding], in bytes: [UInt8]) -> Range<Int> {
        guard bytes.count > blockLimit * 2, let first = findings.map(\.start).min(), let last = findings.map(\.end).max() else {
            return 0..<bytes.count
        }
        var lower = max(0, first - blockLimit / 2)
        var upper = min(bytes.count, last + blockLimit / 2)
        while lower > 0, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
        while upper < bytes.count, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
        return lower..<upper
    }

    func mark(_ content: String, _ findings: [(id: String, finding: Finding)]) -> String {
        let severity = findings.map(\.finding.severity).max() ?? .info
        let title = findings.map { item in
            "\(item.finding.rule): \(item.finding.message)" + (item.finding.suggestion.map { "\nSuggested: " + $0 } ?? "")
        }.joined(separator: "\n\n") + "\n(click for details)"
        return "<mark class=\"finding sev-\(severity.rawValue)\" tabindex=\"0\" data-ids=\"\(findings.map(\.id).joined(separator: " "))\" title=\"\(HTML.escape(title))\">\(content)</mark>"
    }
}
