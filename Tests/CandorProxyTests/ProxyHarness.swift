import AsyncHTTPClient
import CandorConfig
import CandorKit
import CandorProxy
import Foundation
import NIOCore
import NIOHTTP1

/// A proxy running in this process on an ephemeral loopback port, talked to over a real socket.
struct RunningProxy {
    let port: Int
    let task: Task<Void, any Error>

    static func start(_ options: ProxyOptions) async throws -> RunningProxy {
        var options = options
        options.host = "127.0.0.1"
        options.port = 0
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = ProxyServer(options: options)
        let task = Task {
            defer { continuation.finish() }
            try await server.run { continuation.yield($0) }
        }
        for await port in ports { return RunningProxy(port: port, task: task) }
        _ = try await task.value
        throw CancellationError()
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// One HTTP answer, read whole.
struct Reply {
    var status: Int
    var headers: HTTPHeaders
    var body: String

    var json: JSONValue? { try? JSONParser.parse(body) }
}

enum Client {
    /// Generous against a hang, well under the test run's limits.
    static let timeout = TimeAmount.seconds(30)

    static func post(_ url: String, _ body: String, headers: [(String, String)] = [], timeout: TimeAmount = Client.timeout) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request, timeout: timeout)
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await send(request)
    }

    static func send(_ request: HTTPClientRequest, timeout: TimeAmount = Client.timeout) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    /// A chat request body with one user message.
    static func chat(model: String, user: String = "Please use metric units.", stream: Bool = false, maxTokens: Int? = nil) -> String {
        var body = "{\"model\":\(JSONText.quoted(model)),\"messages\":[{\"role\":\"user\",\"content\":\(JSONText.quoted(user))}]"
        if stream { body += ",\"stream\":true" }
        if let maxTokens { body += ",\"max_tokens\":\(maxTokens)" }
        return body + "}"
    }
}

/// Runs `body` with the path of a new empty directory, removed afterwards however `body` ends.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try body(directory)
}

/// Runs `body` with the path of a new empty directory, removed afterwards however `body` ends.
func withTemporaryDirectory(_ body: (String) async throws -> Void) async throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try await body(directory)
}

private func makeTemporaryDirectory() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-proxy-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

/// The log's lines, each parsed; a line that does not parse is returned as nil.
func logLines(_ path: String) -> [JSONValue?] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return data.split(separator: 0x0A).map { try? JSONParser.parse(Array($0)) }
}

/// A configuration from YAML text, for tests.
func configuration(_ yaml: String) throws -> CandorConfiguration {
    try CandorConfiguration.parse(yaml)
}
