/// The transcript formats Candor reads. `auto` sniffs each file and each JSON record.
public enum InputFormat: String, Sendable, CaseIterable {
    case auto
    case plainText = "plain-text"
    case openAIChat = "openai-chat"
    case anthropicMessages = "anthropic-messages"
    case chatGPTExport = "chatgpt-export"
    case claudeExport = "claude-export"
    case shareGPT = "sharegpt"
    case inspectLog = "inspect-log"
}

/// Input that could not be read, located as precisely as the format allows.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the record was skipped, for the summary's counts.
    public enum Kind: String, Sendable, Hashable {
        /// Readable input that is not a conversation Candor reads.
        case unreadable
        /// Broken bytes: invalid JSON, input cut off, compressed data that does not unpack.
        case damaged
        /// A conversation without a single message.
        case emptyConversation = "empty conversation"
    }

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
    /// The entry inside an archive (`.eval`, `.zip`) the problem is in.
    public var entry: String?
    /// The conversation's own id, when the record got far enough to show one.
    public var conversation: String?
    public var kind: Kind
    /// For damage that ends or breaks an input: the records read from it before the damage
    /// (since its start or the damage before).
    public var recovered: Int?

    public init(
        file: String, record: Int? = nil, line: Int? = nil, offset: Int? = nil, path: String? = nil,
        expected: String, entry: String? = nil, conversation: String? = nil, kind: Kind = .unreadable, recovered: Int? = nil
    ) {
        self.file = file
        self.record = record
        self.line = line
        self.offset = offset
        self.path = path
        self.expected = expected
        self.entry = entry
        self.conversation = conversation
        self.kind = kind
        self.recovered = recovered
    }

    /// The error at a record's location: file, entry, record, line and offset from `source`.
    public init(
        at source: Source, offset: Int? = nil, path: String? = nil, expected: String, conversation: String? = nil,
        kind: Kind = .unreadable, recovered: Int? = nil
    ) {
        self.init(
            file: source.file, record: source.record, line: source.line, offset: offset ?? source.offset,
            path: path, expected: expected, entry: source.entry, conversation: conversation, kind: kind, recovered: recovered
        )
    }

    public var description: String {
        var location = file
        if let entry { location += "!\(entry)" }
        if let line { location += ":\(line)" }
        var parts: [String] = []
        if let record { parts.append("record \(record)") }
        if let conversation { parts.append("conversation \(conversation)") }
        if let offset { parts.append("byte \(offset)") }
        if let path { parts.append("at \(path)") }
        if let recovered { parts.append("\(recovered) record\(recovered == 1 ? "" : "s") read before it") }
        let detail = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return "\(location)\(detail): expected \(expected)"
    }
}

/// A problem inside one JSON record, before the reader knows the file and record.
public struct RecordProblem: Error, Sendable, Hashable {
    public var path: String
    public var expected: String
    public var kind: ReadError.Kind

    public init(_ path: String, expected: String, kind: ReadError.Kind = .unreadable) {
        self.path = path
        self.expected = expected
        self.kind = kind
    }

    /// A conversation with no messages at `path`: counted as such, not as unreadable.
    public static func emptyConversation(at path: String) -> RecordProblem {
        RecordProblem(path, expected: "at least one message, found an empty conversation", kind: .emptyConversation)
    }
}

/// What reading produced for one record: a transcript, or a located reason it was skipped.
public enum ReadOutcome: Sendable, Hashable {
    case transcript(Transcript)
    case failure(ReadError)
}
