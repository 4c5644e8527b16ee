import CandorConfig
import CandorKit

/// One request/response exchange audited: the transcript CandorKit's OpenAI reader builds
/// from `{"request": …, "response": …}`, and the findings about the response turn. Earlier
/// turns are context (pushback, declared tools); their findings were reported when they
/// were the response.
public struct ExchangeAudit: Sendable {
    /// The whole conversation's audit (metrics, pushbacks), its findings narrowed to the
    /// response turn with the configuration's severities: what the store keeps.
    public var result: AuditResult

    public init(result: AuditResult) {
        self.result = result
    }

    public var transcript: Transcript { result.transcript }
    public var findings: [Finding] { result.findings }
}

/// Audits exchanges with the rules and severities of one configuration.
public struct ExchangeAuditor: Sendable {
    public let configuration: CandorConfiguration
    let auditor: Auditor

    public init(configuration: CandorConfiguration) {
        self.configuration = configuration
        auditor = Auditor(rules: configuration.selectedRules())
    }

    /// Nil when the pair does not read as a conversation with a response turn; the proxy then
    /// passes the response through unannotated rather than guess.
    public func audit(request: JSONObject, response: JSONObject) -> ExchangeAudit? {
        let record = JSONObject(members: [("request", .object(request)), ("response", .object(response))])
        guard let transcript = try? OpenAIChatReader.transcripts(from: record, source: Source(file: "proxy")).first,
              let last = transcript.turns.indices.last, transcript.turns[last].role == .assistant
        else { return nil }
        var result = auditor.audit(transcript)
        result.findings = configuration.applyingSeverities(to: result.findings.filter { $0.turn == last })
        return ExchangeAudit(result: result)
    }
}
