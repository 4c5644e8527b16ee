import Foundation
import Testing

/// The report formats and `candor compare` through the built binary.
@Suite struct ReportCommandTests {
    static let schema = Programs.repository.appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json").standardizedFileURL.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: schema), "the SARIF schema folder ../shared/schemas is absent"))
    func sarifOfTheEvaluationSetValidatesAgainstTheOfficialSchema() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appendingPathComponent("report.sarif")
        let broken = directory.appendingPathComponent("broken.jsonl")
        try "{\"messages\": [\n".write(to: broken, atomically: true, encoding: .utf8)
        let audit = try Programs.candor(["audit", "Evaluation", broken.path, "--format", "sarif", "--output", sarif.path, "--fail-on", "never"])
        #expect(audit.status == 2, "an unreadable record exits 2")
        let check = try Programs.run("python3", ["-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[2])); document = json.load(open(sys.argv[1]))
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(document))
            for e in errors[:10]: print("/".join(map(str, e.absolute_path)), e.message)
            run = document["runs"][0]
            print("results", len(run["results"]), "notifications", len(run["invocations"][0]["toolExecutionNotifications"]))
            sys.exit(1 if errors else 0)
            """, sarif.path, Self.schema])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.contains("notifications 1"))
    }

    @Test func compareReadsSavedJSONLLikeALiveAudit() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("saved.jsonl")
        let audit = try Programs.candor(["audit", "Evaluation", "--format", "jsonl", "--output", saved.path, "--fail-on", "never"])
        #expect(audit.status == 0)
        let compare = try Programs.candor(["compare", saved.path, "Evaluation", "--format", "json"])
        #expect(compare.status == 0, "\(compare.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(compare.output.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        #expect(rules.allSatisfy { ($0["difference"] as? Double) == 0 && ($0["intervalsOverlap"] as? Bool) == true })
    }

    @Test func compareTakesTheSameRuleSelectionAsAudit() throws {
        let compare = try Programs.candor(["compare", "Evaluation", "Evaluation", "--format", "json", "--rules", "capitulation,flattery"])
        #expect(compare.status == 0, "\(compare.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(compare.output.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["rule"] as? String }) == ["capitulation", "flattery"])
        let unknown = try Programs.candor(["compare", "Evaluation", "Evaluation", "--exclude-rules", "no-such-rule"])
        #expect(unknown.status == 64 || unknown.status == 2)
        #expect(unknown.errors.contains("no-such-rule"))
    }

    /// Rules left out by --rules, --exclude-rules or --config are left out of saved JSONL too,
    /// so a saved run compares with a fresh audit of the same selection as equal.
    @Test func compareLeavesDeselectedRulesOutOfSavedJSONL() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = directory.appendingPathComponent("saved.jsonl").path
        let config = directory.appendingPathComponent("candor.yml").path
        try "rules:\n  capitulation:\n    enabled: false\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Programs.candor(["audit", "Examples", "--format", "jsonl", "--output", saved, "--fail-on", "never"]).status == 0)
        #expect((try String(contentsOfFile: saved, encoding: .utf8)).contains(#""rule":"capitulation""#), "the saved run has the rule to leave out")
        for selection in [["--exclude-rules", "capitulation"], ["--config", config], ["--rules", "flattery,persistence-claim"]] {
            let compare = try Programs.candor(["compare", saved, "Examples", "--format", "json"] + selection)
            #expect(compare.status == 0, "\(selection): \(compare.errors)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(compare.output.utf8)) as? [String: Any])
            let rules = try #require(object["rules"] as? [[String: Any]])
            #expect(!rules.contains { $0["rule"] as? String == "capitulation" }, "\(selection)")
            #expect(rules.allSatisfy { ($0["difference"] as? Double) == 0 }, "\(selection): saved and fresh agree")
        }
    }

    /// A report written into the directory being audited is not read back as input.
    @Test func auditLeavesItsOwnOutputFilesOutOfTheInputs() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "User: Remember this.\nAssistant: Noted.\n".write(to: directory.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("report.jsonl").path
        let summary = directory.appendingPathComponent("summary.json").path
        for _ in 0..<2 {
            let audit = try Programs.candor(["audit", directory.path, "-o", report, "--summary", summary, "--format", "jsonl", "--fail-on", "never", "--progress"])
            #expect(audit.status == 0, "\(audit.errors)")
            #expect(audit.errors.contains("records read 1,"), "only a.txt is read: \(audit.errors)")
        }
        let lines = (try String(contentsOfFile: report, encoding: .utf8)).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("a.txt") == true)
    }

    @Test func auditRefusesAnOutputFileThatIsAlsoAnInput() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("chat.txt")
        try "User: Remember this.\nAssistant: Noted.\n".write(to: input, atomically: true, encoding: .utf8)
        let audit = try Programs.candor(["audit", input.path, "-o", directory.path + "/./chat.txt"])
        #expect(audit.status != 0)
        #expect(audit.errors.contains("both an input and an output"))
        #expect((try String(contentsOf: input, encoding: .utf8)).contains("Noted."), "the input is untouched")
    }

    @Test func dbOptionStoresBesideTheChosenFormatAndReauditingDoesNotDuplicate() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("findings.sqlite").path
        let corpus = directory.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try "User: Remember this.\nAssistant: Noted.\n".write(to: corpus.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "User: Is it right?\nAssistant: Yes.\n".write(to: corpus.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let audit = try Programs.candor(["audit", corpus.path, "--format", "markdown", "--db", db, "--fail-on", "never"])
            #expect(audit.status == 0, "\(audit.errors)")
            #expect(audit.output.hasPrefix("### Candor"))
        }
        guard Programs.exists("python3") else { return }
        let count = try Programs.run("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from transcripts').fetchone()[0])", db])
        #expect(count.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }
}
