/// A reader for one kind of JSON record. `TranscriptReading` tries each in turn and
/// hands the record to the first that accepts it.
public protocol JSONTranscriptReader: Sendable {
    static var format: InputFormat { get }
    /// Whether the record has this format's shape; cheap, looks at keys only.
    static func accepts(_ record: JSONObject) -> Bool
    static func transcripts(from record: JSONObject, source: Source) throws(RecordProblem) -> [Transcript]
    /// Transcripts or located failures; a format holding many conversations in one record
    /// (an evaluation log) overrides this so one bad conversation does not cost the others.
    static func outcomes(from record: JSONObject, source: Source) -> [ReadOutcome]
}

extension JSONTranscriptReader {
    public static func outcomes(from record: JSONObject, source: Source) -> [ReadOutcome] {
        do {
            return try transcripts(from: record, source: source).map(ReadOutcome.transcript)
        } catch {
            return [.failure(ReadError(at: source, path: error.path, expected: error.expected, conversation: JSONAccess.recordID(record), kind: error.kind))]
        }
    }
}

/// Typed access to JSON with problems that name the path they occurred at.
enum JSONAccess {
    // Paths are autoclosures: they are spelled out only for a problem, not for every value read.
    static func array(_ value: JSONValue?, at path: @autoclosure () -> String) throws(RecordProblem) -> [JSONValue] {
        guard let value else { throw RecordProblem(path(), expected: "an array") }
        guard case .array(let elements) = value else { throw RecordProblem(path(), expected: "an array, found \(value.typeName)") }
        return elements
    }

    static func object(_ value: JSONValue, at path: @autoclosure () -> String) throws(RecordProblem) -> JSONObject {
        guard case .object(let object) = value else { throw RecordProblem(path(), expected: "an object, found \(value.typeName)") }
        return object
    }

    /// A string, or nil for absent or null; anything else is a problem.
    static func optionalString(_ value: JSONValue?, at path: @autoclosure () -> String) throws(RecordProblem) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw RecordProblem(path(), expected: "a string, found \(other.typeName)")
        }
    }

    /// A role named exactly as Candor names it (system, user, assistant, tool); any other
    /// speaker is a problem, since misattributed words would be audited as the wrong party's.
    static func role(_ value: JSONValue?, at path: @autoclosure () -> String) throws(RecordProblem) -> Role {
        let text = try optionalString(value, at: path())
        guard let role = text.flatMap(Role.init(rawValue:)) else {
            throw RecordProblem(path(), expected: "a role of system, user, assistant or tool, found \(text.map { "'\($0)'" } ?? "none")")
        }
        return role
    }

    /// Tool-call arguments as text: a JSON string as it is, any other value serialised.
    static func argumentsText(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let text)?: text
        case let other?: JSONText.serialize(other)
        }
    }

    /// The text inside a value: a string as it is; the `text` (or string) of each element of
    /// an array, one per line; an object's `text`. For tool results and attachments.
    static func plainText(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .array(let parts)?: parts.map { $0.string ?? $0["text"]?.string ?? "" }.filter { !$0.isEmpty }.joined(separator: "\n")
        case .object(let object)?: object["text"]?.string ?? ""
        default: ""
        }
    }

    /// A content block of a type the reader does not know, kept as an attachment holding
    /// whatever text it has, with a warning: never dropped, never audited as speech.
    static func unknownBlock(type: String, part: JSONValue, path: String, warnings: inout [RecordProblem]) -> Block {
        warnings.append(RecordProblem(path, expected: "a known content type, found '\(type)' (kept as an attachment, not audited)"))
        let text = part.string ?? plainText(part["text"] ?? part["parts"] ?? part["content"])
        return .attachment(text, name: "unknown:\(type)")
    }

    /// The record's own id, where it has one.
    static func recordID(_ record: JSONObject) -> String? {
        for key in ["id", "conversation_id", "uuid"] {
            if let id = record[key]?.string, !id.isEmpty { return id }
        }
        return nil
    }
}
