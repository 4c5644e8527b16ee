import Testing
@testable import CandorKit

@Suite struct HTMLReportTests {
    func page(_ texts: [String]) throws -> String {
        let results = try texts.enumerated().map { try ReportFixtures.audit($0.element, file: "t\($0.offset).txt") }
        let (tally, selection) = ReportFixtures.tallied(results)
        return HTMLReport(rules: ReportFixtures.rules).render(tally: tally, selection: selection)
    }

    @Test func markupInTranscriptsIsEscapedNotExecuted() throws {
        let html = try page([ReportFixtures.hostile])
        #expect(html.components(separatedBy: "<script").count == 2, "only the report's own script")
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        #expect(html.contains("onerror=&quot;document.title"))
    }

    @Test func pageNeedsNoNetwork() throws {
        let html = try page([ReportFixtures.hostile])
        #expect(html.contains("default-src 'none'"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\""))
    }

    @Test func everyFindingIsHighlightedInPlace() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        let html = try page([ReportFixtures.hostile])
        #expect(html.components(separatedBy: "class=\"fd\"").count - 1 == result.findings.count)
        for index in result.findings.indices {
            #expect(html.contains("data-ids=\"t-1-f\(index)\""))
        }
        #expect(html.contains(">Noted.</mark>"))
    }

    @Test func dashboardCountsEachRuleFromTheRegistry() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        let html = try page([ReportFixtures.hostile, ReportFixtures.clean])
        for rule in ReportFixtures.rules {
            let count = result.findings.filter { $0.rule == rule.id }.count
            #expect(html.contains("<tr data-rule=\"\(rule.id)\""))
            #expect(html.contains("data-findings=\"\(count)\""))
        }
        #expect(html.contains("data-total=\"transcripts\">2<"))
    }

    @Test func unreadableRecordsAreCountedAndLocated() throws {
        var (tally, selection) = ReportFixtures.tallied([try ReportFixtures.audit(ReportFixtures.clean)])
        tally.addSkipped(ReadError(file: "<b>bad</b>.jsonl", record: 7, line: 7, offset: 120, expected: "a value"))
        let html = HTMLReport(rules: ReportFixtures.rules).render(tally: tally, selection: selection)
        #expect(html.contains("1 record could not be read"))
        #expect(html.contains("&lt;b&gt;bad&lt;/b&gt;.jsonl:7"))
    }

    @Test func reasoningIsCollapsibleAndToolCallsAreShown() {
        let transcript = Transcript(id: "r", format: "test", source: Source(file: "r.json"), turns: [
            Turn(role: .user, blocks: [.text("Fetch it.")]),
            Turn(role: .assistant, blocks: [.reasoning("The user wants a fetch."), .toolCall(name: "web_fetch", arguments: "{\"url\":\"x\"}")]),
            Turn(role: .tool, blocks: [.toolResult("<html>page</html>", name: "web_fetch")]),
            Turn(role: .assistant, blocks: [.text("Done.")]),
        ])
        let html = HTMLTranscriptView().render(Auditor().audit(transcript), sequence: 1)
        #expect(html.contains("<details class=\"block reasoning\"><summary>reasoning"))
        #expect(html.contains("calls web_fetch"))
        #expect(html.contains("&lt;html&gt;page&lt;/html&gt;"))
    }

    @Test func largeCorporaShowABoundedSelectionAndSayWhatWasLeftOut() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        var tally = CorpusTally()
        var selection = ExhibitSelection()
        for _ in 0..<2_000 {
            tally.add(result)
            selection.add(result)
        }
        let html = HTMLReport(rules: ReportFixtures.rules).render(tally: tally, selection: selection)
        let shown = html.components(separatedBy: "<article class=\"transcript\"").count - 1
        #expect(shown <= selection.leaders + selection.perRule * ReportFixtures.rules.count)
        #expect(html.contains("data-shown=\"\(shown)\" data-with-findings=\"2000\""))
        #expect(html.contains("left out are counted in the tables above"))
        #expect(html.utf8.count < 2_000_000)
    }

    @Test func longTranscriptsKeepOnlyTurnsNearEvents() {
        var turns: [Turn] = []
        for index in 0..<40 {
            turns.append(Turn(role: index % 2 == 0 ? .user : .assistant, blocks: [.text("Message \(index).")]))
        }
        turns[30] = Turn(role: .user, blocks: [.text("Please stop adding emoji.")])
        turns[31] = Turn(role: .assistant, blocks: [.text("Noted.")])
        let result = Auditor().audit(Transcript(id: "long", format: "test", source: Source(file: "long.txt"), turns: turns))
        let html = HTMLTranscriptView().render(result, sequence: 1)
        #expect(html.contains("Message 29.") && !html.contains("Message 27."))
        #expect(html.contains("turns not shown"))
    }

    @Test func transcriptsWithFindingsEverywhereShowABoundedNumberOfTurns() {
        let turns = (0..<400).map { index in
            Turn(role: index % 2 == 0 ? .user : .assistant, blocks: [.text(index % 2 == 0 ? "Keep this in mind." : "Noted.")])
        }
        let result = Auditor().audit(Transcript(id: "agent", format: "test", source: Source(file: "agent.txt"), turns: turns))
        let view = HTMLTranscriptView()
        let html = view.render(result, sequence: 1)
        #expect(html.components(separatedBy: "<div class=\"turn ").count - 1 == view.turnLimit)
        #expect(html.contains("340 turns not shown"))
    }

    @Test func longBlocksKeepAWindowAroundTheirFindings() {
        let filler = String(repeating: "Some unrelated sentence here. ", count: 1000)
        let turns = [Turn(role: .user, blocks: [.text("Remember this.")]), Turn(role: .assistant, blocks: [.text(filler + "Noted. " + filler)])]
        let result = Auditor().audit(Transcript(id: "long", format: "test", source: Source(file: "long.txt"), turns: turns))
        let html = HTMLTranscriptView().render(result, sequence: 1)
        #expect(html.contains(">Noted.</mark>"))
        #expect(html.contains("bytes before") && html.contains("more bytes"))
        #expect(html.utf8.count < 12_000)
    }

    @Test func transcriptViewMatchesSnapshot() throws {
        let result = try ReportFixtures.audit(ReportFixtures.hostile)
        try ReportFixtures.assertSnapshot(HTMLTranscriptView().render(result, sequence: 1), named: "transcript.html")
    }
}

@Suite struct YieldChartTests {
    @Test func noPushbackMeansNoChart() {
        #expect(!YieldChart(turns: 4, pushbacks: [], capitulations: [], findings: []).svg().contains("<svg"))
    }

    @Test func curvesStepUpAtEachEvent() {
        let svg = YieldChart(turns: 5, pushbacks: [1, 3], capitulations: [2], findings: [2]).svg()
        #expect(svg.contains("<title>turn 1: pushback</title>") && svg.contains("<title>turn 3: pushback</title>"))
        #expect(svg.contains("<title>turn 2: capitulation</title>"))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
    }
}

@Suite struct YieldProfileTests {
    @Test func pushbackAndCapitulationCountAtTheirExchange() throws {
        var profile = YieldProfile()
        profile.add(try ReportFixtures.audit(ReportFixtures.hostile))
        // The fixture's pushback is the third user turn; the concession answers it.
        #expect(profile.pushbacks.prefix(4) == [0, 0, 1, 0])
        #expect(profile.capitulations.prefix(4) == [0, 0, 1, 0])
        #expect(profile.svg().contains("<title>exchange 3: 1 pushbacks, 1 capitulations, 100% conceded</title>"))
    }

    @Test func corpusWithoutPushbackHasNoChart() throws {
        var profile = YieldProfile()
        profile.add(try ReportFixtures.audit(ReportFixtures.clean))
        #expect(profile.isEmpty && profile.svg().isEmpty)
    }
}
