import ArgumentParser
import CandorConfig
import CandorProxy
import CandorStore
import Foundation

struct Proxy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an OpenAI-compatible proxy that audits live chat completions.",
        discussion: """
            Serves POST /v1/chat/completions and GET /v1/models in front of --upstream. Each \
            response is audited with the request's conversation: findings ride along as a \
            `candor` field and an X-Candor-Findings header (streams: one extra event before \
            [DONE]). Per-rule modes in --config (observe, notice, block) decide whether the \
            response is only annotated, gets a short notice appended, or is withheld. \
            Listens on loopback unless --listen says otherwise.
            """
    )

    @OptionGroup(title: "Upstream")
    var connection: ConnectionOptions

    @Option(help: "Address to listen on, HOST:PORT.")
    var listen = "127.0.0.1:8080"

    @Option(help: "candor.yml with rule selection, severities and modes (default: ./candor.yml if present).")
    var config: String?

    @Option(help: "Append every exchange to this JSON Lines transcript log (secrets redacted).")
    var log: String?

    @Option(help: "Store every exchange (redacted like the log) and its findings in this SQLite file, with or without --log; the schema of `candor audit --db`.")
    var db: String?

    @Option(help: "Rotate the log when it would grow past this many MiB.")
    var logMaxMib = 64

    @Option(help: "Rotated logs to keep (FILE.1 … FILE.N).")
    var logKeep = 5

    @Option(help: "Require this bearer token from clients (or set CANDOR_PROXY_TOKEN).")
    var authToken: String?

    @Option(help: "Largest request body accepted, in KiB.")
    var maxRequestKib = 4096

    @Option(help: "Seconds of upstream silence before giving up, also between stream events.")
    var upstreamReadTimeout = 60

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let (host, port) = try Self.address(listen)
        guard let upstream = connection.baseURL else {
            throw ValidationError("Missing --upstream, the OpenAI-compatible base URL to forward to, e.g. http://127.0.0.1:8089/v1.")
        }
        let configuration: CandorConfiguration
        do {
            if let config {
                configuration = try CandorConfiguration.load(path: config)
            } else if FileManager.default.fileExists(atPath: "candor.yml") {
                configuration = try CandorConfiguration.load(path: "candor.yml")
            } else {
                configuration = CandorConfiguration()
            }
        } catch {
            throw ValidationError(error.description)
        }
        let transcriptLog: TranscriptLog?
        do {
            transcriptLog = try log.map { try TranscriptLog(path: $0, maximumBytes: max(logMaxMib, 1) << 20, keep: logKeep) }
        } catch {
            throw ValidationError(String(describing: error))
        }
        let store: ExchangeStore?
        do {
            store = try db.map { try ExchangeStore(path: $0) }
        } catch {
            throw ValidationError("Cannot open the findings store '\(db ?? "")': \(error)")
        }
        let options = ProxyOptions(
            upstream: upstream, host: host, port: port,
            authToken: authToken ?? environment["CANDOR_PROXY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            upstreamAPIKey: connection.apiKey(usual: ["CANDOR_UPSTREAM_API_KEY"]),
            maximumRequestBytes: max(maxRequestKib, 1) << 10,
            upstreamTimeout: .milliseconds(connection.timeoutMilliseconds(default: 300)), upstreamReadTimeout: .seconds(Int64(upstreamReadTimeout)),
            configuration: configuration, log: transcriptLog, store: store
        )
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            Terminal.writeError("candor proxy: listening on \(host), not loopback: other machines can reach it\(options.authToken == nil ? " without a token" : "").\n")
        }
        let finished = DispatchSemaphore(value: 0)
        let outcome = ServerOutcome()
        Task {
            do {
                try await ProxyServer(options: options).run(handleSignals: true) { bound in
                    FileHandle.standardError.write(Data("candor proxy: http://\(host):\(bound)/v1 → \(upstream)\n".utf8))
                }
            } catch {
                outcome.error = String(describing: error)
            }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw ValidationError("proxy stopped: \(error)") }
    }

    static func address(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080.")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}

/// Carries the server task's error back to the blocked command.
private final class ServerOutcome: @unchecked Sendable {
    var error: String?
}
