/// Claude.ai data export (`conversations.json`): each conversation has `chat_messages`,
/// each with a `sender` (`human` or `assistant`), plain `text`, and — in newer exports —
/// `content` blocks (text, thinking, tool_use, tool_result), plus uploaded `attachments`
/// (with their extracted text) and `files`. A human message holding only tool results is
/// the tools speaking, so it becomes a tool turn.
public struct ClaudeExportReader: JSONTranscriptReader {
    public static let format = InputFormat.claudeExport

    /// Block types that carry no conversation content (the thinking budget, say).
    static let bookkeepingTypes: Set<String> = ["token_budget"]

    public static func accepts(_ record: JSONObject) -> Bool {
        record["chat_messages"] != nil
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        var turns: [Turn] = []
        var warnings: [RecordProblem] = []
        var toolNames: [String: String] = [:]
        for (index, message) in try JSONAccess.array(record["chat_messages"], at: "chat_messages").enumerated() {
            let path = "chat_messages[\(index)]"
            let object = try JSONAccess.object(message, at: path)
            var role: Role
            switch try JSONAccess.optionalString(object["sender"], at: "\(path).sender") {
            case "human": role = .user
            case "assistant": role = .assistant
            case let other: throw RecordProblem("\(path).sender", expected: "a sender of human or assistant, found \(other.map { "'\($0)'" } ?? "none")")
            }
            var blocks = try contentBlocks(object["content"], path: "\(path).content", toolNames: &toolNames, warnings: &warnings)
            if blocks.isEmpty, let text = try JSONAccess.optionalString(object["text"], at: "\(path).text"), !text.isEmpty {
                blocks.append(.text(text))
            }
            for attachment in object["attachments"]?.array ?? [] {
                blocks.append(.attachment(attachment["extracted_content"]?.string ?? "", name: attachment["file_name"]?.string ?? "attachment"))
            }
            for file in object["files"]?.array ?? [] {
                let name = file["file_name"]?.string ?? ""
                blocks.append(.attachment(name, name: name.isEmpty ? "file" : name))
            }
            if role == .user, !blocks.isEmpty, blocks.allSatisfy({ $0.kind == .toolResult }) { role = .tool }
            turns.append(Turn(role: role, blocks: blocks))
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "chat_messages") }
        let tools = Set(toolNames.values).sorted().map { ToolDeclaration(name: $0) }
        let id = JSONAccess.recordID(record) ?? source.description
        return [Transcript(id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools, warnings: warnings)]
    }

    static func contentBlocks(
        _ value: JSONValue?, path: String, toolNames: inout [String: String], warnings: inout [RecordProblem]
    ) throws(RecordProblem) -> [Block] {
        guard let value, !value.isNull else { return [] }
        var blocks: [Block] = []
        for (index, part) in try JSONAccess.array(value, at: path).enumerated() {
            let partPath = "\(path)[\(index)]"
            let type = part["type"]?.string ?? part.typeName
            switch type {
            case "text":
                guard let text = part["text"]?.string else { throw RecordProblem("\(partPath).text", expected: "the text of a text block") }
                if !text.isEmpty { blocks.append(.text(text)) }
            case "thinking":
                let summaries = part["summaries"]?.array?.compactMap { $0["summary"]?.string } ?? []
                blocks.append(.reasoning(part["thinking"]?.string ?? summaries.joined(separator: "\n")))
            case "tool_use":
                guard let name = part["name"]?.string else { throw RecordProblem("\(partPath).name", expected: "a tool name") }
                if let id = part["id"]?.string { toolNames[id] = name }
                blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(part["input"])))
            case "tool_result":
                let name = part["name"]?.string ?? part["tool_use_id"]?.string.flatMap { toolNames[$0] }
                let isError: Bool = if case .bool(true)? = part["is_error"] { true } else { false }
                let text = JSONAccess.plainText(part["content"])
                blocks.append(.toolResult(isError ? "error: " + text : text, name: name))
            case "image", "document", "voice_note":
                blocks.append(.attachment(part["title"]?.string ?? part["file_name"]?.string ?? type, name: type))
            case _ where bookkeepingTypes.contains(type):
                continue
            default:
                blocks.append(JSONAccess.unknownBlock(type: type, part: part, path: "\(partPath).type", warnings: &warnings))
            }
        }
        return blocks
    }
}
