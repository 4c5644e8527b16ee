/// inspect_ai evaluation logs. The JSON log holds `eval` (the task) and `samples`, each a
/// conversation; a `.eval` log is a ZIP whose `samples/*.json` entries are single samples,
/// which this reader also takes. Messages carry `content` as a string or typed parts (text,
/// reasoning, images …), assistant `tool_calls`, and tool messages naming their `function`.
/// The tools offered come from the sample's model events.
public struct InspectLogReader: JSONTranscriptReader {
    public static let format = InputFormat.inspectLog

    public static func accepts(_ record: JSONObject) -> Bool {
        (record["samples"] != nil && record["eval"] != nil) || (record["messages"] != nil && record["epoch"] != nil)
    }

    public static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript] {
        [try sample(record, path: "", source: source)]
    }

    /// One outcome per sample, so a damaged sample costs only itself.
    public static func outcomes(from record: JSONObject, source: Source) -> [ReadOutcome] {
        guard record["samples"] != nil else {
            do {
                return [.transcript(try sample(record, path: "", source: source))]
            } catch {
                return [.failure(ReadError(at: source, path: error.path, expected: error.expected, conversation: sampleID(record), kind: error.kind))]
            }
        }
        guard case .array(let samples)? = record["samples"] else {
            return [.failure(ReadError(at: source, path: "samples", expected: "an array of samples"))]
        }
        let task = record["eval"]?["task"]?.string
        return samples.enumerated().map { index, value in
            var sampleSource = source
            sampleSource.record = index + 1
            return outcome(ofSample: value, index: index, task: task, source: sampleSource)
        }
    }

    /// One sample of a log's `samples`, `index` from 0, as a transcript or a located failure.
    static func outcome(ofSample value: JSONValue, index: Int, task: String?, source: Source) -> ReadOutcome {
        let path = "samples[\(index)]"
        do throws(RecordProblem) {
            var transcript = try sample(JSONAccess.object(value, at: path), path: path + ".", source: source)
            if let task { transcript.id = "\(task)/\(transcript.id)" }
            return .transcript(transcript)
        } catch {
            return .failure(ReadError(
                at: source, path: error.path, expected: error.expected, conversation: value.object.flatMap(sampleID), kind: error.kind
            ))
        }
    }

    /// The samples of a JSON log that does not parse whole (cut or damaged), up to the
    /// damage: the members before `samples` (`eval` among them, as inspect_ai writes it)
    /// are parsed one by one and `samples` is read element by element. `damage` is the
    /// whole document's error, reported too when it lies past the samples. Nil when the
    /// bytes are not such a log or the damage comes before its samples.
    static func samplesBefore(
        damage: ReadError?, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, isCut: Bool, origin: Source, reading: TranscriptReading
    ) -> [ReadOutcome]? {
        var parser = JSONParser(bytes: UnsafeBufferPointer(rebasing: bytes[start...]))
        guard parser.take(UInt8(ascii: "{")) else { return nil }
        var task: String?
        var sawEval = false
        while parser.peek() == UInt8(ascii: "\""), let key = try? parser.parseString(), parser.take(UInt8(ascii: ":")) {
            if key == "samples" {
                guard sawEval, parser.peek() == UInt8(ascii: "[") else { return nil }
                return samples(in: bytes, from: start + parser.offset, isCut: isCut, task: task, damage: damage, origin: origin, reading: reading)
            }
            guard parser.peek() != nil, let value = try? parser.parseValue(depth: 1) else { return nil }
            if key == "eval" {
                sawEval = true
                task = value["task"]?.string
            }
            guard parser.take(UInt8(ascii: ",")) else { return nil }
        }
        return nil
    }

    private static func samples(
        in bytes: UnsafeBufferPointer<UInt8>, from arrayStart: Int, isCut: Bool, task: String?, damage: ReadError?, origin: Source,
        reading: TranscriptReading
    ) -> [ReadOutcome] {
        var elements = JSONArrayElements(
            start: arrayStart, line: TranscriptReading.lineNumber(of: arrayStart, in: bytes), maximumElementBytes: reading.maximumRecordBytes,
            isWholeInput: false
        ) { (try? JSONParser.parse($0))?["messages"] != nil }
        var outcomes: [ReadOutcome] = []
        while case .item(let item) = elements.next(bytes, base: 0, atEnd: !isCut) {
            guard case .element(let range) = item.content, let record = item.record else {
                outcomes += reading.read(item, in: bytes, base: 0, origin: origin)
                continue
            }
            var source = origin
            (source.record, source.line, source.offset) = (record, item.line, item.offset)
            do {
                let value = try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range]))
                outcomes.append(outcome(ofSample: value, index: record - 1, task: task, source: source))
            } catch {
                outcomes.append(.failure(ReadError(at: source, offset: item.offset + error.offset, expected: error.expected, kind: .damaged)))
            }
        }
        if let damage, let closedAt = elements.closedAt, (damage.offset ?? 0) >= closedAt { outcomes.append(.failure(damage)) }
        return outcomes
    }

    static func sampleID(_ sample: JSONObject) -> String? {
        let id: String? = switch sample["id"] {
        case .string(let text)?: text
        case .number(let number)?: JSONText.formatNumber(number)
        default: nil
        }
        guard let id else { return nil }
        return sample["epoch"]?.number.map { "\(id)#\(JSONText.formatNumber($0))" } ?? id
    }

    static func sample(_ sample: JSONObject, path prefix: String, source: Source) throws(RecordProblem) -> Transcript {
        var turns: [Turn] = []
        var warnings: [RecordProblem] = []
        for (index, message) in try JSONAccess.array(sample["messages"], at: "\(prefix)messages").enumerated() {
            let path = "\(prefix)messages[\(index)]"
            turns.append(try turn(JSONAccess.object(message, at: path), path: path, warnings: &warnings))
        }
        if turns.isEmpty { throw RecordProblem.emptyConversation(at: "\(prefix)messages") }
        var toolNames: Set<String> = []
        for event in sample["events"]?.array ?? [] where event["event"]?.string == "model" {
            for tool in event["tools"]?.array ?? [] {
                if let name = tool["name"]?.string { toolNames.insert(name) }
            }
        }
        let tools = toolNames.sorted().map { ToolDeclaration(name: $0) }
            + SystemPromptTools.declared(in: turns)
        let id = sample["uuid"]?.string ?? sampleID(sample) ?? source.description
        return Transcript(id: id, format: format.rawValue, source: source, turns: turns, declaredTools: tools, warnings: warnings)
    }

    static func turn(_ message: JSONObject, path: String, warnings: inout [RecordProblem]) throws(RecordProblem) -> Turn {
        let role = try JSONAccess.role(message["role"], at: "\(path).role")
        var blocks = try contentBlocks(message["content"], path: "\(path).content", warnings: &warnings)
        if role == .tool {
            var text = blocks.filter { $0.kind == .text }.map(\.text).joined(separator: "\n")
            if let error = message["error"]?["message"]?.string { text = "error: " + error + (text.isEmpty ? "" : "\n" + text) }
            blocks = [.toolResult(text, name: message["function"]?.string)] + blocks.filter { $0.kind != .text }
        }
        if let calls = message["tool_calls"], !calls.isNull {
            for (index, call) in try JSONAccess.array(calls, at: "\(path).tool_calls").enumerated() {
                guard let name = call["function"]?.string ?? call["function"]?["name"]?.string else {
                    throw RecordProblem("\(path).tool_calls[\(index)].function", expected: "a tool name")
                }
                blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(call["arguments"])))
            }
        }
        return Turn(role: role, blocks: blocks)
    }

    static func contentBlocks(_ value: JSONValue?, path: String, warnings: inout [RecordProblem]) throws(RecordProblem) -> [Block] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return text.isEmpty ? [] : [.text(text)]
        case .array(let parts)?:
            var blocks: [Block] = []
            for (index, part) in parts.enumerated() {
                let partPath = "\(path)[\(index)]"
                let type = part["type"]?.string ?? part.typeName
                switch type {
                case "text":
                    guard let text = part["text"]?.string else { throw RecordProblem("\(partPath).text", expected: "the text of a text part") }
                    blocks.append(.text(text))
                case "reasoning":
                    let isRedacted: Bool = if case .bool(true)? = part["redacted"] { true } else { false }
                    let text = isRedacted ? (part["summary"]?.string ?? "") : (part["reasoning"]?.string ?? "")
                    blocks.append(Block(kind: .reasoning, text: text, name: isRedacted ? "redacted" : nil))
                case "tool_use":
                    // A provider-side tool (web search): the call and its result in one part.
                    let name = part["name"]?.string ?? part["tool_type"]?.string ?? "tool"
                    blocks.append(.toolCall(name: name, arguments: JSONAccess.argumentsText(part["arguments"])))
                    blocks.append(.toolResult(JSONAccess.argumentsText(part["result"]), name: name))
                case "image", "audio", "video", "document", "data":
                    blocks.append(.attachment(part["filename"]?.string ?? type, name: type))
                default:
                    blocks.append(JSONAccess.unknownBlock(type: type, part: part, path: "\(partPath).type", warnings: &warnings))
                }
            }
            return blocks
        case let other?:
            throw RecordProblem(path, expected: "a string or an array of content parts, found \(other.typeName)")
        }
    }
}
