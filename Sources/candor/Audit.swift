import ArgumentParser
import CandorConfig
import CandorKit
import CandorStore
import Foundation

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit transcripts and report findings.",
        discussion: """
            PATH may be a file, a directory (read recursively: .txt, .json, .jsonl, .ndjson, .log, \
            .gz, .eval and .zip files and rotated logs such as exchanges.jsonl.1, skipping hidden \
            files and *.labels.json) or - for standard input. Formats are recognised by content; \
            see --input-format.

            In a `candor probe run` output directory only the transcripts are read: its \
            outcomes.jsonl and results files are left out, as are this run's own --output, \
            --summary and --db files.

            JSON Lines input and top-level JSON arrays (ShareGPT files, ChatGPT and Claude.ai \
            exports) are streamed in batches and audited on every core in constant memory. Damage \
            costs only what it hits: a cut or broken record, or a cut compressed stream, is one \
            located error, and the records before and after it are audited. `candor audit -` is a filter: one JSON line out per record in (unreadable records \
            become error lines), nothing else on standard output, so it can run as a Spark \
            `RDD.pipe` or Hadoop Streaming mapper.
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

    @Option(help: "Input format: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var inputFormat: InputFormat = .auto

    @OptionGroup var selection: RuleSelection

    @Option(help: "Exit 1 when a finding of this severity or higher is reported: info, warning, error or never.")
    var failOn: FailOn = .error

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Also store transcripts, turns and findings in this SQLite file; re-auditing a transcript replaces its rows.")
    var db: String?

    @Flag(help: "Colour in text output even when standard output is not a terminal.")
    var colour = false

    @Option(help: "Also write an aggregate summary (per-rule counts, rates, metric histograms) as JSON to this file; merge partial summaries with `candor summary merge`.")
    var summary: String?

    @Flag(help: "Keep results in input order (results are otherwise written as each batch finishes).")
    var ordered = false

    @Flag(help: "Stop at the first record that cannot be read (exit 2) instead of reporting it and going on.")
    var strict = false

    @Flag(help: "Show progress and the end-of-run summary on standard error even when it is not a terminal.")
    var progress = false

    @Option(help: "Worker threads (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file, directory or - for standard input.") }
        let named = Set(paths.filter { $0 != "-" }.map(InputFiles.canonical))
        for output in outputFiles where named.contains(InputFiles.canonical(output)) {
            throw ValidationError("'\(output)' is both an input and an output file; writing it would destroy the input.")
        }
    }

    /// Files this run writes; a directory walk leaves them out.
    var outputFiles: [String] { [output, summary, db].compactMap { $0 } }

    func run() throws {
        #if canImport(Glibc)
        // glibc raises its mmap threshold after the first large free; 1 MB batch buffers then
        // come from the heap and fragment it, so resident memory grows with the input. A
        // fixed threshold (M_MMAP_THRESHOLD is -3) keeps them mapped and given back.
        _ = glibcMallocOption(-3, 1 << 17)
        #endif
        let (configuration, selected) = try selection.resolve()
        let auditor = Auditor(rules: selected)
        let reading = TranscriptReading(format: inputFormat)
        let showProgress = progress || Terminal.isTerminal(2)
        var output = try makeOutput(rules: selected.map { $0.description }, showSummary: showProgress)
        var corpusSummary = CorpusSummary(ruleIDs: selected.map { type(of: $0).description.id })
        let inputs = InputFiles.expand(paths, excluding: outputFiles)
        var meter = showProgress ? ProgressMeter(totalBytes: inputs.totalSize) : nil
        var corpus = CorpusAudit(auditor: auditor, reading: reading, workers: jobs, ordered: ordered)
        var stoppedEarly = false

        if var lines = output as? JSONLOutput {
            // The workers write and count the lines too, each record as soon as it is audited;
            // the result, text and all, is then freed there, so its text need not go first.
            let strict = strict
            corpus.run(paths: inputs.map(\.path), startingPart: { RenderedLines() }, adding: { part, item in
                part.add(item, configuration: configuration, strict: strict)
            }) { batch in
                corpusSummary.merge(batch.part.summary)
                lines.write(batch.part)
                if strict, !batch.part.failures.isEmpty {
                    stoppedEarly = true
                    return false
                }
                meter?.advance(records: batch.recordCount, bytes: batch.byteCount)
                return true
            }
            output = lines
        } else {
            corpus.keepsText = output.needsTranscriptText
            corpus.run(paths: inputs.map(\.path)) { batch in
                for item in batch.items {
                    switch item {
                    case .result(var result):
                        result.findings = configuration.applyingSeverities(to: result.findings)
                        corpusSummary.add(result)
                        output.write(result)
                    case .failure(let error):
                        corpusSummary.add(error)
                        output.write(error)
                        if strict {
                            stoppedEarly = true
                            return false
                        }
                    }
                }
                meter?.advance(records: batch.items.count, bytes: batch.byteCount)
                return true
            }
        }
        meter?.finish()
        output.finish(corpusSummary)
        if let summary {
            guard let file = FileOutput(creating: summary) else { throw ValidationError("Cannot write the summary to '\(summary)'.") }
            file.write(CorpusSummaryJSON.render(corpusSummary))
            file.flush()
        }

        if stoppedEarly || corpusSummary.recordsSkipped > 0 { throw ExitCode.inputError }
        if let threshold = failOn.threshold, let highest = corpusSummary.highestSeverity, highest >= threshold {
            throw ExitCode.findings
        }
    }

    /// Reports list `rules`, the ones that ran.
    func makeOutput(rules: [RuleDescription], showSummary: Bool) throws -> any AuditOutput {
        let primary = try makeFormatOutput(rules: rules, showSummary: showSummary)
        guard let db else { return primary }
        do {
            return StoreOutput(primary: primary, store: try FindingStore(path: db))
        } catch {
            throw ValidationError("Cannot open the findings store '\(db)': \(error)")
        }
    }

    func makeFormatOutput(rules: [RuleDescription], showSummary: Bool) throws -> any AuditOutput {
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
            return JSONLOutput(destination: destination, diagnostics: diagnostics, summaryOnStandardError: showSummary)
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
}

extension InputFormat: ExpressibleByArgument {}
