/// Whether a phrase is denied or made hypothetical by the words just before it in its
/// clause: "I can't say what happened inside me", "if the user is wrong", "not an open question".
public enum Negation {
    /// Words that deny what follows them.
    static let denials: Set<String> = [
        "not", "no", "never", "nothing", "nor", "without", "hardly", "don't", "doesn't", "didn't", "isn't",
        "wasn't", "aren't", "weren't", "won't", "can't", "cannot", "couldn't", "wouldn't", "shouldn't",
    ]
    static let cues = denials.union(["if", "whether", "unless", "pretend", "saying"])
    /// A contrast starts a new clause: "I can't be sure, but I refused because…" asserts the second part.
    static let contrast: Set<String> = ["but", "yet", "however", "though", "although"]

    /// Whether a cue stands among the `window` words before `offset`, within its clause
    /// (after the last comma, semicolon, colon or dash of the sentence and after any contrast word).
    public static func precedes(_ offset: Int, in text: BlockText, window: Int = 4) -> Bool {
        var words = text.words(in: text.clauseStart(before: offset)..<offset).map(\.text)
        if let last = words.lastIndex(where: { contrast.contains($0) }) { words.removeFirst(last + 1) }
        return words.suffix(window).contains { cues.contains($0) }
    }
}
