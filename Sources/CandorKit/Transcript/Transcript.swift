/// One conversation as read from a file: ordered turns, the tools the system declared,
/// and where it came from.
public struct Transcript: Sendable, Hashable {
    /// A stable identifier: the record's own id where the format has one, else derived from the source.
    public var id: String
    /// The reader that produced it, e.g. `openai-chat` or `plain-text`.
    public var format: String
    public var source: Source
    public var turns: [Turn]
    /// Tools offered to the model: from an API request's `tools` or named in a system prompt.
    public var declaredTools: [ToolDeclaration]
    /// The model named by the record (an API request's `model`), for per-model rates.
    public var model: String?

    public init(
        id: String, format: String, source: Source,
        turns: [Turn], declaredTools: [ToolDeclaration] = [], model: String? = nil
    ) {
        self.id = id
        self.format = format
        self.source = source
        self.turns = turns
        self.declaredTools = declaredTools
        self.model = model
    }
}

/// Where a transcript was read from.
public struct Source: Sendable, Hashable {
    /// The file path as given on the command line, or `-` for standard input.
    public var file: String
    /// 1-based record number inside the file (line for JSONL, element for arrays); nil for whole-file formats.
    public var record: Int?
    /// 1-based line where the record starts, where the format has lines.
    public var line: Int?
    /// Byte offset of the record's first byte in the file.
    public var offset: Int?

    public init(file: String, record: Int? = nil, line: Int? = nil, offset: Int? = nil) {
        self.file = file
        self.record = record
        self.line = line
        self.offset = offset
    }

    /// `file`, `file:record` — the form used in messages.
    public var description: String {
        if let record { return "\(file):\(record)" }
        return file
    }
}

public struct ToolDeclaration: Sendable, Hashable {
    public var name: String
    public var description: String

    public init(name: String, description: String = "") {
        self.name = name
        self.description = description
    }
}
