import CandorClient
import Foundation
import Testing

/// The client against a scripted server on a real loopback socket.
@Suite(.serialized) struct ChatClientTests {
    static let fastRetry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
    static let request = ChatRequest(model: "m", messages: [.system("Be brief."), .user("ping")], temperature: 0.5, seed: 7, maxTokens: 16)

    func client(_ server: ScriptedServer, provider: ChatProvider = .openAI, timeout: Duration = .seconds(10), retry: RetryPolicy = fastRetry) -> ChatClient {
        ChatClient(provider: provider, baseURL: server.baseURL, apiKey: "sk-test-secret", timeout: timeout, retry: retry)
    }

    @Test func retriesServerErrorsUntilAReplyArrives() async throws {
        let server = try ScriptedServer("503,502,200")
        let client = client(server)
        let reply = try await client.complete(Self.request)
        await client.shutdown()
        #expect(reply.content == "pong")
        #expect(reply.attempts == 3)
        #expect(try server.requests().count == 3)
    }

    @Test func retriesRateLimitingHonouringRetryAfter() async throws {
        let server = try ScriptedServer("429,200")
        let client = client(server)
        let reply = try await client.complete(Self.request)
        await client.shutdown()
        #expect(reply.attempts == 2)
    }

    @Test func givesUpAfterTheLastAttemptWithTheStatus() async throws {
        let server = try ScriptedServer("500")
        let client = client(server, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .status(500, _, 3)? = error as? ChatError else { return false }
            return true
        }
        await client.shutdown()
        #expect(try server.requests().count == 3)
    }

    @Test func doesNotRetryAClientError() async throws {
        let server = try ScriptedServer("400,200")
        let client = client(server)
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .status(400, _, 1)? = error as? ChatError else { return false }
            return true
        }
        await client.shutdown()
        #expect(try server.requests().count == 1)
    }

    @Test func retriesADroppedConnection() async throws {
        let server = try ScriptedServer("close,200")
        let client = client(server)
        let reply = try await client.complete(Self.request)
        await client.shutdown()
        #expect(reply.content == "pong")
        #expect(reply.attempts == 2)
    }

    @Test func reportsATimeoutWhenNoReplyArrivesInTime() async throws {
        let server = try ScriptedServer("sleep")
        let client = client(server, timeout: .milliseconds(300), retry: RetryPolicy(maxAttempts: 1))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            guard case .timeout(1)? = error as? ChatError else { return false }
            return true
        }
        await client.shutdown()
    }

    @Test func reportsAConnectionFailureAfterRetrying() async throws {
        // A port nothing listens on: bind one, note it, close it.
        let server = try ScriptedServer("200")
        let port = server.port
        server.stop()
        let client = ChatClient(provider: .openAI, baseURL: "http://127.0.0.1:\(port)/v1", apiKey: nil, timeout: .seconds(5), retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5)))
        await #expect {
            try await client.complete(Self.request)
        } throws: { error in
            switch error as? ChatError {
            case .transport(_, 2)?, .timeout(2)?: true
            default: false
            }
        }
        await client.shutdown()
    }

    @Test func sendsOpenAIChatCompletionsWithBearerKey() async throws {
        let server = try ScriptedServer("200")
        let client = client(server)
        _ = try await client.complete(Self.request)
        await client.shutdown()
        let sent = try #require(try server.requests().first)
        #expect(sent["path"] as? String == "/v1/chat/completions")
        let headers = try #require(sent["headers"] as? [String: String])
        #expect(headers["authorization"] == "Bearer sk-test-secret")
        let body = try #require(sent["body"] as? [String: Any])
        #expect(body["model"] as? String == "m")
        #expect(body["seed"] as? Int == 7)
        #expect(body["max_tokens"] as? Int == 16)
        #expect(body["temperature"] as? Double == 0.5)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "Be brief."], ["role": "user", "content": "ping"]])
    }

    @Test func sendsAnthropicMessagesWithSystemApartAndKeyHeader() async throws {
        let server = try ScriptedServer("200")
        let client = client(server, provider: .anthropic)
        let reply = try await client.complete(Self.request)
        await client.shutdown()
        #expect(reply.content == "pong")
        let sent = try #require(try server.requests().first)
        #expect(sent["path"] as? String == "/v1/messages")
        let headers = try #require(sent["headers"] as? [String: String])
        #expect(headers["x-api-key"] == "sk-test-secret")
        #expect(headers["anthropic-version"] != nil)
        #expect(headers["authorization"] == nil)
        let body = try #require(sent["body"] as? [String: Any])
        #expect(body["system"] as? String == "Be brief.")
        #expect((body["messages"] as? [[String: String]]) == [["role": "user", "content": "ping"]])
        #expect(body["seed"] == nil)
    }

    @Test func errorDescriptionsNeverContainTheKey() async throws {
        let server = try ScriptedServer("401")
        let client = client(server)
        do {
            _ = try await client.complete(Self.request)
            Issue.record("expected an error")
        } catch {
            #expect(!String(describing: error).contains("sk-test-secret"))
        }
        await client.shutdown()
    }
}

struct RetryPolicyTests {
    @Test func ceilingDoublesPerAttemptUpToTheMaximum() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        #expect(policy.ceiling(afterAttempt: 1) == .milliseconds(100))
        #expect(policy.ceiling(afterAttempt: 2) == .milliseconds(200))
        #expect(policy.ceiling(afterAttempt: 3) == .milliseconds(400))
        #expect(policy.ceiling(afterAttempt: 4) == .milliseconds(500))
    }

    @Test func jitteredDelayStaysWithinTheCeiling() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...6 {
            let delay = policy.delay(afterAttempt: attempt, using: &generator)
            #expect(delay >= .zero && delay <= policy.ceiling(afterAttempt: attempt))
        }
    }

    @Test func retryAfterReplacesTheComputedDelayButIsCapped() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(2))
        var generator = SystemRandomNumberGenerator()
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(1), using: &generator) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(60), using: &generator) == .seconds(2))
    }

    @Test func retriesRateLimitsAndServerErrorsOnly() {
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 400))
        #expect(!RetryPolicy.isRetryable(status: 401))
    }

    @Test func keyComesFromCandorVariableFirst() {
        #expect(ChatClient.apiKey(for: .openAI, environment: ["OPENAI_API_KEY": "b", "CANDOR_API_KEY": "a"]) == "a")
        #expect(ChatClient.apiKey(for: .openAI, environment: ["OPENAI_API_KEY": "b"]) == "b")
        #expect(ChatClient.apiKey(for: .anthropic, environment: ["ANTHROPIC_API_KEY": "c", "OPENAI_API_KEY": "b"]) == "c")
        #expect(ChatClient.apiKey(for: .openAI, environment: [:]) == nil)
    }
}
