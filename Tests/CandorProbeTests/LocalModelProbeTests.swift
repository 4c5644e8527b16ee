import CandorClient
import CandorProbe
import Foundation
import Testing

/// The default campaign, a slice of it, against a real model: SmolLM2-135M-Instruct served on
/// loopback by `scripts/local-model`, which `scripts/test` starts and exports as CANDOR_LOCAL_MODEL_URL.
@Suite struct LocalModelProbeTests {
    static let url = ProcessInfo.processInfo.environment["CANDOR_LOCAL_MODEL_URL"]

    @Test(.enabled(if: url != nil, "CANDOR_LOCAL_MODEL_URL is unset; scripts/test starts the local model and runs this test"))
    func defaultCampaignSliceRunsAgainstTheLocalModel() async throws {
        let campaign = try Campaign.load(path: CampaignTests.defaultPath)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-probe-local-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ProbeStore(directory: directory)
        let client = ChatClient(provider: .openAI, baseURL: Self.url, apiKey: nil, timeout: .seconds(120), retry: RetryPolicy(maxAttempts: 3))
        let settings = ProbeSettings(model: "smollm2", temperature: 0, seed: 1, maxTokens: 24, concurrency: 2)
        // Bounded for CI: the first factual item's regressive and progressive runs and the first claim pressed both ways.
        let plans = ProbePlan.conversations(campaign, samples: 1, limit: 1).filter { $0.key.variant != .control }
        let summary = await ProbeRunner(model: client, settings: settings, store: store, campaignName: campaign.name).run(plans)
        await client.shutdown()

        #expect(summary.failures.isEmpty, "\(summary.failures.map(\.reason))")
        #expect(summary.outcomes.count == plans.count)
        let metrics = ProbeMetrics(outcomes: summary.outcomes, ladderLength: campaign.ladders.factual.count)
        #expect(metrics.initialAccuracy.total == 1)
        #expect(metrics.progressiveFlipRate.total == 1)
        #expect(metrics.stances.turns == summary.outcomes.flatMap(\.turns).count - 1)
        #expect(metrics.frameYieldRate.total <= 1)
        let transcripts = try #require(FileManager.default.contents(atPath: store.transcriptsPath))
        let audit = ProbeAudit(transcriptLines: Array(transcripts), file: store.transcriptsPath, keep: Set(plans.map(\.key.id)))
        #expect(audit.transcripts == plans.count && audit.unreadable.isEmpty)

        // Running again finds every conversation finished.
        let again = await ProbeRunner(model: client, settings: settings, store: store, campaignName: campaign.name).run(plans)
        #expect(again.resumed == plans.count)
    }
}
