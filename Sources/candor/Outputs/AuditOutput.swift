import CandorKit

/// Where `candor audit` sends what it finds: one type per output format. Results arrive
/// as they are ready; `finish` gets the run's totals (formats that need the whole corpus,
/// like a summary page, render there).
protocol AuditOutput {
    mutating func write(_ result: AuditResult)
    mutating func write(_ error: ReadError)
    mutating func finish(_ totals: AuditTotals)
}

/// One JSON object per transcript or unreadable record; the run summary goes to standard error.
struct JSONLOutput: AuditOutput {
    let destination: FileOutput
    let diagnostics: TextReport

    mutating func write(_ result: AuditResult) {
        destination.write(JSONLReport.line(for: result) + "\n")
    }

    mutating func write(_ error: ReadError) {
        destination.write(JSONLReport.line(for: error) + "\n")
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ totals: AuditTotals) {
        destination.flush()
        Terminal.writeError(diagnostics.summary(totals))
    }
}

/// Findings grouped by transcript and turn for a person at a terminal.
struct TextOutput: AuditOutput {
    let destination: FileOutput
    let report: TextReport
    let diagnostics: TextReport

    mutating func write(_ result: AuditResult) {
        destination.write(report.render(result))
    }

    mutating func write(_ error: ReadError) {
        destination.flush()
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ totals: AuditTotals) {
        destination.write(report.summary(totals))
        destination.flush()
    }
}
