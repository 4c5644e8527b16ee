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

    func run() throws {
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

    /// `dir/foo.txt` → `dir/foo.labels.json`.
    static func labelsPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingPathExtension().path + ".labels.json"
    }
}
