import CandorConfig
import CandorKit

/// What the proxy sends back for one non-streaming response.
public struct GuardedResponse: Sendable {
    public var status: Int
    /// JSON text.
    public var body: String
    /// The `X-Candor-Findings` header value.
    public var findingsHeader: String
    public var action: GuardAction
}

/// The strongest thing done to a response.
public enum GuardAction: String, Sendable, Comparable {
    case none, observe, notice, block

    init(_ mode: GuardMode) {
        switch mode {
        case .observe: self = .observe
        case .notice: self = .notice
        case .block: self = .block
        }
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .observe: 1
        case .notice: 2
        case .block: 3
        }
    }

    public static func < (lhs: GuardAction, rhs: GuardAction) -> Bool { lhs.rank < rhs.rank }
}

/// The heart of the proxy: a response and its findings in, the annotated response out.
/// Pure, so every mode is tested without a server.
public enum ResponseGuard {
    /// HTTP status of a blocked response: the request was fine, the answer was withheld.
    public static let blockedStatus = 422

    /// Notices for rules that have no text configured; each states a mechanism, not a feeling.
    static let defaultNotices: [String: String] = [
        "persistence-claim": "This conversation is not retained after it ends.",
        "contradicted-capability-denial": "Tools available in this conversation may be able to do what the reply above says cannot be done.",
        "capitulation": "The answer above changed after disagreement; no new evidence for the change appears in the conversation.",
    ]

    public static func guarded(response: JSONObject, audit: ExchangeAudit?, configuration: CandorConfiguration) -> GuardedResponse {
        let findings = audit?.findings ?? []
        let action = Self.action(for: findings, configuration: configuration)
        let header = findingsHeader(findings, configuration: configuration)
        if action == .block {
            return GuardedResponse(
                status: blockedStatus, body: blockedBody(findings, configuration: configuration),
                findingsHeader: header, action: action
            )
        }
        var body = response
        let notices = action == .notice ? Self.notices(for: findings, configuration: configuration) : []
        if !notices.isEmpty { body = appendingToFirstMessage(noticeSuffix(notices), in: body) }
        var text = JSONText.serialize(.object(body))
        if text.last == "}" {
            text.removeLast()
            text += (body.members.isEmpty ? "" : ",") + "\"candor\":" + candorField(audit, notices: notices, action: action, configuration: configuration) + "}"
        }
        return GuardedResponse(status: 200, body: text, findingsHeader: header, action: action)
    }

    public static func action(for findings: [Finding], configuration: CandorConfiguration) -> GuardAction {
        findings.map { GuardAction(configuration.mode(for: $0.rule)) }.max() ?? .none
    }

    /// One notice per rule in `notice` mode, in the order their findings appear.
    public static func notices(for findings: [Finding], configuration: CandorConfiguration) -> [String] {
        var seen: Set<String> = []
        var notices: [String] = []
        for finding in findings where configuration.mode(for: finding.rule) == .notice && seen.insert(finding.rule).inserted {
            let summary = RuleRegistry.rule(id: finding.rule)?.description.summary ?? finding.rule
            notices.append(configuration.notice(for: finding.rule) ?? defaultNotices[finding.rule] ?? "An automated check flagged the reply above: \(summary)")
        }
        return notices
    }

    /// The text appended to the assistant message.
    public static func noticeSuffix(_ notices: [String]) -> String {
        "\n\nNote: " + notices.joined(separator: " ")
    }

    /// `rule;severity=…;mode=…;count=N` per rule, comma-separated; `none` when clean.
    public static func findingsHeader(_ findings: [Finding], configuration: CandorConfiguration) -> String {
        var order: [String] = []
        var counts: [String: (severity: Severity, count: Int)] = [:]
        for finding in findings {
            if let entry = counts[finding.rule] {
                counts[finding.rule] = (max(entry.severity, finding.severity), entry.count + 1)
            } else {
                order.append(finding.rule)
                counts[finding.rule] = (finding.severity, 1)
            }
        }
        guard !order.isEmpty else { return "none" }
        return order.map { rule in
            let entry = counts[rule]!
            return "\(rule);severity=\(entry.severity.rawValue);mode=\(configuration.mode(for: rule).rawValue);count=\(entry.count)"
        }.joined(separator: ", ")
    }

    /// The `candor` member: findings about the response, the mode per rule and what was done.
    public static func candorField(_ audit: ExchangeAudit?, notices: [String], action: GuardAction, configuration: CandorConfiguration) -> String {
        var out = "{\"action\":\"\(action.rawValue)\",\"findings\":"
        out += audit.map { JSONLReport.findingsArray($0.findings, in: $0.transcript) } ?? "[]"
        out += ",\"modes\":{"
        var seen: Set<String> = []
        for finding in audit?.findings ?? [] where seen.insert(finding.rule).inserted {
            out += (seen.count > 1 ? "," : "") + JSONText.quoted(finding.rule) + ":\"" + configuration.mode(for: finding.rule).rawValue + "\""
        }
        out += "},\"notices\":[" + notices.map(JSONText.quoted).joined(separator: ",") + "]"
        if audit == nil { out += ",\"audited\":false" }
        return out + "}"
    }

    /// An OpenAI-style error naming the blocking rules; no excerpt, since the response is withheld.
    public static func blockedBody(_ findings: [Finding], configuration: CandorConfiguration) -> String {
        var rules: [String] = []
        for finding in findings where configuration.mode(for: finding.rule) == .block && !rules.contains(finding.rule) {
            rules.append(finding.rule)
        }
        let message = "The response was withheld by candor proxy: rule \(rules.joined(separator: ", ")) is set to block and reported a finding in it."
        var out = "{\"error\":{\"message\":" + JSONText.quoted(message)
        out += ",\"type\":\"candor_blocked\",\"param\":null,\"code\":" + JSONText.quoted(rules.first ?? "candor_blocked") + "}"
        out += ",\"candor\":{\"action\":\"block\",\"findings\":["
        out += findings.map { "{\"rule\":" + JSONText.quoted($0.rule) + ",\"severity\":\"\($0.severity.rawValue)\"}" }.joined(separator: ",")
        return out + "]}}"
    }

    /// `choices[0].message.content` with `suffix` appended, when it is a string.
    static func appendingToFirstMessage(_ suffix: String, in response: JSONObject) -> JSONObject {
        guard case .array(var choices)? = response["choices"], case .object(var choice)? = choices.first,
              case .object(var message)? = choice["message"], case .string(let content)? = message["content"]
        else { return response }
        message.setting("content", to: .string(content + suffix))
        choice.setting("message", to: .object(message))
        choices[0] = .object(choice)
        var result = response
        result.setting("choices", to: .array(choices))
        return result
    }
}

extension JSONObject {
    /// Replaces the last member named `key` (the one lookups see), or appends one.
    mutating func setting(_ key: String, to value: JSONValue) {
        if let index = members.lastIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
    }
}
