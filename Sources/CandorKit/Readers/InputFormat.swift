/// The transcript formats Candor reads. `auto` sniffs each file and each JSON record.
public enum InputFormat: String, Sendable, CaseIterable {
    case auto
    case plainText = "plain-text"
    case openAIChat = "openai-chat"
    case anthropicMessages = "anthropic-messages"
}

/// Input that could not be read, located as precisely as the format allows.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based record (JSONL line, array element) where the format has records.
    public var record: Int?
    /// 1-based line of the problem or of the record's start.
    public var line: Int?
    /// Byte offset in the file.
    public var offset: Int?
    /// A path inside the record, such as `messages[2].content`.
    public var path: String?
    /// What the reader expected there, in words.
    public var expected: String

    public init(file: String, record: Int? = nil, line: Int? = nil, offset: Int? = nil, path: String? = nil, expected: String) {
        self.file = file
        self.record = record
        self.line = line
        self.offset = offset
        self.path = path
        self.expected = expected
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        var parts: [String] = []
        if let record { parts.append("record \(record)") }
        if let offset { parts.append("byte \(offset)") }
        if let path { parts.append("at \(path)") }
        let detail = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return "\(location)\(detail): expected \(expected)"
    }
}

/// A problem inside one JSON record, before the reader knows the file and record.
public struct RecordProblem: Error, Sendable {
    public var path: String
    public var expected: String

    public init(_ path: String, expected: String) {
        self.path = path
        self.expected = expected
    }
}

/// What reading produced for one record: a transcript, or a located reason it was skipped.
public enum ReadOutcome: Sendable {
    case transcript(Transcript)
    case failure(ReadError)
}
