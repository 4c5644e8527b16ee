import AsyncHTTPClient
import CandorKit
import CandorStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// The routes' work: forward upstream, audit, guard, log. Every exchange that reaches the
/// upstream leaves one log record, whatever fails after.
struct Forwarder: Sendable {
    let options: ProxyOptions
    let auditor: ExchangeAuditor
    let client: HTTPClient

    /// Streams are held back whole when any rule may block, so a blocked answer never leaves.
    var holdsStreams: Bool {
        options.configuration.defaultMode == .block || options.configuration.rules.values.contains { $0.mode == .block }
    }

    func models(_ request: Request) async -> Response {
        var upstreamRequest = HTTPClientRequest(url: options.upstream + "/models")
        upstreamRequest.method = .GET
        addCredentials(from: request, to: &upstreamRequest)
        do {
            let response = try await client.execute(upstreamRequest, timeout: options.upstreamTimeout)
            let body = try await response.body.collect(upTo: options.maximumResponseBytes)
            return passThrough(status: response.status, headers: response.headers, body: body)
        } catch {
            let failure = ProxyError.upstream(error)
            return ProxyError.response(status: failure.status, type: "candor_upstream_error", code: failure.code, failure.message)
        }
    }

    func chatCompletion(_ incoming: Request) async -> Response {
        var incoming = incoming
        let bytes: ByteBuffer
        do {
            bytes = try await incoming.collectBody(upTo: options.maximumRequestBytes)
        } catch {
            return ProxyError.response(status: .contentTooLarge, code: "request_too_large", "The request body exceeds \(options.maximumRequestBytes) bytes.")
        }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(Array(buffer: bytes))
        } catch {
            return ProxyError.response(status: .badRequest, code: "invalid_json", "The request body is not JSON: expected \(error.expected) at byte \(error.offset).")
        }
        guard case .object(let requestObject) = parsed else {
            return ProxyError.response(status: .badRequest, code: "invalid_request", "The request body must be a JSON object, found \(parsed.typeName).")
        }
        let stream = requestObject["stream"].map { if case .bool(true) = $0 { true } else { false } } ?? false

        var upstreamRequest = HTTPClientRequest(url: options.upstream + "/chat/completions")
        upstreamRequest.method = .POST
        upstreamRequest.headers.add(name: "Content-Type", value: "application/json")
        upstreamRequest.headers.add(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        addCredentials(from: incoming, to: &upstreamRequest)
        upstreamRequest.body = .bytes(bytes)

        let response: HTTPClientResponse
        do {
            response = try await client.execute(upstreamRequest, timeout: stream ? .hours(24) : options.upstreamTimeout)
        } catch {
            return await failed(error, request: parsed, stream: stream)
        }
        guard (200..<300).contains(response.status.code) else {
            return await passThroughError(response, request: parsed, stream: stream)
        }
        // An upstream that ignores `stream` and answers JSON is guarded as the JSON it sent.
        if stream, response.headers.first(name: "content-type")?.lowercased().hasPrefix("text/event-stream") ?? false {
            return streamed(response, request: requestObject)
        }

        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: options.maximumResponseBytes)
        } catch {
            return await failed(error, request: parsed, stream: false)
        }
        guard case .object(let responseObject)? = try? JSONParser.parse(Array(buffer: body)) else {
            await record(request: parsed, response: nil, stream: false, status: 502, error: "upstream response is not a JSON object")
            return ProxyError.response(status: .badGateway, type: "candor_upstream_error", code: "upstream_invalid_json", "The upstream response is not a JSON object.")
        }
        let audit = auditor.audit(request: requestObject, response: responseObject)
        let guarded = ResponseGuard.guarded(response: responseObject, audit: audit, configuration: options.configuration)
        await record(
            request: parsed, response: .object(responseObject), stream: false, status: guarded.status,
            action: guarded.action, findings: guarded.findingsHeader, audit: audit
        )
        return ProxyError.jsonResponse(
            status: .init(code: guarded.status), guarded.body,
            headers: [HTTPField.Name.candorFindings: guarded.findingsHeader]
        )
    }

    /// Events pass through as they arrive; the chunk that finishes the answer is held so a
    /// notice can precede it, and the proxy's own event goes just before `[DONE]`.
    func streamed(_ response: HTTPClientResponse, request: JSONObject) -> Response {
        let holdAll = holdsStreams
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var splitter = ServerSentEventSplitter()
                var assembly = ChatStreamAssembly()
                var held: [[UInt8]] = []
                var failure: String?
                var clientGone = false
                do {
                    reading: for try await buffer in response.body {
                        for event in splitter.events(in: buffer.readableBytesView) {
                            switch assembly.absorb(event) {
                            case .done: break
                            case .chunk(finishes: true):
                                held.append(event)
                            case .chunk(finishes: false), .other:
                                if holdAll || !held.isEmpty {
                                    held.append(event)
                                    continue
                                }
                                do {
                                    try await writer.write(ByteBuffer(bytes: event))
                                } catch {
                                    clientGone = true
                                    break reading
                                }
                            }
                        }
                        if assembly.sawDone { break }
                    }
                    if !assembly.sawDone, !clientGone { failure = "upstream stream ended before [DONE]" }
                } catch {
                    failure = "upstream stream ended before [DONE]: " + ProxyError.upstream(error).message
                }
                if clientGone { failure = "client disconnected mid-stream" }
                let assembled = assembly.response
                let audit = auditor.audit(request: request, response: assembled)
                let findings = audit?.findings ?? []
                let configuration = options.configuration
                let action = ResponseGuard.action(for: findings, configuration: configuration)
                let header = ResponseGuard.findingsHeader(findings, configuration: configuration)
                await record(
                    request: .object(request), response: .object(assembled), stream: true,
                    status: action == .block ? ResponseGuard.blockedStatus : 200, action: action, findings: header, error: failure, audit: audit
                )
                if clientGone { return }
                var tail: [UInt8] = []
                if action == .block {
                    tail = ChatStreamAssembly.event(ResponseGuard.blockedBody(findings, configuration: configuration))
                } else {
                    let notices = action == .notice ? ResponseGuard.notices(for: findings, configuration: configuration) : []
                    if !notices.isEmpty {
                        tail += ChatStreamAssembly.event(JSONText.serialize(.object(assembly.noticeChunk(ResponseGuard.noticeSuffix(notices)))))
                    }
                    tail += held.joined()
                    var candorChunk = JSONText.serialize(.object(assembly.chunk(choices: [])))
                    candorChunk.removeLast()
                    candorChunk += ",\"candor\":" + ResponseGuard.candorField(audit, notices: notices, action: action, configuration: configuration) + "}"
                    tail += ChatStreamAssembly.event(candorChunk)
                    if let failure {
                        tail += ChatStreamAssembly.event(ProxyError.body(type: "candor_upstream_error", code: "upstream_stream_failed", failure))
                    } else {
                        tail += ChatStreamAssembly.doneEvent
                    }
                }
                try await writer.write(ByteBuffer(bytes: tail))
                try await writer.finish(nil)
            }
        )
    }

    /// A non-2xx upstream answer reaches the client as it was sent (status and body).
    func passThroughError(_ response: HTTPClientResponse, request: JSONValue, stream: Bool) async -> Response {
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: options.maximumResponseBytes)
        } catch {
            return await failed(error, request: request, stream: stream)
        }
        await record(request: request, response: nil, stream: stream, status: Int(response.status.code), error: "upstream status \(response.status.code)")
        return passThrough(status: response.status, headers: response.headers, body: body)
    }

    func passThrough(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = headers.first(name: "content-type") ?? "application/json"
        return Response(status: .init(code: Int(status.code)), headers: fields, body: .init(byteBuffer: body))
    }

    func failed(_ error: any Error, request: JSONValue, stream: Bool) async -> Response {
        let failure = ProxyError.upstream(error)
        await record(request: request, response: nil, stream: stream, status: failure.status.code, error: failure.message)
        return ProxyError.response(status: failure.status, type: "candor_upstream_error", code: failure.code, failure.message)
    }

    func addCredentials(from request: Request, to upstream: inout HTTPClientRequest) {
        if let key = options.upstreamAPIKey {
            upstream.headers.add(name: "Authorization", value: "Bearer \(key)")
        } else if options.authToken == nil, let given = request.headers[.authorization] {
            upstream.headers.add(name: "Authorization", value: given)
        }
    }

    /// One record per exchange in the log and the store, redacted once for both. Returns when
    /// both hold it, so an exchange the client saw answered is in each.
    func record(
        request: JSONValue, response: JSONValue?, stream: Bool, status: Int,
        action: GuardAction = .none, findings: String = "none", error: String? = nil, audit: ExchangeAudit? = nil
    ) async {
        guard options.log != nil || options.store != nil else { return }
        let entry = TranscriptLogRecord(
            request: request, response: response, stream: stream, status: status,
            action: action, findingsHeader: findings, error: error
        )
        let redacted = entry.redacted()
        if let log = options.log {
            do {
                try await log.append(line: redacted.line)
            } catch {
                FileHandle.standardError.write(Data("candor proxy: \(error)\n".utf8))
            }
        }
        guard let store = options.store else { return }
        var result = audit?.result
        if redacted.redactedAnything {
            // The store holds what the log holds: a secret-bearing exchange is audited again, redacted.
            if case .object(let request) = redacted.request, case .object(let response)? = redacted.response {
                result = auditor.audit(request: request, response: response)?.result
            } else {
                result = nil
            }
        }
        result?.transcript.id = entry.id
        let exchange = StoredExchange(
            id: entry.id, time: entry.time, stream: stream, status: status, action: action.rawValue,
            findingsHeader: findings, error: error, record: redacted.line, audit: result
        )
        do {
            try await store.record(exchange)
        } catch {
            FileHandle.standardError.write(Data("candor proxy: could not store exchange \(entry.id): \(error)\n".utf8))
        }
    }
}

extension HTTPField.Name {
    static let candorFindings = Self("X-Candor-Findings")!
}
