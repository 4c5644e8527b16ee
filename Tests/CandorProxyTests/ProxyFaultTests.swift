import CandorKit
import CandorProxy
import Foundation
import Testing

/// Each upstream fault: the client gets a clear error or the upstream's own, within the
/// proxy's timeouts, and the log and the store each keep one whole record for the exchange.
@Suite struct ProxyFaultTests {
    /// The reply, the log's lines, and the store's exchange rows, each line checked against its row.
    static func exchange(model: String, stream: Bool = false) async throws -> (Reply, [JSONValue?]) {
        var result: (Reply, [JSONValue?])?
        try await ProxyStoreTests.withProxy { proxy, store, logPath in
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: model, stream: stream))
            let text = String(decoding: FileManager.default.contents(atPath: logPath!) ?? Data(), as: UTF8.self)
            let rows = try store.rows("SELECT record FROM exchanges ORDER BY id").compactMap { $0["record"] }
            #expect(rows == text.split(separator: "\n").map(String.init), "the store holds every log record as written")
            result = (reply, logLines(logPath!))
        }
        return result!
    }

    static func expectOneWholeRecord(_ lines: [JSONValue?], status: Int) {
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { $0 != nil })
        #expect(lines.first??["proxy"]?["status"]?.number == Double(status))
        #expect(lines.first??["request"]?["messages"]?.array?.count == 1)
    }

    @Test func stalledStreamEndsWithAnErrorEventAfterTheReadTimeout() async throws {
        let (reply, lines) = try await Self.exchange(model: "stall:8", stream: true)
        #expect(reply.status == 200)
        #expect(reply.body.contains("Stalled "))
        #expect(!reply.body.contains("data: [DONE]"))
        let events = reply.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.last?.contains("upstream_stream_failed") == true)
        #expect(events.dropLast().last?.contains("\"candor\"") == true, "the findings event still comes")
        Self.expectOneWholeRecord(lines, status: 200)
        #expect(lines.first??["proxy"]?["error"]?.string?.contains("did not answer in time") == true)
    }

    @Test func slowUpstreamTimesOutWithGatewayTimeout() async throws {
        let (reply, lines) = try await Self.exchange(model: "slow:6")
        #expect(reply.status == 504)
        #expect(reply.json?["error"]?["code"]?.string == "upstream_timeout")
        Self.expectOneWholeRecord(lines, status: 504)
    }

    @Test func upstreamServerErrorIsPassedThrough() async throws {
        let (reply, lines) = try await Self.exchange(model: "error")
        #expect(reply.status == 500)
        #expect(reply.json?["error"]?["message"]?.string == "upstream exploded")
        Self.expectOneWholeRecord(lines, status: 500)
    }

    @Test func resetMidBodyIsABadGateway() async throws {
        let (reply, lines) = try await Self.exchange(model: "reset")
        #expect(reply.status == 502)
        #expect(reply.json?["error"]?["type"]?.string == "candor_upstream_error")
        Self.expectOneWholeRecord(lines, status: 502)
    }

    @Test func malformedUpstreamJSONIsABadGateway() async throws {
        let (reply, lines) = try await Self.exchange(model: "malformed")
        #expect(reply.status == 502)
        #expect(reply.json?["error"]?["code"]?.string == "upstream_invalid_json")
        #expect(!reply.body.contains("cmpl-bad"))
        Self.expectOneWholeRecord(lines, status: 502)
    }

    @Test func truncatedStreamEndsWithAnErrorEvent() async throws {
        let (reply, lines) = try await Self.exchange(model: "truncate", stream: true)
        #expect(reply.status == 200)
        #expect(reply.body.contains("Partial "))
        #expect(!reply.body.contains("data: [DONE]"))
        let last = reply.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }.last
        #expect(last?.contains("upstream_stream_failed") == true)
        Self.expectOneWholeRecord(lines, status: 200)
        #expect(lines.first??["proxy"]?["error"]?.string?.hasPrefix("upstream stream ended before [DONE]") == true)
        #expect(lines.first??["response"]?["choices"]?.array?.first?["message"]?["content"]?.string == "Partial answer")
    }

    @Test func unreachableUpstreamIsABadGateway() async throws {
        let upstream = try FaultUpstream()
        let url = upstream.baseURL
        upstream.stop()
        try await withTemporaryDirectory { directory in
            let logPath = directory + "/transcripts.jsonl"
            let proxy = try await RunningProxy.start(ProxyOptions(upstream: url, upstreamTimeout: .seconds(3), log: try TranscriptLog(path: logPath)))
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Hi."))
            await proxy.stop()
            #expect(reply.status == 502)
            Self.expectOneWholeRecord(logLines(logPath), status: 502)
        }
    }

    @Test func proxyServesNormallyAfterEveryFault() async throws {
        try await ProxyServerTests.withProxy { proxy, _, logPath in
            for model in ["error", "reset", "malformed", "say:Fine."] {
                _ = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: model))
            }
            let reply = try await Client.post(proxy.baseURL + "/chat/completions", Client.chat(model: "say:Still here."))
            #expect(reply.status == 200)
            #expect(logLines(logPath).count == 5)
            #expect(logLines(logPath).allSatisfy { $0 != nil })
        }
    }
}
