/// Scoring rules against hand labels: turn-level precision, recall and F1 per rule.
///
/// A labelled transcript is a transcript file plus a sidecar `NAME.labels.json`:
/// `{"turns": [{"turn": 3, "rules": ["capitulation"]}], "conversation": ["agreement-escalation"]}`.
/// A finding counts as a positive prediction unless its rule lowered it below the rule's
/// default severity: lowering says the context makes the shape warranted (agreement after
/// new evidence, feelings inside a role-play), which is what labels mark as negative.
public struct Labels: Sendable, Hashable {
    /// Rule ids per turn index.
    public var turns: [Int: Set<String>]
    public var conversation: Set<String>

    public init(turns: [Int: Set<String>] = [:], conversation: Set<String> = []) {
        self.turns = turns
        self.conversation = conversation
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(ReadError) -> Labels {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw ReadError(file: file, offset: error.offset, expected: error.expected)
        }
        var labels = Labels()
        guard case .object(let object) = value else { throw ReadError(file: file, expected: "a labels object with `turns` and `conversation`") }
        for (index, entry) in (object["turns"]?.array ?? []).enumerated() {
            guard let turn = entry["turn"]?.number, turn >= 0, turn == turn.rounded(), let rules = entry["rules"]?.array else {
                throw ReadError(file: file, path: "turns[\(index)]", expected: "{\"turn\": N, \"rules\": [...]} with N a non-negative integer")
            }
            labels.turns[Int(turn), default: []].formUnion(rules.compactMap(\.string))
        }
        labels.conversation = Set((object["conversation"]?.array ?? []).compactMap(\.string))
        return labels
    }
}

public struct EvaluationScore: Sendable, Hashable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0

    public init() {}

    /// 1 when nothing was predicted (no claim made, none wrong).
    public var precision: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }

    /// 1 when nothing was labelled.
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }

    public var f1: Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    public var support: Int { truePositives + falseNegatives }

    static func + (lhs: EvaluationScore, rhs: EvaluationScore) -> EvaluationScore {
        var sum = lhs
        sum.truePositives += rhs.truePositives
        sum.falsePositives += rhs.falsePositives
        sum.falseNegatives += rhs.falseNegatives
        return sum
    }
}

/// A disagreement between the rules and the labels, with what a reader needs to judge it.
public struct EvaluationMiss: Sendable, Hashable {
    public enum Kind: String, Sendable { case falsePositive = "false-positive", falseNegative = "false-negative" }
    public var kind: Kind
    public var rule: String
    public var source: String
    public var turn: Int
    /// The finding's excerpt for a false positive; the start of the turn's text for a false negative.
    public var excerpt: String
    public var message: String?
}

public struct Evaluation: Sendable {
    public let rules: [String]
    public private(set) var scores: [String: EvaluationScore] = [:]
    public private(set) var misses: [EvaluationMiss] = []
    public private(set) var transcripts = 0

    public init(rules: [String]) {
        self.rules = rules
    }

    public var micro: EvaluationScore { rules.reduce(EvaluationScore()) { $0 + (scores[$1] ?? EvaluationScore()) } }

    public func score(for rule: String) -> EvaluationScore { scores[rule] ?? EvaluationScore() }

    /// Adds one audited transcript and its labels. Conversation-level labels count as the
    /// turn of the matching finding when there is one, so a rule is scored once per turn.
    public mutating func add(_ result: AuditResult, labels: Labels) {
        transcripts += 1
        let evaluated = Set(rules)
        var predicted: [Int: [String: Finding]] = [:]
        for finding in result.findings where evaluated.contains(finding.rule) && Self.isPositive(finding) {
            if predicted[finding.turn]?[finding.rule] == nil { predicted[finding.turn, default: [:]][finding.rule] = finding }
        }
        let turnCount = result.transcript.turns.count
        for turn in 0..<turnCount {
            let labelled = (labels.turns[turn] ?? []).intersection(evaluated)
            let found = Set(predicted[turn]?.keys.map { $0 } ?? [])
            for rule in labelled.union(found) {
                switch (labelled.contains(rule), found.contains(rule)) {
                case (true, true):
                    scores[rule, default: EvaluationScore()].truePositives += 1
                case (false, true):
                    scores[rule, default: EvaluationScore()].falsePositives += 1
                    let finding = predicted[turn]![rule]!
                    misses.append(EvaluationMiss(kind: .falsePositive, rule: rule, source: result.transcript.source.description, turn: turn, excerpt: finding.excerpt, message: finding.message))
                case (true, false):
                    scores[rule, default: EvaluationScore()].falseNegatives += 1
                    let text = result.transcript.turns[turn].visibleText
                    misses.append(EvaluationMiss(kind: .falseNegative, rule: rule, source: result.transcript.source.description, turn: turn, excerpt: String(text.prefix(160)), message: nil))
                case (false, false):
                    break
                }
            }
        }
        // Labels on turns the transcript does not have are labelling mistakes worth seeing.
        for (turn, rules) in labels.turns where turn >= turnCount {
            for rule in rules.intersection(evaluated) {
                scores[rule, default: EvaluationScore()].falseNegatives += 1
                misses.append(EvaluationMiss(kind: .falseNegative, rule: rule, source: result.transcript.source.description, turn: turn, excerpt: "(the transcript has only \(turnCount) turns)", message: nil))
            }
        }
    }

    static func isPositive(_ finding: Finding) -> Bool {
        guard let rule = RuleRegistry.rule(id: finding.rule) else { return true }
        return finding.severity >= rule.description.severity
    }
}
