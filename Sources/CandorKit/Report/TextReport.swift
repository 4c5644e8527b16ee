/// The human-readable report: findings grouped by transcript and turn, each excerpt shown
/// in its sentence and highlighted, with the message and the suggested rewording.
public struct TextReport: Sendable {
    /// ANSI colour and bold; only for terminals.
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    public func render(_ result: AuditResult) -> String {
        let transcript = result.transcript
        var out = transcript.warnings.map { warning in
            style("warning", .dim) + ": \(transcript.source.description) (at \(warning.path)): expected \(warning.expected)\n"
        }.joined()
        guard !result.findings.isEmpty else { return out }
        out += style(transcript.source.description, .bold)
        out += style("  \(transcript.format), \(transcript.turns.count) turns", .dim) + "\n"
        var lastTurn: Int?
        for finding in result.findings {
            if finding.turn != lastTurn {
                out += "  turn \(finding.turn) · \(finding.role.rawValue)\n"
                lastTurn = finding.turn
            }
            let where_ = finding.block == .text ? "" : " (\(finding.block.rawValue))"
            out += "    " + style(finding.severity.rawValue, severityStyle(finding.severity)) + " " + style(finding.rule, .bold) + where_ + "\n"
            let block = transcript.turns[finding.turn].blocks[finding.blockIndex]
            out += "      " + context(of: finding, in: block) + "\n"
            out += "      " + finding.message + "\n"
            if let suggestion = finding.suggestion {
                out += "      " + style("suggestion: ", .dim) + suggestion + "\n"
            }
        }
        return out
    }

    public func render(_ error: ReadError) -> String {
        style("error", .red) + ": " + error.description + "\n"
    }

    /// The sentence around the excerpt on one line, the excerpt highlighted (or bracketed without colour).
    func context(of finding: Finding, in block: Block) -> String {
        let bytes = Array(block.text.utf8)
        guard finding.end <= bytes.count, finding.start <= finding.end else { return BlockText.quote(finding.excerpt) }
        let sentence = TextScan.sentence(around: finding.start, in: bytes)
        let start = min(sentence.lowerBound, finding.start)
        let end = max(sentence.upperBound, finding.end)
        let before = flatten(String(decoding: bytes[start..<finding.start], as: UTF8.self))
        let after = flatten(String(decoding: bytes[finding.end..<end], as: UTF8.self))
        let excerpt = flatten(finding.excerpt)
        let marked = colour ? style(excerpt, .highlight) : "»" + excerpt + "«"
        return style(String(before.suffix(100)), .dim) + marked + style(String(after.prefix(100)), .dim)
    }

    private func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The end-of-run line: transcripts, findings by severity, records read and skipped, and
    /// of the skipped, the empty conversations and what damage lost and left readable.
    public func summary(_ corpus: CorpusSummary) -> String {
        var parts = ["\(corpus.recordsAudited) transcript\(corpus.recordsAudited == 1 ? "" : "s")"]
        let counts = Severity.allCases.reversed().compactMap { severity -> String? in
            let count = corpus.severities[severity.rawValue, default: 0]
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        parts.append("\(corpus.findings) finding\(corpus.findings == 1 ? "" : "s")" + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")"))
        var records = "records read \(corpus.recordsRead), audited \(corpus.recordsAudited), skipped \(corpus.recordsSkipped)"
        var reasons: [String] = []
        if corpus.recordsEmpty > 0 { reasons.append("\(corpus.recordsEmpty) empty conversation\(corpus.recordsEmpty == 1 ? "" : "s")") }
        if corpus.recordsDamaged > 0 {
            let recovered = corpus.recordsRecovered > 0 ? ", \(corpus.recordsRecovered) recovered from before it" : ""
            reasons.append("\(corpus.recordsDamaged) lost to damage" + recovered)
        }
        if !reasons.isEmpty { records += " (" + reasons.joined(separator: "; ") + ")" }
        parts.append(records)
        return parts.joined(separator: "; ") + "\n"
    }

    enum Style { case bold, dim, red, yellow, cyan, highlight }

    func style(_ text: String, _ style: Style) -> String {
        guard colour, !text.isEmpty else { return text }
        let code = switch style {
        case .bold: "1"
        case .dim: "2"
        case .red: "31"
        case .yellow: "33"
        case .cyan: "36"
        case .highlight: "1;4;33"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .info: .cyan
        }
    }
}
