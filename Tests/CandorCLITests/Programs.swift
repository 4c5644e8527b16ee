import Foundation

/// Runs the built `candor` binary, the way a user does, and other programs for end-to-end tests.
enum Programs {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle (the same build), else the default debug build that
    /// `scripts/test` makes. Linux runs the tests as an executable in the build directory;
    /// macOS loads an `.xctest` bundle there.
    static let candorBinary: String = {
        let tests = Bundle.allBundles.first { $0.bundleURL.pathExtension == "xctest" }?.bundleURL
            ?? Bundle.main.executableURL ?? Bundle.main.bundleURL
        let besideTests = tests.deletingLastPathComponent().appendingPathComponent("candor").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return repository.appendingPathComponent(".build/debug/candor").path
    }()

    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var errors: String

        var lines: [String] { output.split(separator: "\n").map(String.init) }

        /// Each output line parsed as a JSON object.
        func jsonLines() throws -> [[String: Any]] {
            try lines.map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw CocoaError(.propertyListReadCorrupt)
                }
                return object
            }
        }
    }

    /// Runs `candor` with these arguments; see `run`.
    static func candor(
        _ arguments: [String], input: String? = nil, in directory: URL = repository,
        timeout: TimeInterval = 120, environment: [String: String] = [:]
    ) throws -> Outcome {
        try run(candorBinary, arguments, input: input, in: directory, timeout: timeout, environment: environment)
    }

    /// Runs a program (an absolute path, else looked up on PATH) to completion, killing it after
    /// `timeout` seconds. Standard input is `input`, or closed at once so nothing waits on it.
    static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, in directory: URL = repository,
        timeout: TimeInterval = 120, environment: [String: String] = [:]
    ) throws -> Outcome {
        let process = Process()
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { if process.isRunning { process.terminate() } }
        timer.resume()
        // Feed stdin and drain stderr beside stdout so no pipe fills and blocks the child.
        let group = DispatchGroup()
        _ = ignoreBrokenPipe
        DispatchQueue.global().async(group: group) {
            if let input { try? standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
            try? standardInput.fileHandleForWriting.close()
        }
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        return Outcome(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }

    /// A child that exits without reading its input must not take the test process with it.
    private static let ignoreBrokenPipe: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("candor-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func exists(_ program: String) -> Bool {
        ((try? run("sh", ["-c", "command -v \(program)"]))?.status ?? 1) == 0
    }
}
