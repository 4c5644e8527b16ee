import Testing
@testable import CandorKit

@Suite struct ClaudeExportReaderTests {
    func transcript() throws -> Transcript {
        try #require(try Fixtures.read("claude/conversations.json").transcripts.first)
    }

    @Test func isRecognisedAsAClaudeExportWithItsUUIDAsID() throws {
        let transcript = try transcript()
        #expect(transcript.format == "claude-export" && transcript.id == "claude-conv-01")
    }

    @Test func mapsSendersToUserAndAssistantTurns() throws {
        #expect(try transcript().turns.map(\.role) == [.user, .assistant, .tool, .assistant, .user])
    }

    @Test func keepsAttachmentsWithTheirExtractedTextAndFiles() throws {
        let attachments = try transcript().turns[0].blocks.filter { $0.kind == .attachment }
        #expect(attachments.map(\.name) == ["report.txt", "chart.png"])
        #expect(attachments[0].text == "Quarterly sales rose 4%.")
    }

    @Test func readsThinkingAsReasoningAndToolUseAsACall() throws {
        let assistant = try transcript().turns[1]
        #expect(assistant.blocks.map(\.kind) == [.reasoning, .toolCall])
        #expect(assistant.blocks[1].name == "calculator" && assistant.blocks[1].arguments == #"{"expression":"100 * 1.04"}"#)
    }

    @Test func namesAToolResultByItsCall() throws {
        let result = try #require(try transcript().blocks(.toolResult).first)
        #expect(result.name == "calculator" && result.text == "104")
    }

    @Test func fallsBackToTheMessageTextWhenContentIsEmpty() throws {
        #expect(try transcript().turns[4].visibleText == "Thanks!")
    }

    @Test func keepsAnUnknownBlockTypeAsAnAttachmentWithAWarning() throws {
        let transcript = try transcript()
        #expect(transcript.turns[3].blocks.map(\.name) == [nil, "unknown:sparkle_card"])
        #expect(transcript.warnings.map(\.path) == ["chat_messages[3].content[1].type"])
    }

    @Test func anUnknownSenderIsALocatedErrorNamingTheConversation() throws {
        let record = #"[{"uuid": "c9", "chat_messages": [{"sender": "narrator", "text": "x"}]}]"#
        let error = try #require(TranscriptReading().read(Array(record.utf8), file: "c.json").errors.first)
        #expect(error.record == 1 && error.conversation == "c9" && error.path == "chat_messages[0].sender")
    }

    @Test(.enabled(if: Fixtures.realExportsAvailable, Comment(rawValue: Fixtures.realExportsMissing)),
          arguments: ["claude/sample_export.json", "claude/tool_messages.json",
                      "content_fidelity/claude_attachments.json", "content_fidelity/claude_thinking.json"])
    func readsEveryRealExportWithoutErrors(path: String) throws {
        let outcomes = try Fixtures.readRealExport(path)
        #expect(outcomes.errors.isEmpty, "\(outcomes.errors)")
        #expect(!outcomes.transcripts.isEmpty && outcomes.transcripts.allSatisfy { $0.format == "claude-export" && $0.warnings.isEmpty })
    }

    @Test(.enabled(if: Fixtures.realExportsAvailable, Comment(rawValue: Fixtures.realExportsMissing)))
    func readsTheRealToolUseExportsCallsAndResults() throws {
        let transcripts = try Fixtures.readRealExport("claude/tool_messages.json").transcripts
        let calls = transcripts.flatMap { $0.blocks(.toolCall) }
        let results = transcripts.flatMap { $0.blocks(.toolResult) }
        #expect(calls.count == 8 && results.count == 8 && results.allSatisfy { $0.name != nil })
    }
}
