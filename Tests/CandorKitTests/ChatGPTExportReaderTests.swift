import Testing
@testable import CandorKit

@Suite struct ChatGPTExportReaderTests {
    func transcript() throws -> Transcript {
        try #require(try Fixtures.read("chatgpt/conversations.json").transcripts.first)
    }

    @Test func isRecognisedAsAChatGPTExport() throws {
        #expect(try transcript().format == "chatgpt-export")
    }

    @Test func usesTheConversationIDAsTheTranscriptID() throws {
        #expect(try transcript().id == "conv-bus-01")
    }

    @Test func followsOnlyTheBranchEndingAtTheCurrentNode() throws {
        let texts = try transcript().turns.flatMap(\.blocks).map(\.text)
        #expect(!texts.contains { $0.contains("regenerated reply") })
        #expect(texts.last == "On Sundays the 42 leaves every 30 minutes from 07:15.")
    }

    @Test func marksHiddenSystemMessagesAsHidden() throws {
        let system = try #require(try transcript().turns.first)
        #expect(system.role == .system && system.isHidden)
    }

    @Test func readsMultimodalPartsAsTextAndAttachments() throws {
        let user = try #require(try transcript().turns.first { $0.role == .user })
        #expect(user.blocks.map(\.kind) == [.attachment, .text])
        #expect(user.blocks[0].text == "file-service://timetable-photo")
    }

    @Test func readsThoughtsAndReasoningRecapsAsReasoning() throws {
        let reasoning = try transcript().blocks(.reasoning).map(\.text)
        #expect(reasoning == ["Reading the photo\nThe image shows a weekday table only.", "Thought for 4 seconds"])
    }

    @Test func readsAMessageToARecipientAsAToolCall() throws {
        let call = try #require(try transcript().blocks(.toolCall).first)
        #expect(call.name == "web" && call.arguments == "search(\"route 42 Sunday timetable\")")
    }

    @Test func readsToolMessagesAsResultsNamedByTheirAuthor() throws {
        let result = try #require(try transcript().blocks(.toolResult).first)
        #expect(result.name == "web" && result.text.hasPrefix("Route 42"))
    }

    @Test func declaresTheToolsTheConversationCalled() throws {
        #expect(try transcript().declaredTools.map(\.name) == ["web"])
    }

    @Test func keepsAnUnknownContentTypeAsAnAttachmentWithAWarning() throws {
        let transcript = try transcript()
        let kept = try #require(transcript.blocks(.attachment).first { $0.name == "unknown:holographic_widget" })
        #expect(kept.text == "widget payload")
        #expect(transcript.warnings.map(\.path) == ["mapping[\"n-widget\"].message.content.content_type"])
    }

    @Test func withoutACurrentNodeEndsAtTheLatestLeaf() throws {
        let record = """
            {"id": "c", "mapping": {
              "a": {"parent": null, "message": {"author": {"role": "user"}, "create_time": 1, "content": {"content_type": "text", "parts": ["Q"]}}},
              "old": {"parent": "a", "message": {"author": {"role": "assistant"}, "create_time": 2, "content": {"content_type": "text", "parts": ["first try"]}}},
              "new": {"parent": "a", "message": {"author": {"role": "assistant"}, "create_time": 3, "content": {"content_type": "text", "parts": ["second try"]}}}}}
            """
        let transcript = try #require(TranscriptReading().read(Array(record.utf8), file: "c.json").transcripts.first)
        #expect(transcript.turns.map(\.visibleText) == ["Q", "second try"])
    }

    @Test func aParentCycleIsALocatedErrorNotAHang() throws {
        let record = """
            {"id": "loop", "current_node": "a", "mapping": {
              "a": {"parent": "b", "message": {"author": {"role": "user"}, "content": {"content_type": "text", "parts": ["x"]}}},
              "b": {"parent": "a", "message": {"author": {"role": "assistant"}, "content": {"content_type": "text", "parts": ["y"]}}}}}
            """
        let error = try #require(TranscriptReading().read(Array(record.utf8), file: "loop.json").errors.first)
        #expect(error.expected == "parent links without a cycle" && error.conversation == "loop")
    }

    @Test(.enabled(if: Fixtures.realExportsAvailable, Comment(rawValue: Fixtures.realExportsMissing)),
          arguments: ["golden_master/001_simple_text/raw.json", "golden_master/002_with_images/raw.json",
                      "golden_master/003_with_code/raw.json", "content_fidelity/openai_content_types.json",
                      "content_fidelity/openai_hidden.json", "content_fidelity/openai_multipart.json", "sample_export.json"])
    func readsEveryRealExportWithoutErrors(path: String) throws {
        let outcomes = try Fixtures.readRealExport(path)
        #expect(outcomes.errors.isEmpty, "\(outcomes.errors)")
        #expect(!outcomes.transcripts.isEmpty && outcomes.transcripts.allSatisfy { $0.format == "chatgpt-export" })
    }

    @Test(.enabled(if: Fixtures.realExportsAvailable, Comment(rawValue: Fixtures.realExportsMissing)))
    func readsTheRealCodeExportsSearchAsAWebToolCall() throws {
        let transcript = try #require(try Fixtures.readRealExport("golden_master/003_with_code/raw.json").transcripts.first)
        #expect(transcript.blocks(.toolCall).map(\.name) == ["web"])
        #expect(transcript.turns.contains { $0.role == .tool && $0.isHidden })
    }
}
