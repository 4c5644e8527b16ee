import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A live chat model behind HTTP: one provider, one base URL, retries and timeouts.
///
/// The API key is held only to build request headers; it is never part of a description,
/// an error or a log line.
public final class ChatClient: ChatCompleting {
    public let provider: ChatProvider
    public let endpoint: String
    public let retry: RetryPolicy
    public let timeout: Duration
    private let apiKey: String?
    private let http: HTTPClient

    /// Largest response body read; chat replies are far smaller.
    static let maxBodyBytes = 16 << 20

    public init(provider: ChatProvider, baseURL: String? = nil, apiKey: String?, timeout: Duration = .seconds(120), retry: RetryPolicy = RetryPolicy()) {
        self.provider = provider
        endpoint = provider.endpoint(base: baseURL ?? provider.defaultBaseURL)
        self.apiKey = apiKey
        self.timeout = timeout
        self.retry = retry
        var configuration = HTTPClient.Configuration()
        // A stalled body counts against the same budget as a slow head.
        configuration.timeout = .init(connect: .seconds(10), read: TimeAmount(timeout))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// The key from `CANDOR_API_KEY`, else the provider's usual variable.
    public static func apiKey(for provider: ChatProvider, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        apiKey(from: keyVariables(for: provider), environment: environment)
    }

    /// Where a key for `provider` is looked for, first match wins.
    public static func keyVariables(for provider: ChatProvider) -> [String] {
        provider == .anthropic ? ["CANDOR_API_KEY", "ANTHROPIC_API_KEY"] : ["CANDOR_API_KEY", "OPENAI_API_KEY"]
    }

    /// The first non-empty value among the environment variables `names`.
    public static func apiKey(from names: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
    }

    public func shutdown() async {
        try? await http.shutdown()
    }

    public func complete(_ request: ChatRequest) async throws -> ChatReply {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let outcome = await send(request)
            switch outcome {
            case .success(let body):
                let reply = try provider.reply(from: body)
                return ChatReply(content: reply.content, finishReason: reply.finishReason, attempts: attempt)
            case .failure(let error, let retryable, let retryAfter):
                guard retryable, attempt < retry.maxAttempts else { throw error.withAttempts(attempt) }
                try await Task.sleep(for: retry.delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator))
            }
        }
    }

    enum Outcome {
        case success(body: [UInt8])
        case failure(ChatError, retryable: Bool, retryAfter: Duration?)
    }

    private func send(_ chat: ChatRequest) async -> Outcome {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        for (name, value) in provider.headers(apiKey: apiKey) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: provider.body(for: chat)))
        do {
            let response = try await http.execute(request, timeout: TimeAmount(timeout))
            let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
            let body = Array(buffer.readableBytesView)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .success(body: body) }
            let retryAfter = response.headers.first(name: "retry-after").flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) }
            return .failure(
                .status(status, body: String(decoding: body, as: UTF8.self), attempts: 1),
                retryable: RetryPolicy.isRetryable(status: status), retryAfter: retryAfter
            )
        } catch let error as HTTPClientError where Self.isTimeout(error) {
            return .failure(.timeout(attempts: 1), retryable: true, retryAfter: nil)
        } catch is CancellationError {
            return .failure(.transport("cancelled", attempts: 1), retryable: false, retryAfter: nil)
        } catch {
            return .failure(.transport(String(describing: error), attempts: 1), retryable: !Task.isCancelled, retryAfter: nil)
        }
    }

    static func isTimeout(_ error: HTTPClientError) -> Bool {
        [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
    }
}

extension ChatError {
    func withAttempts(_ attempts: Int) -> ChatError {
        switch self {
        case .status(let status, let body, _): .status(status, body: body, attempts: attempts)
        case .timeout: .timeout(attempts: attempts)
        case .transport(let reason, _): .transport(reason, attempts: attempts)
        case .malformedResponse: self
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
