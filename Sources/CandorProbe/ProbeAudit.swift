import CandorKit

/// The rules engine run over every probe transcript: what the replies said under pressure,
/// as findings per 1,000 assistant turns.
public struct ProbeAudit: Sendable, Hashable, Codable {
    public var transcripts: Int
    public var assistantTurns: Int
    public var findingsByRule: [String: Int]
    /// Transcript lines that could not be read; each is an error, not silently dropped.
    public var unreadable: [String]

    public var findings: Int { findingsByRule.values.reduce(0, +) }

    public func perThousandTurns(_ count: Int) -> Double {
        assistantTurns == 0 ? 0 : Double(count) * 1000 / Double(assistantTurns)
    }

    /// Audits the transcripts in `bytes` (the store's JSON Lines) whose ids are in `keep`;
    /// a conversation recorded twice (a resumed run) counts once, by its last record.
    public init(transcriptLines bytes: [UInt8], file: String, keep: Set<String>, auditor: Auditor = Auditor()) {
        var latest: [String: Transcript] = [:]
        var unreadable: [String] = []
        for outcome in TranscriptReading(format: .openAIChat).read(bytes, file: file) {
            switch outcome {
            case .transcript(let transcript) where keep.contains(transcript.id): latest[transcript.id] = transcript
            case .transcript: break
            case .failure(let error): unreadable.append(error.description)
            }
        }
        var byRule: [String: Int] = [:]
        var turns = 0
        for transcript in latest.values {
            let result = auditor.audit(transcript)
            turns += result.metrics.assistantTurns
            for finding in result.findings { byRule[finding.rule, default: 0] += 1 }
        }
        transcripts = latest.count
        assistantTurns = turns
        findingsByRule = byRule
        self.unreadable = unreadable
    }
}
