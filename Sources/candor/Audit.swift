import ArgumentParser
import CandorKit
import CandorStore
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

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl, html, markdown, sarif }

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

    @Option(help: "Output format: text (default on a terminal), jsonl (default otherwise), html (one self-contained page), markdown (a pull-request summary) or sarif (SARIF 2.1.0).")
    var format: Format?

    @Option(help: "Input format: auto, plain-text, openai-chat or anthropic-messages.")
    var inputFormat: InputFormat = .auto

    @Option(help: "Comma-separated rule ids to run (default: all).")
    var rules: String?

    @Option(help: "Comma-separated rule ids to leave out.")
    var excludeRules: String?

    @Option(help: "Exit 1 when a finding of this severity or higher is reported: info, warning, error or never.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Also store transcripts, turns and findings in this SQLite file; re-auditing a transcript replaces its rows.")
    var db: String?

    @Flag(help: "Colour in text output even when standard output is not a terminal.")
    var colour = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file, directory or - for standard input.") }
    }

    func run() throws {
        let selected: [any Rule]
        do {
            selected = try RuleRegistry.select(only: Self.ids(rules), excluding: Self.ids(excludeRules) ?? [])
        } catch {
            throw ValidationError(error.description)
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
                    let result = auditor.audit(transcript)
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
        // Already validated in run(); reports list the rules that ran.
        let selected = (try? RuleRegistry.select(only: Self.ids(rules), excluding: Self.ids(excludeRules) ?? [])) ?? []
        let primary = try makeFormatOutput(rules: selected.map(\.description))
        guard let db else { return primary }
        do {
            return StoreOutput(primary: primary, store: try FindingStore(path: db))
        } catch {
            throw ValidationError("Cannot open the findings store '\(db)': \(error)")
        }
    }

    func makeFormatOutput(rules: [RuleDescription]) throws -> any AuditOutput {
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
        case .html:
            let report = HTMLReport(rules: rules)
            return CorpusOutput(destination: destination, diagnostics: diagnostics) { report.render(tally: $0, selection: $1, profile: $2) }
        case .markdown:
            let report = MarkdownReport(rules: rules)
            return CorpusOutput(destination: destination, diagnostics: diagnostics) { tally, selection, _ in report.render(tally: tally, selection: selection) }
        case .sarif:
            return SARIFOutput(destination: destination, diagnostics: diagnostics, rules: rules)
        }
    }

    static func ids(_ list: String?) -> [String]? {
        list.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

extension InputFormat: ExpressibleByArgument {}
