import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Python stand-in chat server in Fixtures, started on a free loopback port for one test.
final class ScriptedServer {
    let process = Process()
    let port: Int
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("candor-scripted-\(UUID().uuidString).jsonl").path
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scripted_server.py").path

    init(_ steps: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, steps, log]
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// The requests the server saw, in order.
    func requests() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: log) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] ?? [:] }
    }

    /// SIGKILL: the test runner's blocked signal mask is inherited, so SIGTERM would be ignored.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: log)
    }
}
