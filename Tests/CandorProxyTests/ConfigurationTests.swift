import CandorConfig
import CandorKit
import Testing

@Suite struct ConfigurationTests {
    @Test func readsModesSeveritiesAndNotices() throws {
        let config = try CandorConfiguration.parse("""
            mode: notice
            rules:
              persistence-claim:
                mode: block
                severity: error
                notice: Nothing here is kept.
              capitulation:
                enabled: false
            """)
        #expect(config.defaultMode == .notice)
        #expect(config.mode(for: "persistence-claim") == .block)
        #expect(config.mode(for: "contradicted-capability-denial") == .notice)
        #expect(config.notice(for: "persistence-claim") == "Nothing here is kept.")
        #expect(config.rules["persistence-claim"]?.severity == .error)
        #expect(!config.selectedRules().contains { $0.description.id == "capitulation" })
    }

    @Test func emptyDocumentObservesEveryRule() throws {
        let config = try CandorConfiguration.parse("")
        #expect(config.defaultMode == .observe)
        #expect(config.selectedRules().count == RuleRegistry.all.count)
    }

    @Test func unknownRuleIsLocatedAndNamesKnownRules() {
        let error = #expect(throws: ConfigurationError.self) {
            try CandorConfiguration.parse("rules:\n  persistance-claim:\n    mode: block\n", file: "x.yml")
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("x.yml:2:"))
        #expect(text.contains("persistence-claim") && text.contains("'persistance-claim'"))
    }

    @Test func unknownModeIsAnError() {
        #expect(throws: ConfigurationError.self) {
            try CandorConfiguration.parse("rules:\n  capitulation:\n    mode: shout\n")
        }
    }

    @Test func severityOverrideAppliesToFindings() throws {
        let config = try CandorConfiguration.parse("rules:\n  persistence-claim:\n    severity: info\n")
        let finding = Finding(rule: "persistence-claim", severity: .warning, turn: 1, role: .assistant, block: .text, blockIndex: 0, start: 0, end: 6, excerpt: "Noted.", message: "m")
        #expect(config.applyingSeverities(to: [finding]).first?.severity == .info)
    }
}
