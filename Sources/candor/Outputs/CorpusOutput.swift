import CandorKit

/// Outputs that render once, after the whole corpus: the HTML page and the Markdown
/// summary. Both gather the same tally, bounded exhibit selection and yield profile as
/// results stream by.
struct CorpusOutput: AuditOutput {
    let destination: FileOutput
    let diagnostics: TextReport
    let render: (CorpusTally, ExhibitSelection, YieldProfile) -> String
    var tally = CorpusTally()
    var selection = ExhibitSelection()
    var profile = YieldProfile()
    /// The exhibits show their conversations.
    var needsTranscriptText: Bool { true }

    mutating func write(_ result: AuditResult) {
        tally.add(result)
        selection.add(result)
        profile.add(result)
    }

    mutating func write(_ error: ReadError) {
        tally.addSkipped(error)
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ summary: CorpusSummary) {
        destination.write(render(tally, selection, profile))
        destination.flush()
        Terminal.writeError(diagnostics.summary(summary))
    }
}
