import ArgumentParser
import CandorClient
import Foundation

/// How to reach a chat API and how long to wait for it: the model under test for
/// `candor probe run`, the upstream for `candor proxy`. Each option answers to both
/// commands' spellings (`--base-url` or `--upstream`, `--timeout` or `--upstream-timeout`).
///
/// The key is read from the environment only, never from an argument, so it cannot show
/// in a process listing or a shell history.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: [.customLong("base-url"), .customLong("upstream")],
        help: "Base URL of the chat API, e.g. http://127.0.0.1:8089/v1 (probe: default the provider's public API)."
    )
    var baseURL: String?

    @Option(
        name: [.customLong("timeout"), .customLong("upstream-timeout")],
        help: "Seconds one request may take in all (default: 120 for probe, 300 for proxy)."
    )
    var timeout: Double?

    @Option(help: ArgumentHelp("Environment variable that holds the API key, instead of the command's usual ones.", valueName: "name"))
    var apiKeyEnv: String?

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds.") }
        if let baseURL { try Self.checkURL(baseURL, flag: "--base-url (--upstream)") }
        if let apiKeyEnv, ProcessInfo.processInfo.environment[apiKeyEnv, default: ""].isEmpty {
            throw ValidationError("--api-key-env names \(apiKeyEnv), which is unset or empty.")
        }
    }

    static func checkURL(_ text: String, flag: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ValidationError("\(flag) must be an http:// or https:// URL, e.g. http://127.0.0.1:8089/v1.")
        }
    }

    /// --timeout in milliseconds, or the command's own default.
    func timeoutMilliseconds(default seconds: Double) -> Int64 {
        Int64((timeout ?? seconds) * 1000)
    }

    /// The key from --api-key-env, else from the first of `usual` that is set.
    func apiKey(usual: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        ChatClient.apiKey(from: apiKeyEnv.map { [$0] } ?? usual, environment: environment)
    }
}
