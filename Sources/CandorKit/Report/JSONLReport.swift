/// One JSON object per line: an audited transcript, or a record that could not be read.
/// Field names are the documented contract; keep them stable.
public enum JSONLReport {
    public static func line(for result: AuditResult) -> String {
        line(capacity: 512) { append(result, to: &$0) }
    }

    /// The line for `result` and a newline, appended to `bytes`: a writer that buffers bytes
    /// skips making a `String` of each line and copying it back out.
    public static func appendLine(for result: AuditResult, to bytes: inout [UInt8]) {
        appendLine(to: &bytes) { append(result, to: &$0) }
    }

    public static func line(for error: ReadError) -> String {
        line(capacity: 256) { append(error, to: &$0) }
    }

    /// The line for `error` and a newline, appended to `bytes`, as for a result.
    public static func appendLine(for error: ReadError, to bytes: inout [UInt8]) {
        appendLine(to: &bytes) { append(error, to: &$0) }
    }

    private static func line(capacity: Int, _ object: (inout JSONBytes) -> Void) -> String {
        var out = JSONBytes(capacity: capacity)
        object(&out)
        return out.text
    }

    private static func appendLine(to bytes: inout [UInt8], _ object: (inout JSONBytes) -> Void) {
        var out = JSONBytes(continuing: &bytes)
        object(&out)
        out.raw("\n")
        bytes = out.take()
    }

    private static func append(_ result: AuditResult, to out: inout JSONBytes) {
        out.raw("{\"source\":")
        appendSource(result.transcript.source, to: &out)
        out.member("id", result.transcript.id)
        out.member("format", result.transcript.format)
        out.member("turns", result.transcript.turns.count)
        out.raw(",\"findings\":")
        appendFindings(result.findings, in: result.transcript, to: &out)
        out.raw(",\"metrics\":")
        appendMetrics(result.metrics, to: &out)
        if !result.transcript.warnings.isEmpty {
            out.raw(",\"warnings\":[")
            for (index, warning) in result.transcript.warnings.enumerated() {
                if index > 0 { out.raw(",") }
                out.raw("{\"path\":")
                out.string(warning.path)
                out.member("expected", warning.expected)
                out.raw("}")
            }
            out.raw("]")
        }
        out.raw("}")
    }

    /// The findings as a JSON array, each object as in `line(for:)`; for embedding elsewhere.
    public static func findingsArray(_ findings: [Finding], in transcript: Transcript) -> String {
        var out = JSONBytes()
        appendFindings(findings, in: transcript, to: &out)
        return out.text
    }

    private static func append(_ error: ReadError, to out: inout JSONBytes) {
        out.raw("{\"error\":{\"file\":")
        out.string(error.file)
        if let record = error.record { out.member("record", record) }
        if let line = error.line { out.member("line", line) }
        if let offset = error.offset { out.member("offset", offset) }
        if let entry = error.entry { out.member("entry", entry) }
        if let conversation = error.conversation { out.member("conversation", conversation) }
        if let path = error.path { out.member("path", path) }
        out.member("expected", error.expected)
        out.member("message", error.description)
        out.raw("}}")
    }

    static func appendSource(_ source: Source, to out: inout JSONBytes) {
        out.raw("{\"file\":")
        out.string(source.file)
        if let record = source.record { out.member("record", record) }
        if let line = source.line { out.member("line", line) }
        if let entry = source.entry { out.member("entry", entry) }
        out.raw("}")
    }

    static func appendFindings(_ findings: [Finding], in transcript: Transcript, to out: inout JSONBytes) {
        out.raw("[")
        for (index, finding) in findings.enumerated() {
            if index > 0 { out.raw(",") }
            appendFinding(finding, transcript: transcript, to: &out)
        }
        out.raw("]")
    }

    static func appendFinding(_ finding: Finding, transcript: Transcript, to out: inout JSONBytes) {
        out.raw("{\"rule\":")
        out.string(finding.rule)
        out.member("severity", finding.severity.rawValue)
        out.member("turn", finding.turn)
        out.member("role", finding.role.rawValue)
        out.member("block", finding.block.rawValue)
        out.member("blockIndex", finding.blockIndex)
        out.member("start", finding.start)
        out.member("end", finding.end)
        if let base = transcript.turns[finding.turn].blocks[finding.blockIndex].sourceOffset {
            out.member("sourceStart", base + finding.start)
            out.member("sourceEnd", base + finding.end)
        }
        out.member("excerpt", finding.excerpt)
        out.member("message", finding.message)
        out.member("suggestion", finding.suggestion)
        if !finding.evidence.isEmpty {
            out.raw(",\"evidence\":[")
            for (index, item) in finding.evidence.enumerated() {
                if index > 0 { out.raw(",") }
                out.raw("{\"label\":")
                out.string(item.label)
                if let turn = item.turn { out.member("turn", turn) }
                if let excerpt = item.excerpt { out.member("excerpt", excerpt) }
                out.raw("}")
            }
            out.raw("]")
        }
        out.raw("}")
    }

    static func appendMetrics(_ metrics: ConversationMetrics, to out: inout JSONBytes) {
        out.raw("{\"assistantTurns\":")
        out.number(metrics.assistantTurns)
        out.member("pushbacks", metrics.pushbacks)
        out.member("capitulations", metrics.capitulations)
        out.raw(",\"yieldRate\":")
        out.raw(text: metrics.yieldRate.map { JSONText.formatNumber(($0 * 10000).rounded() / 10000) } ?? "null")
        out.member("longestCapitulationStreak", metrics.longestCapitulationStreak)
        out.raw(",\"firstCapitulationTurn\":")
        if let turn = metrics.firstCapitulationTurn { out.number(turn) } else { out.raw("null") }
        out.raw("}")
    }
}
