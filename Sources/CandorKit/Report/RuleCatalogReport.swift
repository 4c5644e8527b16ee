/// `candor rules`: the registry as a table for people or JSON for tools.
public enum RuleCatalogReport {
    public static func text(_ rules: [any Rule.Type]) -> String {
        let width = rules.map { $0.description.id.count }.max() ?? 0
        return rules.map { rule in
            let description = rule.description
            let id = description.id.padding(toLength: width)
            let severity = description.severity.rawValue.padding(toLength: 7)
            return "\(id)  \(severity)  \(description.summary)"
        }.joined(separator: "\n") + "\n"
    }

    /// The rule table in docs/rules.md.
    public static func markdown(_ rules: [any Rule.Type]) -> String {
        var out = "| id | severity | reports |\n|---|---|---|\n"
        for rule in rules {
            let description = rule.description
            out += "| `\(description.id)` | \(description.severity.rawValue) | \(description.summary) |\n"
        }
        return out
    }

    public static func json(_ rules: [any Rule.Type]) -> String {
        var out = "["
        for (index, rule) in rules.enumerated() {
            let description = rule.description
            if index > 0 { out += "," }
            out += "\n  {\"id\":"
            JSONText.appendString(description.id, to: &out)
            out += ",\"severity\":\"\(description.severity.rawValue)\",\"summary\":"
            JSONText.appendString(description.summary, to: &out)
            out += ",\"rationale\":"
            JSONText.appendString(description.rationale, to: &out)
            out += "}"
        }
        return out + "\n]\n"
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
