public enum Role: String, Sendable, Hashable, CaseIterable {
    case system, user, assistant, tool
}

public struct Turn: Sendable, Hashable {
    public var role: Role
    public var blocks: [Block]
    /// Sent to the model but not shown to the user (a ChatGPT export's hidden system and
    /// tool messages): part of what the model saw, not of what the user read.
    public var isHidden: Bool

    public init(role: Role, blocks: [Block], isHidden: Bool = false) {
        self.role = role
        self.blocks = blocks
        self.isHidden = isHidden
    }

    /// All visible text joined by blank lines: for context checks, never for offsets.
    public var visibleText: String {
        // Nearly every turn has one text block, whose text is returned as it is: filtering and
        // joining made two arrays and a string per call.
        var visible: String?
        for block in blocks where block.kind == .text {
            if let before = visible { visible = before + "\n\n" + block.text } else { visible = block.text }
        }
        return visible ?? ""
    }
}

public enum BlockKind: String, Sendable, Hashable, CaseIterable {
    /// Visible message text.
    case text
    /// Hidden thinking or a thought-process summary; analysed apart from the visible text.
    case reasoning
    case toolCall = "tool_call"
    case toolResult = "tool_result"
    /// An image, file or other attachment; `text` holds what the format says about it.
    case attachment
}

/// A run of content inside a turn. `text` is kept exactly as read (after JSON unescaping),
/// so a finding's byte range indexes it directly.
public struct Block: Sendable, Hashable {
    public var kind: BlockKind
    public var text: String
    /// Tool name for tool calls and results; media type or file name for attachments.
    public var name: String?
    /// Tool-call arguments as the format gave them (usually JSON text).
    public var arguments: String?
    /// Byte offset of `text` in the source file, where the reader knows it (plain text does).
    public var sourceOffset: Int?

    public init(
        kind: BlockKind, text: String, name: String? = nil,
        arguments: String? = nil, sourceOffset: Int? = nil
    ) {
        self.kind = kind
        self.text = text
        self.name = name
        self.arguments = arguments
        self.sourceOffset = sourceOffset
    }

    public static func text(_ text: String, sourceOffset: Int? = nil) -> Block {
        Block(kind: .text, text: text, sourceOffset: sourceOffset)
    }

    public static func reasoning(_ text: String, sourceOffset: Int? = nil) -> Block {
        Block(kind: .reasoning, text: text, sourceOffset: sourceOffset)
    }

    public static func toolCall(name: String, arguments: String = "", sourceOffset: Int? = nil) -> Block {
        Block(kind: .toolCall, text: arguments, name: name, arguments: arguments, sourceOffset: sourceOffset)
    }

    public static func toolResult(_ text: String, name: String? = nil) -> Block {
        Block(kind: .toolResult, text: text, name: name)
    }

    public static func attachment(_ description: String, name: String? = nil) -> Block {
        Block(kind: .attachment, text: description, name: name)
    }
}
