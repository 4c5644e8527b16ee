import CandorKit

/// Splits a server-sent-events byte stream into whole events, however the bytes were chunked.
struct ServerSentEventSplitter {
    private var pending: [UInt8] = []

    /// Complete events in `bytes` and what came before them, each with its blank-line terminator.
    mutating func events(in bytes: some Sequence<UInt8>) -> [[UInt8]] {
        pending.append(contentsOf: bytes)
        var events: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < pending.count {
            if pending[index] == 0x0A {
                // A blank line ends an event: LF LF, or LF CR LF.
                if index + 1 < pending.count, pending[index + 1] == 0x0A {
                    events.append(Array(pending[start...(index + 1)]))
                    start = index + 2
                    index = start
                    continue
                }
                if index + 2 < pending.count, pending[index + 1] == 0x0D, pending[index + 2] == 0x0A {
                    events.append(Array(pending[start...(index + 2)]))
                    start = index + 3
                    index = start
                    continue
                }
            }
            index += 1
        }
        pending.removeFirst(start)
        return events
    }

    /// Bytes of an event the stream never finished.
    var remainder: [UInt8] { pending }
}

/// Assembles the chat completion a stream of `chat.completion.chunk` events carries, so a
/// stream is audited and logged like a non-streaming response.
struct ChatStreamAssembly {
    enum Event {
        case done
        /// A chunk; `finishes` when it carries a finish reason.
        case chunk(finishes: Bool)
        /// Comments, keep-alives and data that is not JSON: passed through, not read.
        case other
    }

    private(set) var sawDone = false
    private var id: JSONValue?
    private var created: JSONValue?
    private var model: JSONValue?
    private var role = "assistant"
    private var content = ""
    private var sawContent = false
    private var finishReason: JSONValue = .null
    private var toolCalls: [Int: (id: String?, name: String, arguments: String)] = [:]

    mutating func absorb(_ event: [UInt8]) -> Event {
        guard let data = Self.data(of: event) else { return .other }
        if data.elementsEqual("[DONE]".utf8) {
            sawDone = true
            return .done
        }
        guard case .object(let chunk)? = try? JSONParser.parse(data) else { return .other }
        id = id ?? chunk["id"]
        created = created ?? chunk["created"]
        model = model ?? chunk["model"]
        guard let choice = chunk["choices"]?.array?.first(where: { ($0["index"]?.number ?? 0) == 0 }) else { return .chunk(finishes: false) }
        if let delta = choice["delta"] {
            if let text = delta["role"]?.string { role = text }
            if let text = delta["content"]?.string {
                content += text
                sawContent = true
            }
            for call in delta["tool_calls"]?.array ?? [] {
                let index = Int(call["index"]?.number ?? 0)
                var entry = toolCalls[index] ?? (nil, "", "")
                entry.id = entry.id ?? call["id"]?.string
                entry.name += call["function"]?["name"]?.string ?? ""
                entry.arguments += call["function"]?["arguments"]?.string ?? ""
                toolCalls[index] = entry
            }
        }
        if let reason = choice["finish_reason"], !reason.isNull {
            finishReason = reason
            return .chunk(finishes: true)
        }
        return .chunk(finishes: false)
    }

    /// The joined `data:` lines of an event, or nil when it has none.
    static func data(of event: [UInt8]) -> [UInt8]? {
        var lines: [[UInt8]] = []
        for line in event.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = Array(line)
            if line.last == 0x0D { line.removeLast() }
            guard line.starts(with: "data:".utf8) else { continue }
            var value = line.dropFirst(5)
            if value.first == 0x20 { value = value.dropFirst() }
            lines.append(Array(value))
        }
        guard !lines.isEmpty else { return nil }
        return Array(lines.joined(separator: [0x0A]))
    }

    /// The assembled response in the non-streaming shape.
    var response: JSONObject {
        var message: [(key: String, value: JSONValue)] = [("role", .string(role)), ("content", sawContent || toolCalls.isEmpty ? .string(content) : .null)]
        if !toolCalls.isEmpty {
            message.append(("tool_calls", .array(toolCalls.keys.sorted().map { index in
                let call = toolCalls[index]!
                return .object(JSONObject(members: [
                    ("id", call.id.map(JSONValue.string) ?? .null), ("type", .string("function")),
                    ("function", .object(JSONObject(members: [("name", .string(call.name)), ("arguments", .string(call.arguments))]))),
                ]))
            })))
        }
        let choice = JSONObject(members: [("index", .number(0)), ("message", .object(JSONObject(members: message))), ("finish_reason", finishReason)])
        return JSONObject(members: [
            ("id", id ?? .null), ("object", .string("chat.completion")), ("created", created ?? .null),
            ("model", model ?? .null), ("choices", .array([.object(choice)])),
        ])
    }

    /// A chunk in the stream's own id and model, for events the proxy adds.
    func chunk(choices: [JSONValue], extra: [(key: String, value: JSONValue)] = []) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = [
            ("id", id ?? .null), ("object", .string("chat.completion.chunk")), ("created", created ?? .null),
            ("model", model ?? .null), ("choices", .array(choices)),
        ]
        members += extra
        return JSONObject(members: members)
    }

    /// A content delta carrying the notice text.
    func noticeChunk(_ text: String) -> JSONObject {
        chunk(choices: [.object(JSONObject(members: [
            ("index", .number(0)), ("delta", .object(JSONObject(members: [("content", .string(text))]))), ("finish_reason", .null),
        ]))])
    }

    static func event(_ json: String) -> [UInt8] {
        Array("data: \(json)\n\n".utf8)
    }

    static let doneEvent = Array("data: [DONE]\n\n".utf8)
}
