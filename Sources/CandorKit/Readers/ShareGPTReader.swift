/// ShareGPT-style fine-tuning data: `{"conversations": [{"from": "human", "value": …}, …]}`,
/// one object per line or a JSON array of them. Speakers: `human`/`user`, `gpt`/`assistant`
/// (and other model names), `system`, and for tool use `function_call` (the assistant
/// calling: a JSON `{"name", "arguments"}`) and `observation`/`tool` (the result). A
/// top-level `tools` list (JSON text or an array) declares the tools.
public struct ShareGPTReader: JSONTranscriptReader {
    public static let format = InputFormat.shareGPT

    static let roles: [String: Role] = [
        "human": .user, "user": .user,
        "gpt": .assistant, "assistant": .assistant, "chatgpt": .assistant, "bard": .assistant, "bing": .assistant,
        "claude": .assistant, "model": .assistant,
        "system": .system,
        "tool": .tool, "observation": .tool, "function_response": .tool, "ipython": .tool,
    ]

    /// An empty `conversations` list is this format too: an empty conversation, not an unknown object.
    public static func accepts(_ record: JSONObject) -> Bool {
        guard let conversations = record["conversations"]?.array else { return false }
        return conversations.first.map { $0["from"] != nil } ?? true
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        var turns: [Turn] = []
        if let system = record["system"]?.string, !system.isEmpty { turns.append(Turn(role: .system, blocks: [.text(system)])) }
        for (index, message) in try JSONAccess.array(record["conversations"], at: "conversations").enumerated() {
            let path = "conversations[\(index)]"
            let object = try JSONAccess.object(message, at: path)
            let from = try JSONAccess.optionalString(object["from"], at: "\(path).from")
            guard let value = try JSONAccess.optionalString(object["value"], at: "\(path).value") else {
                throw RecordProblem("\(path).value", expected: "the message text as a string")
            }
            if from == "function_call" {
                let call = try? JSONParser.parse(value)
                let name = call?["name"]?.string ?? "function"
                let arguments = call.map { JSONAccess.argumentsText($0["arguments"] ?? $0["parameters"]) } ?? value
                turns.append(Turn(role: .assistant, blocks: [.toolCall(name: name, arguments: arguments)]))
                continue
            }
            guard let role = from.flatMap({ roles[$0.lowercased()] }) else {
                throw RecordProblem("\(path).from", expected: "a speaker of human, gpt, system, tool, function_call or observation, found \(from.map { "'\($0)'" } ?? "none")")
            }
            turns.append(Turn(role: role, blocks: [role == .tool ? .toolResult(value) : .text(value)]))
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "conversations") }
        let tools = declaredTools(record["tools"])
            + SystemPromptTools.declared(in: turns)
        let id = JSONAccess.recordID(record) ?? source.description
        return [Transcript(id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools)]
    }

    /// Tools as an array of definitions or as JSON text holding one.
    static func declaredTools(_ value: JSONValue?) -> [ToolDeclaration] {
        let list = value?.array ?? value?.string.flatMap { try? JSONParser.parse($0) }?.array ?? []
        return list.compactMap { entry in
            let definition = entry["function"] ?? entry
            return definition["name"]?.string.map { ToolDeclaration(name: $0, description: definition["description"]?.string ?? "") }
        }
    }
}
