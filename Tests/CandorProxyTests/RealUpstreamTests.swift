import CandorKit
import CandorProxy
import Foundation
import NIOCore
import Testing

/// Against a real model: SmolLM2 served by scripts/local-model (scripts/test starts it and
/// sets CANDOR_LOCAL_MODEL_URL). A few short requests only; the model is small and slow.
@Suite(.serialized, .enabled(
    if: ProcessInfo.processInfo.environment["CANDOR_LOCAL_MODEL_URL"] != nil,
    "CANDOR_LOCAL_MODEL_URL is unset: run scripts/local-model start and export its URL to test against a real model"
))
struct RealUpstreamTests {
    /// A busy 2-core machine can take a minute for a few tokens; a hang still ends here.
    static let modelTimeout = TimeAmount.seconds(300)
    static let upstream = ProcessInfo.processInfo.environment["CANDOR_LOCAL_MODEL_URL"] ?? ""

    static func withProxy(_ body: (RunningProxy, String) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let logPath = directory + "/transcripts.jsonl"
            let proxy = try await RunningProxy.start(ProxyOptions(
                upstream: upstream, upstreamTimeout: .seconds(240), upstreamReadTimeout: .seconds(120),
                log: try TranscriptLog(path: logPath)
            ))
            do {
                try await body(proxy, logPath)
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    @Test func modelAnswerIsAnnotatedAndLogged() async throws {
        try await Self.withProxy { proxy, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "smollm2", user: "Say hello in five words.", maxTokens: 16), timeout: Self.modelTimeout)
            #expect(reply.status == 200)
            #expect(reply.json?["choices"]?.array?.first?["message"]?["content"]?.string?.isEmpty == false)
            #expect(reply.json?["candor"]?["findings"]?.array != nil)
            #expect(reply.headers.first(name: "X-Candor-Findings") != nil)
            let record = logLines(logPath).first ?? nil
            let bytes = Array(FileManager.default.contents(atPath: logPath) ?? Data())
            let outcomes = TranscriptReading().read(bytes, file: logPath)
            #expect(record?["response"]?["choices"] != nil)
            #expect(outcomes.count == 1)
            if case .transcript(let transcript)? = outcomes.first {
                #expect(transcript.turns.map(\.role) == [.user, .assistant])
            } else {
                Issue.record("the log record reads as a transcript")
            }
        }
    }

    @Test func modelStreamEndsWithFindingsThenDone() async throws {
        try await Self.withProxy { proxy, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "smollm2", user: "Count to five.", stream: true, maxTokens: 16), timeout: Self.modelTimeout)
            #expect(reply.status == 200)
            let events = reply.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            #expect(events.last == "data: [DONE]")
            #expect(events.dropLast().last?.contains("\"candor\"") == true)
            #expect(events.count > 3)
            let logged = logLines(logPath).first ?? nil
            #expect(logged?["response"]?["choices"]?.array?.first?["message"]?["content"]?.string?.isEmpty == false)
        }
    }

    @Test func modelsListComesFromTheModelServer() async throws {
        try await Self.withProxy { proxy, _ in
            let reply = try await Client.get(proxy.baseURL + "/models")
            #expect(reply.status == 200)
            #expect(reply.json?["data"]?.array?.isEmpty == false)
        }
    }
}
