import CandorKit
import CandorStore

/// `--db`: every audited transcript also goes to the SQLite store, beside the chosen format.
struct StoreOutput: AuditOutput {
    var primary: any AuditOutput
    let store: FindingStore
    /// The store keeps each turn's text.
    var needsTranscriptText: Bool { true }

    mutating func write(_ result: AuditResult) {
        primary.write(result)
        do {
            try store.record(result)
        } catch {
            Terminal.writeError("error: could not store \(result.transcript.source.description): \(error)\n")
        }
    }

    mutating func write(_ error: ReadError) {
        primary.write(error)
    }

    mutating func finish(_ summary: CorpusSummary) {
        do {
            try store.flush()
        } catch {
            Terminal.writeError("error: could not write the findings store: \(error)\n")
        }
        primary.finish(summary)
    }
}
