import Testing
@testable import CandorKit

/// One test walks every rule's own examples, so a rule's documentation is its specification.
/// Triggering examples mark each expected excerpt with ⟦…⟧; the finding must cover exactly
/// those bytes. Each triggering example is also mutated in ways that must not change the
/// verdict's location (case) or must silence it (quoting, code, moving it to a user turn).
@Suite struct RuleExamplesTests {
    static let rules = RuleRegistry.all

    @Test(arguments: rules.map { $0.description.id })
    func triggeringExamplesReportExactlyTheMarkedExcerpts(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        for example in rule.description.triggeringExamples {
            let marked = MarkedExample(example.text)
            let findings = try audit(marked.text, with: rule)
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            #expect(findings.map(\.excerpt).sorted() == marked.excerpts.sorted(), "excerpts", sourceLocation: location)
            let absolute = findings.compactMap(\.absoluteRange)
            if absolute.count == findings.count {
                #expect(absolute.sorted { $0.lowerBound < $1.lowerBound } == marked.ranges, "byte ranges in the file", sourceLocation: location)
            }
            let severity = example.severity ?? rule.description.severity
            #expect(findings.allSatisfy { $0.finding.severity == severity }, "severity \(severity)", sourceLocation: location)
        }
    }

    @Test(arguments: rules.map { $0.description.id })
    func nonTriggeringExamplesReportNothing(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        for example in rule.description.nonTriggeringExamples {
            let findings = try audit(MarkedExample(example.text).text, with: rule)
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            #expect(findings.isEmpty, "unexpected: \(findings.map(\.excerpt))", sourceLocation: location)
        }
    }

    @Test(arguments: rules.map { $0.description.id })
    func quotedOrCodeExcerptsAreMentionsNotUse(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        for example in rule.description.triggeringExamples where example.mutates && MarkedExample(example.text).isPlainText {
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            for (open, close) in [("“", "”"), ("\"", "\""), ("`", "`")] {
                let mutated = MarkedExample(example.text).wrappingExcerpts(open, close)
                let findings = try audit(mutated, with: rule)
                #expect(findings.isEmpty, "wrapped in \(open)\(close): \(findings.map(\.excerpt))", sourceLocation: location)
            }
        }
    }

    @Test(arguments: rules.map { $0.description.id })
    func excerptsInUserTurnsAreNotReported(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        for example in rule.description.triggeringExamples where example.mutates && MarkedExample(example.text).isPlainText {
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            let mutated = MarkedExample(example.text).movingMarkedTurnsToUser()
            let findings = try audit(mutated, with: rule)
            #expect(findings.isEmpty, "moved to a user turn: \(findings.map(\.excerpt))", sourceLocation: location)
        }
    }

    @Test(arguments: rules.map { $0.description.id })
    func caseAndMultibyteTextDoNotMoveTheExcerpt(ruleID: String) throws {
        let rule = try #require(RuleRegistry.rule(id: ruleID))
        for example in rule.description.triggeringExamples where example.mutates && MarkedExample(example.text).isPlainText {
            let location = SourceLocation(fileID: example.file, filePath: example.file, line: example.line, column: 1)
            let upper = MarkedExample(MarkedExample(example.text).uppercasingExcerpts())
            #expect(try audit(upper.text, with: rule).map(\.excerpt).sorted() == upper.excerpts.sorted(), "upper-cased", sourceLocation: location)
            // Multibyte text before every excerpt (in a preamble the reader skips) shifts file offsets but not excerpts.
            let prefixed = MarkedExample("Exported ✓ — “Çhat” 🙂 ünïcode\n" + example.text)
            let findings = try audit(prefixed.text, with: rule)
            #expect(findings.map(\.excerpt).sorted() == prefixed.excerpts.sorted(), "after a multibyte preamble", sourceLocation: location)
            #expect(findings.compactMap(\.absoluteRange).sorted { $0.lowerBound < $1.lowerBound } == prefixed.ranges, "file offsets after a multibyte preamble", sourceLocation: location)
        }
    }

    @Test func everyRuleHasExamplesAndAUniqueKebabCaseID() {
        let ids = RuleRegistry.ids
        #expect(Set(ids).count == ids.count)
        for rule in RuleRegistry.all {
            let description = rule.description
            #expect(description.id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(description.id) is kebab-case")
            #expect(!description.triggeringExamples.isEmpty, "\(description.id) has triggering examples")
            #expect(!description.nonTriggeringExamples.isEmpty, "\(description.id) has non-triggering examples")
            #expect(!description.summary.isEmpty && !description.rationale.isEmpty)
        }
    }

    @Test func findingExcerptsAreExactlyTheirBytes() throws {
        for rule in RuleRegistry.all {
            for example in rule.description.triggeringExamples {
                let transcript = try read(MarkedExample(example.text).text)
                for finding in Auditor().audit(transcript).findings {
                    let bytes = Array(transcript.turns[finding.turn].blocks[finding.blockIndex].text.utf8)
                    #expect(String(decoding: bytes[finding.start..<finding.end], as: UTF8.self) == finding.excerpt)
                }
            }
        }
    }

    struct LocatedFinding {
        var finding: Finding
        var absoluteRange: Range<Int>?
        var excerpt: String { finding.excerpt }
    }

    /// One auditor per rule, compiled once for the whole suite.
    static let auditors: [String: Auditor] = Dictionary(uniqueKeysWithValues: RuleRegistry.all.map {
        ($0.description.id, Auditor(rules: [$0.init()]))
    })

    func audit(_ text: String, with rule: any Rule.Type) throws -> [LocatedFinding] {
        let transcript = try read(text)
        return Self.auditors[rule.description.id]!.audit(transcript).findings.map { finding in
            let base = transcript.turns[finding.turn].blocks[finding.blockIndex].sourceOffset
            return LocatedFinding(finding: finding, absoluteRange: base.map { ($0 + finding.start)..<($0 + finding.end) })
        }
    }

    func read(_ text: String) throws -> Transcript {
        let outcomes = TranscriptReading().read(Array(text.utf8), file: "example")
        guard outcomes.count == 1, case .transcript(let transcript) = outcomes[0] else {
            throw ExampleError(description: "example did not read as one transcript: \(outcomes)")
        }
        return transcript
    }

    struct ExampleError: Error, CustomStringConvertible { var description: String }
}

/// An example's text with its ⟦…⟧ markers taken out, and where they were.
struct MarkedExample {
    static let open = "⟦"
    static let close = "⟧"
    let original: String
    let text: String
    /// Byte ranges of the marked excerpts in `text`.
    let ranges: [Range<Int>]

    init(_ original: String) {
        self.original = original
        var output: [UInt8] = []
        var ranges: [Range<Int>] = []
        var start: Int?
        let openBytes = Array(Self.open.utf8)
        let closeBytes = Array(Self.close.utf8)
        let bytes = Array(original.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: openBytes) {
                start = output.count
                index += openBytes.count
            } else if bytes[index...].starts(with: closeBytes), let begin = start {
                ranges.append(begin..<output.count)
                start = nil
                index += closeBytes.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        text = String(decoding: output, as: UTF8.self)
        self.ranges = ranges
    }

    var excerpts: [String] {
        let bytes = Array(text.utf8)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    var isPlainText: Bool {
        let first = text.drop { $0.isWhitespace }.first
        return first != "{" && first != "["
    }

    func replacingMarked(_ transform: (String) -> String) -> String {
        var result = ""
        var rest = Substring(original)
        while let open = rest.range(of: Self.open), let close = rest[open.upperBound...].range(of: Self.close) {
            result += rest[..<open.lowerBound]
            result += transform(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    func wrappingExcerpts(_ open: String, _ close: String) -> String {
        replacingMarked { open + $0 + close }
    }

    func uppercasingExcerpts() -> String {
        replacingMarked { Self.open + $0.uppercased() + Self.close }
    }

    /// Relabels every turn that holds a marker as a user turn.
    func movingMarkedTurnsToUser() -> String {
        let labels = ["Assistant:", "AI:", "Claude:", "ChatGPT:", "Gemini:", "Copilot:", "Model:", "Bot:"]
        var lines = original.components(separatedBy: "\n")
        var turnStart: Int?
        for index in lines.indices {
            let trimmed = lines[index].drop { $0 == " " }
            if labels.contains(where: { trimmed.hasPrefix($0) }) || ["User:", "System:", "Human:"].contains(where: { trimmed.hasPrefix($0) }) {
                turnStart = index
            }
            if lines[index].contains(Self.open), let start = turnStart {
                for label in labels where lines[start].drop(while: { $0 == " " }).hasPrefix(label) {
                    lines[start] = lines[start].replacingOccurrences(of: label, with: "User:")
                }
            }
        }
        return MarkedExample(lines.joined(separator: "\n")).text
    }
}

import Foundation
