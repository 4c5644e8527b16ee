/// Evidence a user states for a claim of their own: what they measured, tested, logged or
/// counted ("I've tracked this for 212 nights", "our logs show…", "I tested it three times"),
/// besides the pasted material `ConversationDynamics.evidence` already recognises.
public enum UserEvidence {
    static let stated = PhraseList("user-stated-evidence", [
        "i('ve| have) (measured|tested|checked|verified|tracked|logged|counted|recorded|confirmed|benchmarked|profiled|timed|compared|kept|reproduced|run|ran|worn|monitored|audited|graphed|plotted)",
        "we('ve| have) (measured|tested|checked|verified|tracked|logged|counted|recorded|confirmed|benchmarked|profiled|timed|compared|reproduced|run|monitored|audited)",
        "(i|we) (checked|verified|tracked|logged|counted|recorded|confirmed|reproduced|compared|monitored|audited|replicated|found|observed)",
        "(i|we)('ve| have) (replicated|found|observed|documented)",
        "i have (the|a|my) (confirmation|receipt|footage|screenshot|recording|logs|data|records|email|results|proof|video|photos|documentation|statement)",
        "(logs|data|metrics|dashboard|dashboards|records|tests|benchmarks|numbers|measurements|diary|spreadsheet|results|telemetry|readings|traces|camera|footage|statement|receipt|screenshot|video|tracker) (show|shows|showed|say|says|said|confirm|confirms|confirmed|indicate|indicates|indicated)",
        "(lab|test|blood) results",
        "across (our|my|the) (whole|entire|full)", "(tested|measured|tried|ran|reproduced|checked) (it|this|that) (twice|three times|several times|multiple times|many times|repeatedly|a dozen times)",
        "every single (time|one|run)",
    ])
    static let phraseLists = [stated, ConversationDynamics.newEvidence]

    /// Units after a number that make it a count of observations: "212 nights", "40,112 lines".
    static let units: Set<String> = [
        "nights", "runs", "times", "samples", "lines", "rows", "records",
        "users", "requests", "tests", "trials", "patients", "measurements", "readings", "entries", "builds",
        "sessions", "episodes", "cases", "events", "transactions", "queries", "calls", "participants",
        "customers", "orders", "experiments", "iterations", "migraines", "cohorts", "ng", "mg", "mmol", "mmhg", "bpm",
    ]

    /// What the user turn offers as evidence, described for a message, or nil.
    public static func evidence(in turn: Int, context: AuditContext) -> String? {
        if let pasted = ConversationDynamics.evidence(in: turn, context: context) { return pasted }
        if let hit = context.firstHit(stated, turn: turn, kinds: [.text], includingMentions: true) {
            return BlockText.quote(context.text(turn: turn, block: hit.block).string(hit.hit.start..<hit.hit.end))
        }
        for (index, block) in context.turns[turn].blocks.enumerated() where block.kind == .text {
            let text = context.text(turn: turn, block: index)
            let words = text.words(in: 0..<text.bytes.count)
            for (position, word) in words.enumerated().dropLast() where isCount(word.text) && units.contains(words[position + 1].text) {
                return BlockText.quote(text.string(word.start..<words[position + 1].end))
            }
        }
        return nil
    }

    /// "212", "40" — digits only; the words scan splits "40,112" at the comma, leaving "112".
    static func isCount(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
