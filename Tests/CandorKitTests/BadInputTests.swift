import Testing
@testable import CandorKit

/// Damaged and hostile input through `TranscriptReading`: every problem is a located error,
/// the records after it are still read, and every record is either a transcript or an error.
@Suite struct BadInputTests {
    func read(_ text: String, reading: TranscriptReading = TranscriptReading()) -> [ReadOutcome] {
        reading.read(Array(text.utf8), file: "in.jsonl")
    }

    static let good = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}"#

    @Test func truncatedJSONSaysWhereAndWhatWasExpected() throws {
        let error = try #require(read(#"{"messages": [{"role": "user", "content": "Hi"#).errors.first)
        #expect(error.offset == 42 && error.expected == "a closing '\"' for the string starting here")
    }

    @Test func anInvalidLineIsSkippedAndTheNextRead() {
        let outcomes = read(Self.good + "\n{\"messages\": [}\n" + Self.good + "\n")
        #expect(outcomes.map { $0.error?.record } == [nil, 2, nil])
        #expect(outcomes.transcripts.count == 2)
    }

    @Test func invalidUTF8IsLocatedAtTheBadByte() throws {
        var bytes = Array(Self.good.utf8)
        let offset = bytes.firstIndex(of: UInt8(ascii: "H"))!
        bytes[offset] = 0xC3
        bytes[offset + 1] = 0x28
        let error = try #require(TranscriptReading().read(bytes, file: "bad.json").errors.first)
        #expect(error.offset == offset && error.expected == "valid UTF-8 in string")
    }

    @Test func anUnknownRoleNamesThePathOfTheMessage() throws {
        let error = try #require(read(#"{"messages": [{"role": "narrator", "content": "x"}]}"#).errors.first)
        #expect(error.path == "messages[0].role")
    }

    @Test(arguments: ["", "   \n\n\t"])
    func anEmptyFileIsAnError(text: String) throws {
        let error = try #require(read(text).errors.first)
        #expect(error.offset == 0 && error.expected == "a transcript, found an empty file")
    }

    @Test func aBinaryFileIsAnError() throws {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]
        let error = try #require(TranscriptReading().read(bytes, file: "a.out").errors.first)
        #expect(error.offset == 7 && error.expected == "text, found binary data (a NUL byte)")
    }

    @Test func anOversizedLineIsSkippedUnparsedAndTheNextRead() {
        let reading = TranscriptReading(maximumRecordBytes: 1000)
        let huge = #"{"messages": [{"role": "user", "content": ""# + String(repeating: "a", count: 5000) + #""}]}"#
        let outcomes = read(huge + "\n" + Self.good + "\n", reading: reading)
        #expect(outcomes.first?.error?.expected == "a record of at most 1000 bytes, found 5047")
        #expect(outcomes.first?.error?.record == 1 && outcomes.transcripts.count == 1)
    }

    @Test func deeplyNestedJSONStopsAtTheDepthLimit() throws {
        let error = try #require(read(String(repeating: "[", count: 100_000)).errors.first)
        #expect(error.offset == 256 && error.expected == "nesting no deeper than 256 levels")
    }

    @Test func aNonObjectRecordIsAnError() throws {
        let error = try #require(read("[1, 2]").errors.first)
        #expect(error.record == 1 && error.expected == "a JSON object holding a conversation, found number")
    }

    @Test func aMixedCorpusAccountsForEveryRecord() throws {
        let outcomes = try Fixtures.read("mixed/corpus.jsonl")
        #expect(outcomes.count == 5)
        #expect(outcomes.transcripts.map(\.format) == ["openai-chat", "sharegpt", "claude-export", "chatgpt-export"])
        #expect(outcomes.errors.map(\.line) == [4])
    }

    @Test func aGzippedFileIsReadLikeItsContent() throws {
        let outcomes = try Fixtures.read("sharegpt/conversations.jsonl.gz")
        #expect(outcomes.transcripts.map(\.id) == ["line-1", "line-2"] && outcomes.errors.isEmpty)
    }
}
