import ArgumentParser
import CandorKit
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score the rules against labelled transcripts.",
        discussion: """
            Each transcript file (any supported format, one conversation) needs a sidecar \
            NAME.labels.json: {"turns": [{"turn": 3, "rules": ["capitulation"]}], "conversation": [...]}. \
            Turns are 0-based over all turns. Prints per-rule precision, recall and F1 at turn level, \
            the micro-average, and every false positive and false negative. A finding that its rule \
            lowered below the rule's default severity (e.g. agreement after new evidence) counts as negative.

            With --judgments FILE, the paths are corpora of real conversations instead (any format, \
            many conversations a file) and FILE holds blind reviewers' verdicts on findings in them, \
            one JSON object a line: {"id", "turn", "rule", "verdict": "true"|"false", "reason", \
            "sample", "reported"}. The judged conversations are audited and precision is printed per \
            rule and sample with its Wilson 95% interval, then every verdict whose finding came or went \
            since it was recorded. Exit 1 when a finding judged true is no longer reported or one \
            judged false is reported again; --record writes the current state into FILE instead.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Argument(help: "Labelled transcript files or directories.")
    var paths: [String]

    @Option(help: "Output format: text, json or markdown (the score table only).")
    var format: Format = .text

    @Option(help: "Comma-separated rule ids to evaluate (default: all).")
    var rules: String?

    @Option(help: "Exit 1 when the micro-averaged F1 or any evaluated rule's F1 is below this.")
    var minF1: Double?

    @Option(help: "Blind verdicts on findings in real conversations (JSON Lines); the paths are then the corpora they came from.")
    var judgments: String?

    @Flag(help: "With --judgments: record which judged findings are reported now, rewriting the file.")
    var record = false

    @Option(help: "With --judgments and --format markdown: the sample whose table to print, or all of them pooled (all); a sample named recall-… prints recall.")
    var sample = "after"

    func run() throws {
        if let judgments {
            try runJudged(judgments)
            return
        }
        let selected: [any Rule]
        do {
            selected = try RuleRegistry.select(only: RuleSelection.ids(rules))
        } catch {
            throw ValidationError(error.description)
        }
        let auditor = Auditor(rules: RuleRegistry.all.map { $0.init() })
        var evaluation = Evaluation(rules: selected.map { $0.description.id })
        let reading = TranscriptReading()
        var problems = 0
        for input in InputFiles.expand(paths) where !input.path.hasSuffix(".labels.json") {
            let labelsPath = Self.labelsPath(for: input.path)
            guard let labelBytes = FileManager.default.contents(atPath: labelsPath) else {
                Terminal.writeError("skipped \(input.path): no labels file \(labelsPath)\n")
                problems += 1
                continue
            }
            do {
                let labels = try Labels.parse(Array(labelBytes), file: labelsPath)
                let bytes = try input.load().get()
                let transcripts = reading.read(bytes, file: input.path)
                guard transcripts.count == 1, case .transcript(let transcript) = transcripts[0] else {
                    for case .failure(let error) in transcripts { Terminal.writeError("error: \(error)\n") }
                    if transcripts.count > 1 { Terminal.writeError("skipped \(input.path): labels apply to one conversation, the file holds \(transcripts.count)\n") }
                    problems += 1
                    continue
                }
                evaluation.add(auditor.audit(transcript), labels: labels)
            } catch {
                Terminal.writeError("error: \(error)\n")
                problems += 1
            }
        }
        switch format {
        case .text: Terminal.write(EvaluationReport.text(evaluation))
        case .json: Terminal.write(EvaluationReport.json(evaluation))
        case .markdown: Terminal.write(EvaluationReport.markdown(evaluation))
        }
        FileOutput.standardOutput.flush()
        if problems > 0 { throw ExitCode.inputError }
        if let minF1 {
            let scores = [evaluation.micro] + evaluation.rules.map(evaluation.score(for:))
            if scores.contains(where: { $0.f1 < minF1 }) { throw ExitCode.findings }
        }
    }

    private func runJudged(_ path: String) throws {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        let judged: [Judgment]
        do {
            judged = try Judgment.parse(Array(bytes), file: path)
        } catch {
            Terminal.writeError("error: \(error)\n")
            throw ExitCode.inputError
        }
        let ids = Set(judged.map(\.id))
        let auditor = Auditor()
        let reading = TranscriptReading()
        var reported = Set<Judgment.Key>()
        var audited = Set<String>()
        for input in InputFiles.expand(paths) {
            let loaded: [UInt8]
            do {
                loaded = try input.load().get()
            } catch {
                Terminal.writeError("error: \(error)\n")
                throw ExitCode.inputError
            }
            for case .transcript(let transcript) in reading.read(loaded, file: input.path) where ids.contains(transcript.id) {
                audited.insert(transcript.id)
                for finding in auditor.audit(transcript).findings where JudgedPrecision.counts(finding) {
                    reported.insert(Judgment.Key(id: transcript.id, turn: finding.turn, rule: finding.rule))
                }
            }
        }
        let result = JudgedPrecision(judgments: judged, reported: reported, audited: audited)
        if record {
            // A verdict on a conversation this run did not read keeps what was recorded for it.
            let lines = judged.map { judgment in
                let now = reported.contains(judgment.key)
                return judgment.line(reported: audited.contains(judgment.id) ? now : judgment.reported ?? now)
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        switch format {
        case .markdown:
            Terminal.write(sample.hasPrefix("recall") ? JudgedPrecisionReport.recallMarkdown(result, sample: sample) : JudgedPrecisionReport.markdown(result, sample: sample))
        default: Terminal.write(JudgedPrecisionReport.text(result))
        }
        FileOutput.standardOutput.flush()
        if !result.missing.isEmpty { throw ExitCode.inputError }
        if !record, !result.regressions.isEmpty { throw ExitCode.findings }
    }

    /// `dir/foo.txt` → `dir/foo.labels.json`.
    static func labelsPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingPathExtension().path + ".labels.json"
    }
}
