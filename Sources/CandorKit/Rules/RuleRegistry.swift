/// Every rule, in the order `candor rules` lists them and reports run them.
/// Adding a rule: write its file in this folder and add its type here.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        PersistenceClaim.self,
        ContradictedCapabilityDenial.self,
        Capitulation.self,
        AgreementEscalation.self,
        Flattery.self,
        UnsolicitedMoralizing.self,
        PerformativeApology.self,
        ExperientialLanguage.self,
        MetaphysicalHedge.self,
        ClaimSoftening.self,
        IntrospectiveConfabulation.self,
        ReasoningOutputDivergence.self,
    ]

    public static var ids: [String] { all.map { $0.description.id } }

    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }

    /// The rules named in `only` (all when nil) minus those in `excluding`.
    /// Unknown ids are an error that names the known ones.
    public static func select(only: [String]?, excluding: [String] = []) throws(UnknownRuleError) -> [any Rule] {
        for id in (only ?? []) + excluding where rule(id: id) == nil {
            throw UnknownRuleError(id: id, known: ids)
        }
        return all.filter { type in
            let id = type.description.id
            return (only?.contains(id) ?? true) && !excluding.contains(id)
        }.map { $0.init() }
    }
}

public struct UnknownRuleError: Error, Sendable, CustomStringConvertible {
    public var id: String
    public var known: [String]

    public var description: String {
        "unknown rule '\(id)'; known rules: \(known.joined(separator: ", "))"
    }
}
