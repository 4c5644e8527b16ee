/// ChatGPT data export (`conversations.json`): each conversation is a `mapping` of message
/// nodes linked by `parent` and `children`. Edits and regenerations branch the tree; the
/// conversation as the user last saw it is the branch ending at `current_node`, read from
/// the root down. Without `current_node`, the branch ends at the most recent leaf.
///
/// Assistant messages addressed to a `recipient` other than `all` are tool calls (browsing,
/// code, memory); `tool` messages are results, named by their author. Messages flagged
/// `is_visually_hidden_from_conversation` become hidden turns.
public struct ChatGPTExportReader: JSONTranscriptReader {
    public static let format = InputFormat.chatGPTExport

    /// Content types with no prose: kept as attachments without a warning.
    static let mediaTypes: Set<String> = [
        "image_asset_pointer", "audio_asset_pointer", "video_container_asset_pointer",
        "real_time_user_audio_video_asset_pointer", "image", "app_pairing_content", "sonic_webpage",
    ]

    public static func accepts(_ record: JSONObject) -> Bool {
        record["mapping"]?.object != nil
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        guard let mappingValue = record["mapping"] else { throw RecordProblem("mapping", expected: "an object of message nodes") }
        let mapping = try JSONAccess.object(mappingValue, at: "mapping")
        var nodes: [String: JSONObject] = [:]
        for (id, node) in mapping.members {
            nodes[id] = try JSONAccess.object(node, at: "mapping[\"\(id)\"]")
        }
        let current = try JSONAccess.optionalString(record["current_node"], at: "current_node") ?? latestLeaf(mapping)
        var turns: [Turn] = []
        var warnings: [RecordProblem] = []
        for id in try branch(nodes, endingAt: current) {
            guard let message = nodes[id]?["message"], !message.isNull else { continue }
            let path = "mapping[\"\(id)\"].message"
            if let turn = try turn(JSONAccess.object(message, at: path), path: path, warnings: &warnings) {
                turns.append(turn)
            }
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "mapping") }
        let tools = Set(turns.flatMap { $0.blocks.filter { $0.kind == .toolCall }.compactMap(\.name) }).sorted().map { ToolDeclaration(name: $0) }
        let id = JSONAccess.recordID(record) ?? source.description
        return [Transcript(id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools, warnings: warnings)]
    }

    /// Node ids from the root to the branch's end. Parent links are followed with a step
    /// limit, so a cycle in a damaged file is an error rather than a hang.
    static func branch(_ nodes: [String: JSONObject], endingAt current: String?) throws(RecordProblem) -> [String] {
        guard let current else { throw RecordProblem("mapping", expected: "at least one message node") }
        guard nodes[current] != nil else { throw RecordProblem("current_node", expected: "the id of a node in mapping, found '\(current)'") }
        var path: [String] = []
        var id: String? = current
        while let nodeID = id, let node = nodes[nodeID] {
            guard path.count < nodes.count else { throw RecordProblem("mapping[\"\(nodeID)\"].parent", expected: "parent links without a cycle") }
            path.append(nodeID)
            id = node["parent"]?.string
        }
        return path.reversed()
    }

    /// The node no other node names as its parent with the latest message time; the last
    /// such node in the file when times are missing or equal.
    static func latestLeaf(_ mapping: JSONObject) -> String? {
        let parents = Set(mapping.members.compactMap { $0.value["parent"]?.string })
        var latest: (id: String, time: Double)?
        for (id, node) in mapping.members where !parents.contains(id) {
            let time = node["message"]?["create_time"]?.number ?? -.infinity
            if latest == nil || time >= latest!.time { latest = (id, time) }
        }
        return latest?.id
    }

    static func turn(_ message: JSONObject, path: String, warnings: inout [RecordProblem]) throws(RecordProblem) -> Turn? {
        let author = message["author"]
        var role = try JSONAccess.role(author?["role"], at: "\(path).author.role")
        let isHidden: Bool = if case .bool(true)? = message["metadata"]?["is_visually_hidden_from_conversation"] { true } else { false }
        guard let contentValue = message["content"] else { throw RecordProblem("\(path).content", expected: "a content object") }
        let content = try JSONAccess.object(contentValue, at: "\(path).content")
        let type = try JSONAccess.optionalString(content["content_type"], at: "\(path).content.content_type") ?? "text"
        let contentPath = "\(path).content"
        var blocks: [Block]
        switch type {
        case "text", "multimodal_text":
            blocks = try parts(content, path: contentPath, warnings: &warnings)
        case "code", "execution_output", "tether_browsing_display", "tether_quote", "system_error":
            blocks = [.text(toolText(content))]
        case "thoughts":
            if let thoughts = content["thoughts"]?.array {
                blocks = thoughts.map { .reasoning([$0["summary"]?.string, $0["content"]?.string].compactMap { $0 }.joined(separator: "\n")) }
            } else {
                blocks = strings(content).map { .reasoning($0) }
            }
        case "reasoning_recap":
            blocks = (content["content"]?.string.map { [$0] } ?? strings(content)).map { .reasoning($0) }
        case "user_editable_context", "model_editable_context":
            // Custom instructions and saved memory: context the model was given.
            role = .system
            let text = ["user_profile", "user_instructions", "model_set_context"].compactMap { content[$0]?.string }
            blocks = (text.isEmpty ? strings(content) : text).map { .text($0) }
        case _ where mediaTypes.contains(type):
            blocks = [.attachment(content["asset_pointer"]?.string ?? type, name: type)]
        default:
            blocks = [JSONAccess.unknownBlock(type: type, part: contentValue, path: "\(contentPath).content_type", warnings: &warnings)]
        }
        blocks.removeAll { $0.kind != .attachment && $0.text.isEmpty }
        let recipient = message["recipient"]?.string ?? "all"
        if role == .assistant, recipient != "all" {
            let arguments = blocks.map(\.text).joined(separator: "\n")
            blocks = [.toolCall(name: recipient, arguments: arguments)]
        } else if role == .tool {
            let name = author?["name"]?.string
            blocks = [.toolResult(blocks.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n"), name: name)]
        } else if role == .assistant, type == "code" || type == "execution_output" {
            // Code shown to the user is not prose to audit.
            blocks = blocks.map { .attachment($0.text, name: type) }
        }
        guard !blocks.isEmpty else { return nil }
        return Turn(role: role, blocks: blocks, isHidden: isHidden)
    }

    /// `parts` of a text or multimodal message: strings are text; objects are media or
    /// transcribed audio.
    static func parts(_ content: JSONObject, path: String, warnings: inout [RecordProblem]) throws(RecordProblem) -> [Block] {
        guard let partsValue = content["parts"] else { return content["text"]?.string.map { [.text($0)] } ?? [] }
        var blocks: [Block] = []
        for (index, part) in try JSONAccess.array(partsValue, at: "\(path).parts").enumerated() {
            if let text = part.string {
                blocks.append(.text(text))
                continue
            }
            let type = part["content_type"]?.string ?? part.typeName
            switch type {
            case "audio_transcription":
                blocks.append(.text(part["text"]?.string ?? ""))
            case _ where mediaTypes.contains(type):
                blocks.append(.attachment(part["asset_pointer"]?.string ?? type, name: type))
            case "null":
                continue
            default:
                blocks.append(JSONAccess.unknownBlock(type: type, part: part, path: "\(path).parts[\(index)]", warnings: &warnings))
            }
        }
        return blocks
    }

    static func strings(_ content: JSONObject) -> [String] {
        content["parts"]?.array?.compactMap(\.string) ?? []
    }

    /// The text of a code, browsing or error message: `text`, `result`, or its parts.
    static func toolText(_ content: JSONObject) -> String {
        for key in ["text", "result"] {
            if let text = content[key]?.string, !text.isEmpty { return text }
        }
        return strings(content).joined(separator: "\n")
    }
}
