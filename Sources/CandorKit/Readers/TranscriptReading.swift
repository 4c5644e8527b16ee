/// Turns the bytes of one input into transcripts: sniffs the format (or takes the one
/// given), splits JSON Lines into records, and hands each record to its reader. A record
/// that cannot be read becomes a located `ReadError`; the records after it are still read.
public struct TranscriptReading: Sendable {
    public var format: InputFormat
    static let jsonReaders: [any JSONTranscriptReader.Type] = [AnthropicMessagesReader.self, OpenAIChatReader.self]

    public init(format: InputFormat = .auto) {
        self.format = format
    }

    public func read(_ bytes: [UInt8], file: String) -> [ReadOutcome] {
        let start = Self.contentStart(bytes)
        guard start < bytes.count else {
            return [.failure(ReadError(file: file, offset: 0, expected: "a transcript, found an empty file"))]
        }
        if let nul = bytes.prefix(8192).firstIndex(of: 0) {
            return [.failure(ReadError(file: file, offset: nul, expected: "text, found binary data (a NUL byte)"))]
        }
        let first = bytes[start]
        let isJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        if format == .plainText || (format == .auto && !isJSON) {
            return [PlainTextReader().read(bytes, source: Source(file: file))]
        }
        if Self.isJSONLines(bytes, from: start) {
            return readLines(bytes, file: file)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            readDocument(UnsafeBufferPointer(rebasing: buffer[start...]), file: file, baseOffset: start)
        }
    }

    /// Skips a byte-order mark and leading white space.
    static func contentStart(_ bytes: [UInt8]) -> Int {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, TextScan.isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// JSON Lines when the first line is a complete JSON value and more content follows it,
    /// or, when the first line is broken, when at least two of the next three lines are
    /// complete values: one bad first record must not turn a whole corpus into one error,
    /// while a pretty-printed document rarely has two complete values on its own lines.
    static func isJSONLines(_ bytes: [UInt8], from start: Int) -> Bool {
        var lines: [Range<Int>] = []
        var lineStart = start
        while lines.count < 4, lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[lineStart..<lineEnd].contains(where: { !TextScan.isSpace($0) }) { lines.append(lineStart..<lineEnd) }
            lineStart = lineEnd + 1
        }
        guard lines.count >= 2 else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            func isValue(_ line: Range<Int>) -> Bool {
                (try? JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[line]))) != nil
            }
            return isValue(lines[0]) || lines.dropFirst().filter(isValue).count >= 2
        }
    }

    private func readLines(_ bytes: [UInt8], file: String) -> [ReadOutcome] {
        var outcomes: [ReadOutcome] = []
        bytes.withUnsafeBufferPointer { buffer in
            JSONLines.forEachRecord(in: buffer, firstLine: 1, baseOffset: 0) { line, number, offset in
                outcomes.append(contentsOf: readRecord(line, source: Source(file: file, record: number, line: number, offset: offset)))
            }
        }
        return outcomes
    }

    /// One JSON record: parse, then dispatch. Errors carry the record's location.
    public func readRecord(_ bytes: UnsafeBufferPointer<UInt8>, source: Source) -> [ReadOutcome] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return [.failure(ReadError(
                file: source.file, record: source.record, line: source.line,
                offset: (source.offset ?? 0) + error.offset, expected: error.expected
            ))]
        }
        return dispatch(value, source: source)
    }

    private func readDocument(_ bytes: UnsafeBufferPointer<UInt8>, file: String, baseOffset: Int) -> [ReadOutcome] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let offset = baseOffset + error.offset
            return [.failure(ReadError(file: file, line: Self.lineNumber(of: error.offset, in: bytes) , offset: offset, expected: error.expected))]
        }
        guard case .array(let elements) = value else {
            return dispatch(value, source: Source(file: file))
        }
        // A bare list of chat messages is one conversation; any other array is a list of records.
        if !elements.isEmpty, elements.allSatisfy({ $0["role"] != nil }) {
            return dispatch(.object(JSONObject(members: [("messages", value)])), source: Source(file: file))
        }
        return elements.enumerated().flatMap { index, element in
            dispatch(element, source: Source(file: file, record: index + 1))
        }
    }

    private func dispatch(_ value: JSONValue, source: Source) -> [ReadOutcome] {
        func failure(_ path: String?, _ expected: String) -> [ReadOutcome] {
            [.failure(ReadError(file: source.file, record: source.record, line: source.line, offset: source.offset, path: path, expected: expected))]
        }
        guard case .object(let record) = value else {
            return failure(nil, "a JSON object holding a conversation, found \(value.typeName)")
        }
        let candidates = format == .auto ? Self.jsonReaders : Self.jsonReaders.filter { $0.format == format }
        guard let reader = candidates.first(where: { $0.accepts(record) }) ?? (format == .auto ? nil : candidates.first) else {
            return failure(nil, "a conversation object: OpenAI chat (`messages` or `choices`) or Anthropic messages (`messages` with content blocks); found keys \(record.keys.prefix(8).joined(separator: ", "))")
        }
        do {
            return try reader.transcripts(from: record, source: source).map(ReadOutcome.transcript)
        } catch {
            return failure(error.path, error.expected)
        }
    }

    static func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes[0..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
