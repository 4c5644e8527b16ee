import Testing
@testable import CandorKit

@Suite struct ShareGPTReaderTests {
    @Test func readsAJSONArrayOfConversations() throws {
        let transcripts = try Fixtures.read("sharegpt/conversations.json").transcripts
        #expect(transcripts.map(\.id) == ["share-1", "share-2"] && transcripts.allSatisfy { $0.format == "sharegpt" })
    }

    @Test func mapsSpeakersToRoles() throws {
        let transcript = try #require(try Fixtures.read("sharegpt/conversations.json").transcripts.first)
        #expect(transcript.turns.map(\.role) == [.system, .user, .assistant])
    }

    @Test func readsFunctionCallsAndObservations() throws {
        let transcript = try #require(try Fixtures.read("sharegpt/conversations.json").transcripts.last)
        #expect(transcript.turns.map(\.role) == [.user, .assistant, .tool, .assistant])
        let call = try #require(transcript.blocks(.toolCall).first)
        #expect(call.name == "get_weather" && call.arguments == #"{"city":"Oslo"}"#)
    }

    @Test func declaresToolsFromTheToolsField() throws {
        let transcript = try #require(try Fixtures.read("sharegpt/conversations.json").transcripts.last)
        #expect(transcript.declaredTools == [ToolDeclaration(name: "get_weather", description: "Current weather for a city")])
    }

    @Test func readsJSONLinesWithLineNumbers() throws {
        let transcripts = try Fixtures.read("sharegpt/conversations.jsonl").transcripts
        #expect(transcripts.map(\.source.line) == [1, 2])
    }

    @Test func anUnknownSpeakerIsALocatedError() throws {
        let line = #"{"id": "s", "conversations": [{"from": "narrator", "value": "x"}]}"#
        let error = try #require(TranscriptReading().read(Array(line.utf8), file: "s.json").errors.first)
        #expect(error.path == "conversations[0].from" && error.conversation == "s")
    }
}
