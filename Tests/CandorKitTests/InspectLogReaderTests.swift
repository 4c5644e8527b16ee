import Testing
@testable import CandorKit

@Suite struct InspectLogReaderTests {
    @Test func readsEachSampleOfAJSONLogAsATranscript() throws {
        let transcript = try #require(try Fixtures.read("inspect/log.json").transcripts.first)
        #expect(transcript.format == "inspect-log" && transcript.id == "arithmetic/1#1" && transcript.source.record == 1)
    }

    @Test func readsReasoningPartsToolCallsAndToolResults() throws {
        let transcript = try #require(try Fixtures.read("inspect/log.json").transcripts.first)
        #expect(transcript.turns[2].blocks.map(\.kind) == [.reasoning, .text, .toolCall])
        #expect(transcript.turns[3].blocks == [.toolResult("391", name: "calculator")])
    }

    @Test func declaresTheToolsOfferedInModelEvents() throws {
        let transcript = try #require(try Fixtures.read("inspect/log.json").transcripts.first)
        #expect(transcript.declaredTools.map(\.name) == ["calculator"])
    }

    @Test func aBadSampleCostsOnlyItself() throws {
        let outcomes = try Fixtures.read("inspect/log.json")
        #expect(outcomes.transcripts.count == 1)
        let error = try #require(outcomes.errors.first)
        #expect(error.record == 2 && error.conversation == "2#1" && error.path == "samples[1].messages[0].role")
    }

    @Test func readsTheSamplesOfAZippedEvalLog() throws {
        let outcomes = try Fixtures.read("inspect/log.eval")
        #expect(outcomes.transcripts.map(\.source.entry) == ["samples/1_epoch_1.json"])
        #expect(outcomes.transcripts.first?.turns.count == 5)
    }

    @Test func locatesAnErrorInAnEvalLogByItsEntry() throws {
        let error = try #require(try Fixtures.read("inspect/log.eval").errors.first)
        #expect(error.entry == "samples/2_epoch_1.json" && error.description.hasPrefix("inspect/log.eval!samples/2_epoch_1.json"))
    }
}
