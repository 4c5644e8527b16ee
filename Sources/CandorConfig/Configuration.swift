import Foundation
import CandorKit
import Yams

/// What the proxy does when a rule reports a finding in a response.
public enum GuardMode: String, Sendable, Hashable, CaseIterable {
    /// Annotate only: the findings ride along in the `candor` field and header.
    case observe
    /// Append a short mechanistic notice to the assistant message.
    case notice
    /// Replace the response with an error that names the rule.
    case block
}

/// One rule's entry in `candor.yml`.
public struct RuleSettings: Sendable, Hashable {
    public var enabled: Bool
    public var severity: Severity?
    public var mode: GuardMode?
    /// Replaces the rule's default notice text in `notice` mode.
    public var notice: String?

    public init(enabled: Bool = true, severity: Severity? = nil, mode: GuardMode? = nil, notice: String? = nil) {
        self.enabled = enabled
        self.severity = severity
        self.mode = mode
        self.notice = notice
    }
}

/// `candor.yml`: which rules run, at what severity, and what the proxy does with their findings.
///
///     mode: observe            # default for rules not listed
///     rules:
///       persistence-claim:
///         mode: notice
///         severity: error
///         notice: This conversation is not retained after it ends.
///       capitulation:
///         enabled: false
public struct CandorConfiguration: Sendable {
    public var defaultMode: GuardMode
    public var rules: [String: RuleSettings]

    public init(defaultMode: GuardMode = .observe, rules: [String: RuleSettings] = [:]) {
        self.defaultMode = defaultMode
        self.rules = rules
    }

    /// The rules to run: every registered rule not disabled here.
    public func selectedRules() -> [any Rule] {
        RuleRegistry.all.filter { rules[$0.description.id]?.enabled ?? true }.map { $0.init() }
    }

    public func mode(for ruleID: String) -> GuardMode {
        rules[ruleID]?.mode ?? defaultMode
    }

    public func notice(for ruleID: String) -> String? {
        rules[ruleID]?.notice
    }

    /// Findings with the severities this configuration sets for their rules.
    public func applyingSeverities(to findings: [Finding]) -> [Finding] {
        // Most configurations set no severity, and `candor audit` asks once per transcript:
        // the findings then pass through without a copy or a lookup each.
        guard rules.values.contains(where: { $0.severity != nil }) else { return findings }
        return findings.map { finding in
            var finding = finding
            if let severity = rules[finding.rule]?.severity { finding.severity = severity }
            return finding
        }
    }
}

/// A problem in `candor.yml`, located by line and column.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var expected: String

    public var description: String {
        let location = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(location): expected \(expected)"
    }
}

extension CandorConfiguration {
    public static func load(path: String) throws(ConfigurationError) -> CandorConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, expected: "a readable UTF-8 file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = "candor.yml") throws(ConfigurationError) -> CandorConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, expected: "YAML (\(Self.summary(of: error)))")
        } catch {
            throw ConfigurationError(file: file, expected: "YAML")
        }
        guard let root else { return CandorConfiguration() }
        let reader = NodeReader(file: file)
        var configuration = CandorConfiguration()
        for (key, value) in try reader.mapping(root, "a mapping with `mode` and `rules`") {
            switch try reader.string(key, "a key") {
            case "mode": configuration.defaultMode = try reader.mode(value)
            case "rules":
                for (idNode, settingsNode) in try reader.mapping(value, "a mapping from rule ids to settings") {
                    let id = try reader.string(idNode, "a rule id")
                    guard RuleRegistry.rule(id: id) != nil else {
                        throw reader.error(idNode, "a known rule id (\(RuleRegistry.ids.joined(separator: ", "))), found '\(id)'")
                    }
                    configuration.rules[id] = try reader.settings(settingsNode)
                }
            case let other: throw reader.error(key, "`mode` or `rules`, found '\(other)'")
            }
        }
        return configuration
    }

    /// Yams' own messages can quote the document; keep only the problem.
    static func summary(of error: YamlError) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
    }
}

/// Reads typed values out of YAML nodes, failing with the node's line and column.
struct NodeReader {
    var file: String

    func error(_ node: Node, _ expected: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column }, expected: expected)
    }

    func mapping(_ node: Node, _ expected: String) throws(ConfigurationError) -> [(Node, Node)] {
        guard let mapping = node.mapping else { throw error(node, expected) }
        return mapping.map { ($0.key, $0.value) }
    }

    func string(_ node: Node, _ expected: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error(node, expected) }
        return scalar.string
    }

    func mode(_ node: Node) throws(ConfigurationError) -> GuardMode {
        let names = GuardMode.allCases.map(\.rawValue).joined(separator: ", ")
        let text = try string(node, "a mode: \(names)")
        guard let mode = GuardMode(rawValue: text) else { throw error(node, "a mode: \(names), found '\(text)'") }
        return mode
    }

    func settings(_ node: Node) throws(ConfigurationError) -> RuleSettings {
        var settings = RuleSettings()
        for (key, value) in try mapping(node, "rule settings: enabled, severity, mode, notice") {
            switch try string(key, "a key") {
            case "enabled":
                guard let flag = value.bool else { throw error(value, "true or false") }
                settings.enabled = flag
            case "severity":
                let names = Severity.allCases.map(\.rawValue).joined(separator: ", ")
                let text = try string(value, "a severity: \(names)")
                guard let severity = Severity(rawValue: text) else { throw error(value, "a severity: \(names), found '\(text)'") }
                settings.severity = severity
            case "mode": settings.mode = try mode(value)
            case "notice":
                let text = try string(value, "the notice text")
                guard !text.isEmpty else { throw error(value, "a non-empty notice text") }
                settings.notice = text
            case let other: throw error(key, "enabled, severity, mode or notice, found '\(other)'")
            }
        }
        return settings
    }
}
