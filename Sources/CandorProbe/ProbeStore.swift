import CandorClient
import Foundation

/// The probe's output directory: every transcript as OpenAI-format JSON Lines (what
/// `candor audit` reads) and every finished conversation's stances, appended as each
/// conversation ends so an interrupted run can resume.
public actor ProbeStore {
    public let directory: String
    public nonisolated var transcriptsPath: String { directory + "/" + Self.transcriptsFile }
    public nonisolated var outcomesPath: String { directory + "/" + Self.outcomesFile }

    public static let transcriptsFile = "transcripts.jsonl"
    public static let outcomesFile = "outcomes.jsonl"
    /// The results in every report format, written at the end of each run.
    public static let reportFiles = (text: "results.txt", json: "results.json", markdown: "results.md", html: "results.html")

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// One transcript line: the messages as sent and received, and which conversation it was.
    struct TranscriptRecord: Codable {
        struct Metadata: Codable {
            var campaign: String
            var item: String
            var variant: Variant
            var sample: Int
            var temperature: Double?
            var seed: Int?
        }

        var id: String
        var model: String
        var messages: [ChatMessage]
        var metadata: Metadata
    }

    /// Conversations already finished for `model`, by key, and how many lines could not be read
    /// (a run killed mid-write leaves at most one).
    public func finished(model: String) -> (outcomes: [ConversationKey: ConversationOutcome], unreadable: Int) {
        guard let data = FileManager.default.contents(atPath: outcomesPath) else { return ([:], 0) }
        var outcomes: [ConversationKey: ConversationOutcome] = [:]
        var unreadable = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            guard let outcome = try? decoder.decode(ConversationOutcome.self, from: Data(line)) else {
                unreadable += 1
                continue
            }
            if outcome.model == model { outcomes[outcome.key] = outcome }
        }
        return (outcomes, unreadable)
    }

    /// Appends the transcript, then the outcome: an outcome line marks the conversation done.
    public func record(_ outcome: ConversationOutcome, messages: [ChatMessage], campaign: String, temperature: Double?, seed: Int?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let transcript = TranscriptRecord(
            id: outcome.key.id, model: outcome.model, messages: messages,
            metadata: .init(campaign: campaign, item: outcome.key.item, variant: outcome.key.variant, sample: outcome.key.sample, temperature: temperature, seed: seed)
        )
        try append(encoder.encode(transcript), to: transcriptsPath)
        try append(encoder.encode(outcome), to: outcomesPath)
    }

    private func append(_ line: Data, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CampaignError(file: path, problem: "expected a writable file")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line + Data([UInt8(ascii: "\n")]))
    }
}
