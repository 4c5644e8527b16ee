import Foundation

/// Turns the bytes of one input into transcripts: unpacks gzip and ZIP (`.eval`) content,
/// sniffs the format (or takes the one given), splits JSON Lines into records, and hands
/// each record to its reader. A record that cannot be read becomes a located `ReadError`;
/// the records after it are still read.
public struct TranscriptReading: Sendable {
    public var format: InputFormat
    /// A JSON Lines record longer than this is skipped unparsed, so one runaway line cannot
    /// take the memory a parse tree of it would need.
    public var maximumRecordBytes: Int
    /// Decompressed content beyond this is an error: a small archive claiming gigabytes.
    public var maximumDecompressedBytes: Int

    /// Most specific first: export and log shapes are recognised by keys the chat API
    /// formats never have, and Anthropic's content blocks before OpenAI's plain messages.
    static let jsonReaders: [any JSONTranscriptReader.Type] = [
        ChatGPTExportReader.self, ClaudeExportReader.self, ShareGPTReader.self, InspectLogReader.self,
        AnthropicMessagesReader.self, OpenAIChatReader.self,
    ]

    public init(format: InputFormat = .auto, maximumRecordBytes: Int = 64 << 20, maximumDecompressedBytes: Int = 1 << 30) {
        self.format = format
        self.maximumRecordBytes = maximumRecordBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
    }

    public func read(_ bytes: [UInt8], file: String) -> [ReadOutcome] {
        bytes.withUnsafeBufferPointer { read($0, origin: Source(file: file)) }
    }

    /// `origin` names the file and, inside an archive, the entry. `isCut`: the bytes are
    /// what unpacking gave before damage, so what they end inside is lost with the damage,
    /// which the caller reports, rather than a second error here.
    func read(_ bytes: UnsafeBufferPointer<UInt8>, origin: Source, isCut: Bool = false) -> [ReadOutcome] {
        if Gzip.isGzip(bytes) {
            let unpacked = Gzip.decompress(bytes, limit: maximumDecompressedBytes)
            return readUnpacked(unpacked, origin: origin) { "gzip data: " + $0 }
        }
        if ZipArchive.isZip(bytes) { return readArchive(bytes, origin: origin) }
        let start = Self.contentStart(bytes)
        guard start < bytes.count else {
            if isCut { return [] }
            return [.failure(ReadError(at: origin, offset: 0, expected: "a transcript, found an empty file"))]
        }
        if let nul = bytes.prefix(8192).firstIndex(of: 0) {
            return [.failure(ReadError(at: origin, offset: nul, expected: "text, found binary data (a NUL byte)", kind: .damaged))]
        }
        let first = bytes[start]
        let isJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        if format == .plainText || (format == .auto && !isJSON) {
            return [PlainTextReader().read(Array(bytes), source: origin)]
        }
        if isJSONLines(bytes, from: start) {
            // A line the damage cut short is lost with it.
            let whole = isCut ? (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) : bytes.count
            return readLines(UnsafeBufferPointer(rebasing: bytes[..<whole]), origin: origin)
        }
        return readDocument(bytes, from: start, origin: origin, isCut: isCut)
    }

    /// Content unpacked up to any damage, read; then the damage, counting the records read before it.
    private func readUnpacked(_ unpacked: Unpacked, origin: Source, describe: (String) -> String) -> [ReadOutcome] {
        var outcomes = unpacked.content.withUnsafeBufferPointer { read($0, origin: origin, isCut: unpacked.isCut) }
        if let damage = unpacked.damage {
            outcomes.append(.failure(ReadError(
                at: origin, offset: damage.offset, expected: describe(damage.expected), kind: damage.isUnsupported ? .unreadable : .damaged,
                recovered: outcomes.count
            )))
        }
        return outcomes
    }

    /// A ZIP archive: an inspect_ai `.eval` log's samples, else the `conversations.json` of
    /// an export archive, else every JSON and JSON Lines entry.
    private func readArchive(_ bytes: UnsafeBufferPointer<UInt8>, origin: Source) -> [ReadOutcome] {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes)
        } catch {
            return [.failure(ReadError(at: origin, offset: error.offset, expected: "a ZIP archive: " + error.expected))]
        }
        let files = archive.entries.filter { !$0.name.hasSuffix("/") }
        let samples = files.filter { $0.name.hasPrefix("samples/") && $0.name.hasSuffix(".json") }
        let conversations = files.filter { $0.name == "conversations.json" || $0.name.hasSuffix("/conversations.json") }
        let chosen = !samples.isEmpty ? samples : !conversations.isEmpty ? conversations
            : files.filter { [".json", ".jsonl", ".ndjson"].contains(where: $0.name.hasSuffix) }
        guard !chosen.isEmpty else {
            return [.failure(ReadError(at: origin, expected: "a ZIP archive holding samples/*.json, conversations.json or other JSON entries"))]
        }
        var outcomes: [ReadOutcome] = []
        var remaining = maximumDecompressedBytes
        // A cut archive's last entry, when read, reports the cut itself.
        var cutReported = false
        for entry in chosen {
            var entryOrigin = origin
            entryOrigin.entry = entry.name
            let unpacked = archive.contents(of: entry, limit: remaining)
            remaining -= unpacked.content.count
            outcomes += readUnpacked(unpacked, origin: entryOrigin) { $0 }
            cutReported = cutReported || (entry.localHeaderOffset == archive.entries.last?.localHeaderOffset && unpacked.damage != nil)
        }
        if let cut = archive.cut, !cutReported {
            outcomes.append(.failure(ReadError(
                at: origin, offset: cut.offset, expected: "a ZIP archive: " + cut.expected, kind: .damaged, recovered: outcomes.count
            )))
        }
        return outcomes
    }

    /// Skips a byte-order mark and leading white space.
    static func contentStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, TextScan.isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// JSON Lines when more content follows the first line and that line is a complete JSON
    /// value (or too long to be anything but an oversized record).
    /// JSON Lines when the first line is a complete JSON value (or longer than any record
    /// may be) and more content follows it; or, when the first line is broken, when at
    /// least two of the next three lines are complete values: one bad first record must not
    /// turn a whole corpus into one error, while a pretty-printed document rarely has two
    /// complete values on lines of their own.
    func isJSONLines(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var lines: [Range<Int>] = []
        var lineStart = start
        while lines.count < 4, lineStart < bytes.count {
            let lineEnd = JSONLines.newline(in: bytes, from: lineStart) ?? bytes.count
            if bytes[lineStart..<lineEnd].contains(where: { !TextScan.isSpace($0) }) { lines.append(lineStart..<lineEnd) }
            lineStart = lineEnd + 1
        }
        guard lines.count >= 2 else { return false }
        func isValue(_ line: Range<Int>) -> Bool {
            line.count > maximumRecordBytes || (try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[line]))) != nil
        }
        return isValue(lines[0]) || lines.dropFirst().filter(isValue).count >= 2
    }

    private func readLines(_ buffer: UnsafeBufferPointer<UInt8>, origin: Source) -> [ReadOutcome] {
        var outcomes: [ReadOutcome] = []
        JSONLines.forEachRecord(in: buffer, firstLine: 1, baseOffset: 0) { line, number, offset in
            var source = origin
            (source.record, source.line, source.offset) = (number, number, offset)
            outcomes.append(contentsOf: readRecord(line, source: source))
        }
        return outcomes
    }

    /// One JSON record: parse, then dispatch, unless it is an OpenAI chat record of the
    /// common shape, read straight from its bytes. Errors carry the record's location.
    public func readRecord(_ bytes: UnsafeBufferPointer<UInt8>, source: Source) -> [ReadOutcome] {
        guard bytes.count <= maximumRecordBytes else {
            return [.failure(ReadError(at: source, expected: "a record of at most \(maximumRecordBytes) bytes, found \(bytes.count)"))]
        }
        if format == .auto || format == .openAIChat,
           let transcript = OpenAIChatFastReader.transcript(from: bytes, source: source, format: format) {
            return [.transcript(transcript)]
        }
        return parseAndDispatch(bytes, source: source)
    }

    /// The general path for one record, which defines what every record means.
    func parseAndDispatch(_ bytes: UnsafeBufferPointer<UInt8>, source: Source) -> [ReadOutcome] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return [.failure(ReadError(at: source, offset: (source.offset ?? 0) + error.offset, expected: error.expected, kind: .damaged))]
        }
        return dispatch(value, source: source)
    }

    /// One JSON value: an array of records is read element by element, anything else whole.
    private func readDocument(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, origin: Source, isCut: Bool) -> [ReadOutcome] {
        if bytes[start] == UInt8(ascii: "[") {
            var probe = arrayElements(start: start, line: Self.lineNumber(of: start, in: bytes))
            let first = probe.next(bytes, base: 0, atEnd: !isCut)
            if !Self.isMessageList(first: first, in: bytes, base: 0) { return readArray(bytes, from: start, origin: origin, isCut: isCut) }
        }
        let mayBeLog = format == .auto || format == .inspectLog
        if isCut {
            return mayBeLog ? InspectLogReader.samplesBefore(damage: nil, in: bytes, from: start, isCut: true, origin: origin, reading: self) ?? [] : []
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[start...]))
        } catch {
            var source = origin
            source.line = Self.lineNumber(of: start + error.offset, in: bytes)
            let damage = ReadError(at: source, offset: start + error.offset, expected: error.expected, kind: .damaged)
            let samples = mayBeLog ? InspectLogReader.samplesBefore(damage: damage, in: bytes, from: start, isCut: false, origin: origin, reading: self) : nil
            return samples ?? [.failure(damage)]
        }
        guard case .array = value else { return dispatch(value, source: origin) }
        return dispatch(.object(JSONObject(members: [("messages", value)])), source: origin)
    }

    private func readArray(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, origin: Source, isCut: Bool) -> [ReadOutcome] {
        var elements = arrayElements(start: start, line: Self.lineNumber(of: start, in: bytes))
        var outcomes: [ReadOutcome] = []
        while case .item(let item) = elements.next(bytes, base: 0, atEnd: !isCut) {
            outcomes += read(item, in: bytes, base: 0, origin: origin)
        }
        return outcomes
    }

    /// The elements of the array whose `[` is at offset `start`, on line `line`.
    func arrayElements(start: Int, line: Int) -> JSONArrayElements {
        JSONArrayElements(start: start, line: line, maximumElementBytes: maximumRecordBytes) { [self] in isRecord($0) }
    }

    /// What one item of an array gives; `bytes` hold the input from offset `base` on.
    func read(_ item: JSONArrayElements.Item, in bytes: UnsafeBufferPointer<UInt8>, base: Int, origin: Source) -> [ReadOutcome] {
        var source = origin
        (source.record, source.line, source.offset) = (item.record, item.line, item.offset)
        switch item.content {
        case .element(let range):
            return readRecord(UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - base)..<(range.upperBound - base)]), source: source)
        case .oversized:
            return [.failure(ReadError(at: source, expected: "a record of at most \(maximumRecordBytes) bytes, found a longer one or one whose end is lost"))]
        case .damage(let expected, let recovered):
            return [.failure(ReadError(at: source, expected: expected, kind: .damaged, recovered: recovered))]
        }
    }

    /// Whether an array is a bare list of chat messages, one conversation, as its first
    /// element (the first step of its `JSONArrayElements`) shows by having a role; any other
    /// array is a list of records.
    static func isMessageList(first: JSONArrayElements.Step, in bytes: UnsafeBufferPointer<UInt8>, base: Int) -> Bool {
        guard case .item(let item) = first, case .element(let range) = item.content else { return false }
        let element = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound - base)..<(range.upperBound - base)])
        return (try? JSONParser.parse(element))?["role"] != nil
    }

    /// Whether `bytes` hold a record this reading takes: where reading resumes after damage in an array.
    func isRecord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .object(let record)? = try? JSONParser.parse(bytes) else { return false }
        return readers.contains { $0.accepts(record) }
    }

    private var readers: [any JSONTranscriptReader.Type] {
        format == .auto ? Self.jsonReaders : Self.jsonReaders.filter { $0.format == format }
    }

    private func dispatch(_ value: JSONValue, source: Source) -> [ReadOutcome] {
        guard case .object(let record) = value else {
            return [.failure(ReadError(at: source, expected: "a JSON object holding a conversation, found \(value.typeName)"))]
        }
        let candidates = readers
        guard let reader = candidates.first(where: { $0.accepts(record) }) ?? (format == .auto ? nil : candidates.first) else {
            return [.failure(ReadError(at: source, expected: """
                a conversation object: OpenAI chat (`messages` or `choices`), Anthropic messages, a ChatGPT export \
                (`mapping`), a Claude.ai export (`chat_messages`), ShareGPT (`conversations`) or an inspect_ai log \
                (`samples`); found keys \(record.keys.prefix(8).joined(separator: ", "))
                """, conversation: JSONAccess.recordID(record)))]
        }
        return reader.outcomes(from: record, source: source)
    }

    static func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes[0..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
