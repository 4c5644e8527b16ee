import Foundation
import Testing

/// The README's examples of the everyday commands, run as written from a fresh clone.
@Suite struct ReadmeExampleTests {
    static let commands: Set<String> = ["audit", "rules", "eval", "compare", "summary"]

    /// Lines of the README's `sh` blocks that run one of `commands`, in order: later lines may
    /// read what earlier ones wrote. The judged real-conversation corpus is downloaded by
    /// `scripts/sharegpt-dev`, which `scripts/test` runs with that example, so it is left out.
    static func examples() throws -> [String] {
        let readme = try String(contentsOf: Programs.repository.appendingPathComponent("README.md"), encoding: .utf8)
        var examples: [String] = []
        var inShellBlock = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inShellBlock = !inShellBlock && line == "```sh"
                continue
            }
            let words = line.split(separator: " ")
            guard inShellBlock, words.first == "candor", words.count > 1, commands.contains(String(words[1])) else { continue }
            if line.contains(".build-eval/") { continue }
            examples.append(String(line))
        }
        return examples
    }

    @Test func readmeShowsEveryEverydayCommand() throws {
        let shown = Set(try Self.examples().map { String($0.split(separator: " ")[1]) })
        #expect(shown == Self.commands)
    }

    @Test func readmeExamplesRunAsWritten() throws {
        // A scratch directory that looks like the clone, so files the examples write land there.
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for folder in ["Examples", "Evaluation"] {
            try FileManager.default.createSymbolicLink(
                at: directory.appendingPathComponent(folder), withDestinationURL: Programs.repository.appendingPathComponent(folder)
            )
        }
        let binaries = URL(fileURLWithPath: Programs.candorBinary).deletingLastPathComponent().path
        let path = binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for example in try Self.examples() {
            let outcome = try Programs.run("/bin/sh", ["-c", example], in: directory, environment: ["PATH": path])
            #expect(outcome.status == 0 || outcome.status == 1, "\(example) exited \(outcome.status): \(outcome.errors)")
            #expect(!outcome.errors.contains("Error:"), "\(example): \(outcome.errors)")
        }
    }
}
