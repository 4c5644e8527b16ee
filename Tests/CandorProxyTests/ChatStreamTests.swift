import CandorKit
@testable import CandorProxy
import Testing

@Suite struct ChatStreamTests {
    @Test func eventsSplitWhereverTheBytesBreak() {
        let stream = Array("data: {\"a\":1}\n\n: keep-alive\n\ndata: [DONE]\r\n\r\n".utf8)
        for cut in 1..<stream.count {
            var splitter = ServerSentEventSplitter()
            let events = splitter.events(in: stream[..<cut]) + splitter.events(in: stream[cut...])
            #expect(events.count == 3, "cut at \(cut)")
            #expect(events.joined().elementsEqual(stream))
        }
    }

    @Test func unfinishedEventStaysPending() {
        var splitter = ServerSentEventSplitter()
        #expect(splitter.events(in: Array("data: {\"a\"".utf8)).isEmpty)
        #expect(splitter.remainder == Array("data: {\"a\"".utf8))
    }

    @Test func assemblyJoinsDeltasIntoOneMessage() {
        var assembly = ChatStreamAssembly()
        let events = [
            #"data: {"id":"c1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"No"}}]}"#,
            #"data: {"id":"c1","choices":[{"index":0,"delta":{"content":"ted."},"finish_reason":null}]}"#,
            #"data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            "data: [DONE]",
        ].map { Array(($0 + "\n\n").utf8) }
        let kinds = events.map { assembly.absorb($0) }
        guard case .chunk(finishes: true) = kinds[2], case .done = kinds[3] else {
            Issue.record("finish chunk and [DONE] recognised")
            return
        }
        let message = assembly.response["choices"]?.array?.first?["message"]
        #expect(message?["content"]?.string == "Noted.")
        #expect(assembly.response["id"]?.string == "c1")
        #expect(assembly.response["choices"]?.array?.first?["finish_reason"]?.string == "stop")
    }

    @Test func toolCallFragmentsAreJoined() {
        var assembly = ChatStreamAssembly()
        for event in [
            #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","function":{"name":"fetch","arguments":"{\"u"}}]}}]}"#,
            #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"rl\":1}"}}]}}]}"#,
        ] { _ = assembly.absorb(Array((event + "\n\n").utf8)) }
        let call = assembly.response["choices"]?.array?.first?["message"]?["tool_calls"]?.array?.first
        #expect(call?["function"]?["name"]?.string == "fetch")
        #expect(call?["function"]?["arguments"]?.string == "{\"url\":1}")
    }
}
