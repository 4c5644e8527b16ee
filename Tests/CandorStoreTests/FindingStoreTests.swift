import CandorKit
import Foundation
import Testing
@testable import CandorStore

@Suite struct FindingStoreTests {
    static let transcript = """
        User: Remember that I prefer tabs.
        Assistant: Noted. I'll remember that for next time.
        User: No, that's wrong, I said spaces.
        Assistant: You're right, sorry.

        """

    func audit(_ text: String, file: String = "chat.txt") -> AuditResult {
        guard case .transcript(let transcript) = TranscriptReading().read(Array(text.utf8), file: file).first else {
            fatalError("fixture must read")
        }
        return Auditor().audit(transcript)
    }

    func temporaryStore() throws -> (FindingStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-\(UUID().uuidString).sqlite")
        return (try FindingStore(path: url.path), url)
    }

    @Test func storesSourcesTranscriptsTurnsAndFindings() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let result = audit(Self.transcript)
        try store.record(result)
        #expect(try store.rows("SELECT count(*) AS n FROM sources").first?["n"] == "1")
        #expect(try store.rows("SELECT turn_count, assistant_turns, finding_count FROM transcripts").first == ["turn_count": "4", "assistant_turns": "2", "finding_count": "\(result.findings.count)"])
        #expect(try store.rows("SELECT count(*) AS n FROM turns").first?["n"] == "4")
        #expect(try store.rows("SELECT rule FROM findings ORDER BY id").map { $0["rule"] } == result.findings.map(\.rule))
        #expect(try store.rows("SELECT turn_index FROM turns WHERE capitulation = 1").map { $0["turn_index"] } == ["3"])
    }

    @Test func reauditingTheSameTranscriptReplacesItsRows() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.record(audit(Self.transcript))
        try store.flush()
        try store.record(audit(Self.transcript))
        #expect(try store.rows("SELECT count(*) AS n FROM transcripts").first?["n"] == "1")
        #expect(try store.rows("SELECT count(*) AS n FROM findings").first?["n"] == "\(audit(Self.transcript).findings.count)")
        #expect(try store.rows("SELECT count(*) AS n FROM turns").first?["n"] == "4")
    }

    @Test func recordsThatReadAlikeButHaveTheirOwnIdsStayApart() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let record = #"{"id":"ID","messages":[{"role":"user","content":"Hi."},{"role":"assistant","content":"Noted."}]}"#
        try store.record(audit(record.replacingOccurrences(of: "ID", with: "a"), file: "chats.jsonl"))
        try store.record(audit(record.replacingOccurrences(of: "ID", with: "b"), file: "chats.jsonl"))
        try store.record(audit(record.replacingOccurrences(of: "ID", with: "a"), file: "chats.jsonl"))
        #expect(try store.rows("SELECT count(*) AS n FROM transcripts").first?["n"] == "2")
    }

    @Test func differentContentIsADifferentTranscript() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        try store.record(audit(Self.transcript))
        try store.record(audit(Self.transcript.replacingOccurrences(of: "tabs", with: "tab")))
        #expect(try store.rows("SELECT count(*) AS n FROM transcripts").first?["n"] == "2")
    }

    @Test func indexesCoverTheCommonQueries() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let names = try store.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").compactMap { $0["name"] }
        #expect(Set(names).isSuperset(of: ["findings_rule", "findings_transcript", "transcripts_model", "transcripts_source"]))
    }

    /// The README's example query: the rate of each rule per model, per 1,000 assistant turns.
    @Test func readmeRatePerModelQueryRuns() throws {
        let (store, url) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: url) }
        let record = #"{"model":"m-1","messages":[{"role":"user","content":"Remember this."},{"role":"assistant","content":"Noted."}]}"#
        try store.record(audit(record, file: "chats.jsonl"))
        try store.record(audit(Self.transcript))
        let rows = try store.rows(Self.ratePerModel)
        #expect(rows.contains { $0["model"] == "m-1" && $0["rule"] == "persistence-claim" && $0["per_1000_turns"] == "1000.0" })
    }

    static let ratePerModel = """
        WITH turns_per_model AS (
          SELECT coalesce(model, '(unknown)') AS model, sum(assistant_turns) AS turns
          FROM transcripts GROUP BY 1
        ),
        flagged AS (
          SELECT coalesce(t.model, '(unknown)') AS model, f.rule, count(DISTINCT f.transcript_id || ':' || f.turn_index) AS turns
          FROM findings f JOIN transcripts t ON t.id = f.transcript_id
          WHERE f.role = 'assistant' GROUP BY 1, 2
        )
        SELECT flagged.model, flagged.rule, round(1000.0 * flagged.turns / turns_per_model.turns, 1) AS per_1000_turns
        FROM flagged JOIN turns_per_model USING (model)
        ORDER BY flagged.model, per_1000_turns DESC;
        """
}
