import CandorKit
import Foundation

/// SARIF 2.1.0, streamed: the rules first, each finding as it comes, read errors at the end.
/// Plain-text sources are read again to turn byte offsets into lines and columns.
struct SARIFOutput: AuditOutput {
    let destination: FileOutput
    let diagnostics: TextReport
    let rules: [RuleDescription]
    private var errors: [ReadError] = []
    private var wroteResult = false
    /// The last file's lines: results arrive file by file, so one is enough.
    private var lines: (file: String, lines: SourceLines?)?
    /// Regions come from the source file's lines, not from the transcript.
    var needsTranscriptText: Bool { false }

    init(destination: FileOutput, diagnostics: TextReport, rules: [RuleDescription]) {
        self.destination = destination
        self.diagnostics = diagnostics
        self.rules = rules
        destination.write(SARIFReport.opening(rules: rules))
    }

    mutating func write(_ result: AuditResult) {
        guard !result.findings.isEmpty else { return }
        let source = sourceLines(for: result)
        for finding in result.findings {
            destination.write(SARIFReport.result(
                finding, in: result.transcript, ruleIndex: rules.firstIndex { $0.id == finding.rule }, lines: source, first: !wroteResult
            ))
            wroteResult = true
        }
    }

    mutating func sourceLines(for result: AuditResult) -> SourceLines? {
        let file = result.transcript.source.file
        let hasOffsets = result.findings.contains { result.transcript.turns[$0.turn].blocks[$0.blockIndex].sourceOffset != nil }
        guard hasOffsets, file != "-" else { return nil }
        if let lines, lines.file == file { return lines.lines }
        let loaded = FileManager.default.contents(atPath: file).map { SourceLines(bytes: Array($0)) }
        lines = (file, loaded)
        return loaded
    }

    mutating func write(_ error: ReadError) {
        errors.append(error)
        Terminal.writeError(diagnostics.render(error))
    }

    mutating func finish(_ summary: CorpusSummary) {
        destination.write(SARIFReport.closing(errors: errors))
        destination.flush()
        Terminal.writeError(diagnostics.summary(summary))
    }
}
