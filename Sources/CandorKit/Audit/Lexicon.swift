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

    /// The matcher's index for a list, or nil when the list was not compiled in.
    public func index(of list: PhraseList) -> Int? { indexByName[list.name] }
}
