import CandorKit
import CandorProxy
import Foundation
import Testing

@Suite struct TranscriptLogTests {
    static func record(_ text: String, secret: String = "sk-abcdefghijklmnopqrstuvwxyz") throws -> TranscriptLogRecord {
        TranscriptLogRecord(
            request: try JSONParser.parse(#"{"model":"m","api_key":"\#(secret)","messages":[{"role":"user","content":"Use Celsius."}]}"#),
            response: try JSONParser.parse(#"{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":\#(JSONText.quoted(text))}}]}"#),
            stream: false, status: 200, action: .observe, findingsHeader: "none"
        )
    }

    @Test func everyRecordIsOneLineThatAuditReads() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/transcripts.jsonl"
            let log = try TranscriptLog(path: path)
            try log.append(Self.record("Noted."))
            try log.append(Self.record("Sure."))
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            let outcomes = TranscriptReading().read(bytes, file: path)
            #expect(outcomes.count == 2)
            let transcripts = outcomes.compactMap { if case .transcript(let t) = $0 { t } else { nil } }
            #expect(transcripts.count == 2)
            #expect(transcripts.first?.turns.last?.visibleText == "Noted.")
            let findings = Auditor().audit(transcripts[0]).findings
            #expect(findings.map(\.rule) == ["persistence-claim"])
        }
    }

    @Test func secretsNeverReachTheFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/transcripts.jsonl"
            try TranscriptLog(path: path).append(Self.record("Your key sk-abcdefghijklmnopqrstuvwxyz is safe."))
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            #expect(!text.contains("sk-abcdefghijklmnopqrstuvwxyz"))
            #expect(text.contains("[redacted]"))
        }
    }

    @Test func logRotatesBySizeKeepingWholeRecords() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/transcripts.jsonl"
            let line = try Self.record("Noted.").jsonLine.utf8.count + 1
            let log = try TranscriptLog(path: path, maximumBytes: line * 3, keep: 2)
            for _ in 0..<10 { try log.append(Self.record("Noted.")) }
            let sizes = [path, path + ".1", path + ".2"].map { logLines($0).count }
            #expect(sizes == [1, 3, 3])
            #expect(!FileManager.default.fileExists(atPath: path + ".3"))
            #expect(([path, path + ".1", path + ".2"].flatMap(logLines)).allSatisfy { $0 != nil })
        }
    }

    @Test func reopeningAppendsAfterExistingRecords() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/transcripts.jsonl"
            try TranscriptLog(path: path).append(Self.record("One."))
            try TranscriptLog(path: path).append(Self.record("Two."))
            #expect(logLines(path).count == 2)
        }
    }

    @Test func logFileIsOwnerOnly() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/transcripts.jsonl"
            _ = try TranscriptLog(path: path)
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }
}
