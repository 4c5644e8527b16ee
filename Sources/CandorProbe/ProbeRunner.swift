import CandorClient
import CandorKit
import Foundation

/// Sampling and pacing for a probe run.
public struct ProbeSettings: Sendable, Hashable {
    public var model: String
    public var temperature: Double?
    /// Base seed; sample n sends seed + n.
    public var seed: Int?
    public var maxTokens: Int?
    /// Conversations in flight at once.
    public var concurrency: Int
    /// Send about one in this many deterministic decisions to the judge too; 0 never.
    public var judgeSampleEvery: Int

    public init(model: String, temperature: Double? = nil, seed: Int? = nil, maxTokens: Int? = nil, concurrency: Int = 4, judgeSampleEvery: Int = 10) {
        self.model = model
        self.temperature = temperature
        self.seed = seed
        self.maxTokens = maxTokens
        self.concurrency = max(1, concurrency)
        self.judgeSampleEvery = judgeSampleEvery
    }
}

/// What a run produced for the conversations it was given.
public struct ProbeRunSummary: Sendable {
    /// Outcomes of every planned conversation that is finished, resumed or new, in key order.
    public var outcomes: [ConversationOutcome]
    public var planned: Int
    public var resumed: Int
    public var held: Int
    public var failures: [(key: ConversationKey, reason: String)]
    /// Lines of an earlier run's outcomes that could not be read (and were run again).
    public var unreadableOutcomes: Int
}

/// Holds the planned conversations with a model, a bounded number at a time, reads the
/// stance of every reply, and records each finished conversation before starting another.
public struct ProbeRunner: Sendable {
    public let model: any ChatCompleting
    public let settings: ProbeSettings
    public let judge: StanceJudge?
    public let store: ProbeStore?
    public let campaignName: String

    public init(model: any ChatCompleting, settings: ProbeSettings, judge: StanceJudge? = nil, store: ProbeStore? = nil, campaignName: String) {
        self.model = model
        self.settings = settings
        self.judge = judge
        self.store = store
        self.campaignName = campaignName
    }

    public func run(_ plans: [ConversationPlan], progress: (@Sendable (ConversationKey, String?) -> Void)? = nil) async -> ProbeRunSummary {
        let earlier = await store?.finished(model: settings.model) ?? (outcomes: [:], unreadable: 0)
        var outcomes: [ConversationKey: ConversationOutcome] = [:]
        var pending: [ConversationPlan] = []
        for plan in plans {
            if let done = earlier.outcomes[plan.key] { outcomes[plan.key] = done } else { pending.append(plan) }
        }
        // Workers take plans from a shared ledger and record what they held there, so no
        // result passes back through a task group: with Swift 6.3.1, release builds crashed
        // copying a (key, Result) child result out of the group's result buffer.
        let ledger = RunLedger(pending: pending, progress: progress)
        let workers = (0..<min(settings.concurrency, pending.count)).map { _ in
            Task {
                while let plan = await ledger.next() {
                    do {
                        await ledger.finished(plan.key, try await hold(plan))
                    } catch {
                        await ledger.failed(plan.key, String(describing: error))
                    }
                }
            }
        }
        await withTaskCancellationHandler {
            for worker in workers { await worker.value }
        } onCancel: {
            for worker in workers { worker.cancel() }
        }
        let (held, failures) = await ledger.results()
        outcomes.merge(held) { _, new in new }
        return ProbeRunSummary(
            outcomes: outcomes.values.sorted { $0.key < $1.key }, planned: plans.count,
            resumed: plans.count - pending.count, held: pending.count - failures.count,
            failures: failures.sorted { $0.key < $1.key }, unreadableOutcomes: earlier.unreadable
        )
    }

    /// The plans still to hold and what the held ones came to; progress is reported from
    /// here, one conversation at a time.
    private actor RunLedger {
        private var pending: IndexingIterator<[ConversationPlan]>
        private let progress: (@Sendable (ConversationKey, String?) -> Void)?
        private var outcomes: [ConversationKey: ConversationOutcome] = [:]
        private var failures: [(key: ConversationKey, reason: String)] = []

        init(pending: [ConversationPlan], progress: (@Sendable (ConversationKey, String?) -> Void)?) {
            self.pending = pending.makeIterator()
            self.progress = progress
        }

        func next() -> ConversationPlan? { Task.isCancelled ? nil : pending.next() }

        func finished(_ key: ConversationKey, _ outcome: ConversationOutcome) {
            outcomes[key] = outcome
            progress?(key, nil)
        }

        func failed(_ key: ConversationKey, _ reason: String) {
            failures.append((key, reason))
            progress?(key, reason)
        }

        func results() -> (outcomes: [ConversationKey: ConversationOutcome], failures: [(key: ConversationKey, reason: String)]) {
            (outcomes, failures)
        }
    }

    /// One conversation from opening to last follow-up, recorded when it ends.
    func hold(_ plan: ConversationPlan) async throws -> ConversationOutcome {
        var messages = plan.opening
        var turns: [TurnOutcome] = []
        if let seeded = plan.seeded {
            turns.append(TurnOutcome(step: 0, kind: "answer", stance: seeded, source: .seeded))
        } else {
            let reply = try await ask(messages, sample: plan.key.sample)
            messages.append(.assistant(reply))
            turns.append(await read(reply, step: 0, kind: "answer", plan: plan, followUp: nil, previous: nil, before: messages.dropLast()))
        }
        for (index, followUp) in plan.followUps.enumerated() {
            messages.append(.user(followUp.text))
            let reply = try await ask(messages, sample: plan.key.sample)
            messages.append(.assistant(reply))
            let previous = turns.last(where: { $0.stance.isDecided })?.stance
            turns.append(await read(reply, step: index + 1, kind: followUp.kind, plan: plan, followUp: followUp, previous: previous, before: messages.dropLast()))
        }
        let outcome = ConversationOutcome(key: plan.key, model: settings.model, turns: turns)
        try await store?.record(outcome, messages: messages, campaign: campaignName, temperature: settings.temperature, seed: seed(for: plan.key.sample))
        return outcome
    }

    func seed(for sample: Int) -> Int? { settings.seed.map { $0 + sample } }

    func ask(_ messages: [ChatMessage], sample: Int) async throws -> String {
        let request = ChatRequest(model: settings.model, messages: messages, temperature: settings.temperature, seed: seed(for: sample), maxTokens: settings.maxTokens)
        return try await model.complete(request).content
    }

    /// Deterministic reading first; the judge only for what stays unclear, and on a sample
    /// of the rest for the agreement check.
    /// `before`: the conversation up to the reply, which the stance is read against.
    func read(
        _ reply: String, step: Int, kind: String, plan: ConversationPlan, followUp: FollowUp?, previous: Stance?,
        before: ArraySlice<ChatMessage>
    ) async -> TurnOutcome {
        let conversation = before.compactMap { message in Role(rawValue: message.role.rawValue).map { ($0, message.content) } }
        let reading: StanceReading
        switch plan.subject {
        case .factual(let item):
            reading = FactualStanceReader(item: item).read(reply, after: conversation, pressed: followUp?.pressed, previous: previous)
        case .claim:
            reading = ClaimStanceReader.read(reply, after: conversation)
        }
        var turn = TurnOutcome(step: step, kind: kind, stance: reading.stance, source: reading.source)
        guard let judge else { return turn }
        if !reading.stance.isDecided {
            let verdict = await judge.read(reply, subject: plan.subject)
            if verdict.isDecided {
                turn.stance = verdict
                turn.source = .judge
            }
        } else if Self.isSampled(plan.key, step: step, every: settings.judgeSampleEvery) {
            turn.judgeCheck = await judge.read(reply, subject: plan.subject)
        }
        return turn
    }

    /// A stable choice, so a resumed run samples the same turns: FNV-1a of the turn's key.
    static func isSampled(_ key: ConversationKey, step: Int, every: Int) -> Bool {
        guard every > 0 else { return false }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in "\(key.id)#\(step)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100000001b3
        }
        return hash % UInt64(every) == 0
    }
}
