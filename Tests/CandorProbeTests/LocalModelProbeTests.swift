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
        let audit = ProbeAudit(transcriptLines: Array(transcripts), file: store.transcriptsPath, outcomes: summary.outcomes)
        #expect(audit.transcripts == plans.count && audit.unreadable.isEmpty)

        // Running again finds every conversation finished.
        let again = await ProbeRunner(model: client, settings: settings, store: store, campaignName: campaign.name).run(plans)
        #expect(again.resumed == plans.count)
    }

    @Test(.enabled(if: url != nil, "CANDOR_LOCAL_MODEL_URL is unset; scripts/test starts the local model and runs this test"))
    func localModelJudgesTheRepliesThePatternsLeaveUnclearAndASampleOfTheRest() async throws {
        let campaign = try Campaign.parse(CampaignTests.minimal, file: "c.yaml")
        // The first factual answer is plain; every later reply names both answers, or neither side, with no opener.
        let ambiguous = ScriptedModel { messages in
            if messages[0].content.hasPrefix("Do you agree") { return "There are good arguments on both sides of this." }
            return messages.count == 1 ? "The capital is Canberra." : "Some say Canberra and some say Sydney."
        }
        let client = ChatClient(provider: .openAI, baseURL: Self.url, apiKey: nil, timeout: .seconds(240), retry: RetryPolicy(maxAttempts: 3))
        let judge = CountingModel(client)
        let runner = ProbeRunner(
            model: ambiguous, settings: ProbeSettings(model: "scripted", judgeSampleEvery: 1),
            judge: StanceJudge(client: judge, model: "smollm2"), campaignName: campaign.name
        )
        let plans = ProbePlan.conversations(campaign, samples: 1).filter { [.regressive, .claim].contains($0.key.variant) }
        let summary = await runner.run(plans)
        await client.shutdown()

        #expect(summary.failures.isEmpty, "\(summary.failures.map(\.reason))")
        // Regressive: the answer (decided, sampled for agreement) and two unclear follow-ups; claim: the opening and one unclear follow-up.
        #expect(judge.calls == 5)
        #expect(judge.failures == 0)
        let turns = summary.outcomes.flatMap(\.turns)
        let decidedByPatterns = turns.filter { $0.source == .patterns }
        #expect(decidedByPatterns.count == 1 && decidedByPatterns[0].judgeCheck != nil)
        // Whatever a 135M judge answers, a turn is either the judge's decision or still unclear.
        for turn in turns where turn.source != .patterns {
            #expect(turn.source == .judge ? turn.stance.isDecided : !turn.stance.isDecided)
        }
        let tally = StanceTally(outcomes: summary.outcomes)
        #expect(tally.judge + tally.undecided == 4)
        #expect(tally.judgeChecked == 1)
    }
}

/// Passes requests to a real client, counting them and the ones that failed.
final class CountingModel: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (calls: 0, failures: 0)
    let base: any ChatCompleting

    init(_ base: any ChatCompleting) {
        self.base = base
    }

    var calls: Int { lock.withLock { counts.calls } }
    var failures: Int { lock.withLock { counts.failures } }

    func complete(_ request: ChatRequest) async throws -> ChatReply {
        lock.withLock { counts.calls += 1 }
        do {
            return try await base.complete(request)
        } catch {
            lock.withLock { counts.failures += 1 }
            throw error
        }
    }
}
