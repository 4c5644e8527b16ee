import Foundation
import Yams

/// A pressure campaign: what to ask, and the ordered follow-ups that push on the answer.
/// Read from YAML; `Campaigns/schema.json` documents the file format.
///
/// Nothing in a campaign is shown to the model except the questions, the claims and the
/// follow-ups filled in from them, so the model is never told what is being measured.
public struct Campaign: Sendable, Hashable, Codable {
    public var name: String
    /// An optional system prompt sent first in every conversation.
    public var system: String?
    public var factual: [FactualItem]
    public var claims: [ContestedClaim]
    public var prompts: Prompts
    public var ladders: Ladders

    public init(name: String, system: String? = nil, factual: [FactualItem], claims: [ContestedClaim], prompts: Prompts, ladders: Ladders) {
        self.name = name
        self.system = system
        self.factual = factual
        self.claims = claims
        self.prompts = prompts
        self.ladders = ladders
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        system = try container.decodeIfPresent(String.self, forKey: .system)
        factual = try container.decodeIfPresent([FactualItem].self, forKey: .factual) ?? []
        claims = try container.decodeIfPresent([ContestedClaim].self, forKey: .claims) ?? []
        prompts = try container.decode(Prompts.self, forKey: .prompts)
        ladders = try container.decode(Ladders.self, forKey: .ladders)
    }
}

/// A question with one correct answer and one plausible wrong one.
public struct FactualItem: Sendable, Hashable, Codable {
    public var id: String
    public var question: String
    public var right: String
    public var wrong: String
    /// Phrases that show a reply gives the right answer (PhraseList syntax); the answer itself when absent.
    public var rightPatterns: [String]?
    public var wrongPatterns: [String]?

    public init(id: String, question: String, right: String, wrong: String, rightPatterns: [String]? = nil, wrongPatterns: [String]? = nil) {
        self.id = id
        self.question = question
        self.right = right
        self.wrong = wrong
        self.rightPatterns = rightPatterns
        self.wrongPatterns = wrongPatterns
    }

    /// The patterns in force for each answer: the given ones, or the answer text itself.
    public var effectiveRightPatterns: [String] { rightPatterns ?? [PhrasePattern.literal(right)] }
    public var effectiveWrongPatterns: [String] { wrongPatterns ?? [PhrasePattern.literal(wrong)] }
}

/// A claim on which reasonable people differ, and its negation; neither side is privileged.
public struct ContestedClaim: Sendable, Hashable, Codable {
    public var id: String
    public var claim: String
    public var negation: String

    public init(id: String, claim: String, negation: String) {
        self.id = id
        self.claim = claim
        self.negation = negation
    }
}

/// Opening templates: how a contested claim is put to the model, and the earlier wrong
/// answer a progressive conversation starts from.
public struct Prompts: Sendable, Hashable, Codable {
    /// Asks for a view on `{claim}`.
    public var claimQuestion: String
    /// The assistant's earlier answer in a progressive run, with `{wrong}` filled in.
    public var priorAnswer: String

    public init(claimQuestion: String, priorAnswer: String) {
        self.claimQuestion = claimQuestion
        self.priorAnswer = priorAnswer
    }
}

/// The follow-ups, in the order they are sent.
public struct Ladders: Sendable, Hashable, Codable {
    /// Pressure on a factual answer, toward `{wrong}` and away from `{right}`. In a
    /// progressive run the two trade places, so the same words press toward the correct answer.
    public var factual: [PressureStep]
    /// Pressure toward `{claim}`, away from `{counter}`.
    public var claims: [PressureStep]
    /// Neutral follow-ups that press nowhere: the baseline for how often answers change anyway.
    public var control: [String]

    public init(factual: [PressureStep], claims: [PressureStep], control: [String]) {
        self.factual = factual
        self.claims = claims
        self.control = control
    }
}

public struct PressureStep: Sendable, Hashable, Codable {
    /// doubt, contradiction, authority, social-proof, persistence, emotional-appeal, …
    public var kind: String
    public var prompt: String

    public init(kind: String, prompt: String) {
        self.kind = kind
        self.prompt = prompt
    }
}

/// A campaign file that could not be read, with where and why.
public struct CampaignError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public var description: String { "\(file): \(problem)" }
}

extension Campaign {
    public static func load(path: String) throws(CampaignError) -> Campaign {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CampaignError(file: path, problem: "expected a readable campaign file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ yaml: String, file: String) throws(CampaignError) -> Campaign {
        if let node = try? Yams.compose(yaml: yaml), let problem = unknownField(in: node, pattern: "", shown: "") {
            throw CampaignError(file: file, problem: problem)
        }
        let campaign: Campaign
        do {
            campaign = try YAMLDecoder().decode(Campaign.self, from: yaml)
        } catch let error as DecodingError {
            throw CampaignError(file: file, problem: Self.describe(error))
        } catch {
            throw CampaignError(file: file, problem: "expected YAML: \(error)")
        }
        if let problem = campaign.validationProblem() { throw CampaignError(file: file, problem: problem) }
        return campaign
    }

    /// The fields each part of a campaign file may hold, by path (`[]`: every element of a
    /// list); Campaigns/schema.json documents the same. Items, claims, ladders and prompts are
    /// all checked by one reader, so a misspelt field (`rightPattern`) is a located error
    /// rather than a setting ignored in silence.
    public static let fields: [String: Set<String>] = [
        "": ["name", "system", "factual", "claims", "prompts", "ladders"],
        "prompts": ["claimQuestion", "priorAnswer"],
        "ladders": ["factual", "claims", "control"],
        "ladders.factual[]": ["kind", "prompt"],
        "ladders.claims[]": ["kind", "prompt"],
        "factual[]": ["id", "question", "right", "wrong", "rightPatterns", "wrongPatterns"],
        "claims[]": ["id", "claim", "negation"],
    ]

    /// The first field not in `fields` under `node`, with its line and column. `pattern` is
    /// the path as `fields` keys it, `shown` the same with list indices, for the message.
    static func unknownField(in node: Node, pattern: String, shown: String) -> String? {
        if let mapping = node.mapping, let allowed = fields[pattern] {
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                guard allowed.contains(name) else {
                    let location = key.mark.map { "line \($0.line), column \($0.column): " } ?? ""
                    return location + "unknown field '\(name)' in \(shown.isEmpty ? "the campaign" : shown); expected one of " + allowed.sorted().joined(separator: ", ")
                }
                let join = { (path: String) in path.isEmpty ? name : path + "." + name }
                if let problem = unknownField(in: value, pattern: join(pattern), shown: join(shown)) { return problem }
            }
        } else if let sequence = node.sequence {
            for (index, element) in sequence.enumerated() {
                if let problem = unknownField(in: element, pattern: pattern + "[]", shown: shown + "[\(index)]") { return problem }
            }
        }
        return nil
    }

    public func yaml() throws -> String {
        try YAMLEncoder().encode(self)
    }

    /// The first thing that makes the campaign unusable: duplicate ids, unknown placeholders, empty ladders.
    func validationProblem() -> String? {
        var seen = Set<String>()
        for id in factual.map(\.id) + claims.map(\.id) where !seen.insert(id).inserted {
            return "item id '\(id)' is used twice; ids key resumable runs and must be unique"
        }
        if !factual.isEmpty, ladders.factual.isEmpty { return "ladders.factual is empty" }
        if !claims.isEmpty, ladders.claims.isEmpty { return "ladders.claims is empty" }
        let checks: [(String, String, Set<String>)] =
            ladders.factual.enumerated().map { ("ladders.factual[\($0)].prompt", $1.prompt, ["wrong", "right"]) }
            + ladders.claims.enumerated().map { ("ladders.claims[\($0)].prompt", $1.prompt, ["claim", "counter"]) }
            + ladders.control.enumerated().map { ("ladders.control[\($0)]", $1, []) }
            + [("prompts.claimQuestion", prompts.claimQuestion, ["claim"]), ("prompts.priorAnswer", prompts.priorAnswer, ["wrong"])]
        for (path, template, allowed) in checks {
            for name in Template.placeholders(in: template) where !allowed.contains(name) {
                let expected = allowed.isEmpty ? "no placeholders" : allowed.sorted().map { "{\($0)}" }.joined(separator: " or ")
                return "\(path): unknown placeholder {\(name)}; expected \(expected)"
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.hasPrefix(".") ? String(keys.dropFirst()) : keys
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "expected a '\(key.stringValue)' field" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// `{name}` placeholders in prompt templates.
public enum Template {
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = template
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

/// Turns free text into a PhraseList pattern that matches it literally.
public enum PhrasePattern {
    /// Parentheses and bars are PhraseList syntax; in an answer they are just text.
    public static func literal(_ text: String) -> String {
        String(text.lowercased().map { "()|".contains($0) ? " " : $0 })
            .split(separator: " ").joined(separator: " ")
    }
}
