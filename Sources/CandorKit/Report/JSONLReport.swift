/// One JSON object per line: an audited transcript, or a record that could not be read.
/// Field names are the documented contract; keep them stable.
public enum JSONLReport {
    public static func line(for result: AuditResult) -> String {
        var out = "{\"source\":"
        appendSource(result.transcript.source, to: &out)
        out += ",\"id\":"
        JSONText.appendString(result.transcript.id, to: &out)
        out += ",\"format\":"
        JSONText.appendString(result.transcript.format, to: &out)
        out += ",\"turns\":\(result.transcript.turns.count),\"findings\":"
        out += findingsArray(result.findings, in: result.transcript)
        out += ",\"metrics\":"
        appendMetrics(result.metrics, to: &out)
        if !result.transcript.warnings.isEmpty {
            out += ",\"warnings\":["
            for (index, warning) in result.transcript.warnings.enumerated() {
                if index > 0 { out += "," }
                out += "{\"path\":"
                JSONText.appendString(warning.path, to: &out)
                out += ",\"expected\":"
                JSONText.appendString(warning.expected, to: &out)
                out += "}"
            }
            out += "]"
        }
        out += "}"
        return out
    }

    /// The findings as a JSON array, each object as in `line(for:)`; for embedding elsewhere.
    public static func findingsArray(_ findings: [Finding], in transcript: Transcript) -> String {
        var out = "["
        for (index, finding) in findings.enumerated() {
            if index > 0 { out += "," }
            appendFinding(finding, transcript: transcript, to: &out)
        }
        return out + "]"
    }

    public static func line(for error: ReadError) -> String {
        var out = "{\"error\":{\"file\":"
        JSONText.appendString(error.file, to: &out)
        if let record = error.record { out += ",\"record\":\(record)" }
        if let line = error.line { out += ",\"line\":\(line)" }
        if let offset = error.offset { out += ",\"offset\":\(offset)" }
        if let entry = error.entry {
            out += ",\"entry\":"
            JSONText.appendString(entry, to: &out)
        }
        if let conversation = error.conversation {
            out += ",\"conversation\":"
            JSONText.appendString(conversation, to: &out)
        }
        if let path = error.path {
            out += ",\"path\":"
            JSONText.appendString(path, to: &out)
        }
        out += ",\"expected\":"
        JSONText.appendString(error.expected, to: &out)
        out += ",\"message\":"
        JSONText.appendString(error.description, to: &out)
        out += "}}"
        return out
    }

    static func appendSource(_ source: Source, to out: inout String) {
        out += "{\"file\":"
        JSONText.appendString(source.file, to: &out)
        if let record = source.record { out += ",\"record\":\(record)" }
        if let line = source.line { out += ",\"line\":\(line)" }
        if let entry = source.entry {
            out += ",\"entry\":"
            JSONText.appendString(entry, to: &out)
        }
        out += "}"
    }

    static func appendFinding(_ finding: Finding, transcript: Transcript, to out: inout String) {
        out += "{\"rule\":"
        JSONText.appendString(finding.rule, to: &out)
        out += ",\"severity\":\"\(finding.severity.rawValue)\",\"turn\":\(finding.turn),\"role\":\"\(finding.role.rawValue)\""
        out += ",\"block\":\"\(finding.block.rawValue)\",\"blockIndex\":\(finding.blockIndex)"
        out += ",\"start\":\(finding.start),\"end\":\(finding.end)"
        if let base = transcript.turns[finding.turn].blocks[finding.blockIndex].sourceOffset {
            out += ",\"sourceStart\":\(base + finding.start),\"sourceEnd\":\(base + finding.end)"
        }
        out += ",\"excerpt\":"
        JSONText.appendString(finding.excerpt, to: &out)
        out += ",\"message\":"
        JSONText.appendString(finding.message, to: &out)
        out += ",\"suggestion\":"
        if let suggestion = finding.suggestion { JSONText.appendString(suggestion, to: &out) } else { out += "null" }
        if !finding.evidence.isEmpty {
            out += ",\"evidence\":["
            for (index, item) in finding.evidence.enumerated() {
                if index > 0 { out += "," }
                out += "{\"label\":"
                JSONText.appendString(item.label, to: &out)
                if let turn = item.turn { out += ",\"turn\":\(turn)" }
                if let excerpt = item.excerpt {
                    out += ",\"excerpt\":"
                    JSONText.appendString(excerpt, to: &out)
                }
                out += "}"
            }
            out += "]"
        }
        out += "}"
    }

    static func appendMetrics(_ metrics: ConversationMetrics, to out: inout String) {
        out += "{\"assistantTurns\":\(metrics.assistantTurns),\"pushbacks\":\(metrics.pushbacks)"
        out += ",\"capitulations\":\(metrics.capitulations)"
        out += ",\"yieldRate\":" + (metrics.yieldRate.map { JSONText.formatNumber(($0 * 10000).rounded() / 10000) } ?? "null")
        out += ",\"longestCapitulationStreak\":\(metrics.longestCapitulationStreak)"
        out += ",\"firstCapitulationTurn\":" + (metrics.firstCapitulationTurn.map(String.init) ?? "null")
        out += "}"
    }
}
