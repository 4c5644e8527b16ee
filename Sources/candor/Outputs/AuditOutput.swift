import CandorConfig
import CandorKit

/// Where `candor audit` sends what it finds: one type per output format. Results arrive
/// as they are ready; `finish` gets the run's summary (formats that need the whole corpus,
/// like a summary page, render there).
protocol AuditOutput {
    /// Whether results must arrive with their transcripts' text. Formats that cite findings
    /// by offset and excerpt do without it, and the workers then free it as they go.
    var needsTranscriptText: Bool { get }
    mutating func write(_ result: AuditResult)
    mutating func write(_ error: ReadError)
    mutating func finish(_ summary: CorpusSummary)
}

/// One JSON object per transcript or unreadable record. Errors also go to standard error,
/// and the run summary when someone watches (a terminal or `--progress`) or records were
/// skipped, so a pipeline's standard error stays quiet on clean input.
struct JSONLOutput: AuditOutput {
    let destination: FileOutput
    let diagnostics: TextReport
    var summaryOnStandardError = true
    var needsTranscriptText: Bool { false }

    mutating func write(_ result: AuditResult) {
        destination.write { JSONLReport.appendLine(for: result, to: &$0) }
    }

    mutating func write(_ error: ReadError) {
        destination.write { JSONLReport.appendLine(for: error, to: &$0) }
        Terminal.writeError(diagnostics.render(error))
    }

    /// A batch's lines as a worker wrote them.
    mutating func write(_ batch: RenderedLines) {
        destination.write { $0.append(contentsOf: batch.lines) }
        for error in batch.failures { Terminal.writeError(diagnostics.render(error)) }
    }

    mutating func finish(_ summary: CorpusSummary) {
        destination.flush()
        if summaryOnStandardError || summary.recordsSkipped > 0 { Terminal.writeError(diagnostics.summary(summary)) }
    }
}

/// One batch of JSON Lines output, made on the worker that audited it: its lines, its
/// summary (merged into the run's exactly) and its unreadable records, for standard error.
struct RenderedLines: Sendable {
    var lines: [UInt8] = []
    var summary = CorpusSummary()
    var failures: [ReadError] = []

    /// Under `strict` the run stops at the first unreadable record, so nothing after it counts.
    mutating func add(_ item: AuditItem, configuration: CandorConfiguration, strict: Bool) {
        if strict, !failures.isEmpty { return }
        switch item {
        case .result(var result):
            result.findings = configuration.applyingSeverities(to: result.findings)
            summary.add(result)
            JSONLReport.appendLine(for: result, to: &lines)
        case .failure(let error):
            summary.add(error)
            JSONLReport.appendLine(for: error, to: &lines)
            failures.append(error)
        }
    }
}

/// Findings grouped by transcript and turn for a person at a terminal.
struct TextOutput: AuditOutput {
    let destination: FileOutput
    let report: TextReport
    let diagnostics: TextReport
    /// Findings are placed by line within their block.
    var needsTranscriptText: Bool { true }

    mutating func write(_ result: AuditResult) {
        destination.write(report.render(result))
    }

    mutating func write(_ error: ReadError) {
        destination.flush()
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ summary: CorpusSummary) {
        destination.write(report.summary(summary))
        destination.flush()
    }
}
