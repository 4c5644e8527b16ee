/// SARIF 2.1.0 for code-scanning tools, written in three parts so results can stream:
/// `opening` (the tool and its rules), one `result` per finding, then `closing` (read
/// errors as tool notifications). Plain-text transcripts get line/column regions from the
/// file's bytes; JSON records get the record's line and a logical location
/// (record/turn/block), since their text is unescaped from JSON strings.
public enum SARIFReport {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public static func opening(rules: [RuleDescription]) -> String {
        var out = "{\"$schema\":\"\(schemaURI)\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
        out += "\"name\":\"candor\",\"version\":\"\(CandorVersion.current)\",\"semanticVersion\":\"\(CandorVersion.current)\",\"rules\":["
        for (index, rule) in rules.enumerated() {
            if index > 0 { out += "," }
            out += "{\"id\":" + JSONText.quoted(rule.id) + ",\"name\":" + JSONText.quoted(pascalCase(rule.id))
            out += ",\"shortDescription\":{\"text\":" + JSONText.quoted(rule.summary) + "}"
            out += ",\"fullDescription\":{\"text\":" + JSONText.quoted(rule.rationale) + "}"
            let help = rule.rationale + " Each result's message carries a suggested rewording where one fits."
            out += ",\"help\":{\"text\":" + JSONText.quoted(help)
            out += ",\"markdown\":" + JSONText.quoted("**\(rule.summary)**\n\n\(help)") + "}"
            out += ",\"defaultConfiguration\":{\"level\":\"\(level(rule.severity))\"}}"
        }
        out += "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        return out
    }

    /// One result. `lines` is the source file's text, for line/column regions; `first`
    /// says whether a comma must precede it.
    public static func result(
        _ finding: Finding, in transcript: Transcript, ruleIndex: Int?, lines: SourceLines?, first: Bool
    ) -> String {
        var out = first ? "" : ","
        out += "{\"ruleId\":" + JSONText.quoted(finding.rule)
        if let ruleIndex { out += ",\"ruleIndex\":\(ruleIndex)" }
        out += ",\"level\":\"\(level(finding.severity))\""
        var message = finding.message
        if let suggestion = finding.suggestion { message += " Suggested rewording: " + suggestion }
        out += ",\"message\":{\"text\":" + JSONText.quoted(message) + "}"
        out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" + JSONText.quoted(uri(transcript.source.file)) + "}"
        let block = transcript.turns[finding.turn].blocks[finding.blockIndex]
        if let base = block.sourceOffset, let lines, base + finding.end <= lines.byteCount {
            let start = lines.position(ofByte: base + finding.start)
            let end = lines.position(ofByte: base + finding.end)
            out += ",\"region\":{\"startLine\":\(start.line),\"startColumn\":\(start.column),\"endLine\":\(end.line),\"endColumn\":\(end.column)"
            out += ",\"byteOffset\":\(base + finding.start),\"byteLength\":\(finding.end - finding.start)"
            out += ",\"snippet\":{\"text\":" + JSONText.quoted(finding.excerpt) + "}}"
        } else if let line = transcript.source.line {
            out += ",\"region\":{\"startLine\":\(line),\"snippet\":{\"text\":" + JSONText.quoted(finding.excerpt) + "}}"
        }
        out += "},\"logicalLocations\":[{\"name\":\"turn \(finding.turn)\",\"fullyQualifiedName\":"
        let record = transcript.source.record.map { "record \($0)/" } ?? ""
        out += JSONText.quoted("\(record)turn \(finding.turn)/\(finding.block.rawValue) \(finding.blockIndex)") + ",\"kind\":\"element\"}]}]"
        // Stable across runs and edits elsewhere in the file, so tools can track one finding.
        var fingerprint = Fingerprint()
        [transcript.source.file, transcript.id, finding.rule, String(finding.turn), finding.block.rawValue, finding.excerpt].forEach { fingerprint.add($0) }
        out += ",\"partialFingerprints\":{\"candorFinding/v1\":\"\(fingerprint.hex)\"}"
        out += ",\"properties\":{\"transcript\":" + JSONText.quoted(transcript.id)
        out += ",\"turn\":\(finding.turn),\"role\":\"\(finding.role.rawValue)\",\"block\":\"\(finding.block.rawValue)\",\"blockIndex\":\(finding.blockIndex)"
        out += ",\"start\":\(finding.start),\"end\":\(finding.end),\"excerpt\":" + JSONText.quoted(finding.excerpt)
        if let suggestion = finding.suggestion { out += ",\"suggestion\":" + JSONText.quoted(suggestion) }
        return out + "}}"
    }

    /// Ends the results and records unreadable input as error notifications.
    public static func closing(errors: [ReadError]) -> String {
        var out = "],\"invocations\":[{\"executionSuccessful\":\(errors.isEmpty),\"toolExecutionNotifications\":["
        for (index, error) in errors.enumerated() {
            if index > 0 { out += "," }
            out += "{\"level\":\"error\",\"message\":{\"text\":" + JSONText.quoted(error.description) + "}"
            out += ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":" + JSONText.quoted(uri(error.file)) + "}"
            if let line = error.line {
                out += ",\"region\":{\"startLine\":\(line)}"
            } else if let offset = error.offset {
                out += ",\"region\":{\"byteOffset\":\(offset)}"
            }
            out += "}}]}"
        }
        return out + "]}]}]}\n"
    }

    /// A whole document at once, for callers that hold every result.
    public static func document(
        rules: [RuleDescription], results: [AuditResult], errors: [ReadError] = [], lines: (String) -> SourceLines? = { _ in nil }
    ) -> String {
        var out = opening(rules: rules)
        var first = true
        for result in results {
            let source = result.findings.isEmpty ? nil : lines(result.transcript.source.file)
            for finding in result.findings {
                out += self.result(finding, in: result.transcript, ruleIndex: rules.firstIndex { $0.id == finding.rule }, lines: source, first: first)
                first = false
            }
        }
        return out + closing(errors: errors)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `persistence-claim` → `PersistenceClaim`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference for a path: unreserved characters and `/` kept, the rest percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// Line starts of a file, to turn byte offsets into 1-based line and column (columns in
/// Unicode code points, as the SARIF run declares).
public struct SourceLines: Sendable {
    let bytes: [UInt8]
    let lineStarts: [Int]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    public var byteCount: Int { bytes.count }

    public func position(ofByte offset: Int) -> (line: Int, column: Int) {
        // The last line start at or before the offset.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let column = bytes[start..<min(offset, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (low + 1, column)
    }
}
