import ArgumentParser
import CandorConfig
import CandorKit
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare rule rates between two corpora (two model versions, two prompts).",
        discussion: """
            A and B are each a file or directory of transcripts (audited now) or a file saved \
            from `candor audit --format jsonl`. For every rule: the rate per 1,000 assistant \
            turns (assistant turns with at least one finding of the rule) in A and in B, the \
            difference B − A, Wilson 95% intervals, and * where the intervals do not overlap. \
            Rules left out with --rules, --exclude-rules or --config are left out of saved \
            output too.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, html }

    @Argument(help: "The first corpus: transcripts or saved JSONL audit output.")
    var a: String

    @Argument(help: "The second corpus: transcripts or saved JSONL audit output.")
    var b: String

    @Option(help: "Output format: text, markdown, json or html.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the comparison to this file instead of standard output.")
    var output: String?

    @Option(help: "Name for A in the output (default: its path).")
    var labelA: String?

    @Option(help: "Name for B in the output (default: its path).")
    var labelB: String?

    @Option(help: "Input format of transcripts: auto, plain-text, openai-chat or anthropic-messages.")
    var inputFormat: InputFormat = .auto

    @OptionGroup var selection: RuleSelection

    func run() throws {
        let (configuration, selected) = try selection.resolve()
        let auditor = Auditor(rules: selected)
        let diagnostics = TextReport(colour: Terminal.isTerminal(2))
        var errors: [ReadError] = []
        let savedRule = savedRuleIncluded(selected: selected)
        let tallyA = tally(a, auditor: auditor, configuration: configuration, savedRule: savedRule, errors: &errors)
        let tallyB = tally(b, auditor: auditor, configuration: configuration, savedRule: savedRule, errors: &errors)
        for error in errors { Terminal.writeError(diagnostics.render(error)) }
        for (label, path, tally) in [("A", a, tallyA), ("B", b, tallyB)] where tally.transcripts == 0 {
            throw ValidationError("\(label) ('\(path)') holds no readable transcripts or audit records; nothing to compare.")
        }
        let report = ComparisonReport(
            a: tallyA, b: tallyB, labelA: labelA ?? a, labelB: labelB ?? b, rules: selected.map { $0.description }
        )
        let text: String
        switch format {
        case .text: text = report.text()
        case .markdown: text = report.markdown()
        case .json: text = report.json()
        case .html: text = report.html()
        }
        let destination: FileOutput
        if let output {
            guard let file = FileOutput(creating: output) else { throw ValidationError("Cannot write to '\(output)'.") }
            destination = file
        } else {
            destination = FileOutput.standardOutput
        }
        destination.write(text)
        destination.flush()
        if !errors.isEmpty { throw ExitCode.inputError }
    }

    /// Whether a saved finding's rule counts: one this version knows counts when it is selected,
    /// as in a fresh audit; one only another version knows counts unless `--rules` lists the
    /// rules to compare.
    func savedRuleIncluded(selected rules: [any Rule]) -> (String) -> Bool {
        let selected = Set(rules.map { $0.description.id })
        let known = Set(RuleRegistry.ids)
        let onlyListed = selection.rules != nil
        return { selected.contains($0) || (!onlyListed && !known.contains($0)) }
    }

    /// Saved audit output is added up without the findings of rules left out; anything else
    /// is read and audited.
    func tally(
        _ path: String, auditor: Auditor, configuration: CandorConfiguration, savedRule: (String) -> Bool, errors: inout [ReadError]
    ) -> CorpusTally {
        var tally = CorpusTally()
        let reading = TranscriptReading(format: inputFormat)
        for input in InputFiles.expand([path]) {
            let bytes: [UInt8]
            switch input.load() {
            case .success(let loaded): bytes = loaded
            case .failure(let error):
                errors.append(error)
                tally.addSkipped(error)
                continue
            }
            if CorpusTally.isAuditOutput(bytes) {
                errors += tally.add(auditOutput: bytes, file: input.displayName, includes: savedRule)
                continue
            }
            for outcome in reading.read(bytes, file: input.displayName) {
                switch outcome {
                case .transcript(let transcript):
                    var result = auditor.audit(transcript)
                    result.findings = configuration.applyingSeverities(to: result.findings)
                    tally.add(result)
                case .failure(let error):
                    errors.append(error)
                    tally.addSkipped(error)
                }
            }
        }
        return tally
    }
}
