import CandorClient
import CandorKit
import CandorProbe
import Foundation
import Testing

/// A stand-in model that answers from the conversation so far, counting calls and how many run at once.
final class ScriptedModel: ChatCompleting, @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0
    private(set) var calls = 0
    private(set) var mostInFlight = 0
    let answer: @Sendable ([ChatMessage]) throws -> String

    init(_ answer: @escaping @Sendable ([ChatMessage]) throws -> String) {
        self.answer = answer
    }

    func complete(_ request: ChatRequest) async throws -> ChatReply {
        lock.withLock {
            calls += 1
            inFlight += 1
            mostInFlight = max(mostInFlight, inFlight)
        }
        defer { lock.withLock { inFlight -= 1 } }
        try await Task.sleep(for: .milliseconds(2))
        return ChatReply(content: try answer(request.messages))
    }

    /// Answers right, repeats it when asked neutrally, and gives in to every push.
    static func yielding() -> ScriptedModel {
        ScriptedModel { messages in
            let last = messages.last!.content
            if messages.count == 1 { return last.hasPrefix("What") ? "The capital is Canberra." : "It depends on the situation." }
            if last.contains("again") { return "The capital is Canberra." }
            return "You're right, I apologize for the confusion."
        }
    }
}

struct ProbeRunnerTests {
    let campaign = try! Campaign.parse(CampaignTests.minimal, file: "c.yaml")

    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("candor-probe-\(UUID().uuidString)").path
    }

    @Test func yieldingModelFlipsBothWaysAndYieldsToBothFrames() async {
        let runner = ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: "m"), campaignName: campaign.name)
        let summary = await runner.run(ProbePlan.conversations(campaign, samples: 1))
        let metrics = ProbeMetrics(outcomes: summary.outcomes, ladderLength: 2)
        #expect(summary.failures.isEmpty)
        #expect(metrics.initialAccuracy.count == 1)
        #expect(metrics.regressiveFlipRate.count == 1 && metrics.regressiveFlipRate.total == 1)
        #expect(metrics.progressiveFlipRate.count == 1)
        #expect(metrics.controlFlipRate.count == 0 && metrics.controlFlipRate.total == 1)
        #expect(metrics.frameYieldRate.count == 1 && metrics.frameYieldRate.total == 1)
        #expect(metrics.meanTurnOfFirstFlip.value == 1)
    }

    @Test func reRunSkipsFinishedConversations() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plans = ProbePlan.conversations(campaign, samples: 2)
        let first = ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: "m"), store: try ProbeStore(directory: directory), campaignName: campaign.name)
        let done = await first.run(plans)
        let unreachable = ScriptedModel { _ in throw ChatError.timeout(attempts: 1) }
        let again = ProbeRunner(model: unreachable, settings: ProbeSettings(model: "m"), store: try ProbeStore(directory: directory), campaignName: campaign.name)
        let resumed = await again.run(plans)
        #expect(unreachable.calls == 0)
        #expect(resumed.resumed == plans.count && resumed.held == 0)
        #expect(resumed.outcomes == done.outcomes)
    }

    @Test func anotherModelInTheSameDirectoryIsNotSkipped() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plans = ProbePlan.conversations(campaign, samples: 1)
        _ = await ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: "m"), store: try ProbeStore(directory: directory), campaignName: "c").run(plans)
        let other = ScriptedModel.yielding()
        let summary = await ProbeRunner(model: other, settings: ProbeSettings(model: "n"), store: try ProbeStore(directory: directory), campaignName: "c").run(plans)
        #expect(summary.resumed == 0 && other.calls > 0)
    }

    @Test func failedConversationsAreReportedAndNotRecorded() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ProbeStore(directory: directory)
        let broken = ScriptedModel { messages in
            if messages.count > 1 { throw ChatError.status(503, body: "busy", attempts: 5) }
            return "Canberra."
        }
        let summary = await ProbeRunner(model: broken, settings: ProbeSettings(model: "m"), store: store, campaignName: "c").run(ProbePlan.conversations(campaign, samples: 1))
        #expect(summary.failures.count == 5)
        #expect(summary.outcomes.isEmpty)
        #expect(await store.finished(model: "m").outcomes.isEmpty)
    }

    @Test func transcriptsAreOpenAIChatThatTheAuditReads() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ProbeStore(directory: directory)
        let plans = ProbePlan.conversations(campaign, samples: 1)
        let summary = await ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: "m"), store: store, campaignName: "c").run(plans)
        let bytes = try #require(FileManager.default.contents(atPath: store.transcriptsPath))
        let read = TranscriptReading().read(Array(bytes), file: "transcripts.jsonl")
        #expect(read.count == plans.count)
        let audit = ProbeAudit(transcriptLines: Array(bytes), file: "transcripts.jsonl", outcomes: summary.outcomes)
        #expect(audit.transcripts == plans.count && audit.unreadable.isEmpty)
        // Regressive and control: 1 + ladder; progressive: the seeded answer + ladder; claims: 1 + ladder.
        #expect(audit.assistantTurns == 3 + 3 + 2 + 2 * 2)
    }

    @Test func auditIsScoredAgainstTheFlipsTheAnswerPatternsRead() async throws {
        // Takes up whatever answer the user proposes, without a word of concession; repeats its answer when asked to.
        let silentlyYielding = ScriptedModel { messages in
            let last = messages.last!.content
            if messages.count == 1 { return last.hasPrefix("What") ? "The capital is Canberra." : "It depends on the situation." }
            if last.contains("again") { return "The capital is Canberra." }
            if let range = last.range(of: "I thought it was ") { return "The answer is indeed \(last[range.upperBound...].dropLast())." }
            return messages[messages.count - 2].content
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ProbeStore(directory: directory)
        let summary = await ProbeRunner(model: silentlyYielding, settings: ProbeSettings(model: "m"), store: store, campaignName: "c")
            .run(ProbePlan.conversations(campaign, samples: 1))
        let bytes = try #require(FileManager.default.contents(atPath: store.transcriptsPath))
        let agreement = ProbeAudit(transcriptLines: Array(bytes), file: "transcripts.jsonl", outcomes: summary.outcomes).agreement
        // The regressive run moves to Sydney and the progressive one to Canberra, each at the doubt step.
        #expect(agreement.flips.map(\.step) == [1, 1] && agreement.flips.allSatisfy(\.flagged))
        #expect(agreement.recallOnFlips.count == 2 && agreement.recallOnFlips.total == 2)
        #expect(agreement.falseFlagsOnControl.count == 0 && agreement.falseFlagsOnControl.total == 1)
        #expect(agreement.flagsOnHeldAnswers.count == 0 && agreement.flagsOnHeldAnswers.total == 2)
    }

    @Test func concurrencyStaysWithinItsBound() async {
        let model = ScriptedModel.yielding()
        let runner = ProbeRunner(model: model, settings: ProbeSettings(model: "m", concurrency: 2), campaignName: "c")
        _ = await runner.run(ProbePlan.conversations(campaign, samples: 3))
        #expect(model.mostInFlight <= 2)
    }

    @Test func judgeDecidesOnlyWhatThePatternsLeaveUnclearAndChecksASample() async {
        let hedging = ScriptedModel { messages in messages.count == 1 ? "The capital is Canberra." : "Hmm, let me think about that." }
        let judgeModel = ScriptedModel { _ in "B" }
        let runner = ProbeRunner(
            model: hedging, settings: ProbeSettings(model: "m", judgeSampleEvery: 1),
            judge: StanceJudge(client: judgeModel, model: "judge"), campaignName: "c"
        )
        let plan = ProbePlan.conversations(campaign, samples: 1).filter { $0.key.variant == .regressive }
        let outcome = await runner.run(plan).outcomes[0]
        #expect(outcome.turns.map(\.source) == [.patterns, .judge, .judge])
        #expect(outcome.turns.map(\.stance) == [.right, .wrong, .wrong])
        #expect(outcome.turns[0].judgeCheck == .wrong)
    }

    @Test func jsonReportCarriesEveryMetricWithItsInterval() async throws {
        let summary = await ProbeRunner(model: ScriptedModel.yielding(), settings: ProbeSettings(model: "m"), campaignName: "c").run(ProbePlan.conversations(campaign, samples: 1))
        let result = ProbeResult(
            model: "m",
            run: .init(campaign: "c", factualItems: 1, claims: 1, samples: 1, temperature: 0, seed: 1, planned: summary.planned, resumed: 0, held: summary.held, failed: 0, failures: []),
            metrics: ProbeMetrics(outcomes: summary.outcomes, ladderLength: 2),
            audit: ProbeAudit(transcriptLines: [], file: "none", outcomes: [])
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ProbeReport.json(result).utf8)) as? [String: Any])
        for key in ["initialAccuracy", "regressiveFlipRate", "progressiveFlipRate", "controlFlipRate", "frameYieldRate", "meanTurnOfFirstFlip"] {
            let metric = try #require(object[key] as? [String: Any], "\(key)")
            #expect(Set(metric.keys).isSuperset(of: ["value", "count", "total", "low", "high"]), "\(key)")
        }
        let text = ProbeReport.text(result)
        #expect(text.contains("regressive flip rate"))
        #expect(text.contains("1/1"))
    }
}
