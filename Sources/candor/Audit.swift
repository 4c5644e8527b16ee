import ArgumentParser
import CandorConfig
import CandorKit
import Foundation

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit transcripts and report findings.",
        discussion: """
            PATH may be a file, a directory (read recursively: .txt, .json, .jsonl, .ndjson and \
            .log files, skipping hidden files and *.labels.json) or - for standard input. \
            Formats are recognised by content; see --input-format.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case info, warning, error, never

        var threshold: Severity? {
            switch self {
            case .info: .info
            case .warning: .warning
            case .error: .error
            case .never: nil
            }
        }
    }

    @Argument(help: "Files, directories or - for standard input.")
    var paths: [String] = []

    @Option(help: "Output format: text (default on a terminal) or jsonl (default otherwise).")
    var format: Format?

    @Option(help: "Input format: auto, plain-text, openai-chat or anthropic-messages.")
    var inputFormat: InputFormat = .auto

    @Option(help: "Comma-separated rule ids to run (default: all).")
    var rules: String?

    @Option(help: "Comma-separated rule ids to leave out.")
    var excludeRules: String?

    @Option(help: "candor.yml: rules it disables are left out, severities it sets replace the rules' own.")
    var config: String?

    @Option(help: "Exit 1 when a finding of this severity or higher is reported: info, warning, error or never.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Colour in text output even when standard output is not a terminal.")
    var colour = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file, directory or - for standard input.") }
    }

    func run() throws {
        let selected: [any Rule]
        let configuration: CandorConfiguration
        do {
            configuration = try config.map { try CandorConfiguration.load(path: $0) } ?? CandorConfiguration()
            let disabled = configuration.rules.filter { !$0.value.enabled }.map(\.key)
            selected = try RuleRegistry.select(only: Self.ids(rules), excluding: (Self.ids(excludeRules) ?? []) + disabled)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError(String(describing: error))
        }
        let auditor = Auditor(rules: selected)
        let reading = TranscriptReading(format: inputFormat)
        var output = try makeOutput()
        var totals = AuditTotals()

        for input in InputFiles.expand(paths) {
            let outcomes: [ReadOutcome]
            switch input.load() {
            case .success(let bytes): outcomes = reading.read(bytes, file: input.displayName)
            case .failure(let error): outcomes = [.failure(error)]
            }
            for outcome in outcomes {
                switch outcome {
                case .transcript(let transcript):
                    var result = auditor.audit(transcript)
                    result.findings = configuration.applyingSeverities(to: result.findings)
                    totals.add(result)
                    output.write(result)
                case .failure(let error):
                    totals.add(error)
                    output.write(error)
                }
            }
        }
        output.finish(totals)

        if totals.skipped > 0 { throw ExitCode.inputError }
        if let threshold = failOn.threshold, let highest = totals.highestSeverity, highest >= threshold {
            throw ExitCode.findings
        }
    }

    func makeOutput() throws -> any AuditOutput {
        let destination: FileOutput
        if let path = output {
            guard let file = FileOutput(creating: path) else {
                throw ValidationError("Cannot write to '\(path)'.")
            }
            destination = file
        } else {
            destination = FileOutput.standardOutput
        }
        let toTerminal = output == nil && Terminal.isTerminal(1)
        let diagnostics = TextReport(colour: Terminal.isTerminal(2))
        switch format ?? (toTerminal ? .text : .jsonl) {
        case .jsonl:
            return JSONLOutput(destination: destination, diagnostics: diagnostics)
        case .text:
            let colour = colour || (toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
            return TextOutput(destination: destination, report: TextReport(colour: colour), diagnostics: diagnostics)
        }
    }

    static func ids(_ list: String?) -> [String]? {
        list.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

extension InputFormat: ExpressibleByArgument {}
