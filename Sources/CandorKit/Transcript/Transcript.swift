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
    /// Content the reader kept but did not understand (an unknown block type, say), each
    /// with where it was: reported beside the findings so nothing is dropped unannounced.
    public var warnings: [RecordProblem]

    public init(
        id: String, format: String, source: Source,
        turns: [Turn], declaredTools: [ToolDeclaration] = [], model: String? = nil, warnings: [RecordProblem] = []
    ) {
        self.id = id
        self.format = format
        self.source = source
        self.turns = turns
        self.declaredTools = declaredTools
        self.model = model
        self.warnings = warnings
    }

    /// Empties every block's text and tool-call arguments, keeping what a report cites a
    /// finding by: turns, roles, block kinds, names and source offsets.
    public mutating func removeText() {
        for turn in turns.indices {
            for block in turns[turn].blocks.indices {
                turns[turn].blocks[block].text = ""
                if turns[turn].blocks[block].arguments != nil { turns[turn].blocks[block].arguments = "" }
            }
        }
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
    /// Byte offset of the record's first byte in the file (in the decompressed content
    /// for `.gz` files and archive entries).
    public var offset: Int?
    /// The entry inside an archive, such as `samples/1_epoch_1.json` in an inspect_ai `.eval` log.
    public var entry: String?

    public init(file: String, record: Int? = nil, line: Int? = nil, offset: Int? = nil, entry: String? = nil) {
        self.file = file
        self.record = record
        self.line = line
        self.offset = offset
        self.entry = entry
    }

    /// `file`, `file:record`, `file!entry:record` — the form used in messages.
    public var description: String {
        let container = entry.map { "\(file)!\($0)" } ?? file
        if let record { return "\(container):\(record)" }
        return container
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
