// Load benchmark for `candor proxy` (not part of CI; run Benchmarks/proxy-load).
//
// Starts a fast canned upstream and the proxy in front of it, both on loopback in this
// process, then drives each with the same number of concurrent clients in two ways:
//   - capacity: every client sends its next request as soon as the last is answered, so
//     latency there is mostly queueing on a saturated machine; it gives the throughput;
//   - paced: the clients together offer a fixed rate (default half the proxy's capacity) and
//     latency is timed from each request's scheduled start, so a stall is not hidden by the
//     client waiting for it (no coordinated omission). The added latency is read here:
//     proxy percentile minus direct percentile at the same offered rate.
// Bounded by time, loopback only.
import AsyncHTTPClient
import CandorConfig
import CandorProxy
import CandorStore
import Foundation
import Hummingbird
import Logging
import NIOCore

struct Settings {
    var clients = 64
    var seconds = 60.0
    var baselineSeconds = 20.0
    var capacitySeconds = 10.0
    /// Requests per second offered in the paced phases; nil: half the proxy's measured capacity.
    var rate: Double?
    var log = true
    var db = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--clients": clients = iterator.next().flatMap(Int.init) ?? clients
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "--baseline-seconds": baselineSeconds = iterator.next().flatMap(Double.init) ?? baselineSeconds
            case "--capacity-seconds": capacitySeconds = iterator.next().flatMap(Double.init) ?? capacitySeconds
            case "--rate": rate = iterator.next().flatMap(Double.init)
            case "--no-log": log = false
            case "--db": db = true
            default:
                FileHandle.standardError.write(Data("""
                    usage: candor-proxy-load [--clients N] [--seconds S] [--baseline-seconds S] [--capacity-seconds S]
                                             [--rate REQ_PER_S] [--no-log] [--db]

                    """.utf8))
                exit(2)
            }
        }
    }
}

/// A chat completion of ordinary size: a paragraph of plain answer.
let cannedCompletion = """
    {"id":"cmpl-load","object":"chat.completion","created":1700000000,"model":"load-upstream",\
    "choices":[{"index":0,"message":{"role":"assistant","content":"Boiling point depends on pressure. \
    At sea level water boils at 100 °C (212 °F); at 2,000 m it boils near 93 °C, so pasta takes a \
    little longer to cook. A pressure cooker raises the boiling point to about 120 °C, which is why \
    it cooks beans and tough cuts of meat so much faster than an open pot."},"finish_reason":"stop"}],\
    "usage":{"prompt_tokens":42,"completion_tokens":80,"total_tokens":122}}
    """

let requestBody = """
    {"model":"load-upstream","messages":[{"role":"system","content":"You are a helpful cooking assistant."},\
    {"role":"user","content":"Why does pasta take longer to cook in the mountains?"},\
    {"role":"assistant","content":"Because water boils at a lower temperature at altitude."},\
    {"role":"user","content":"How much lower, and does a pressure cooker help?"}],"max_tokens":200}
    """

struct PhaseResult {
    var name: String
    var seconds: Double
    var latencies: [Double]
    var errors: Int
    var firstError: String?

    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return .nan }
        return latencies[min(latencies.count - 1, Int((Double(latencies.count) * fraction).rounded(.down)))]
    }

    var line: String {
        String(
            format: "%@: %d requests in %.1f s = %.0f req/s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; errors %d",
            name, latencies.count, seconds, Double(latencies.count) / seconds,
            percentile(0.5), percentile(0.9), percentile(0.99), latencies.last ?? .nan, errors
        ) + (firstError.map { " (first: \($0))" } ?? "")
    }
}

/// `clients` tasks each send one request at a time until the deadline. With `rate`, client
/// i sends its k-th request at start + (k·clients + i)/rate and latency counts from then.
func drive(_ name: String, url: String, clients: Int, seconds: Double, rate: Double? = nil, client: HTTPClient) async -> PhaseResult {
    let clock = ContinuousClock()
    let started = clock.now
    let deadline = started + .milliseconds(Int(seconds * 1000))
    let results = await withTaskGroup(of: ([Double], Int, String?).self) { group in
        for index in 0..<clients {
            group.addTask {
                var latencies: [Double] = []
                var errors = 0
                var firstError: String?
                var sent = 0
                while true {
                    var start = clock.now
                    if let rate {
                        start = started + .nanoseconds(Int64(Double(sent * clients + index) / rate * 1e9))
                        sent += 1
                        guard start < deadline else { break }
                        if start > clock.now { try? await Task.sleep(until: start, clock: clock) }
                    } else if start >= deadline {
                        break
                    }
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: requestBody))
                    do {
                        let response = try await client.execute(request, timeout: .seconds(10))
                        let body = try await response.body.collect(upTo: 1 << 20)
                        let elapsed = clock.now - start
                        if response.status == .ok, body.readableBytes > 0 {
                            latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                        } else {
                            errors += 1
                            firstError = firstError ?? "status \(response.status.code)"
                        }
                    } catch {
                        errors += 1
                        firstError = firstError ?? String(describing: error)
                    }
                }
                return (latencies, errors, firstError)
            }
        }
        var all: ([Double], Int, String?) = ([], 0, nil)
        for await result in group {
            all.0 += result.0
            all.1 += result.1
            all.2 = all.2 ?? result.2
        }
        return all
    }
    let elapsed = clock.now - started
    return PhaseResult(
        name: name, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        latencies: results.0.sorted(), errors: results.1, firstError: results.2
    )
}

func startUpstream() async throws -> (Int, Task<Void, any Error>) {
    let router = Router()
    let completion = ByteBuffer(string: cannedCompletion)
    router.post("/v1/chat/completions") { request, _ -> Response in
        _ = try await request.body.collect(upTo: 1 << 20)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: completion))
    }
    var logger = Logger(label: "load-upstream")
    logger.logLevel = .critical
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger
    )
    let task = Task { try await app.run() }
    for await port in ports { return (port, task) }
    throw CancellationError()
}

let settings = Settings(CommandLine.arguments)
let (upstreamPort, upstreamTask) = try await startUpstream()
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("candor-proxy-load-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
let logPath = scratch.appendingPathComponent("transcripts.jsonl").path
let dbPath = scratch.appendingPathComponent("exchanges.sqlite").path
let store = settings.db ? try ExchangeStore(path: dbPath) : nil
let options = ProxyOptions(
    upstream: "http://127.0.0.1:\(upstreamPort)/v1", host: "127.0.0.1", port: 0,
    log: settings.log ? try TranscriptLog(path: logPath, maximumBytes: 1 << 30, keep: 1) : nil, store: store
)
let (proxyPorts, proxyContinuation) = AsyncStream.makeStream(of: Int.self)
let proxyTask = Task { try await ProxyServer(options: options).run { proxyContinuation.yield($0) } }
var proxyPort = 0
for await port in proxyPorts {
    proxyPort = port
    break
}

var clientConfiguration = HTTPClient.Configuration()
clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.clients)
let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
let directURL = "http://127.0.0.1:\(upstreamPort)/v1/chat/completions"
let proxyURL = "http://127.0.0.1:\(proxyPort)/v1/chat/completions"

print("candor proxy load: \(settings.clients) concurrent clients, loopback, \(ProcessInfo.processInfo.activeProcessorCount) cores; transcript log \(settings.log ? "on" : "off"), store \(settings.db ? "on" : "off")")
// Warm both paths (connections, caches) before measuring.
_ = await drive("warm-up direct", url: directURL, clients: settings.clients, seconds: 2, client: client)
_ = await drive("warm-up proxy", url: proxyURL, clients: settings.clients, seconds: 2, client: client)
print("capacity (each client sends as soon as it is answered):")
let directCapacity = await drive("  direct", url: directURL, clients: settings.clients, seconds: settings.capacitySeconds, client: client)
print(directCapacity.line)
let proxyCapacity = await drive("  proxy ", url: proxyURL, clients: settings.clients, seconds: settings.capacitySeconds, client: client)
print(proxyCapacity.line)
let rate = settings.rate ?? (Double(proxyCapacity.latencies.count) / proxyCapacity.seconds / 2).rounded()
print(String(format: "paced at %.0f req/s offered (latency from each request's scheduled start):", rate))
let direct = await drive("  direct", url: directURL, clients: settings.clients, seconds: settings.baselineSeconds, rate: rate, client: client)
print(direct.line)
let proxied = await drive("  proxy ", url: proxyURL, clients: settings.clients, seconds: settings.seconds, rate: rate, client: client)
print(proxied.line)
print(String(
    format: "added by proxy at %.0f req/s: p50 %.3f ms, p99 %.3f ms; proxy-caused errors %d",
    rate, proxied.percentile(0.5) - direct.percentile(0.5), proxied.percentile(0.99) - direct.percentile(0.99), proxied.errors + proxyCapacity.errors
))
if settings.log {
    let lines = (FileManager.default.contents(atPath: logPath) ?? Data()).split(separator: 0x0A).count
    print("transcript log: \(lines) records")
}
if let store {
    print("store: \(try store.rows("SELECT count(*) AS n FROM exchanges").first?["n"] ?? "?") exchanges")
}
try? FileManager.default.removeItem(at: scratch)
try await client.shutdown()
proxyTask.cancel()
upstreamTask.cancel()
_ = try? await proxyTask.value
_ = try? await upstreamTask.value
