import Foundation

/// A chat API's wire format: where requests go, which headers carry the key, and how
/// request and response bodies look.
public enum ChatProvider: String, Sendable, CaseIterable {
    /// `POST {base}/chat/completions`: OpenAI and the many servers that speak its dialect.
    case openAI = "openai"
    /// `POST {base}/messages`: Anthropic's Messages API.
    case anthropic

    public var defaultBaseURL: String {
        switch self {
        case .openAI: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com/v1"
        }
    }

    /// Anthropic requires `max_tokens`; this is sent when the request leaves it open.
    static let anthropicDefaultMaxTokens = 1024

    public func endpoint(base: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        switch self {
        case .openAI: return trimmed + "/chat/completions"
        case .anthropic: return trimmed + "/messages"
        }
    }

    public func headers(apiKey: String?) -> [(String, String)] {
        var headers = [("content-type", "application/json"), ("accept", "application/json")]
        switch self {
        case .openAI:
            if let apiKey { headers.append(("authorization", "Bearer " + apiKey)) }
        case .anthropic:
            headers.append(("anthropic-version", "2023-06-01"))
            if let apiKey { headers.append(("x-api-key", apiKey)) }
        }
        return headers
    }

    public func body(for request: ChatRequest) -> [UInt8] {
        var object: [String: Any] = ["model": request.model]
        switch self {
        case .openAI:
            object["messages"] = request.messages.map { ["role": $0.role.rawValue, "content": $0.content] }
            if let maxTokens = request.maxTokens { object["max_tokens"] = maxTokens }
            if let seed = request.seed { object["seed"] = seed }
        case .anthropic:
            // System text travels beside the messages, not among them.
            let system = request.messages.filter { $0.role == .system }.map(\.content)
            if !system.isEmpty { object["system"] = system.joined(separator: "\n\n") }
            object["messages"] = request.messages.filter { $0.role != .system }.map { ["role": $0.role.rawValue, "content": $0.content] }
            object["max_tokens"] = request.maxTokens ?? Self.anthropicDefaultMaxTokens
        }
        if let temperature = request.temperature { object["temperature"] = temperature }
        // Only strings, numbers, arrays and dictionaries go in, so serialisation cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Array(data)
    }

    public func reply(from body: [UInt8]) throws(ChatError) -> (content: String, finishReason: String?) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .malformedResponse("a JSON object")
        }
        switch self {
        case .openAI:
            guard let choice = (object["choices"] as? [[String: Any]])?.first,
                  let message = choice["message"] as? [String: Any] else {
                throw .malformedResponse("choices[0].message")
            }
            let content = message["content"] as? String ?? message["refusal"] as? String ?? ""
            return (content, choice["finish_reason"] as? String)
        case .anthropic:
            guard let parts = object["content"] as? [[String: Any]] else { throw .malformedResponse("a content array") }
            let text = parts.filter { $0["type"] as? String == "text" }.compactMap { $0["text"] as? String }.joined()
            return (text, object["stop_reason"] as? String)
        }
    }
}
