import CandorKit
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OpenAI-compatible upstream on a loopback port that misbehaves on request. The request's
/// `model` says how: `say:TEXT` answers TEXT (as a stream when `stream` is true), `slow:SECONDS`
/// waits before answering, `error` answers 500, `reset` resets the connection mid-body,
/// `malformed` answers 200 with a body that is not JSON, `truncate` ends a stream before `[DONE]`,
/// `stall:SECONDS` starts a stream and then goes silent with the connection open, `json:TEXT`
/// answers TEXT as plain JSON even when a stream was asked for.
/// Plain blocking sockets, one thread per connection, so each fault is byte-exact.
final class FaultUpstream: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            while true {
                let connection = accept(descriptor, nil, nil)
                if connection < 0 { return }
                Thread.detachNewThread { FaultUpstream.serve(connection) }
            }
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ connection: Int32) {
        defer { close(connection) }
        var pending: [UInt8] = []
        while let (head, body) = readRequest(connection, &pending) {
            guard respond(connection, head: head, body: body) else { return }
        }
    }

    /// Reads one request; nil when the client closed.
    private static func readRequest(_ connection: Int32, _ pending: inout [UInt8]) -> (String, [UInt8])? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if pending.count - end.upperBound >= length {
                    let body = Array(pending[end.upperBound..<(end.upperBound + length)])
                    pending.removeFirst(end.upperBound + length)
                    return (head, body)
                }
            }
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Answers one request; false when the connection must close.
    private static func respond(_ connection: Int32, head: String, body: [UInt8]) -> Bool {
        if head.hasPrefix("GET /v1/models") {
            return send(connection, status: "200 OK", type: "application/json", body: #"{"object":"list","data":[{"id":"fault-upstream","object":"model"}]}"#)
        }
        let request = (try? JSONParser.parse(body)) ?? .null
        let model = request["model"]?.string ?? "say:Hello."
        let stream = request["stream"].map { if case .bool(true) = $0 { true } else { false } } ?? false
        let fault = model.split(separator: ":", maxSplits: 1).first.map(String.init) ?? model
        let argument = model.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        switch fault {
        case "slow":
            Thread.sleep(forTimeInterval: Double(argument) ?? 5)
            return send(connection, status: "200 OK", type: "application/json", body: completion("Late."))
        case "error":
            return send(connection, status: "500 Internal Server Error", type: "application/json", body: #"{"error":{"message":"upstream exploded","type":"server_error"}}"#)
        case "reset":
            writeAll(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"id\":\"cmpl-reset\",\"choices\":[".utf8))
            Thread.sleep(forTimeInterval: 0.05)
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            return false
        case "malformed":
            return send(connection, status: "200 OK", type: "application/json", body: #"{"id":"cmpl-bad","choices":[{"message":"#)
        case "truncate":
            writeAll(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
            writeChunk(connection, event(delta: #"{"role":"assistant","content":"Partial "}"#))
            writeChunk(connection, event(delta: #"{"content":"answer"}"#))
            Thread.sleep(forTimeInterval: 0.05)
            return false
        case "json":
            return send(connection, status: "200 OK", type: "application/json", body: completion(argument))
        case "stall":
            writeAll(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
            writeChunk(connection, event(delta: #"{"role":"assistant","content":"Stalled "}"#))
            Thread.sleep(forTimeInterval: Double(argument) ?? 5)
            return false
        default:
            let text = argument.isEmpty ? "Hello." : argument
            guard stream else { return send(connection, status: "200 OK", type: "application/json", body: completion(text)) }
            writeAll(connection, Array("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
            writeChunk(connection, event(delta: #"{"role":"assistant","content":""}"#))
            let middle = text.index(text.startIndex, offsetBy: text.count / 2)
            for part in [text[..<middle], text[middle...]] {
                writeChunk(connection, event(delta: "{\"content\":\(JSONText.quoted(String(part)))}"))
            }
            writeChunk(connection, event(delta: "{}", finish: "\"stop\""))
            writeChunk(connection, Array("data: [DONE]\n\n".utf8))
            writeAll(connection, Array("0\r\n\r\n".utf8))
            return true
        }
    }

    static func completion(_ text: String) -> String {
        #"{"id":"cmpl-test","object":"chat.completion","created":1700000000,"model":"fault-upstream","choices":[{"index":0,"message":{"role":"assistant","content":"#
            + JSONText.quoted(text) + #"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#
    }

    static func event(delta: String, finish: String = "null") -> [UInt8] {
        Array(("data: {\"id\":\"cmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"fault-upstream\",\"choices\":[{\"index\":0,\"delta\":\(delta),\"finish_reason\":\(finish)}]}\n\n").utf8)
    }

    private static func send(_ connection: Int32, status: String, type: String, body: String) -> Bool {
        let bytes = Array(body.utf8)
        writeAll(connection, Array("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n\r\n".utf8) + bytes)
        return true
    }

    private static func writeChunk(_ connection: Int32, _ bytes: [UInt8]) {
        writeAll(connection, Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + Array("\r\n".utf8))
    }

    private static func writeAll(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }
}
