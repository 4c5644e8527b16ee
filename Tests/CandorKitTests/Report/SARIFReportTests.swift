import Foundation
import Testing
@testable import CandorKit

@Suite struct SARIFReportTests {
    @Test func byteOffsetsBecomeLinesAndCodePointColumns() {
        let lines = SourceLines(bytes: Array("ab\nçé x\n".utf8))
        #expect(lines.position(ofByte: 0) == (1, 1))
        #expect(lines.position(ofByte: 3) == (2, 1))
        // "çé " is 5 bytes and 3 code points: x is the fourth code point.
        #expect(lines.position(ofByte: 8) == (2, 4))
    }

    @Test func plainTextFindingsHaveLineAndColumnRegions() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        let sarif = SARIFReport.document(rules: ReportFixtures.rules, results: [result]) { _ in
            SourceLines(bytes: Array(ReportFixtures.hostile.utf8))
        }
        #expect(sarif.contains("\"region\":{\"startLine\":3,\"startColumn\":12,\"endLine\":3,\"endColumn\":18"))
    }

    @Test func jsonRecordsPointAtTheirLineAndLogicalLocation() throws {
        let record = #"{"messages":[{"role":"user","content":"Remember this."},{"role":"assistant","content":"Noted."}]}"#
        let outcomes = TranscriptReading().read(Array((record + "\n" + record + "\n").utf8), file: "chats.jsonl")
        guard case .transcript(let transcript) = outcomes[1] else { Issue.record("not read"); return }
        let sarif = SARIFReport.document(rules: ReportFixtures.rules, results: [Auditor().audit(transcript)])
        #expect(sarif.contains("\"region\":{\"startLine\":2,"))
        #expect(sarif.contains("\"fullyQualifiedName\":\"record 2/turn 1/text 0\""))
    }

    @Test func rulesComeFromTheRegistryWithHelp() throws {
        let sarif = SARIFReport.document(rules: ReportFixtures.rules, results: [])
        let value = try JSONParser.parse(sarif)
        let rules = try #require(value["runs"]?.array?.first?["tool"]?["driver"]?["rules"]?.array)
        #expect(rules.compactMap { $0["id"]?.string } == RuleRegistry.ids)
        #expect(rules.allSatisfy { $0["help"]?["text"]?.string?.isEmpty == false })
    }

    @Test func readErrorsBecomeNotifications() throws {
        let sarif = SARIFReport.document(rules: [], results: [], errors: [ReadError(file: "bad.jsonl", record: 3, line: 3, offset: 40, expected: "a value")])
        let value = try JSONParser.parse(sarif)
        let invocation = try #require(value["runs"]?.array?.first?["invocations"]?.array?.first)
        #expect(sarif.contains("\"executionSuccessful\":false"))
        #expect(invocation["toolExecutionNotifications"]?.array?.count == 1)
    }

    @Test func documentMatchesSnapshot() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        let sarif = SARIFReport.document(rules: ReportFixtures.rules, results: [result]) { _ in SourceLines(bytes: Array(ReportFixtures.hostile.utf8)) }
        try ReportFixtures.assertSnapshot(sarif, named: "report.sarif")
    }

    /// The official schema, read from the shared folder beside the repository (never copied in).
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../../shared/schemas/sarif-schema-2.1.0.json").standardizedFileURL.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: schema), "the SARIF schema folder ../shared/schemas is absent"))
    func documentValidatesAgainstTheOfficialSchema() throws {
        let results = try [ReportFixtures.hostile, ReportFixtures.clean].map { try ReportFixtures.audit($0) }
        let sarif = SARIFReport.document(rules: ReportFixtures.rules, results: results, errors: [ReadError(file: "bad file.jsonl", line: 2, expected: "a value")]) { _ in
            SourceLines(bytes: Array(ReportFixtures.hostile.utf8))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("candor-\(UUID().uuidString).sarif")
        try sarif.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try SchemaCheck.validate(file.path, schema: Self.schema)
        #expect(outcome.status == 0, "\(outcome.output)")
    }
}

/// Validates a JSON file against a JSON schema with Python's `jsonschema` (scripts/test installs it).
enum SchemaCheck {
    static let program = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[2]))
        document = json.load(open(sys.argv[1]))
        errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(document))
        for error in errors[:10]:
            print("/".join(map(str, error.absolute_path)), error.message)
        sys.exit(1 if errors else 0)
        """

    static func validate(_ path: String, schema: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program, path, schema]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

@Suite struct FingerprintTests {
    func hex(_ fields: [String]) -> String {
        var fingerprint = Fingerprint()
        fields.forEach { fingerprint.add($0) }
        return fingerprint.hex
    }

    @Test func fieldBoundariesMatter() {
        #expect(hex(["ab", "c"]) != hex(["a", "bc"]))
        #expect(hex(["ab", "c"]) == hex(["ab", "c"]))
        #expect(hex([]).count == 32)
    }
}
