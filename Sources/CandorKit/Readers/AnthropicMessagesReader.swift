/// Anthropic Messages: `{"system", "tools", "messages"}` with content blocks (`text`,
/// `thinking`, `redacted_thinking`, `tool_use`, `tool_result`, images, documents), a
/// request with its response (`{"request": …, "response": …}`), or a bare response.
/// A top-level system prompt becomes turn 0.
public struct AnthropicMessagesReader: JSONTranscriptReader {
    public static let format = InputFormat.anthropicMessages

    static let anthropicBlockTypes: Set<String> = [
        "thinking", "redacted_thinking", "tool_use", "tool_result", "server_tool_use", "web_search_tool_result", "document",
    ]

    public static func accepts(_ record: JSONObject) -> Bool {
        let request = record["request"]?.object ?? record
        if record["type"]?.string == "message" || record["response"]?["type"]?.string == "message" { return true }
        if request["system"] != nil || request["anthropic_version"] != nil { return request["messages"] != nil }
        if let tools = request["tools"]?.array, tools.contains(where: { $0["input_schema"] != nil }) { return true }
        guard let messages = request["messages"]?.array else { return false }
        return messages.contains { message in
            message["content"]?.array?.contains { part in
                part["type"]?.string.map(anthropicBlockTypes.contains) ?? false
            } ?? false
        }
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        let request = record["request"]?.object ?? record
        var turns: [Turn] = []
        var toolNames: [String: String] = [:]
        var warnings: [RecordProblem] = []
        if let system = request["system"], !system.isNull {
            let blocks = try contentBlocks(system, path: "system", toolNames: &toolNames, warnings: &warnings)
            if !blocks.isEmpty { turns.append(Turn(role: .system, blocks: blocks)) }
        }
        if let messages = request["messages"] {
            for (index, message) in try JSONAccess.array(messages, at: "messages").enumerated() {
                let path = { "messages[\(index)]" }
                let object = try JSONAccess.object(message, at: path())
                let role: Role
                switch try JSONAccess.optionalString(object["role"], at: "\(path()).role") {
                case "user": role = .user
                case "assistant": role = .assistant
                case let other:
                    throw RecordProblem("\(path()).role", expected: "a role of user or assistant, found \(other.map { "'\($0)'" } ?? "none")")
                }
                let blocks = try contentBlocks(object["content"], path: "\(path()).content", toolNames: &toolNames, warnings: &warnings)
                turns.append(Turn(role: role, blocks: blocks))
            }
        }
        let response = record["response"]?.object ?? (record["type"]?.string == "message" ? record : nil)
        if let response {
            turns.append(Turn(
                role: .assistant,
                blocks: try contentBlocks(response["content"], path: "response.content", toolNames: &toolNames, warnings: &warnings)
            ))
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "messages") }
        var tools: [ToolDeclaration] = []
        if let list = request["tools"], !list.isNull {
            for (index, tool) in try JSONAccess.array(list, at: "tools").enumerated() {
                guard let name = tool["name"]?.string ?? tool["type"]?.string else {
                    throw RecordProblem("tools[\(index)].name", expected: "a tool name")
                }
                tools.append(ToolDeclaration(name: name, description: tool["description"]?.string ?? ""))
            }
        }
        tools += SystemPromptTools.declared(in: turns)
        let id = JSONAccess.recordID(record) ?? response?["id"]?.string ?? source.description
        return [Transcript(
            id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools,
            model: response?["model"]?.string ?? request["model"]?.string, warnings: warnings
        )]
    }

    /// Content blocks; a block of a type not known here is kept as an attachment with a warning.
    static func contentBlocks(
        _ value: JSONValue?, path: @autoclosure () -> String, toolNames: inout [String: String], warnings: inout [RecordProblem]
    ) throws(RecordProblem) -> [Block] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [.text(text)]
        case .array(let parts)?:
            var blocks: [Block] = []
            for (index, part) in parts.enumerated() {
                func partPath() -> String { "\(path())[\(index)]" }
                let type = part["type"]?.string ?? ""
                switch type {
                case "text":
                    guard let text = part["text"]?.string else { throw RecordProblem("\(partPath()).text", expected: "the text of a text block") }
                    blocks.append(.text(text))
                case "thinking":
                    blocks.append(.reasoning(part["thinking"]?.string ?? ""))
                case "redacted_thinking":
                    blocks.append(Block(kind: .reasoning, text: "", name: "redacted"))
                case "tool_use", "server_tool_use":
                    guard let name = part["name"]?.string else { throw RecordProblem("\(partPath()).name", expected: "a tool name") }
                    if let id = part["id"]?.string { toolNames[id] = name }
                    blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(part["input"])))
                case "tool_result", "web_search_tool_result":
                    let id = part["tool_use_id"]?.string
                    let inner = try contentBlocks(part["content"], path: "\(partPath()).content", toolNames: &toolNames, warnings: &warnings)
                    let text = inner.map(\.text).joined(separator: "\n")
                    let isError = part["is_error"].map { if case .bool(true) = $0 { true } else { false } } ?? false
                    blocks.append(.toolResult(isError ? "error: " + text : text, name: id.flatMap { toolNames[$0] }))
                case "image":
                    blocks.append(.attachment(part["source"]?["media_type"]?.string ?? "image", name: "image"))
                case "document":
                    blocks.append(.attachment(part["title"]?.string ?? part["source"]?["media_type"]?.string ?? "document", name: "document"))
                default:
                    if let text = part.string {
                        blocks.append(.text(text))
                    } else {
                        blocks.append(JSONAccess.unknownBlock(type: type, part: part, path: "\(partPath()).type", warnings: &warnings))
                    }
                }
            }
            return blocks
        case let other?:
            throw RecordProblem(path(), expected: "a string or an array of content blocks, found \(other.typeName)")
        }
    }
}
