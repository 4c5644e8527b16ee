import CandorKit
import CandorProxy
import CandorStore
import Foundation
import Testing

/// `--db`: every exchange and its findings in the SQLite store, redacted like the log.
@Suite struct ProxyStoreTests {
    /// A proxy in front of the test upstream with a store, and a log unless `log` is false.
    static func withProxy(log: Bool = true, _ body: (RunningProxy, ExchangeStore, String?) async throws -> Void) async throws {
        let upstream = try FaultUpstream()
        defer { upstream.stop() }
        try await withTemporaryDirectory { directory in
            let logPath = log ? directory + "/transcripts.jsonl" : nil
            let store = try ExchangeStore(path: directory + "/exchanges.sqlite")
            let proxy = try await RunningProxy.start(ProxyOptions(
                upstream: upstream.baseURL, upstreamTimeout: .seconds(3), upstreamReadTimeout: .seconds(2),
                log: try logPath.map { try TranscriptLog(path: $0) }, store: store
            ))
            do {
                try await body(proxy, store, logPath)
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    static func count(_ store: ExchangeStore, _ sql: String) throws -> Int {
        Int(try store.rows(sql).first?.values.first ?? "") ?? -1
    }

    @Test func everyExchangeLandsWithItsFindings() async throws {
        try await Self.withProxy { proxy, store, _ in
            let url = proxy.baseURL + "/chat/completions"
            _ = try await Client.post(url, Client.chat(model: "say:Noted."))
            _ = try await Client.post(url, Client.chat(model: "say:Noted.", stream: true))
            _ = try await Client.post(url, Client.chat(model: "error"))
            let exchanges = try store.rows("SELECT stream, status, action, findings, transcript_id FROM exchanges ORDER BY id")
            #expect(exchanges.map { $0["status"] } == ["200", "200", "500"])
            #expect(exchanges.map { $0["stream"] } == ["0", "1", "0"])
            #expect(exchanges[0]["findings"]?.hasPrefix("persistence-claim;") == true)
            #expect(exchanges[2]["transcript_id"] == "NULL", "a failed exchange has no transcript to audit")
            let findings = try store.rows("SELECT rule, turn_index FROM findings ORDER BY id")
            #expect(findings == [["rule": "persistence-claim", "turn_index": "1"], ["rule": "persistence-claim", "turn_index": "1"]])
            #expect(try Self.count(store, "SELECT count(*) FROM turns") == 4)
        }
    }

    @Test func identicalExchangesStayTwoTranscripts() async throws {
        try await Self.withProxy { proxy, store, _ in
            for _ in 0..<2 { _ = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted.")) }
            #expect(try Self.count(store, "SELECT count(*) FROM transcripts") == 2)
            #expect(try Self.count(store, "SELECT count(DISTINCT transcript_id) FROM exchanges") == 2)
        }
    }

    @Test func storeHoldsTheLogsRedactedRecord() async throws {
        try await Self.withProxy { proxy, store, logPath in
            let key = "sk-abcdefghijklmnopqrstuvwxyz012345"
            let body = Client.chat(model: "say:Noted. Your key \(key) works.", user: "My key is \(key), remember it.")
            _ = try await Client.post(proxy.baseURL + "/chat/completions", body)
            let record = try store.rows("SELECT record FROM exchanges").first?["record"]
            let logged = String(decoding: FileManager.default.contents(atPath: logPath!) ?? Data(), as: UTF8.self)
            #expect(record.map { $0 + "\n" } == logged)
            let texts = try store.rows("SELECT text FROM turns ORDER BY turn_index").compactMap { $0["text"] }
                + store.rows("SELECT excerpt FROM findings").compactMap { $0["excerpt"] }
            #expect(texts.count == 3)
            #expect(!texts.contains { $0.contains(key) }, "no secret in turns or excerpts")
            #expect(texts[0].contains(Redaction.marker))
            #expect(try store.rows("SELECT rule FROM findings").map { $0["rule"] } == ["persistence-claim"])
        }
    }

    @Test func storeWorksWithoutALog() async throws {
        try await Self.withProxy(log: false) { proxy, store, _ in
            _ = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted."))
            #expect(try Self.count(store, "SELECT count(*) FROM exchanges") == 1)
            #expect(try Self.count(store, "SELECT count(*) FROM findings") == 1)
        }
    }

    /// The stored records are the log's lines: read and audited again they give the stored findings.
    @Test func storedRecordsReadBackAsTranscripts() async throws {
        try await Self.withProxy(log: false) { proxy, store, _ in
            let url = proxy.baseURL + "/chat/completions"
            for model in ["say:Noted.", "say:Sure, here it is.", "say:I'll remember that for next time."] {
                _ = try await Client.post(url, Client.chat(model: model))
            }
            let records = try store.rows("SELECT record FROM exchanges ORDER BY id").compactMap { $0["record"] }
            let outcomes = TranscriptReading().read(Array(records.joined(separator: "\n").utf8), file: "exchanges")
            let transcripts = outcomes.compactMap { if case .transcript(let transcript) = $0 { transcript } else { nil } }
            #expect(transcripts.count == 3)
            let exchangeIDs = try store.rows("SELECT exchange_id FROM exchanges ORDER BY id").compactMap { $0["exchange_id"] }
            #expect(transcripts.map(\.id) == exchangeIDs)
            let audited = transcripts.map { Auditor().audit($0).findings.map(\.rule) }
            let stored = try exchangeIDs.map { id in
                try store.rows("SELECT f.rule FROM findings f JOIN transcripts t ON t.id = f.transcript_id WHERE t.external_id = '\(id)' ORDER BY f.id").compactMap { $0["rule"] }
            }
            #expect(audited == stored)
            #expect(stored.first == ["persistence-claim"])
        }
    }
}
