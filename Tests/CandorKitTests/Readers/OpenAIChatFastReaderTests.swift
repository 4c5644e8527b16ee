import Testing
@testable import CandorKit

/// The direct reader of common OpenAI chat records must give exactly what the general path
/// (parse, dispatch, read) gives, and leave every record it does not fully handle to that path.
@Suite struct OpenAIChatFastReaderTests {
    static let source = Source(file: "corpus.jsonl", record: 7, line: 7, offset: 1200)

    /// Records the direct reader reads itself.
    static let commonShapes = [
        #"{"id": "a1", "messages": [{"role": "user", "content": "Hi \"there\" \\ \/ \b\f\n\r\t \u00e9 caf\u00e9 日本"}, {"role": "assistant", "content": "Noted."}]}"#,
        #"{"id": "pair", "messages": [{"role": "user", "content": "\ud83d\ude00 lone \ud800 x \udc00 y \ud800\u0041"}]}"#,
        #"{"messages":[{"role":"user","content":""},{"role":"assistant","content":null}]}"#,
        #"{"id": "", "messages": [{"role": "user", "content": "an empty id is still the id"}]}"#,
        #"{"id": "", "conversation_id": "c9", "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"uuid": "u-1", "model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": 5, "model": 3, "messages": [{"role": "user", "content": "a number id is no id"}]}"#,
        #"{"id": "first", "id": "last", "messages": [{"role": "user", "content": "a", "content": "b", "role": "assistant"}]}"#,
        #"{"id": "dev", "model": null, "messages": [{"role": "developer", "content": "Tools: web_fetch, python\nAvailable tools: search and calculator"}, {"role": "assistant", "content": "I can't open links."}]}"#,
        #"{"id": "calls", "messages": [{"role": "system", "content": "You have access to the following tools: browser"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "web_search", "arguments": "{\"q\": 1}"}}]}, {"role": "tool", "tool_call_id": "call_1", "content": "result"}, {"role": "tool", "tool_call_id": "unknown", "content": null}, {"role": "function", "name": "calc", "content": "4"}], "tools": [{"type": "function", "function": {"name": "web_search", "description": "Search", "parameters": {"type": "object", "properties": {"q": {"minLength": 1.5e3}}, "x": [true, false, null]}}}, {"type": "code_interpreter", "function": {}}]}"#,
        #"{"id": "nulls", "tools": null, "messages": [{"role": "assistant", "tool_calls": null, "content": "hi", "refusal": null}, {"role": "assistant", "content": "x", "tool_calls": [{"id": "c", "function": {"name": "f", "arguments": null}}], "refusal": "I won't."}]}"#,
        #"  {  "id" : "ws" ,"messages" :[ { "role" :"user" , "content":"x" } ] , "model":"m1"  }  "#,
        #"{"\u0069d": "escaped-key", "metadata": {"a": [1, 2]}, "created": 1700000000, "messages": [{"role": "user", "content": "x", "name": "bob", "weight": 1}]}"#,
        #"{"id": "other", "conversations": [{"value": "no from, so not ShareGPT"}], "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "prompt", "messages": [{"role": "system", "content": "Line one\r\n- Tools: `web_fetch`, python (beta)\u2028functions: a; b and c"}, {"role": "user", "content": "x"}]}"#,
    ]

    /// Records left to the general path, each for a reason the direct reader does not handle.
    static let otherShapes = [
        #"{"id": "parts", "messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]}"#,
        #"{"id": "thinking", "messages": [{"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm"}]}]}"#,
        #"{"id": "reasoning", "messages": [{"role": "assistant", "content": "x", "reasoning_content": "because"}]}"#,
        #"{"id": "legacy", "messages": [{"role": "assistant", "content": null, "function_call": {"name": "f", "arguments": "{}"}}]}"#,
        #"{"id": "object-arguments", "messages": [{"role": "assistant", "content": "", "tool_calls": [{"id": "c", "function": {"name": "f", "arguments": {"a": 1}}}]}]}"#,
        #"{"id": "nameless-call", "messages": [{"role": "assistant", "content": "hi", "tool_calls": [{"type": "function", "function": {"arguments": "{}"}}]}]}"#,
        #"{"id": "anthropic-tools", "tools": [{"name": "get", "input_schema": {"type": "object"}}], "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "functions", "functions": [{"name": "calc"}], "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "choice", "messages": [{"role": "user", "content": "x"}], "choices": [{"message": {"role": "assistant", "content": "Noted."}}]}"#,
        #"{"request": {"messages": [{"role": "user", "content": "x"}]}, "response": {"id": "r1", "choices": [{"message": {"content": "y"}}]}}"#,
        #"{"id": "twice", "messages": [{"role": "user", "content": "a"}], "messages": [{"role": "user", "content": "b"}]}"#,
        #"{"id": "broken", "messages": [{"role": "user", "content": "x"}"#,
        #"{"id": "bad-escape", "messages": [{"role": "user", "content": "x\q"}]}"#,
        #"{"id": "spaced-null", "messages": [{"role": "user", "content": n u l l}]}"#,
        #"{"id": "robot", "messages": [{"role": "robot", "content": "x"}]}"#,
        #"{"id": "no-role", "messages": [{"content": "x"}]}"#,
        #"{"id": "none", "messages": []}"#,
        #"{"id": "no-messages", "model": "m"}"#,
        #"{"id": "number", "messages": [{"role": "user", "content": 5}]}"#,
        #"{"id": "trailing", "messages": [{"role": "user", "content": "x"}]} x"#,
        #"[{"role": "user", "content": "an array record"}]"#,
        "{\"id\": \"control\", \"messages\": [{\"role\": \"user\", \"content\": \"tab\there\"}]}",
        #"{"id": "deep", "messages": [{"role": "user", "content": "x"}], "meta": "# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}",
    ]

    /// Records with a key another reader recognises: theirs when the format is sniffed,
    /// OpenAI chat when the format is given.
    static let shapesOtherReadersClaim = [
        #"{"id": "system", "system": "Be terse.", "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "inspect", "epoch": 1, "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "sharegpt", "conversations": [{"from": "human", "value": "hi"}], "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "message", "type": "message", "messages": [{"role": "user", "content": "x"}]}"#,
        #"{"id": "export", "mapping": {}, "messages": [{"role": "user", "content": "x"}]}"#,
    ]

    static func outcomes(_ record: String, format: InputFormat) -> (direct: [ReadOutcome], general: [ReadOutcome], handled: Bool) {
        let reading = TranscriptReading(format: format)
        return Array(record.utf8).withUnsafeBufferPointer { bytes in
            (reading.readRecord(bytes, source: source), reading.parseAndDispatch(bytes, source: source),
             OpenAIChatFastReader.transcript(from: bytes, source: source, format: format) != nil)
        }
    }

    @Test(arguments: commonShapes, [InputFormat.auto, .openAIChat])
    func commonRecordsAreReadDirectlyExactlyAsTheGeneralPathReadsThem(record: String, format: InputFormat) {
        let (direct, general, handled) = Self.outcomes(record, format: format)
        #expect(handled)
        #expect(direct == general)
    }

    @Test(arguments: otherShapes, [InputFormat.auto, .openAIChat])
    func otherRecordsAreLeftToTheGeneralPath(record: String, format: InputFormat) {
        let (direct, general, handled) = Self.outcomes(record, format: format)
        #expect(!handled)
        #expect(direct == general)
    }

    @Test(arguments: shapesOtherReadersClaim)
    func aRecordAnotherReaderClaimsIsLeftToTheDispatchUnlessTheFormatIsGiven(record: String) {
        let sniffed = Self.outcomes(record, format: .auto)
        #expect(!sniffed.handled)
        #expect(sniffed.direct == sniffed.general)
        #expect(sniffed.direct.transcripts.first?.format != "openai-chat")
        let given = Self.outcomes(record, format: .openAIChat)
        #expect(given.handled)
        #expect(given.direct == given.general)
    }

    /// Every record with one byte deleted or replaced by a structural, escape or non-ASCII
    /// byte: whichever route takes each, the outcome is the general path's.
    @Test(arguments: commonShapes)
    func damagedRecordsReadTheSameOnEitherRoute(record: String) {
        let original = Array(record.utf8)
        let replacements: [UInt8?] = [nil, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), 0xC3, 0xFF]
        var mismatches: [String] = []
        for position in original.indices {
            for replacement in replacements {
                var damaged = original
                if let replacement { damaged[position] = replacement } else { damaged.remove(at: position) }
                let format: InputFormat = position % 2 == 0 ? .auto : .openAIChat
                let reading = TranscriptReading(format: format)
                let same = damaged.withUnsafeBufferPointer {
                    reading.readRecord($0, source: Self.source) == reading.parseAndDispatch($0, source: Self.source)
                }
                if !same { mismatches.append(String(decoding: damaged, as: UTF8.self)) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test func onlyAutoAndOpenAIChatTakeTheDirectRoute() {
        let record = #"{"id": "s", "messages": [{"role": "user", "content": "x"}]}"#
        let (direct, general, _) = Self.outcomes(record, format: .anthropicMessages)
        #expect(direct == general)
        #expect(direct.transcripts.first?.format == "anthropic-messages")
    }

    @Test func theDirectTranscriptCarriesIdModelToolsAndToolNames() throws {
        let record = Self.commonShapes[9].replacingOccurrences(of: "\"id\": \"calls\", ", with: "\"model\": \"m\", ")
        let transcript = try #require(Self.outcomes(record, format: .auto).direct.transcripts.first)
        #expect(transcript.id == Self.source.description)
        #expect(transcript.model == "m")
        #expect(transcript.declaredTools.map(\.name) == ["web_search", "code_interpreter", "browser"])
        #expect(transcript.turns[2].blocks == [.toolResult("result", name: "web_search")])
        #expect(transcript.turns[3].blocks == [.toolResult("", name: nil)])
    }

    @Test func surrogatePairsDecodeAndLoneSurrogatesBecomeReplacementCharacters() throws {
        let transcript = try #require(Self.outcomes(Self.commonShapes[1], format: .auto).direct.transcripts.first)
        #expect(transcript.turns[0].blocks[0].text == "😀 lone \u{FFFD} x \u{FFFD} y \u{FFFD}A")
    }

    @Test func brokenJSONKeepsItsLocatedError() throws {
        let record = #"{"id": "b", "messages": [{"role": "user", "content": "x"}"#
        let error = try #require(Self.outcomes(record, format: .auto).direct.errors.first)
        #expect(error.offset == Self.source.offset! + record.utf8.count)
        #expect(error.expected == "',' or ']' in array, found end of input")
    }

    @Test func anOversizedRecordIsAnErrorOnEitherRoute() throws {
        let record = #"{"id": "big", "messages": [{"role": "user", "content": "\#(String(repeating: "a", count: 200))"}]}"#
        let outcomes = Array(record.utf8).withUnsafeBufferPointer {
            TranscriptReading(maximumRecordBytes: 100).readRecord($0, source: Self.source)
        }
        let error = try #require(outcomes.errors.first)
        #expect(error.expected.hasPrefix("a record of at most 100 bytes"))
    }
}
