/// One JSON object per line: an audited transcript, or a record that could not be read.
/// Field names are the documented contract; keep them stable.
public enum JSONLReport {
    public static func line(for result: AuditResult) -> String {
        var out = JSONBytes(capacity: 512)
        out.raw("{\"source\":")
        appendSource(result.transcript.source, to: &out)
        out.raw(",\"id\":")
        out.string(result.transcript.id)
        out.raw(",\"format\":")
        out.string(result.transcript.format)
        out.raw(",\"turns\":")
        out.number(result.transcript.turns.count)
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
                out.raw(",\"expected\":")
                out.string(warning.expected)
                out.raw("}")
            }
            out.raw("]")
        }
        out.raw("}")
        return out.text
    }

    /// The findings as a JSON array, each object as in `line(for:)`; for embedding elsewhere.
    public static func findingsArray(_ findings: [Finding], in transcript: Transcript) -> String {
        var out = JSONBytes()
        appendFindings(findings, in: transcript, to: &out)
        return out.text
    }

    public static func line(for error: ReadError) -> String {
        var out = JSONBytes()
        out.raw("{\"error\":{\"file\":")
        out.string(error.file)
        if let record = error.record { out.raw(",\"record\":"); out.number(record) }
        if let line = error.line { out.raw(",\"line\":"); out.number(line) }
        if let offset = error.offset { out.raw(",\"offset\":"); out.number(offset) }
        if let entry = error.entry {
            out.raw(",\"entry\":")
            out.string(entry)
        }
        if let conversation = error.conversation {
            out.raw(",\"conversation\":")
            out.string(conversation)
        }
        if let path = error.path {
            out.raw(",\"path\":")
            out.string(path)
        }
        out.raw(",\"expected\":")
        out.string(error.expected)
        out.raw(",\"message\":")
        out.string(error.description)
        out.raw("}}")
        return out.text
    }

    static func appendSource(_ source: Source, to out: inout JSONBytes) {
        out.raw("{\"file\":")
        out.string(source.file)
        if let record = source.record { out.raw(",\"record\":"); out.number(record) }
        if let line = source.line { out.raw(",\"line\":"); out.number(line) }
        if let entry = source.entry {
            out.raw(",\"entry\":")
            out.string(entry)
        }
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
        out.raw(",\"severity\":\"")
        out.raw(finding.severity.rawValue)
        out.raw("\",\"turn\":")
        out.number(finding.turn)
        out.raw(",\"role\":\"")
        out.raw(finding.role.rawValue)
        out.raw("\",\"block\":\"")
        out.raw(finding.block.rawValue)
        out.raw("\",\"blockIndex\":")
        out.number(finding.blockIndex)
        out.raw(",\"start\":")
        out.number(finding.start)
        out.raw(",\"end\":")
        out.number(finding.end)
        if let base = transcript.turns[finding.turn].blocks[finding.blockIndex].sourceOffset {
            out.raw(",\"sourceStart\":")
            out.number(base + finding.start)
            out.raw(",\"sourceEnd\":")
            out.number(base + finding.end)
        }
        out.raw(",\"excerpt\":")
        out.string(finding.excerpt)
        out.raw(",\"message\":")
        out.string(finding.message)
        out.raw(",\"suggestion\":")
        if let suggestion = finding.suggestion { out.string(suggestion) } else { out.raw("null") }
        if !finding.evidence.isEmpty {
            out.raw(",\"evidence\":[")
            for (index, item) in finding.evidence.enumerated() {
                if index > 0 { out.raw(",") }
                out.raw("{\"label\":")
                out.string(item.label)
                if let turn = item.turn { out.raw(",\"turn\":"); out.number(turn) }
                if let excerpt = item.excerpt {
                    out.raw(",\"excerpt\":")
                    out.string(excerpt)
                }
                out.raw("}")
            }
            out.raw("]")
        }
        out.raw("}")
    }

    static func appendMetrics(_ metrics: ConversationMetrics, to out: inout JSONBytes) {
        out.raw("{\"assistantTurns\":")
        out.number(metrics.assistantTurns)
        out.raw(",\"pushbacks\":")
        out.number(metrics.pushbacks)
        out.raw(",\"capitulations\":")
        out.number(metrics.capitulations)
        out.raw(",\"yieldRate\":")
        out.raw(metrics.yieldRate.map { JSONText.formatNumber(($0 * 10000).rounded() / 10000) } ?? "null")
        out.raw(",\"longestCapitulationStreak\":")
        out.number(metrics.longestCapitulationStreak)
        out.raw(",\"firstCapitulationTurn\":")
        if let turn = metrics.firstCapitulationTurn { out.number(turn) } else { out.raw("null") }
        out.raw("}")
    }
}
