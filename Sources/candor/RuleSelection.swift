import ArgumentParser
import CandorConfig
import CandorKit

/// Which rules run and at what severity: `--rules`, `--exclude-rules` and `--config`, shared
/// by the commands that audit transcripts.
struct RuleSelection: ParsableArguments {
    @Option(help: "Comma-separated rule ids to run (default: all).")
    var rules: String?

    @Option(help: "Comma-separated rule ids to leave out.")
    var excludeRules: String?

    @Option(help: "candor.yml: rules it disables are left out, severities it sets replace the rules' own.")
    var config: String?

    /// The configuration read from `--config` and the rules the three options leave; an
    /// unreadable file or an unknown id is a usage error.
    func resolve() throws -> (configuration: CandorConfiguration, rules: [any Rule]) {
        do {
            let configuration = try config.map { try CandorConfiguration.load(path: $0) } ?? CandorConfiguration()
            let disabled = configuration.rules.filter { !$0.value.enabled }.map(\.key)
            let selected = try RuleRegistry.select(only: Self.ids(rules), excluding: (Self.ids(excludeRules) ?? []) + disabled)
            return (configuration, selected)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    static func ids(_ list: String?) -> [String]? {
        list.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
