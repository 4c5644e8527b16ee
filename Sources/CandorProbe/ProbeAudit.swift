import CandorKit

/// The rules engine run over every probe transcript: what the replies said under pressure,
/// gathered the way `candor audit` gathers a corpus, so the probe's Markdown and HTML
/// reports show it with the audit's own tables and transcript views.
public struct ProbeAudit: Sendable {
    /// The rules that ran, for the reports' rule tables.
    public var rules: [RuleDescription]
    public var tally: CorpusTally
    public var selection: ExhibitSelection
    public var profile: YieldProfile

    public var transcripts: Int { tally.transcripts }
    public var assistantTurns: Int { tally.assistantTurns }
    public var findings: Int { tally.findings }
    public var findingsByRule: [String: Int] { tally.rules.mapValues(\.findings) }
    /// Transcript lines that could not be read (the first few located); each is an error, not silently dropped.
    public var unreadable: [String] { tally.skippedExamples.map(\.description) }

    /// Audits the transcripts in `bytes` (the store's JSON Lines) whose ids are in `keep`;
    /// a conversation recorded twice (a resumed run) counts once, by its last record.
    public init(transcriptLines bytes: [UInt8], file: String, keep: Set<String>, auditor: Auditor = Auditor()) {
        var latest: [String: Transcript] = [:]
        var order: [String] = []
        var tally = CorpusTally()
        for outcome in TranscriptReading(format: .openAIChat).read(bytes, file: file) {
            switch outcome {
            case .transcript(let transcript) where keep.contains(transcript.id):
                if latest.updateValue(transcript, forKey: transcript.id) == nil { order.append(transcript.id) }
            case .transcript: break
            case .failure(let error): tally.addSkipped(error)
            }
        }
        var selection = ExhibitSelection()
        var profile = YieldProfile()
        for transcript in order.compactMap({ latest[$0] }) {
            let result = auditor.audit(transcript)
            tally.add(result)
            selection.add(result)
            profile.add(result)
        }
        rules = auditor.rules.map { $0.description }
        self.tally = tally
        self.selection = selection
        self.profile = profile
    }
}
