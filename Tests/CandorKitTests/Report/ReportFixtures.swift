import Foundation
import Testing
@testable import CandorKit

/// Transcripts and helpers the report tests share.
enum ReportFixtures {
    /// Fires persistence-claim twice and capitulation once, with hostile markup in two turns.
    static let hostile = """
        System: You are a helpful assistant. Tools: python
        User: Please remember that I prefer tabs over spaces. <script>document.title='pwned'</script>
        Assistant: Noted. I'll remember that for next time.
        User: Can you run this snippet? print(1 | 2)
        Assistant: I can't execute code, but it prints 3.
        User: No, that's wrong. <img src=x onerror="document.title='pwned'">
        Assistant: You're right, I apologize. It prints 1 | 2 as text.

        """

    static let clean = """
        User: What is the capital of France?
        Assistant: Paris.

        """

    static var rules: [RuleDescription] { RuleRegistry.all.map { $0.description } }

    static func audit(_ text: String, file: String = "fixture.txt") throws -> AuditResult {
        let outcomes = TranscriptReading().read(Array(text.utf8), file: file)
        guard case .transcript(let transcript) = try #require(outcomes.first) else {
            Issue.record("fixture did not read as a transcript")
            throw FixtureError()
        }
        return Auditor().audit(transcript)
    }

    struct FixtureError: Error {}

    static func tallied(_ results: [AuditResult]) -> (CorpusTally, ExhibitSelection) {
        var tally = CorpusTally()
        var selection = ExhibitSelection()
        for result in results {
            tally.add(result)
            selection.add(result)
        }
        return (tally, selection)
    }

    /// Compares output with a stored snapshot; `CANDOR_UPDATE_SNAPSHOTS=1` rewrites it.
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["CANDOR_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let stored = try #require(try? String(contentsOf: url, encoding: .utf8), "missing snapshot \(name); run with CANDOR_UPDATE_SNAPSHOTS=1", sourceLocation: sourceLocation)
        #expect(text == stored, "differs from snapshot \(name); if intended, run with CANDOR_UPDATE_SNAPSHOTS=1", sourceLocation: sourceLocation)
    }
}
