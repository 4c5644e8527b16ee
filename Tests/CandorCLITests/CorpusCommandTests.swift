import Foundation
import Testing

/// `candor audit` as a streaming filter and `candor summary merge`.
@Suite struct CorpusCommandTests {
    static let clean = """
        {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Noted."}]}
        {"messages": [{"role": "user", "content": "ok"}, {"role": "assistant", "content": "Fine."}]}
        {"messages": [{"role": "user", "content": "and?"}, {"role": "assistant", "content": "Done."}]}
        """

    @Test func standardInputFilterWritesOneLinePerRecordAndNothingOnStandardError() throws {
        let result = try Programs.candor(["audit", "-", "--fail-on", "never"], input: Self.clean)
        #expect(result.status == 0)
        #expect(try result.jsonLines().count == 3)
        #expect(result.errors.isEmpty)
    }

    /// In input order the output stops exactly at the error; unordered, a later batch may already be written.
    @Test func strictStopsAtTheFirstUnreadableRecord() throws {
        let lines = Self.clean.split(separator: "\n")
        let input = ([lines[0], "{broken"] + lines[1...]).joined(separator: "\n")
        let result = try Programs.candor(["audit", "-", "--strict", "--ordered", "--format", "jsonl", "--fail-on", "never"], input: input)
        #expect(result.status == 2)
        let output = try result.jsonLines()
        #expect(output.count == 2)
        #expect(output.last?["error"] != nil)
    }

    @Test func mergedSummariesOfTwoHalvesEqualTheWholeRun() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = Self.clean.split(separator: "\n")
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        _ = try Programs.candor(["audit", "-", "--fail-on", "never", "--summary", path("whole.json")], input: Self.clean)
        _ = try Programs.candor(["audit", "-", "--fail-on", "never", "--summary", path("a.json")], input: String(lines[0]))
        _ = try Programs.candor(["audit", "-", "--fail-on", "never", "--summary", path("b.json")], input: lines[1...].joined(separator: "\n"))
        let merged = try Programs.candor(["summary", "merge", path("a.json"), path("b.json")])
        #expect(merged.status == 0)
        #expect(merged.output == (try String(contentsOfFile: path("whole.json"), encoding: .utf8)))
    }
}
