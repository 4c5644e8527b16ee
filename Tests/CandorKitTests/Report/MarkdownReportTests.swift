import Testing
@testable import CandorKit

@Suite struct MarkdownReportTests {
    func summary(_ texts: [String]) throws -> String {
        let (tally, selection) = ReportFixtures.tallied(try texts.map { try ReportFixtures.audit($0) })
        return MarkdownReport(rules: ReportFixtures.rules).render(tally: tally, selection: selection)
    }

    @Test func summaryMatchesSnapshot() throws {
        try ReportFixtures.assertSnapshot(try summary([ReportFixtures.hostile, ReportFixtures.clean]), named: "summary.md")
    }

    @Test func cleanCorpusSaysSoInOneLine() throws {
        #expect(try summary([ReportFixtures.clean]).hasPrefix("### Candor: no findings\n"))
    }

    @Test func transcriptTextCannotBreakTheTableOrInjectMarkup() {
        let cell = MarkdownReport(rules: []).cell("a | b\n<script>@team `x`")
        #expect(cell == "a \\| b &lt;script&gt;@\u{200B}team 'x'")
    }
}

@Suite struct CorpusTallyTests {
    @Test func wilsonIntervalMatchesTheFormula() {
        // 5 of 77: the textbook Wilson bounds are 0.0281 and 0.1432.
        let interval = Proportion(count: 5, total: 77).wilson()
        #expect(abs(interval.lowerBound - 0.02808) < 0.0001 && abs(interval.upperBound - 0.14318) < 0.0001)
        #expect(Proportion(count: 0, total: 10).wilson().lowerBound == 0)
        #expect(Proportion(count: 0, total: 0).wilson() == 0...1)
    }

    @Test func rateCountsFlaggedAssistantTurnsNotFindings() throws {
        var tally = CorpusTally()
        tally.add(try ReportFixtures.audit(ReportFixtures.hostile))
        // Two persistence-claim findings share one assistant turn.
        #expect(tally.rules["persistence-claim"]?.findings == 2)
        #expect(tally.rate(of: "persistence-claim") == Proportion(count: 1, total: 3))
    }

    @Test func savedJSONLOutputAddsUpLikeALiveAudit() throws {
        let results = try [ReportFixtures.hostile, ReportFixtures.clean].map { try ReportFixtures.audit($0) }
        var live = CorpusTally()
        results.forEach { live.add($0) }
        let unreadable = ReadError(file: "x.jsonl", record: 4, line: 4, offset: 90, expected: "a value")
        let jsonl = results.map(JSONLReport.line(for:)).joined(separator: "\n") + "\n" + JSONLReport.line(for: unreadable) + "\n"
        #expect(CorpusTally.isAuditOutput(Array(jsonl.utf8)))
        var saved = CorpusTally()
        #expect(saved.add(auditOutput: Array(jsonl.utf8), file: "saved.jsonl").isEmpty)
        live.addSkipped(unreadable)
        #expect(saved == live)
    }

    @Test func savedJSONLLeavesOutFindingsOfRulesNotIncluded() throws {
        var result = try ReportFixtures.audit(ReportFixtures.hostile)
        let jsonl = JSONLReport.line(for: result) + "\n"
        var saved = CorpusTally()
        #expect(saved.add(auditOutput: Array(jsonl.utf8), file: "saved.jsonl", includes: { $0 != "persistence-claim" }).isEmpty)
        result.findings.removeAll { $0.rule == "persistence-claim" }
        var live = CorpusTally()
        live.add(result)
        #expect(saved == live)
        #expect(saved.rules["persistence-claim"] == nil && saved.transcripts == 1)
    }

    @Test func transcriptsAreNotMistakenForAuditOutput() {
        let record = #"{"messages":[{"role":"user","content":"hi"}]}"#
        #expect(!CorpusTally.isAuditOutput(Array(record.utf8)))
    }

    @Test func brokenLinesInSavedOutputAreLocatedAndTheRestCounted() throws {
        let good = JSONLReport.line(for: try ReportFixtures.audit(ReportFixtures.clean))
        var tally = CorpusTally()
        let errors = tally.add(auditOutput: Array((good + "\n{\"findings\":\n" + good + "\n").utf8), file: "s.jsonl")
        #expect(errors.map(\.line) == [2])
        #expect(tally.transcripts == 2)
    }
}

@Suite struct ComparisonReportTests {
    func tally(flagged: Int, of turns: Int) -> CorpusTally {
        var tally = CorpusTally()
        tally.transcripts = 1
        tally.assistantTurns = turns
        tally.rules["capitulation"] = CorpusTally.RuleCounts()
        tally.rules["capitulation"]?.findings = flagged
        tally.rules["capitulation"]?.flaggedTurns = flagged
        return tally
    }

    @Test func disjointIntervalsAreMarked() {
        let report = ComparisonReport(a: tally(flagged: 10, of: 1000), b: tally(flagged: 60, of: 1000), labelA: "v1", labelB: "v2", rules: ReportFixtures.rules)
        let row = try! #require(report.rows.first { $0.rule == "capitulation" })
        #expect(row.separated)
        #expect(row.difference == 50)
    }

    @Test func overlappingIntervalsAreNotMarked() {
        let report = ComparisonReport(a: tally(flagged: 10, of: 1000), b: tally(flagged: 12, of: 1000), labelA: "v1", labelB: "v2", rules: ReportFixtures.rules)
        #expect(report.rows.allSatisfy { !$0.separated })
    }

    @Test func everyRegistryRuleGetsARowPlusRulesOnlyTheInputsKnow() {
        var b = tally(flagged: 1, of: 10)
        b.rules["retired-rule"] = CorpusTally.RuleCounts()
        let report = ComparisonReport(a: tally(flagged: 1, of: 10), b: b, labelA: "a", labelB: "b", rules: ReportFixtures.rules)
        #expect(report.rows.map(\.rule) == RuleRegistry.ids + ["retired-rule"])
    }

    @Test func outputsMatchSnapshots() throws {
        let report = ComparisonReport(a: tally(flagged: 10, of: 1000), b: tally(flagged: 60, of: 1000), labelA: "v1 <old>", labelB: "v2", rules: ReportFixtures.rules)
        try ReportFixtures.assertSnapshot(report.text(), named: "compare.txt")
        try ReportFixtures.assertSnapshot(report.markdown(), named: "compare.md")
        try ReportFixtures.assertSnapshot(report.json(), named: "compare.json")
        #expect(report.html().contains("v1 &lt;old&gt;"))
    }
}
