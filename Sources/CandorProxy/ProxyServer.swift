import AsyncHTTPClient
import CandorConfig
import CandorKit
import CandorStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// How the proxy listens, where it forwards, and what it guards.
public struct ProxyOptions: Sendable {
    /// OpenAI-compatible base URL, e.g. `http://127.0.0.1:8089/v1`.
    public var upstream: String
    public var host: String
    /// 0 picks a free port; `ProxyServer.run` reports the one bound.
    public var port: Int
    /// Clients must send `Authorization: Bearer <token>` when set.
    public var authToken: String?
    /// Sent upstream as a bearer token; without it, the client's Authorization is forwarded
    /// (unless it is the proxy's own token).
    public var upstreamAPIKey: String?
    public var maximumRequestBytes: Int
    public var maximumResponseBytes: Int
    /// Whole-request limit for non-streaming calls.
    public var upstreamTimeout: TimeAmount
    /// Longest silence from upstream, including between stream events.
    public var upstreamReadTimeout: TimeAmount
    public var configuration: CandorConfiguration
    public var log: TranscriptLog?
    /// Every exchange and its findings also go to this SQLite store when set.
    public var store: ExchangeStore?

    public init(
        upstream: String, host: String = "127.0.0.1", port: Int = 8080, authToken: String? = nil,
        upstreamAPIKey: String? = nil, maximumRequestBytes: Int = 4 << 20, maximumResponseBytes: Int = 16 << 20,
        upstreamTimeout: TimeAmount = .seconds(300), upstreamReadTimeout: TimeAmount = .seconds(60),
        configuration: CandorConfiguration = CandorConfiguration(), log: TranscriptLog? = nil, store: ExchangeStore? = nil
    ) {
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.host = host
        self.port = port
        self.authToken = authToken
        self.upstreamAPIKey = upstreamAPIKey
        self.maximumRequestBytes = maximumRequestBytes
        self.maximumResponseBytes = maximumResponseBytes
        self.upstreamTimeout = upstreamTimeout
        self.upstreamReadTimeout = upstreamReadTimeout
        self.configuration = configuration
        self.log = log
        self.store = store
    }
}

/// `candor proxy`: serves `POST /v1/chat/completions` (audited) and `GET /v1/models`
/// (passed through) in front of an OpenAI-compatible upstream.
public struct ProxyServer: Sendable {
    public let options: ProxyOptions
    let auditor: ExchangeAuditor

    public init(options: ProxyOptions) {
        self.options = options
        auditor = ExchangeAuditor(configuration: options.configuration)
    }

    /// Runs until the task is cancelled (or, with `handleSignals`, SIGINT/SIGTERM).
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var clientConfiguration = HTTPClient.Configuration(
            certificateVerification: .fullVerification,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: options.upstreamReadTimeout),
            ignoreUncleanSSLShutdown: false,
            decompression: .disabled
        )
        // AHC's default of 8 connections per host would queue a busy proxy's calls.
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let router = Router()
        if let token = options.authToken { router.add(middleware: BearerTokenCheck(token: token)) }
        let forwarder = Forwarder(options: options, auditor: auditor, client: client)
        router.post("/v1/chat/completions") { request, _ in await forwarder.chatCompletion(request) }
        router.get("/v1/models") { request, _ in await forwarder.models(request) }
        var logger = Logger(label: "candor-proxy")
        // Hummingbird logs connection teardown on shutdown as errors; the proxy reports its own.
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? options.port) },
            logger: logger
        )
        do {
            if handleSignals { try await app.runService() } else { try await app.run() }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}

/// Rejects requests without the configured bearer token, comparing in constant time.
struct BearerTokenCheck<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let expected = Array("Bearer \(token)".utf8)
        let given = Array((request.headers[.authorization] ?? "").utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for (index, byte) in expected.enumerated() { difference |= byte ^ (index < given.count ? given[index] : 0) }
        guard difference == 0 else {
            return ProxyError.response(status: .unauthorized, code: "invalid_proxy_token", "A valid bearer token for candor proxy is required.")
        }
        return try await next(request, context)
    }
}

/// OpenAI-shaped error bodies. Messages never quote request or response bodies.
enum ProxyError {
    static func body(type: String = "candor_proxy_error", code: String, _ message: String) -> String {
        "{\"error\":{\"message\":" + JSONText.quoted(message) + ",\"type\":\"\(type)\",\"param\":null,\"code\":\"\(code)\"}}"
    }

    static func response(status: HTTPResponse.Status, type: String = "candor_proxy_error", code: String, _ message: String) -> Response {
        jsonResponse(status: status, body(type: type, code: code, message))
    }

    static func jsonResponse(status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// What failed upstream, in words that carry no body: status and error code.
    static func upstream(_ error: any Error) -> (status: HTTPResponse.Status, code: String, message: String) {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .getConnectionFromPoolTimeout:
                return (.gatewayTimeout, "upstream_timeout", "The upstream model did not answer in time (\(error.shortDescription)).")
            default:
                return (.badGateway, "upstream_failed", "The upstream request failed (\(error.shortDescription)).")
            }
        }
        if error is CancellationError { return (.gatewayTimeout, "upstream_timeout", "The upstream request was cancelled.") }
        return (.badGateway, "upstream_failed", "The upstream request failed (\(type(of: error))).")
    }
}

extension HTTPClientError {
    /// AHC's descriptions name the error kind only; keep them to one line.
    var shortDescription: String {
        String(describing: self).split(separator: "\n").first.map(String.init) ?? "error"
    }
}
