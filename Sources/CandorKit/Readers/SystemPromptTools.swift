import Foundation

/// Tools named in a system prompt, for transcripts whose format has no tool list:
/// a line such as `Tools: web_fetch, python` or `Available tools: search and calculator`.
public enum SystemPromptTools {
    static let headings = ["tools:", "available tools:", "functions:", "you have access to the following tools:", "you can use these tools:"]

    /// Tools named in the visible text of the system turns.
    public static func declared(in turns: [Turn]) -> [ToolDeclaration] {
        var tools: [ToolDeclaration] = []
        for turn in turns where turn.role == .system { tools += declared(in: turn.visibleText) }
        return tools
    }

    public static func declared(in text: String) -> [ToolDeclaration] {
        // Every heading ends in a colon: most system prompts have none and need no line splitting.
        guard text.utf8.contains(UInt8(ascii: ":")) else { return [] }
        var tools: [ToolDeclaration] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "*" }
            let lower = trimmed.lowercased()
            guard let heading = headings.first(where: { lower.hasPrefix($0) }) else { continue }
            let list = trimmed.dropFirst(heading.count).replacingOccurrences(of: " and ", with: ",")
            // Only single-word items are names; "search the web" describes, it does not name.
            for item in list.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let words = item.split(separator: " ")
                guard words.count == 1 else { continue }
                let name = words[0].trimmingCharacters(in: ["`", "\"", "'", ".", "(", ")"])
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
                    tools.append(ToolDeclaration(name: name))
                }
            }
        }
        return tools
    }
}

private extension Substring {
    func trimmingCharacters(in characters: Set<Character>) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
