import CandorConfig
import CandorKit
import CandorProxy
import Foundation
import Testing

/// The proxy over a real loopback socket, in front of the test upstream.
@Suite struct ProxyServerTests {
    static func withProxy(
        _ yaml: String = "", authToken: String? = nil, maximumRequestBytes: Int = 4 << 20,
        _ body: (RunningProxy, FaultUpstream, String) async throws -> Void
    ) async throws {
        let upstream = try FaultUpstream()
        defer { upstream.stop() }
        try await withTemporaryDirectory { directory in
            let logPath = directory + "/transcripts.jsonl"
            let proxy = try await RunningProxy.start(ProxyOptions(
                upstream: upstream.baseURL, authToken: authToken, maximumRequestBytes: maximumRequestBytes,
                upstreamTimeout: .seconds(3), upstreamReadTimeout: .seconds(2),
                configuration: try configuration(yaml), log: try TranscriptLog(path: logPath)
            ))
            do {
                try await body(proxy, upstream, logPath)
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    @Test func nonStreamingResponseGetsFindingsFieldAndHeader() async throws {
        try await Self.withProxy { proxy, _, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted."))
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "X-Candor-Findings") == "persistence-claim;severity=\(PersistenceClaim.description.severity.rawValue);mode=observe;count=1")
            #expect(reply.json?["candor"]?["findings"]?.array?.count == 1)
            #expect(reply.json?["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.")
            #expect(logLines(logPath).count == 1)
        }
    }

    @Test func noticeModeReachesTheClient() async throws {
        try await Self.withProxy("rules:\n  persistence-claim:\n    mode: notice\n") { proxy, _, _ in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted."))
            #expect(reply.json?["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.\n\nNote: This conversation is not retained after it ends.")
        }
    }

    @Test func blockModeReturnsAClearError() async throws {
        try await Self.withProxy("rules:\n  persistence-claim:\n    mode: block\n") { proxy, _, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted."))
            #expect(reply.status == 422)
            #expect(reply.json?["error"]?["type"]?.string == "candor_blocked")
            #expect(logLines(logPath).first??["proxy"]?["action"]?.string == "block")
        }
    }

    @Test func streamPassesEventsThroughAndAddsFindingsBeforeDone() async throws {
        try await Self.withProxy { proxy, _, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted.", stream: true))
            #expect(reply.status == 200)
            let events = reply.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.last == "data: [DONE]")
            let candor = events.dropLast().last.flatMap { try? JSONParser.parse(String($0.dropFirst(6))) }
            #expect(candor?["candor"]?["findings"]?.array?.first?["rule"]?.string == "persistence-claim")
            #expect(candor?["choices"]?.array?.isEmpty == true)
            #expect(events.count == 6)
            let logged = logLines(logPath).first ?? nil
            #expect(logged?["response"]?["choices"]?.array?.first?["message"]?["content"]?.string == "Noted.")
            #expect(logged?["proxy"]?["stream"].map { if case .bool(true) = $0 { true } else { false } } == true)
        }
    }

    @Test func upstreamThatIgnoresStreamIsGuardedAsJSON() async throws {
        try await Self.withProxy { proxy, _, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "json:Noted.", stream: true))
            #expect(reply.status == 200)
            #expect(reply.json?["candor"]?["findings"]?.array?.first?["rule"]?.string == "persistence-claim")
            #expect(reply.headers.first(name: "X-Candor-Findings")?.hasPrefix("persistence-claim;") == true)
            #expect(logLines(logPath).first??["proxy"]?["error"] == nil)
        }
    }

    @Test func streamNoticeArrivesBeforeTheFinishingChunk() async throws {
        try await Self.withProxy("mode: notice\n") { proxy, _, _ in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted.", stream: true))
            let events = reply.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            let notice = events.firstIndex { $0.contains("This conversation is not retained") }
            let finish = events.firstIndex { $0.contains("\"finish_reason\":\"stop\"") }
            #expect(notice != nil && finish != nil && notice! < finish!)
        }
    }

    @Test func streamWithABlockingRuleNeverSendsTheAnswer() async throws {
        try await Self.withProxy("rules:\n  persistence-claim:\n    mode: block\n") { proxy, _, _ in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Noted.", stream: true))
            #expect(!reply.body.contains("Not"), "no content delta leaves the proxy")
            #expect(reply.body.contains("candor_blocked"))
            #expect(!reply.body.contains("[DONE]"))
        }
    }

    @Test func modelsListPassesThrough() async throws {
        try await Self.withProxy { proxy, _, _ in
            let reply = try await Client.get(proxy.baseURL + "/models")
            #expect(reply.status == 200)
            #expect(reply.json?["data"]?.array?.first?["id"]?.string == "fault-upstream")
        }
    }

    @Test func tokenIsRequiredWhenConfigured() async throws {
        try await Self.withProxy(authToken: "s3cret-token") { proxy, _, logPath in
            let missing = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Hi."))
            let wrong = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Hi."), headers: [("Authorization", "Bearer s3cret-tokem")])
            let right = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Hi."), headers: [("Authorization", "Bearer s3cret-token")])
            let models = try await Client.get(proxy.baseURL + "/models")
            #expect([missing.status, wrong.status, right.status, models.status] == [Int]([401, 401, 200, 401]))
            #expect(missing.json?["error"]?["code"]?.string == "invalid_proxy_token")
            #expect(logLines(logPath).count == 1)
        }
    }

    @Test func oversizedRequestIsRefusedWithoutEchoingIt() async throws {
        try await Self.withProxy(maximumRequestBytes: 1024) { proxy, _, logPath in
            let big = String(repeating: "secret-text ", count: 200)
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Hi.", user: big))
            #expect(reply.status == 413)
            #expect(!reply.body.contains("secret-text"))
            #expect(logLines(logPath).isEmpty)
        }
    }

    @Test func malformedRequestIsLocatedWithoutEchoingIt() async throws {
        try await Self.withProxy { proxy, _, _ in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", #"{"model":"private-words" "#)
            #expect(reply.status == 400)
            #expect(reply.json?["error"]?["code"]?.string == "invalid_json")
            #expect(!reply.body.contains("private-words"))
        }
    }
}
