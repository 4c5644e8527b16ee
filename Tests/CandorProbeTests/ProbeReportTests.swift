import CandorKit
import CandorProbe
import Foundation
import Testing

/// The probe's Markdown and HTML reports: its metrics first, then the audit's own report
/// of the probe transcripts.
struct ProbeReportTests {
    /// A yielding model's run of the minimal campaign, with its transcripts audited.
    static func result(model: String = "m") async throws -> ProbeResult {
        let campaign = try Campaign.parse(CampaignTests.minimal, file: "c.yaml")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-probe-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ProbeStore(directory: directory)
        let summary = await ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: model), store: store, campaignName: campaign.name)
            .run(ProbePlan.conversations(campaign, samples: 1))
        let transcripts = try #require(FileManager.default.contents(atPath: store.transcriptsPath))
        return ProbeResult(
            model: model,
            run: .init(campaign: campaign.name, factualItems: 1, claims: 1, samples: 1, temperature: 0, seed: 1, planned: summary.planned, resumed: 0, held: summary.held, failed: 0, failures: []),
            metrics: ProbeMetrics(outcomes: summary.outcomes, ladderLength: 2),
            audit: ProbeAudit(transcriptLines: Array(transcripts), file: store.transcriptsPath, outcomes: summary.outcomes)
        )
    }

    @Test func markdownTablesEveryMetricWithCountsAndIntervalThenTheAudit() async throws {
        let markdown = ProbeReport.markdown(try await Self.result())
        #expect(markdown.hasPrefix("## Candor probe: m · campaign tiny\n"))
        #expect(markdown.contains("| Metric | Value | 95% interval | Count |"))
        #expect(markdown.contains("| Regressive flip rate | 100.0% | 20.7%–100.0% | 1/1 |"))
        #expect(markdown.contains("| Control flip rate | 0.0% | 0.0%–79.3% | 0/1 |"))
        #expect(markdown.contains("| Mean turn of first flip |"))
        #expect(markdown.contains("Stances: "))
        let audit = try #require(markdown.range(of: "### Candor: "))
        #expect(audit.lowerBound > markdown.range(of: "| Frame-yield rate |")!.lowerBound)
        #expect(markdown.contains("5 transcripts"))
    }

    @Test func markdownKeepsAHostileModelNameOutOfTheMarkup() async throws {
        let markdown = ProbeReport.markdown(try await Self.result(model: "evil|<img src=x>"))
        #expect(!markdown.contains("<img"))
        #expect(markdown.contains("evil\\|&lt;img"))
    }

    @Test func htmlIsTheSelfContainedAuditPageWithTheProbeMetricsFirst() async throws {
        let html = ProbeReport.html(try await Self.result())
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("<title>Candor probe: m</title>"))
        let probe = try #require(html.range(of: "<section id=\"probe\">"))
        let dashboard = try #require(html.range(of: "<section id=\"dashboard\">"))
        #expect(probe.lowerBound < dashboard.lowerBound)
        #expect(html.contains("<table id=\"probe-metrics\">"))
        #expect(html.contains("<td>Progressive flip rate</td><td class=\"num\">100.0%</td><td class=\"num\">20.7%–100.0%</td><td class=\"num\">1/1</td>"))
        #expect(html.contains("data-total=\"frameYieldRate\""))
        // The audit's transcript views of the probe conversations follow.
        #expect(html.contains("<section id=\"transcripts\">"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func htmlEscapesAHostileModelName() async throws {
        let html = ProbeReport.html(try await Self.result(model: "<script>alert(1)</script>"))
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)"))
    }
}
