/// All phrase lists of an audit compiled into one matcher, so each block of text is
/// scanned once whatever the number of rules.
public struct Lexicon: Sendable {
    public let matcher: PhraseMatcher
    private let indexByName: [String: Int]

    public init(lists: [PhraseList]) {
        var unique: [PhraseList] = []
        var seen = Set<String>()
        for list in lists where seen.insert(list.name).inserted { unique.append(list) }
        matcher = PhraseMatcher(lists: unique)
        indexByName = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1.name, $0) })
    }

    /// Every registered rule's lists, compiled once per process: any selection of registered
    /// rules shares it (hits of lists no selected rule reads are simply never asked for).
    public static let registered = Lexicon(
        lists: ConversationDynamics.phraseLists + RuleRegistry.all.flatMap { $0.description.phraseLists }
    )

    /// The matcher's index for a list, or nil when the list was not compiled in.
    public func index(of list: PhraseList) -> Int? { indexByName[list.name] }
}
