import ArgumentParser
import CandorClient
import CandorKit
import CandorProbe
import Dispatch
import Foundation

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how a live model's answers move under pressure.",
        discussion: """
            `candor probe run` holds blinded multi-turn conversations from a campaign file with an \
            OpenAI-compatible or Anthropic model and reports flip rates with 95% intervals. \
            `candor probe import` turns a sycophancy dataset's question file into a campaign.
            """,
        subcommands: [ProbeRun.self, ProbeImport.self],
        defaultSubcommand: ProbeRun.self
    )
}

struct ProbeRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pressure campaign against a model.",
        discussion: """
            Per factual item: a regressive run (the model answers, follow-ups press toward the wrong \
            answer), a progressive run (starting from an earlier wrong answer, pressing toward the right \
            one) and a control run (neutral "state your answer again" follow-ups). Per contested claim: \
            one run pressing the claim and one pressing its negation.

            Transcripts (OpenAI-format JSON Lines, readable by `candor audit`), per-conversation stances \
            and the results in every format (results.txt, .json, .md, .html) go to --output. Re-running \
            with the same --output and --model skips conversations already finished. The API key comes from CANDOR_API_KEY, else OPENAI_API_KEY \
            (ANTHROPIC_API_KEY for --provider anthropic), or from the variable --api-key-env names; it is \
            never printed or written.

            Exit status: 0 when every conversation finished, 2 when some failed (re-run to resume them) \
            or on usage errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, html }

    @Option(help: "Campaign file (YAML; see Campaigns/schema.json).")
    var campaign = "Campaigns/default.yaml"

    @Option(help: "API dialect: openai (any OpenAI-compatible server) or anthropic.")
    var provider: ChatProvider = .openAI

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(help: "Model name sent with every request.")
    var model: String

    @Option(help: "Conversations per item and variant.")
    var samples = 1

    @Option(help: "Sampling temperature (default: 0 for one sample, 0.7 for more).")
    var temperature: Double?

    @Option(help: "Base seed; sample n sends seed + n (OpenAI-compatible servers only).")
    var seed = 1

    @Option(help: "Longest reply, in tokens.")
    var maxTokens = 256

    @Option(help: "Conversations in flight at once.")
    var concurrency = 4

    @Option(help: "Retries after a 429, 5xx, timeout or connection error, with exponential backoff and jitter.")
    var retries = 4

    @Option(help: "Run only the first N factual items and the first N claims.")
    var limit: Int?

    @Option(name: .shortAndLong, help: "Directory for transcripts, stances and results.")
    var output = "candor-probe"

    @Option(help: "Report format on standard output: text, json, markdown or html (a self-contained page). --output gets all four.")
    var format: Format = .text

    @Option(help: "Base URL of an OpenAI-compatible judge for replies the deterministic pass leaves unclear.")
    var judgeURL: String?

    @Option(help: "Model name of the judge.")
    var judgeModel: String?

    @Option(help: "Also send about one in N deterministic decisions to the judge, to measure agreement (0: none).")
    var judgeSample = 10

    func validate() throws {
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if (judgeURL == nil) != (judgeModel == nil) { throw ValidationError("Give --judge-url and --judge-model together.") }
        if let judgeURL { try ConnectionOptions.checkURL(judgeURL, flag: "--judge-url") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let campaign: Campaign
        do {
            campaign = try Campaign.load(path: self.campaign)
        } catch {
            throw ValidationError(error.description)
        }
        let store: ProbeStore
        do {
            store = try ProbeStore(directory: output)
        } catch {
            throw ValidationError("Cannot create the output directory '\(output)': \(error.localizedDescription)")
        }
        let retry = RetryPolicy(maxAttempts: retries + 1)
        let timeout = Duration.milliseconds(connection.timeoutMilliseconds(default: 120))
        let client = ChatClient(
            provider: provider, baseURL: connection.baseURL,
            apiKey: connection.apiKey(usual: ChatClient.keyVariables(for: provider)), timeout: timeout, retry: retry
        )
        let judgeClient = judgeURL.map { ChatClient(provider: .openAI, baseURL: $0, apiKey: ChatClient.apiKey(for: .openAI), timeout: timeout, retry: retry) }
        let settings = ProbeSettings(
            model: model, temperature: temperature ?? (samples == 1 ? 0 : 0.7), seed: seed,
            maxTokens: maxTokens, concurrency: concurrency, judgeSampleEvery: judgeSample
        )
        let runner = ProbeRunner(
            model: client, settings: settings,
            judge: judgeClient.flatMap { client in judgeModel.map { StanceJudge(client: client, model: $0) } },
            store: store, campaignName: campaign.name
        )
        let plans = ProbePlan.conversations(campaign, samples: samples, limit: limit)
        let showProgress = Terminal.isTerminal(2)
        let total = plans.count
        let finished = SerialNumbers()
        let summary = try AsyncBridge.wait {
            let summary = await runner.run(plans) { key, failure in
                let done = finished.next() + 1
                if let failure {
                    Terminal.writeError("failed \(key.id): \(failure)\n")
                } else if showProgress {
                    Terminal.writeError("\r[\(done)/\(total)] \(key.id)\u{1B}[K")
                }
            }
            await client.shutdown()
            await judgeClient?.shutdown()
            return summary
        }
        if showProgress { Terminal.writeError("\r\u{1B}[K") }

        let transcripts = FileManager.default.contents(atPath: store.transcriptsPath).map(Array.init) ?? []
        let factualCount = limit.map { min($0, campaign.factual.count) } ?? campaign.factual.count
        let claimCount = limit.map { min($0, campaign.claims.count) } ?? campaign.claims.count
        let result = ProbeResult(
            model: model,
            run: .init(
                campaign: campaign.name, factualItems: factualCount, claims: claimCount, samples: samples,
                temperature: settings.temperature, seed: seed, planned: summary.planned, resumed: summary.resumed,
                held: summary.held, failed: summary.failures.count,
                failures: summary.failures.map { "\($0.key.id): \($0.reason)" }
            ),
            metrics: ProbeMetrics(outcomes: summary.outcomes, ladderLength: max(campaign.ladders.factual.count, campaign.ladders.claims.count)),
            audit: ProbeAudit(transcriptLines: transcripts, file: store.transcriptsPath, outcomes: summary.outcomes)
        )
        let files = ProbeStore.reportFiles
        let reports: [(Format, String, String)] = [
            (.text, files.text, ProbeReport.text(result)), (.json, files.json, ProbeReport.json(result)),
            (.markdown, files.markdown, ProbeReport.markdown(result)), (.html, files.html, ProbeReport.html(result)),
        ]
        for (kind, file, report) in reports {
            do {
                try report.write(toFile: output + "/" + file, atomically: true, encoding: .utf8)
            } catch {
                Terminal.writeError("warning: cannot write \(output)/\(file): \(error.localizedDescription)\n")
            }
            if kind == format { Terminal.write(report) }
        }
        FileOutput.standardOutput.flush()
        if summary.unreadableOutcomes > 0 {
            Terminal.writeError("note: \(summary.unreadableOutcomes) unreadable line(s) in \(store.outcomesPath); those conversations were run again\n")
        }
        if !summary.failures.isEmpty {
            Terminal.writeError("\(summary.failures.count) conversation(s) failed; run the same command again to resume them.\n")
            throw ExitCode.inputError
        }
    }
}

struct ProbeImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a sycophancy dataset's JSON Lines questions into a campaign file.",
        discussion: """
            Each line holds a question with a correct and an incorrect answer: `question`, \
            `correct_answer` and `incorrect_answer` (also `answer`/`correct`, `wrong_answer`/`incorrect`), \
            at the top level or under `base`. The prompts and ladders come from --ladders-from. Lines \
            that cannot be read are reported with their line number; the rest are imported, and the \
            exit status is 2 when any were skipped.
            """
    )

    @Argument(help: "The dataset file (JSON Lines).")
    var file: String

    @Option(name: .shortAndLong, help: "Campaign file to write (YAML); - for standard output.")
    var output = "-"

    @Option(help: "Campaign whose prompts and ladders the new campaign uses.")
    var laddersFrom = "Campaigns/default.yaml"

    @Option(help: "Name of the new campaign (default: the dataset's file name).")
    var name: String?

    @Option(help: "Import only the first N questions.")
    var limit: Int?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read '\(file)'.")
        }
        let base: Campaign
        do {
            base = try Campaign.load(path: laddersFrom)
        } catch {
            throw ValidationError(error.description)
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let imported = DatasetImport.factualItems(from: Array(data), file: file, idPrefix: stem)
        let items = limit.map { Array(imported.items.prefix($0)) } ?? imported.items
        let campaign = Campaign(name: name ?? stem, system: base.system, factual: items, claims: [], prompts: base.prompts, ladders: base.ladders)
        let yaml = "# Imported by `candor probe import` from \(URL(fileURLWithPath: file).lastPathComponent).\n" + (try campaign.yaml())
        if output == "-" {
            Terminal.write(yaml)
            FileOutput.standardOutput.flush()
        } else {
            do {
                try yaml.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("Cannot write '\(output)': \(error.localizedDescription)")
            }
        }
        for problem in imported.problems { Terminal.writeError("error: \(problem)\n") }
        Terminal.writeError("imported \(items.count) question(s); \(imported.problems.count) line(s) skipped, \(imported.duplicates) duplicate(s)\n")
        if !imported.problems.isEmpty { throw ExitCode.inputError }
    }
}

extension ChatProvider: ExpressibleByArgument {}

/// The CLI's commands are synchronous; this runs async work to completion from one.
enum AsyncBridge {
    private final class Box<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}
