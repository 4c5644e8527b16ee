import CandorKit

/// Outputs that render once, after the whole corpus: the HTML page and the Markdown
/// summary. Both gather the same tally and bounded exhibit selection as results stream by.
struct CorpusOutput: AuditOutput {
    let destination: FileOutput
    let diagnostics: TextReport
    let render: (CorpusTally, ExhibitSelection) -> String
    var tally = CorpusTally()
    var selection = ExhibitSelection()

    mutating func write(_ result: AuditResult) {
        tally.add(result)
        selection.add(result)
    }

    mutating func write(_ error: ReadError) {
        tally.addSkipped()
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ totals: AuditTotals) {
        destination.write(render(tally, selection))
        destination.flush()
        Terminal.writeError(diagnostics.summary(totals))
    }
}
