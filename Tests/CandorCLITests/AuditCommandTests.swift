import Foundation
import Testing

@Suite struct AuditCommandTests {
    @Test func jsonlHasTheDocumentedFields() throws {
        let result = try Programs.candor(["audit", "Examples/plain/support-billing-persistence.txt", "--format", "jsonl"])
        #expect(result.status == 1)
        let record = try #require(try result.jsonLines().first)
        for key in ["source", "id", "format", "turns", "findings", "metrics"] {
            #expect(record[key] != nil, "missing \(key)")
        }
        let finding = try #require((record["findings"] as? [[String: Any]])?.first)
        for key in ["rule", "severity", "turn", "role", "block", "start", "end", "excerpt", "message", "suggestion"] {
            #expect(finding[key] != nil, "missing \(key)")
        }
        #expect(finding["rule"] as? String == "persistence-claim")
        #expect(finding["excerpt"] as? String == "Noted.")
        let metrics = try #require(record["metrics"] as? [String: Any])
        for key in ["assistantTurns", "pushbacks", "capitulations", "yieldRate", "longestCapitulationStreak", "firstCapitulationTurn"] {
            #expect(metrics.keys.contains(key), "missing metric \(key)")
        }
    }

    @Test func examplesReportExactlyWhatTheyIntend() throws {
        let result = try Programs.candor(["audit", "Examples", "--format", "jsonl"])
        var found: [String] = []
        for record in try result.jsonLines() {
            let source = record["source"] as! [String: Any]
            let file = source["file"] as! String
            let recordNumber = (source["record"] as? Int).map { ":\($0)" } ?? ""
            for finding in record["findings"] as! [[String: Any]] {
                found.append("\(file)\(recordNumber)\t\(finding["turn"]!)\t\(finding["rule"]!)\t\(finding["severity"]!)\t\(finding["excerpt"]!)")
            }
        }
        let expectedURL = Programs.repository.appendingPathComponent("Tests/CandorCLITests/Fixtures/examples-expected.tsv")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(found.sorted() == expected.sorted())
    }

    @Test func exitStatusFollowsFailOn() throws {
        let file = "Examples/plain/history-pushback.txt"
        #expect(try Programs.candor(["audit", file, "--format", "jsonl"]).status == 0, "warnings only, --fail-on error")
        #expect(try Programs.candor(["audit", file, "--format", "jsonl", "--fail-on", "warning"]).status == 1)
        #expect(try Programs.candor(["audit", "Examples", "--format", "jsonl", "--fail-on", "never"]).status == 0)
    }

    @Test func usageErrorsAndUnreadableInputExitTwo() throws {
        #expect(try Programs.candor(["audit"]).status == 2)
        #expect(try Programs.candor(["audit", "Examples", "--rules", "no-such-rule"]).status == 2)
        #expect(try Programs.candor(["audit", "Examples", "--bogus-flag"]).status == 2)
        let missing = try Programs.candor(["audit", "does/not/exist.json", "--format", "jsonl"])
        #expect(missing.status == 2)
        let error = try #require(try missing.jsonLines().first?["error"] as? [String: Any])
        #expect(error["file"] as? String == "does/not/exist.json")
    }

    @Test func badRecordsAreReportedAndTheRestAudited() throws {
        let input = """
            {"messages": [{"role": "user", "content": "Use Celsius."}, {"role": "assistant", "content": "Noted."}]}
            {"messages": [
            {"messages": [{"role": "user", "content": "ok"}, {"role": "assistant", "content": "Fine."}]}
            """
        let result = try Programs.candor(["audit", "-", "--format", "jsonl", "--ordered"], input: input)
        #expect(result.status == 2)
        let lines = try result.jsonLines()
        #expect(lines.count == 3)
        #expect(lines[1]["error"] != nil)
        #expect(((lines[0]["findings"] as? [Any])?.count ?? 0) == 1)
        #expect(result.errors.contains("read 3, audited 2, skipped 1"))
    }

    @Test func ruleSelectionIncludesAndExcludes() throws {
        let only = try Programs.candor(["audit", "Examples", "--format", "jsonl", "--rules", "capitulation"])
        let rules = Set(try only.jsonLines().flatMap { ($0["findings"] as! [[String: Any]]).map { $0["rule"] as! String } })
        #expect(rules == ["capitulation"])
        let excluded = try Programs.candor(["audit", "Examples", "--format", "jsonl", "--exclude-rules", "capitulation,agreement-escalation"])
        let remaining = Set(try excluded.jsonLines().flatMap { ($0["findings"] as! [[String: Any]]).map { $0["rule"] as! String } })
        #expect(!remaining.contains("capitulation") && !remaining.isEmpty)
    }

    @Test func textFormatShowsTheExcerptInItsSentence() throws {
        let result = try Programs.candor(["audit", "Examples/plain/support-billing-persistence.txt", "--format", "text"])
        #expect(result.output.contains("persistence-claim"))
        #expect(result.output.contains("»Noted.«"))
        #expect(!result.output.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func rulesAndVersion() throws {
        let rules = try Programs.candor(["rules", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(rules.output.utf8)) as? [[String: Any]])
        #expect(list.contains { $0["id"] as? String == "persistence-claim" })
        let version = try Programs.candor(["--version"])
        #expect(version.status == 0 && !version.output.isEmpty)
    }
}

@Suite struct EvalRecordTests {
    /// Recording against part of a corpus rewrites the verdicts on what was read and keeps
    /// the recorded state of conversations the run did not read.
    @Test func recordKeepsTheStateOfConversationsNotRead() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("candor-record-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let example = "Examples/plain/support-billing-persistence.txt"
        try """
            {"id":"\(example)","turn":4,"rule":"persistence-claim","verdict":"true","reason":"r","sample":"s","reported":false}
            {"id":"elsewhere","turn":1,"rule":"flattery","verdict":"true","reason":"r","sample":"s","reported":true}

            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try Programs.candor(["eval", "--judgments", file.path, example, "--record"])
        // The file is written; the judged conversation the input lacks still makes the run end with 2.
        #expect(result.status == 2)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("\"reported\":true}"))
        #expect(lines[1].contains("\"elsewhere\"") && lines[1].hasSuffix("\"reported\":true}"))
    }
}
