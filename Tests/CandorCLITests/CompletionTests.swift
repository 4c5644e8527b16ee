import Foundation
import Testing

/// Shell completions and the man page come from the argument parser, so they name every command.
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptNamesEveryCommand(shell: String) throws {
        let outcome = try Programs.candor(["--generate-completion-script", shell])
        #expect(outcome.status == 0, "\(outcome.errors)")
        for command in ["audit", "eval", "rules", "compare", "summary", "probe", "proxy"] {
            #expect(outcome.output.contains(command), "\(shell) script lacks \(command)")
        }
        #expect(outcome.output.contains("fail-on"))
    }

    @Test func installCompletionsWritesTheScriptsAndTheManPage() throws {
        guard Programs.exists("python3") else { return }
        let prefix = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let outcome = try Programs.run(
            Programs.repository.appendingPathComponent("scripts/install-completions").path, ["--prefix", prefix.path, Programs.candorBinary]
        )
        #expect(outcome.status == 0, "\(outcome.errors)")
        for file in [
            "share/bash-completion/completions/candor", "share/zsh/site-functions/_candor",
            "share/fish/vendor_completions.d/candor.fish", "share/man/man1/candor.1",
        ] {
            let size = (try? FileManager.default.attributesOfItem(atPath: prefix.appendingPathComponent(file).path)[.size] as? Int) ?? 0
            #expect(size > 0, "\(file)")
        }
        let manual = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/candor.1"), encoding: .utf8)
        #expect(manual.hasPrefix(".TH CANDOR 1"))
        #expect(manual.contains(".SS \"candor audit\"") && manual.contains("\\-\\-fail\\-on"))
    }
}
