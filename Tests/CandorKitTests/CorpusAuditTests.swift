import Foundation
import Testing
@testable import CandorKit

/// Streaming, parallel auditing and summaries that merge exactly.
@Suite struct CorpusAuditTests {
    static let records: [String] = (0..<60).map { index in
        let reply = switch index % 4 {
        case 0: "Noted. I'll remember that for future conversations."
        case 1: "Here is the plan: three steps, each checked."
        case 2: "You're absolutely right, my mistake."
        default: "Caf\\u00e9 \\\"quoted\\\" text, line\\nbreak — ünïcode ✅"
        }
        let pushback = index % 3 == 0 ? "That's wrong, are you sure?" : "Thanks."
        return #"{"id":"c\#(index)","messages":[{"role":"user","content":"Help me."},"#
            + #"{"role":"assistant","content":"First answer."},{"role":"user","content":"\#(pushback)"},"#
            + #"{"role":"assistant","content":"\#(reply)"}]}"#
    }

    static func corpus(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) + [0x0A] }

    /// `lines` as a corpus file for `body`, given its bytes and path, removed afterwards.
    static func withCorpusFile(_ lines: [String], _ body: (_ bytes: [UInt8], _ path: String) throws -> Void) throws {
        let bytes = corpus(lines)
        let path = NSTemporaryDirectory() + "candor-corpus-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(bytes, path)
    }

    static func lines(of outcomes: [ReadOutcome], auditor: Auditor) -> [String] {
        outcomes.map { outcome in
            switch outcome {
            case .transcript(let transcript): JSONLReport.line(for: auditor.audit(transcript))
            case .failure(let error): JSONLReport.line(for: error)
            }
        }
    }

    static func lines(of items: [AuditItem]) -> [String] {
        items.map { item in
            switch item {
            case .result(let result): JSONLReport.line(for: result)
            case .failure(let error): JSONLReport.line(for: error)
            }
        }
    }

    @Test func streamingInSmallBatchesReadsWhatTheWholeFileReads() throws {
        var lines = Self.records
        lines.insert("", at: 5)
        lines.insert("{not json", at: 9)
        try Self.withCorpusFile(lines) { bytes, path in
            let auditor = Auditor()
            let whole = Self.lines(of: TranscriptReading().read(bytes, file: path), auditor: auditor)
            let stream = RecordStream(path: path, batchBytes: 100)
            var streamed: [ReadOutcome] = []
            var batches = 0
            while let batch = stream.next() {
                batch.forEachOutcome(with: TranscriptReading()) { streamed.append($0) }
                batches += 1
            }
            #expect(batches > 10)
            #expect(Self.lines(of: streamed, auditor: auditor) == whole)
        }
    }

    #if os(Linux)
    /// A regular file whose reads fail (`/proc/self/mem` at offset 0 gives EIO): the failure
    /// comes out as a located error, not as a silently empty input.
    @Test func aFailedReadIsReportedWhereItStopped() {
        let stream = RecordStream(path: "/proc/self/mem")
        var failures: [ReadError] = []
        while let batch = stream.next() {
            if case .failure(let error) = batch.content { failures.append(error) }
        }
        #expect(failures.count == 1)
        #expect(failures.first?.offset == 0)
        #expect(failures.first?.expected.hasPrefix("more input (reading stopped:") == true)
    }
    #endif

    @Test func parallelOrderedRunKeepsInputOrder() throws {
        try Self.withCorpusFile(Self.records) { bytes, path in
            let auditor = Auditor()
            let expected = Self.lines(of: TranscriptReading().read(bytes, file: path), auditor: auditor)
            var delivered: [AuditItem] = []
            CorpusAudit(auditor: auditor, workers: 4, ordered: true, batchBytes: 200).run(paths: [path]) { batch in
                delivered += batch.items
                return true
            }
            #expect(Self.lines(of: delivered) == expected)
        }
    }

    /// JSON Lines output is the same whether the delivered transcripts keep their text or
    /// not; without it, turns, blocks and source offsets are all still there.
    @Test func aRunWithoutTextReportsWhatARunWithTextReports() throws {
        try Self.withCorpusFile(Self.records) { _, path in
            var kept: [AuditItem] = []
            var dropped: [AuditItem] = []
            CorpusAudit(auditor: Auditor(), workers: 2, ordered: true, batchBytes: 300).run(paths: [path]) { batch in
                kept += batch.items
                return true
            }
            CorpusAudit(auditor: Auditor(), workers: 2, ordered: true, batchBytes: 300, keepsText: false).run(paths: [path]) { batch in
                dropped += batch.items
                return true
            }
            #expect(Self.lines(of: dropped) == Self.lines(of: kept))
            let findings = dropped.reduce(0) { count, item in
                guard case .result(let result) = item else { return count }
                return count + result.findings.count
            }
            #expect(findings > 0)
            for case (.result(let withText), .result(let withoutText)) in zip(kept, dropped) {
                #expect(withoutText.transcript.turns.map(\.role) == withText.transcript.turns.map(\.role))
                #expect(withoutText.transcript.turns.map { $0.blocks.map(\.kind) } == withText.transcript.turns.map { $0.blocks.map(\.kind) })
                #expect(withoutText.transcript.turns.allSatisfy { $0.blocks.allSatisfy { $0.text.isEmpty } })
            }
        }
    }

    /// Parts folded on the workers hold what the delivered items hold, batch by batch, and
    /// count every record, readable or not.
    @Test func workersFoldBatchesIntoParts() throws {
        var lines = Self.records
        lines.insert("{not json", at: 7)
        try Self.withCorpusFile(lines) { bytes, path in
            let auditor = Auditor()
            let expected = Self.lines(of: TranscriptReading().read(bytes, file: path), auditor: auditor)
            var delivered: [String] = []
            var records = 0
            var bytesCovered = 0
            CorpusAudit(auditor: auditor, workers: 3, ordered: true, batchBytes: 250).run(
                paths: [path], startingPart: { [String]() }, adding: { part, item in part += Self.lines(of: [item]) }
            ) { batch in
                delivered += batch.part
                records += batch.recordCount
                bytesCovered += batch.byteCount
                return true
            }
            #expect(delivered == expected)
            #expect(records == Self.records.count + 1)
            #expect(bytesCovered == bytes.count)
        }
    }

    @Test func unorderedRunDeliversEveryRecordOnce() throws {
        try Self.withCorpusFile(Self.records) { _, path in
            var delivered: [AuditItem] = []
            CorpusAudit(auditor: Auditor(), workers: 3, batchBytes: 150).run(paths: [path]) { batch in
                delivered += batch.items
                return true
            }
            #expect(delivered.count == Self.records.count)
        }
    }

    @Test func stoppingEarlyEndsTheRun() throws {
        try Self.withCorpusFile(Self.records) { _, path in
            var batches = 0
            CorpusAudit(auditor: Auditor(), workers: 2, ordered: true, batchBytes: 100).run(paths: [path]) { _ in
                batches += 1
                return false
            }
            #expect(batches == 1)
        }
    }

    @Test func missingFileIsAnErrorItem() {
        var delivered: [AuditItem] = []
        CorpusAudit(auditor: Auditor(), workers: 1).run(paths: ["/nonexistent/candor.jsonl"]) { batch in
            delivered += batch.items
            return true
        }
        guard case .failure(let error)? = delivered.first else {
            Issue.record("expected an error item")
            return
        }
        #expect(error.expected.hasPrefix("an existing file"))
    }

    static func summary(of lines: [String], auditor: Auditor) -> CorpusSummary {
        var summary = CorpusSummary(ruleIDs: auditor.rules.map { type(of: $0).description.id })
        for outcome in TranscriptReading().read(corpus(lines), file: "part.jsonl") {
            switch outcome {
            case .transcript(let transcript): summary.add(auditor.audit(transcript))
            case .failure(let error): summary.add(error)
            }
        }
        return summary
    }

    @Test func mergedSummariesEqualTheSummaryOfTheUnion() {
        let auditor = Auditor()
        var lines = Self.records
        lines.insert("[1, 2]", at: 17)
        let whole = Self.summary(of: lines, auditor: auditor)
        var merged = Self.summary(of: Array(lines[..<17]), auditor: auditor)
        merged.merge(Self.summary(of: Array(lines[17..<40]), auditor: auditor))
        merged.merge(Self.summary(of: Array(lines[40...]), auditor: auditor))
        #expect(merged == whole)
        #expect(CorpusSummaryJSON.render(merged) == CorpusSummaryJSON.render(whole))
        #expect(whole.recordsRead == whole.recordsAudited + whole.recordsSkipped)
        #expect(whole.recordsSkipped == 1)
    }

    @Test func summaryJSONRoundTrips() throws {
        let summary = Self.summary(of: Self.records, auditor: Auditor())
        let text = CorpusSummaryJSON.render(summary)
        #expect(try CorpusSummaryJSON.parse(Array(text.utf8)) == summary)
    }

    @Test func summaryCountsFindingsPerRuleAndRatePerThousandAssistantTurns() {
        let summary = Self.summary(of: Self.records, auditor: Auditor())
        let persistence = summary.rules["persistence-claim"]?.findings ?? 0
        #expect(persistence > 0)
        #expect(summary.assistantTurns == 2 * Self.records.count)
        #expect(summary.ratePerThousandAssistantTurns("persistence-claim") == Double(persistence) * 1000 / Double(summary.assistantTurns))
        #expect(summary.distributions["turns"]?.counts == [4: Self.records.count])
    }

    @Test func endOfRunLineAndHighestSeverityComeFromTheSummary() {
        var lines = Self.records
        lines.insert("[1, 2]", at: 5)
        let summary = Self.summary(of: lines, auditor: Auditor())
        let severities = Severity.allCases.reversed().compactMap { severity in
            summary.severities[severity.rawValue].map { "\($0) \(severity.rawValue)" }
        }
        #expect(summary.highestSeverity == .error)
        #expect(TextReport(colour: false).summary(summary) == "60 transcripts; \(summary.findings) findings (\(severities.joined(separator: ", "))); records read 61, audited 60, skipped 1\n")
        #expect(CorpusSummary().highestSeverity == nil)
    }

    @Test func summaryThatIsNotOneIsRejected() {
        #expect(throws: RecordProblem.self) { try CorpusSummaryJSON.parse(Array(#"{"records": {}}"#.utf8)) }
    }
}
