import Foundation
import Testing
@testable import CandorKit

func fixture(_ path: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(path)
    return Array(try Data(contentsOf: url))
}

func readOne(_ bytes: [UInt8], format: InputFormat = .auto) throws -> Transcript {
    let outcomes = TranscriptReading(format: format).read(bytes, file: "fixture")
    guard outcomes.count == 1, case .transcript(let transcript) = outcomes[0] else {
        throw ReadError(file: "fixture", expected: "one transcript, got \(outcomes)")
    }
    return transcript
}

func readOne(_ text: String, format: InputFormat = .auto) throws -> Transcript {
    try readOne(Array(text.utf8), format: format)
}

@Suite struct PlainTextReaderTests {
    @Test func labelsOpenTurnsAndUnlabelledLinesContinueThem() throws {
        let transcript = try readOne("User: first line\nsecond line\nAssistant: answer\n\nmore answer\n")
        #expect(transcript.format == "plain-text")
        #expect(transcript.turns.map(\.role) == [.user, .assistant])
        #expect(transcript.turns[0].blocks[0].text == "first line\nsecond line")
        #expect(transcript.turns[1].blocks[0].text == "answer\n\nmore answer")
    }

    @Test func everyLabelSynonymIsRecognised() throws {
        let users = ["User", "Human", "You", "Me"]
        let assistants = ["Assistant", "AI", "Claude", "ChatGPT", "Gemini", "Copilot", "Model", "Bot"]
        for label in users {
            #expect(try readOne("\(label): hi\nAssistant: hello").turns[0].role == .user, "\(label)")
        }
        for label in assistants {
            #expect(try readOne("User: hi\n\(label): hello").turns[1].role == .assistant, "\(label)")
        }
        #expect(try readOne("system: be brief\nUSER: hi").turns.map(\.role) == [.system, .user])
    }

    @Test func copiedChatWithBoldLabelsReasoningAndToolLines() throws {
        let bytes = try fixture("plain/claude-copy.txt")
        let transcript = try readOne(bytes)
        #expect(transcript.turns.map(\.role) == [.user, .assistant, .user])
        let assistant = transcript.turns[1]
        #expect(assistant.blocks.map(\.kind) == [.reasoning, .toolCall, .toolCall, .text])
        #expect(assistant.blocks[0].text.hasPrefix("The user renamed main.swift"))
        #expect(assistant.blocks[0].text.contains("Renaming main.swift removes"))
        let calls = assistant.blocks.filter { $0.kind == .toolCall }
        #expect(calls.map(\.name) == ["web_search", "code_execution"])
        #expect(calls[1].arguments == "swift build 2>&1 | tail -1")
        #expect(assistant.blocks.last?.text == "That confirms it: the linker can't find _main.")
        #expect(transcript.turns[0].blocks[0].text.contains("“undefined symbol _main”"))
    }

    @Test func reasoningBeforeTheAnswerAttachesToTheNextAssistantTurn() throws {
        let transcript = try readOne("User: Is 91 prime?\nThinking: 91 = 7 × 13.\nAssistant: No, 91 = 7 × 13.")
        #expect(transcript.turns.count == 2)
        #expect(transcript.turns[1].blocks.map(\.kind) == [.reasoning, .text])
        #expect(transcript.turns[1].blocks[0].text == "91 = 7 × 13.")
    }

    @Test func blockOffsetsPointIntoTheFile() throws {
        let text = "User: héllo\nAssistant: “Noted.” — fine"
        let transcript = try readOne(text)
        let block = transcript.turns[1].blocks[0]
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[block.sourceOffset!..<(block.sourceOffset! + block.text.utf8.count)], as: UTF8.self) == block.text)
    }

    @Test func toolsNamedInASystemTurnAreDeclared() throws {
        let transcript = try readOne("System: You are an agent.\nTools: web_fetch, python and read_file\nUser: hi")
        #expect(transcript.declaredTools.map(\.name) == ["web_fetch", "python", "read_file"])
    }

    @Test func textWithoutLabelsIsALocatedError() {
        let outcomes = TranscriptReading().read(Array("just some notes\nwith no speakers".utf8), file: "notes.txt")
        guard case .failure(let error) = outcomes.first else { Issue.record("expected an error"); return }
        #expect(error.file == "notes.txt")
        #expect(error.expected.contains("speaker-labelled"))
    }

    @Test func invalidUTF8IsALocatedError() {
        var bytes = Array("User: hi\nAssistant: ok ".utf8)
        bytes.append(0xFF)
        guard case .failure(let error) = TranscriptReading().read(bytes, file: "bad.txt").first else { Issue.record("expected an error"); return }
        #expect(error.offset == bytes.count - 1)
        #expect(error.line == 2)
    }

    @Test func emptyAndBinaryInputAreErrors() {
        for bytes: [UInt8] in [[], Array("  \n\n".utf8), [0x00, 0x01, 0x02, 0x7B]] {
            guard case .failure = TranscriptReading().read(bytes, file: "x").first else { Issue.record("expected an error for \(bytes)"); continue }
        }
    }
}

@Suite struct OpenAIChatReaderTests {
    @Test func requestWithResponseBecomesOneTranscript() throws {
        let transcript = try readOne(try fixture("openai/request-response.json"))
        #expect(transcript.format == "openai-chat")
        #expect(transcript.id == "chatcmpl-1")
        #expect(transcript.turns.map(\.role) == [.system, .user, .assistant, .tool, .assistant])
        #expect(transcript.turns[1].blocks.map(\.kind) == [.text, .attachment])
        #expect(transcript.turns[2].blocks.map(\.kind) == [.reasoning, .toolCall])
        #expect(transcript.turns[2].blocks[1].arguments == #"{"city":"Oslo"}"#)
        #expect(transcript.turns[3].blocks[0].name == "get_weather")
        #expect(transcript.turns[4].blocks[0].text == "4 °C and rain in Oslo.")
        #expect(transcript.declaredTools.map(\.name) == ["get_weather"])
    }

    @Test func jsonLinesAreRecordsWithLineNumbers() throws {
        let text = """
            {"messages": [{"role": "user", "content": "a"}]}
            {"messages": [{"role": "user", "content": "b"}]}

            {"messages": [{"role": "wizard", "content": "c"}]}
            {"messages": [
            """
        let outcomes = TranscriptReading().read(Array(text.utf8), file: "c.jsonl")
        #expect(outcomes.count == 4)
        guard case .transcript(let second) = outcomes[1] else { Issue.record("expected a transcript"); return }
        #expect(second.source.record == 2)
        guard case .failure(let role) = outcomes[2], case .failure(let truncated) = outcomes[3] else { Issue.record("expected errors"); return }
        #expect(role.line == 4 && role.path == "messages[0].role")
        #expect(role.expected.contains("'wizard'"))
        #expect(truncated.line == 5 && truncated.offset != nil)
    }

    @Test func aBareMessageArrayIsOneConversation() throws {
        let transcript = try readOne(#"[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]"#)
        #expect(transcript.turns.count == 2)
    }

    @Test func unknownContentPartsAreKeptAsAttachmentsWithALocatedWarning() throws {
        let transcript = try readOne(#"""
            {"messages": [{"role": "user", "content": [{"type": "hologram", "text": "a glowing cube"}, {"type": "text", "text": "What is this?"}]}]}
            """#)
        #expect(transcript.turns[0].blocks.map(\.kind) == [.attachment, .text])
        #expect(transcript.turns[0].blocks[0].name == "unknown:hologram")
        #expect(transcript.turns[0].blocks[0].text == "a glowing cube")
        #expect(transcript.warnings.map(\.path) == ["messages[0].content[0].type"])
    }

    @Test func aMessageWithoutAKnownRoleIsALocatedError() {
        let outcomes = TranscriptReading().read(Array(#"{"messages": [{"role": "narrator", "content": "Once"}]}"#.utf8), file: "x.json")
        guard case .failure(let error) = outcomes.first else { Issue.record("expected an error"); return }
        #expect(error.path == "messages[0].role")
    }
}

@Suite struct AnthropicMessagesReaderTests {
    @Test func systemThinkingToolUseAndResults() throws {
        let transcript = try readOne(try fixture("anthropic/thinking-tools.json"))
        #expect(transcript.format == "anthropic-messages")
        #expect(transcript.turns.map(\.role) == [.system, .user, .assistant, .user, .assistant])
        let assistant = transcript.turns[2]
        #expect(assistant.blocks.map(\.kind) == [.reasoning, .reasoning, .toolCall])
        #expect(assistant.blocks[1].name == "redacted")
        #expect(assistant.blocks[2].arguments == #"{"path":"notes.txt"}"#)
        #expect(transcript.turns[3].blocks[0].kind == .toolResult)
        #expect(transcript.turns[3].blocks[0].name == "read_file")
        #expect(transcript.turns[3].blocks[0].text == "buy milk")
        #expect(transcript.declaredTools.map(\.name) == ["read_file"])
    }

    @Test func unknownBlocksAreKeptAsAttachmentsWithALocatedWarning() throws {
        let transcript = try readOne(#"""
            {"type": "message", "role": "assistant", "content": [{"type": "container_upload", "text": "report.csv"}, {"type": "text", "text": "Done."}]}
            """#)
        #expect(transcript.turns[0].blocks.map(\.kind) == [.attachment, .text])
        #expect(transcript.turns[0].blocks[0].name == "unknown:container_upload")
        #expect(transcript.warnings.map(\.path) == ["response.content[0].type"])
    }

    @Test func aBareResponseIsAnAssistantTurn() throws {
        let transcript = try readOne(#"{"id": "msg_1", "type": "message", "role": "assistant", "content": [{"type": "text", "text": "Hi"}]}"#)
        #expect(transcript.turns.map(\.role) == [.assistant])
        #expect(transcript.id == "msg_1")
    }

    @Test func theFormatCanBeForced() throws {
        let transcript = try readOne(#"{"messages": [{"role": "user", "content": "hi"}]}"#, format: .anthropicMessages)
        #expect(transcript.format == "anthropic-messages")
    }
}
