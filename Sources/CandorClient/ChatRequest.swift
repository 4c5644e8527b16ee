/// One message of a chat conversation, in the shape every provider accepts.
public struct ChatMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}

/// What to ask a model: the conversation so far and the sampling settings.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    /// Honoured by OpenAI-compatible servers that support it; Anthropic has no seed.
    public var seed: Int?
    public var maxTokens: Int?

    public init(model: String, messages: [ChatMessage], temperature: Double? = nil, seed: Int? = nil, maxTokens: Int? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.seed = seed
        self.maxTokens = maxTokens
    }
}

/// The model's reply and how many HTTP attempts it took to get it.
public struct ChatReply: Sendable, Hashable {
    public var content: String
    public var finishReason: String?
    public var attempts: Int

    public init(content: String, finishReason: String? = nil, attempts: Int = 1) {
        self.content = content
        self.finishReason = finishReason
        self.attempts = attempts
    }
}

/// Anything that answers chat requests: a live provider, or a scripted stand-in in tests.
public protocol ChatCompleting: Sendable {
    func complete(_ request: ChatRequest) async throws -> ChatReply
}
