import CandorKit
import CandorStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built `candor` binary: killed mid-load it leaves only whole records, and
/// `candor audit` reads its log as it stands.
@Suite(.serialized) struct ProxyProcessTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("candor").path
    static let built = FileManager.default.isExecutableFile(atPath: binary)

    /// Starts `candor proxy` on port 0 and returns the process and the port it reports.
    static func launchProxy(upstream: String, _ storage: [String]) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["proxy", "--upstream", upstream, "--listen", "127.0.0.1:0"] + storage
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            if let range = text.range(of: #"127\.0\.0\.1:(\d+)/v1"#, options: .regularExpression) {
                let port = Int(text[range].dropFirst("127.0.0.1:".count).dropLast(3))!
                // Keep draining standard error so a full pipe can never stall the proxy.
                errors.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
                return (process, port)
            }
        }
        process.terminate()
        throw CancellationError()
    }

    static func audit(_ path: String, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["audit", path, "--format", "jsonl", "--fail-on", "never"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: built, "build the candor binary first (swift build --product candor)"))
    func killedMidLoadLeavesOnlyWholeRecordsThatAuditReads() async throws {
        let upstream = try FaultUpstream()
        defer { upstream.stop() }
        try await withTemporaryDirectory { directory in
            let logPath = directory + "/transcripts.jsonl"
            let (process, port) = try Self.launchProxy(upstream: upstream.baseURL, ["--log", logPath])
            try await Self.load(port: port, until: { logLines(logPath).count >= 40 }, then: process)

            let lines = logLines(logPath)
            #expect(lines.count >= 40)
            #expect(lines.allSatisfy { $0 != nil }, "every line is a whole JSON record")
            let data = FileManager.default.contents(atPath: logPath) ?? Data()
            #expect(data.last == 0x0A, "the file ends at a record boundary")

            let (status, output) = try Self.audit(logPath)
            let results = output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
            #expect(status == 0)
            #expect(results.filter { $0["error"] == nil && $0["findings"] != nil }.count == lines.count)
        }
    }

    /// 16 clients send long replies (so a kill is likely to land mid-write), streamed every
    /// third time, until `enough`; then the proxy is killed. Returns how many were answered 200.
    @discardableResult
    static func load(port: Int, until enough: @escaping () -> Bool, then process: Process) async throws -> Int {
        let url = "http://127.0.0.1:\(port)/v1/chat/completions"
        let reply = String(repeating: "Noted, and here is a long answer. ", count: 100)
        let clients = Task {
            await withTaskGroup(of: Int.self) { group in
                for client in 0..<16 {
                    group.addTask {
                        var answered = 0
                        for index in 0..<200 {
                            let body = Client.chat(model: "say:\(reply)", user: "client \(client) request \(index)", stream: index % 3 == 0)
                            // A refused connection before the proxy listens (or after the kill) is retried until cancelled.
                            if let reply = try? await Client.post(url, body) {
                                // A stream cut by the kill has no [DONE]; it was not answered.
                                if reply.status == 200, index % 3 != 0 || reply.body.contains("data: [DONE]") { answered += 1 }
                            } else {
                                if Task.isCancelled { return answered }
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                        return answered
                    }
                }
                return await group.reduce(0, +)
            }
        }
        let deadline = Date().addingTimeInterval(180)
        while !enough(), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Requests to a dead port would wait out their connect retries; stop them now.
        clients.cancel()
        return await clients.value
    }

    @Test(.enabled(if: built, "build the candor binary first (swift build --product candor)"))
    func killedMidLoadLeavesAConsistentStoreWithEveryAnsweredExchange() async throws {
        let upstream = try FaultUpstream()
        defer { upstream.stop() }
        try await withTemporaryDirectory { directory in
            let dbPath = directory + "/exchanges.sqlite"
            let (process, port) = try Self.launchProxy(upstream: upstream.baseURL, ["--db", dbPath])
            // Polls through its own connection, as a reader beside the running proxy would.
            let watcher = try ExchangeStore(path: dbPath)
            let answered = try await Self.load(port: port, until: { ((try? watcher.rows("SELECT count(*) AS n FROM exchanges"))?.first?["n"]).flatMap { Int($0) } ?? 0 >= 40 }, then: process)

            let store = try ExchangeStore(path: dbPath)
            func value(_ sql: String) throws -> String? { try store.rows(sql).first?.values.first }
            #expect(try value("PRAGMA integrity_check") == "ok")
            let exchanges = try Int(value("SELECT count(*) FROM exchanges") ?? "") ?? 0
            #expect(exchanges >= 40)
            #expect(exchanges >= answered, "every exchange answered before the kill was committed first")
            #expect(try value("SELECT count(*) FROM exchanges WHERE status = 200 AND transcript_id IS NULL") == "0")
            #expect(try value("SELECT count(*) FROM transcripts t WHERE turn_count != (SELECT count(*) FROM turns WHERE transcript_id = t.id)") == "0")
            #expect(try value("SELECT count(*) FROM transcripts t WHERE finding_count != (SELECT count(*) FROM findings WHERE transcript_id = t.id)") == "0")
            #expect(try value("SELECT count(*) FROM transcripts") == String(exchanges))

            // The stored records are whole JSON lines that `candor audit -` reads.
            let records = try store.rows("SELECT record FROM exchanges ORDER BY id").compactMap { $0["record"] }
            let recordsPath = directory + "/records.jsonl"
            try (records.joined(separator: "\n") + "\n").write(toFile: recordsPath, atomically: true, encoding: .utf8)
            let (status, output) = try Self.audit(recordsPath)
            #expect(status == 0)
            #expect(output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }.filter { $0["findings"] != nil }.count == exchanges)
        }
    }

    @Test(.enabled(if: built, "build the candor binary first (swift build --product candor)"))
    func auditTakesRuleSelectionAndSeveritiesFromConfig() throws {
        try withTemporaryDirectory { directory in
            let transcript = directory + "/noted.txt"
            try "User: Please stop using the Oxford comma.\nAssistant: Noted.\n".write(toFile: transcript, atomically: true, encoding: .utf8)
            let config = directory + "/candor.yml"
            func findings(_ yaml: String) throws -> [JSONValue] {
                try yaml.write(toFile: config, atomically: true, encoding: .utf8)
                let (_, output) = try Self.audit(transcript, ["--config", config])
                return output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }.flatMap { $0["findings"]?.array ?? [] }
            }
            #expect(try findings("rules:\n  persistence-claim:\n    severity: info\n").map { $0["severity"]?.string } == ["info"])
            #expect(try findings("rules:\n  persistence-claim:\n    enabled: false\n").isEmpty)
        }
    }
}
