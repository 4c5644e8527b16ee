/// Reads the common OpenAI chat record straight from its bytes into a `Transcript`, without
/// building a `JSONValue` tree first: `{"id": …, "messages": [{"role": …, "content": "…" or
/// null, "tool_calls": […], "tool_call_id": …}, …], "tools": […], "model": …}`.
///
/// It exists for speed: on a large JSON Lines corpus, building the tree of every record and
/// walking it was about a sixth of the whole audit's work. It is not a second definition of the
/// format: whatever it does not read exactly as `OpenAIChatReader` would (content parts,
/// reasoning, `function_call`, a request with its response, a tool list of another shape, a
/// repeated `messages`, any syntax error or record the general path would reject) makes it
/// return nil, and the record takes the general path — parse, dispatch, read.
struct OpenAIChatFastReader {
    private var json: JSONParser
    private var toolNames: [String: String] = [:]

    /// Anything this reader leaves to the general path.
    private struct Unhandled: Error {}

    /// The record's transcript, or nil when the general path must read it. With `format`
    /// `.auto`, a record with keys another reader recognises is left to the dispatch.
    static func transcript(from bytes: UnsafeBufferPointer<UInt8>, source: Source, format: InputFormat) -> Transcript? {
        var reader = OpenAIChatFastReader(json: JSONParser(bytes: bytes))
        return try? reader.record(source: source, format: format)
    }

    private init(json: JSONParser) {
        self.json = json
    }

    private mutating func record(source: Source, format: InputFormat) throws -> Transcript {
        var turns: [Turn]?
        var tools: [ToolDeclaration] = []
        var sawTools = false
        var ids: (id: String?, conversationID: String?, uuid: String?)
        var model: String?
        // Keys this reader does not read, kept to ask the other readers whether the record is theirs.
        var otherMembers: [(key: String, value: JSONValue)] = []
        try forEachMember { reader, key in
            switch key {
            case "messages":
                guard turns == nil else { throw Unhandled() }
                turns = try reader.messages()
            case "tools":
                guard !sawTools else { throw Unhandled() }
                sawTools = true
                tools = try reader.toolList()
            case "id": ids.id = try reader.stringIfString(depth: 1)
            case "conversation_id": ids.conversationID = try reader.stringIfString(depth: 1)
            case "uuid": ids.uuid = try reader.stringIfString(depth: 1)
            case "model": model = try reader.stringIfString(depth: 1)
            case "request", "response", "choices", "functions": throw Unhandled()
            default: otherMembers.append((key, try reader.json.parseValue(depth: 1)))
            }
        }
        guard json.peek() == nil, let turns, !turns.isEmpty else { throw Unhandled() }
        if format == .auto {
            // The messages and tools stand in as empty lists: with string contents and no
            // `input_schema`, what they hold cannot make another reader claim the record.
            let shape = JSONObject(members: otherMembers + [("messages", .array([]))] + (sawTools ? [("tools", .array([]))] : []))
            guard TranscriptReading.jsonReaders.first(where: { $0.accepts(shape) }) == OpenAIChatReader.self else { throw Unhandled() }
        }
        // As `JSONAccess.recordID`, then the response's `id` (the record itself here), then the source.
        let id = [ids.id, ids.conversationID, ids.uuid].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? ids.id ?? source.description
        return Transcript(
            id: id, format: OpenAIChatReader.format.rawValue, source: source, turns: turns,
            declaredTools: tools + SystemPromptTools.declared(in: turns), model: model
        )
    }

    private mutating func messages() throws -> [Turn] {
        var turns: [Turn] = []
        turns.reserveCapacity(16)
        try forEachElement { reader in turns.append(try reader.message()) }
        return turns
    }

    /// One message, read as `OpenAIChatReader.turn` reads it; repeated keys resolve to the last, as there.
    private mutating func message() throws -> Turn {
        var role: Role?
        var content: String?
        var toolCallID: String?
        var name: String?
        var refusal: String?
        var calls: [(id: String?, name: String, arguments: String)] = []
        try forEachMember { reader, key in
            switch key {
            case "role":
                if let frequent = Self.frequentRoles.first(where: { reader.json.take($0.spelling) }) {
                    role = frequent.role
                } else {
                    guard reader.json.peek() == UInt8(ascii: "\"") else { throw Unhandled() }
                    role = try OpenAIChatReader.role(reader.json.parseString(), at: "")
                }
            case "content": content = try reader.stringOrNull(depth: 3)
            case "tool_calls": calls = try reader.toolCalls()
            case "tool_call_id": toolCallID = try reader.stringIfString(depth: 3)
            case "name": name = try reader.stringIfString(depth: 3)
            case "refusal": refusal = try reader.stringIfString(depth: 3)
            case "reasoning_content", "reasoning", "function_call": throw Unhandled()
            default: _ = try reader.json.parseValue(depth: 3)
            }
        }
        guard let role else { throw Unhandled() }
        var blocks: [Block] = []
        // Sized up front: growing from empty went through the standard library's generic path.
        blocks.reserveCapacity(1 + calls.count + (refusal == nil ? 0 : 1))
        if role == .tool {
            blocks.append(.toolResult(content ?? "", name: name ?? toolCallID.flatMap { toolNames[$0] }))
        } else if let content {
            blocks.append(.text(content))
        }
        if let refusal, !refusal.isEmpty { blocks.append(.text(refusal)) }
        for call in calls {
            if let id = call.id { toolNames[id] = call.name }
            blocks.append(.toolCall(name: call.name, arguments: call.arguments))
        }
        return Turn(role: role, blocks: blocks)
    }

    /// `tool_calls` of the usual shape: `{"id", "type", "function": {"name", "arguments": "…"}}`.
    private mutating func toolCalls() throws -> [(id: String?, name: String, arguments: String)] {
        if try isNull(depth: 3) { return [] }
        var calls: [(id: String?, name: String, arguments: String)] = []
        try forEachElement { reader in
            var id: String?
            var function: (name: String?, arguments: String)?
            try reader.forEachMember { reader, key in
                switch key {
                case "id": id = try reader.stringIfString(depth: 5)
                case "function": function = try reader.function()
                default: _ = try reader.json.parseValue(depth: 5)
                }
            }
            guard let name = function?.name, let arguments = function?.arguments else { throw Unhandled() }
            calls.append((id, name, arguments))
        }
        return calls
    }

    private mutating func function() throws -> (name: String?, arguments: String) {
        var name: String?
        var arguments = ""
        try forEachMember { reader, key in
            switch key {
            case "name": name = try reader.stringIfString(depth: 6)
            // Arguments as an object are serialised by the general path.
            case "arguments": arguments = try reader.stringOrNull(depth: 6) ?? ""
            default: _ = try reader.json.parseValue(depth: 6)
            }
        }
        return (name, arguments)
    }

    /// `tools` as `[{"type": "function", "function": {"name", "description", …}}]`, or null.
    private mutating func toolList() throws -> [ToolDeclaration] {
        if try isNull(depth: 1) { return [] }
        var tools: [ToolDeclaration] = []
        try forEachElement { reader in
            var type: String?
            var function: (name: String?, description: String?)?
            try reader.forEachMember { reader, key in
                switch key {
                case "type": type = try reader.stringIfString(depth: 3)
                case "function":
                    var name: String?
                    var description: String?
                    try reader.forEachMember { reader, key in
                        switch key {
                        case "name": name = try reader.stringIfString(depth: 4)
                        case "description": description = try reader.stringIfString(depth: 4)
                        default: _ = try reader.json.parseValue(depth: 4)
                        }
                    }
                    function = (name, description)
                // Any other key (Anthropic's `input_schema`, a name beside no `function`) is the general path's.
                default: throw Unhandled()
                }
            }
            guard let function, let name = function.name ?? type else { throw Unhandled() }
            tools.append(ToolDeclaration(name: name, description: function.description ?? ""))
        }
        return tools
    }

    /// A string value, or nil for any other value: what `value?.string` gives on the tree.
    private mutating func stringIfString(depth: Int) throws -> String? {
        if json.peek() == UInt8(ascii: "\"") { return try json.parseString() }
        _ = try json.parseValue(depth: depth)
        return nil
    }

    /// A string, or nil for null; any other value is the general path's.
    private mutating func stringOrNull(depth: Int) throws -> String? {
        if json.peek() == UInt8(ascii: "\"") { return try json.parseString() }
        guard try isNull(depth: depth) else { throw Unhandled() }
        return nil
    }

    /// Takes a null if one comes next.
    private mutating func isNull(depth: Int) throws -> Bool {
        guard json.peek() == UInt8(ascii: "n") else { return false }
        return try json.parseValue(depth: depth).isNull
    }

    /// Keys and roles nearly every message has, matched as bytes: building a String for each
    /// cost more than reading the structure around it.
    private static let frequentKeys: [(spelling: StaticString, key: String)] = (["role", "content"] as [StaticString]).map { ($0, $0.description) }
    private static let frequentRoles: [(spelling: StaticString, role: Role)] = (["user", "assistant", "system"] as [StaticString]).map {
        ($0, try! OpenAIChatReader.role($0.description, at: ""))
    }

    private mutating func forEachMember(_ body: (inout OpenAIChatFastReader, String) throws -> Void) throws {
        guard json.take(UInt8(ascii: "{")) else { throw Unhandled() }
        if json.take(UInt8(ascii: "}")) { return }
        repeat {
            guard json.peek() == UInt8(ascii: "\"") else { throw Unhandled() }
            let key = try Self.frequentKeys.first { json.take($0.spelling) }?.key ?? json.parseString()
            guard json.take(UInt8(ascii: ":")) else { throw Unhandled() }
            json.skipWhitespace()
            try body(&self, key)
        } while json.take(UInt8(ascii: ","))
        guard json.take(UInt8(ascii: "}")) else { throw Unhandled() }
    }

    private mutating func forEachElement(_ body: (inout OpenAIChatFastReader) throws -> Void) throws {
        guard json.take(UInt8(ascii: "[")) else { throw Unhandled() }
        if json.take(UInt8(ascii: "]")) { return }
        repeat {
            json.skipWhitespace()
            try body(&self)
        } while json.take(UInt8(ascii: ","))
        guard json.take(UInt8(ascii: "]")) else { throw Unhandled() }
    }
}
