import Foundation
import Testing

/// Bad input end to end through the built `candor` binary: each problem is a located error on
/// stderr and an `error` record on stdout, the run goes on, and the summary's counts add up.
@Suite struct BadInputCLITests {
    static let fixtures = Programs.repository.appendingPathComponent("Tests/CandorKitTests/Fixtures")

    static let good = #"{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}"#

    struct Run {
        var result: Programs.Outcome
        var status: Int32 { result.status }
        var stderr: String { result.errors }
        var errorRecords: [String] { result.lines.filter { $0.hasPrefix("{\"error\":") } }
        var transcriptRecords: [String] { result.lines.filter { $0.hasPrefix("{\"source\":") } }
    }

    func candor(_ arguments: [String]) throws -> Run {
        Run(result: try Programs.candor(["audit", "--format", "jsonl", "--fail-on", "never"] + arguments))
    }

    /// Audits a file of these bytes, in a temporary directory removed afterwards.
    func candor(file bytes: [UInt8], named name: String, _ options: [String] = []) throws -> Run {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return try candor(options + [url.path])
    }

    @Test func truncatedJSONIsALocatedErrorRecordAndExitTwo() throws {
        let run = try candor(file: Array(#"{"messages": [{"role": "user", "content": "Hi"#.utf8), named: "cut.json")
        #expect(run.status == 2)
        #expect(run.errorRecords.count == 1 && run.errorRecords[0].contains(#""offset":42"#))
        #expect(run.stderr.contains("cut.json:1 (byte 42): expected a closing '\"'"))
    }

    @Test func aBadLineIsSkippedAndTheSummaryCountsAddUp() throws {
        let run = try candor([Self.fixtures.appendingPathComponent("mixed/corpus.jsonl").path])
        #expect(run.transcriptRecords.count == 4 && run.errorRecords.count == 1)
        #expect(run.stderr.contains("records read 5, audited 4, skipped 1"))
    }

    @Test func invalidUTF8IsLocatedAtTheBadByte() throws {
        var bytes = Array(Self.good.utf8)
        bytes[bytes.count - 6] = 0xFF
        let run = try candor(file: bytes, named: "latin.json")
        #expect(run.errorRecords.first?.contains(#""offset":\#(bytes.count - 6),"expected":"valid UTF-8 in string""#) == true)
    }

    @Test func anUnknownRoleIsAnErrorAtItsPath() throws {
        let run = try candor(file: Array(#"{"messages": [{"role": "narrator", "content": "x"}]}"#.utf8), named: "role.json")
        #expect(run.errorRecords.first?.contains(#""path":"messages[0].role""#) == true)
    }

    @Test func anUnknownBlockTypeIsKeptWithAWarning() throws {
        let run = try candor([Self.fixtures.appendingPathComponent("claude/conversations.json").path])
        #expect(run.status == 0 && run.transcriptRecords.first?.contains(#""warnings":[{"path":"chat_messages[3].content[1].type""#) == true)
    }

    @Test func anEmptyFileIsAnError() throws {
        let run = try candor(file: [], named: "empty.jsonl")
        #expect(run.status == 2 && run.stderr.contains("empty.jsonl (byte 0): expected a transcript, found an empty file"))
    }

    @Test func aBinaryFileIsAnError() throws {
        let run = try candor(file: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00], named: "a.out.json")
        #expect(run.stderr.contains("a.out.json (byte 5): expected text, found binary data"))
    }

    @Test func deeplyNestedJSONStopsAtTheDepthLimit() throws {
        let run = try candor(file: Array(repeating: UInt8(ascii: "["), count: 1_000_000), named: "deep.json")
        #expect(run.status == 2 && run.stderr.contains("expected nesting no deeper than 256 levels"))
    }

    @Test func a200MBLineIsSkippedAndTheNextLineRead() throws {
        var bytes = Data(#"{"messages": [{"role": "user", "content": ""#.utf8)
        bytes.append(Data(repeating: UInt8(ascii: "a"), count: 200 << 20))
        bytes.append(Data("\"}]}\n\(Self.good)\n".utf8))
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("huge.jsonl")
        try bytes.write(to: url)
        let run = try candor([url.path])
        #expect(run.errorRecords.count == 1 && run.errorRecords[0].contains(#""record":1"#))
        #expect(run.errorRecords[0].contains("a record of at most 67108864 bytes"))
        #expect(run.transcriptRecords.count == 1 && run.stderr.contains("records read 2, audited 1, skipped 1"))
    }

    /// A ShareGPT array of `count` conversations, each `padding` bytes of text long, and the
    /// offset each element ends at.
    static func shareGPTArray(count: Int, padding: Int = 20) -> (bytes: [UInt8], ends: [Int]) {
        var bytes = Array("[\n".utf8)
        var ends: [Int] = []
        for index in 0..<count {
            if index > 0 { bytes += Array(",\n".utf8) }
            let text = String(repeating: "word ", count: padding / 5)
            bytes += Array(#"{"id": "c\#(index)", "conversations": [{"from": "human", "value": "\#(text)"}, {"from": "gpt", "value": "Noted."}]}"#.utf8)
            ends.append(bytes.count)
        }
        bytes += Array("\n]\n".utf8)
        return (bytes, ends)
    }

    @Test func aCutArrayIsAuditedUpToTheCutAndTheSummaryNamesWhatWasLost() throws {
        let (bytes, ends) = Self.shareGPTArray(count: 5)
        let run = try candor(file: Array(bytes.prefix(ends[3] - 10)), named: "cut.json")
        #expect(run.status == 2)
        #expect(run.transcriptRecords.count == 3 && run.errorRecords.count == 1)
        #expect(run.errorRecords[0].contains(#""record":4"#) && run.errorRecords[0].contains("(the input is cut off)"))
        #expect(run.stderr.contains("records read 4, audited 3, skipped 1 (1 lost to damage, 3 recovered from before it)"))
    }

    /// Damage in the first of three megabytes: `--strict` stops after the batch it is in,
    /// where a plain run reads every element after it.
    @Test func strictStopsAtTheFirstDamageInAnArray() throws {
        var (bytes, ends) = Self.shareGPTArray(count: 300, padding: 10_000)
        bytes.remove(at: ends[1] - 1)
        let plain = try candor(file: bytes, named: "broken.json")
        #expect(plain.transcriptRecords.count == 299 && plain.errorRecords.count == 1)
        let strict = try candor(file: bytes, named: "broken.json", ["--strict"])
        #expect(strict.status == 2 && strict.errorRecords.count == 1 && strict.transcriptRecords.count < 200)
    }

    @Test func unreadableEntriesInADirectoryAreReportedAndTheRestRead() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.good.utf8).write(to: directory.appendingPathComponent("good.json"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("broken.json").path, withDestinationPath: "/nonexistent/x.json")
        let fifo = Process()
        fifo.executableURL = URL(fileURLWithPath: "/usr/bin/mkfifo")
        fifo.arguments = [directory.appendingPathComponent("pipe.jsonl").path]
        try fifo.run()
        fifo.waitUntilExit()
        let run = try candor([directory.path])
        #expect(run.transcriptRecords.count == 1)
        #expect(run.stderr.contains("broken.json: expected an existing file"))
        #expect(run.stderr.contains("pipe.jsonl: expected a regular file, found a special file"))
        #expect(run.stderr.contains("records read 3, audited 1, skipped 2"))
    }

    @Test func compressedAndArchivedInputInADirectoryIsRead() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["sharegpt/conversations.jsonl.gz", "inspect/log.eval"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: directory.appendingPathComponent(URL(fileURLWithPath: name).lastPathComponent))
        }
        let run = try candor([directory.path])
        #expect(run.transcriptRecords.count == 3)
        #expect(run.errorRecords.first?.contains(#""entry":"samples/2_epoch_1.json""#) == true)
    }
}
