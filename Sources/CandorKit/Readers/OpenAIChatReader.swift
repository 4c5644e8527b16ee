/// OpenAI Chat Completions: a request (`messages`, `tools`), a request with its response
/// (`choices` beside `messages`, or `{"request": …, "response": …}`), or a bare response.
public struct OpenAIChatReader: JSONTranscriptReader {
    public static let format = InputFormat.openAIChat

    public static func accepts(_ record: JSONObject) -> Bool {
        record["messages"] != nil || record["choices"] != nil || record["request"]?["messages"] != nil
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        let request = record["request"]?.object ?? record
        let response = record["response"]?.object ?? record
        var turns: [Turn] = []
        var toolNames: [String: String] = [:]
        var warnings: [RecordProblem] = []
        if let messages = request["messages"] {
            for (index, message) in try JSONAccess.array(messages, at: "messages").enumerated() {
                let path = { "messages[\(index)]" }
                turns.append(try turn(from: JSONAccess.object(message, at: path()), path: path, toolNames: &toolNames, warnings: &warnings))
            }
        }
        if let choices = response["choices"]?.array, let first = choices.first {
            let path = { "choices[0].message" }
            guard let message = first["message"] ?? first["delta"] else { throw RecordProblem(path(), expected: "a message in the first choice") }
            turns.append(try turn(
                from: JSONAccess.object(message, at: path()), path: path, toolNames: &toolNames, warnings: &warnings, defaultRole: .assistant
            ))
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "messages") }
        let tools = try declaredTools(request)
            + SystemPromptTools.declared(in: turns)
        let id = JSONAccess.recordID(record) ?? response["id"]?.string ?? source.description
        return [Transcript(
            id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools,
            model: response["model"]?.string ?? request["model"]?.string, warnings: warnings
        )]
    }

    static func declaredTools(_ request: JSONObject) throws(RecordProblem) -> [ToolDeclaration] {
        var tools: [ToolDeclaration] = []
        for (key, nested) in [("tools", true), ("functions", false)] {
            guard let list = request[key], !list.isNull else { continue }
            for (index, entry) in try JSONAccess.array(list, at: key).enumerated() {
                let definition = nested ? (entry["function"] ?? entry) : entry
                guard let name = definition["name"]?.string ?? entry["type"]?.string else {
                    throw RecordProblem("\(key)[\(index)]", expected: "a tool with a name")
                }
                tools.append(ToolDeclaration(name: name, description: definition["description"]?.string ?? ""))
            }
        }
        return tools
    }

    static func role(_ value: String?, at path: @autoclosure () -> String) throws(RecordProblem) -> Role {
        switch value {
        case "system", "developer": .system
        case "user": .user
        case "assistant": .assistant
        case "tool", "function": .tool
        default: throw RecordProblem(path(), expected: "a role of system, developer, user, assistant, tool or function, found \(value.map { "'\($0)'" } ?? "none")")
        }
    }

    static func turn(
        from message: JSONObject, path: () -> String, toolNames: inout [String: String], warnings: inout [RecordProblem],
        defaultRole: Role? = nil
    ) throws(RecordProblem) -> Turn {
        let roleText = try JSONAccess.optionalString(message["role"], at: "\(path()).role")
        let role: Role
        if roleText == nil, let defaultRole {
            role = defaultRole
        } else {
            role = try Self.role(roleText, at: "\(path()).role")
        }
        var blocks: [Block] = []
        for key in ["reasoning_content", "reasoning"] {
            if let reasoning = message[key], let text = reasoningText(reasoning), !text.isEmpty {
                blocks.append(.reasoning(text))
                break
            }
        }
        let content = try contentBlocks(message["content"], path: "\(path()).content", warnings: &warnings)
        if role == .tool {
            let id = message["tool_call_id"]?.string
            let name = message["name"]?.string ?? id.flatMap { toolNames[$0] }
            let text = content.map(\.text).joined(separator: "\n")
            blocks.append(.toolResult(text, name: name))
        } else {
            blocks.append(contentsOf: content)
        }
        if let refusal = message["refusal"]?.string, !refusal.isEmpty { blocks.append(.text(refusal)) }
        if let calls = message["tool_calls"], !calls.isNull {
            for (index, call) in try JSONAccess.array(calls, at: "\(path()).tool_calls").enumerated() {
                let function = call["function"] ?? call
                guard let name = function["name"]?.string else {
                    throw RecordProblem("\(path()).tool_calls[\(index)].function.name", expected: "a tool name")
                }
                if let id = call["id"]?.string { toolNames[id] = name }
                blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(function["arguments"])))
            }
        }
        if let call = message["function_call"]?.object, let name = call["name"]?.string {
            blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(call["arguments"])))
        }
        return Turn(role: role, blocks: blocks)
    }

    /// Reasoning arrives as a string, or as an object with `content`, `text` or `summary`.
    static func reasoningText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .object(let object):
            for key in ["content", "text", "summary"] {
                if let inner = object[key], let text = reasoningText(inner) { return text }
            }
            return nil
        case .array(let parts):
            let texts = parts.compactMap { $0["text"]?.string ?? $0.string }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        default: return nil
        }
    }

    /// String content, or parts: text and refusals as text, images, audio and files as
    /// attachments, and a part of a type not known here kept as an attachment with a warning.
    static func contentBlocks(
        _ value: JSONValue?, path: @autoclosure () -> String, warnings: inout [RecordProblem]
    ) throws(RecordProblem) -> [Block] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return [.text(text)]
        case .array(let parts)?:
            var blocks: [Block] = []
            for (index, part) in parts.enumerated() {
                if let text = part.string {
                    blocks.append(.text(text))
                    continue
                }
                let type = part["type"]?.string ?? "text"
                switch type {
                case "text", "input_text", "output_text", "refusal":
                    guard let text = part["text"]?.string ?? part["refusal"]?.string else {
                        throw RecordProblem("\(path())[\(index)].text", expected: "the text of a \(type) part")
                    }
                    blocks.append(.text(text))
                case "image_url", "input_image", "image":
                    let url = part["image_url"]?["url"]?.string ?? part["image_url"]?.string ?? ""
                    blocks.append(.attachment(url.hasPrefix("data:") ? "inline image" : url, name: "image"))
                case "input_audio", "audio":
                    blocks.append(.attachment("audio", name: "audio"))
                case "file", "input_file":
                    blocks.append(.attachment(part["file"]?["filename"]?.string ?? "file", name: "file"))
                default:
                    blocks.append(JSONAccess.unknownBlock(type: type, part: part, path: "\(path())[\(index)].type", warnings: &warnings))
                }
            }
            return blocks
        case let other?:
            throw RecordProblem(path(), expected: "a string or an array of content parts, found \(other.typeName)")
        }
    }
}
