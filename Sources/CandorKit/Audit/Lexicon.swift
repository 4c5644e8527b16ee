import Dispatch

/// All phrase lists of an audit compiled into one matcher, so each block of text is scanned
/// once whatever the number of rules, and a second for the lists matched on demand. A class:
/// every audit context holds it, and copying the matchers' score of arrays into each one cost
/// a retain and release apiece.
public final class Lexicon: Sendable {
    /// The lists matched in every spoken block; their indices come first.
    public let matcher: PhraseMatcher
    /// The on-demand lists (`PhraseList.onDemand`), matched in a turn when first asked about;
    /// their indices follow `matcher`'s.
    public let onDemandMatcher: PhraseMatcher
    private let indexByName: [String: Int]
    /// The same index by `PhraseList.serial`, -1 for lists not given here.
    private let indexBySerial: [Int]

    public init(lists: [PhraseList]) {
        var unique: [PhraseList] = []
        var seen = Set<String>()
        for list in lists where seen.insert(list.name).inserted { unique.append(list) }
        // Each group keeps the order given.
        let parts = [unique.filter { !$0.onDemand }, unique.filter(\.onDemand)]
        unique = parts[0] + parts[1]
        // The two matchers are independent, and the start of a run waits on them: built side by side.
        var built: [PhraseMatcher?] = [nil, nil]
        built.withUnsafeMutableBufferPointer { built in
            nonisolated(unsafe) let built = built
            DispatchQueue.concurrentPerform(iterations: 2) { part in built[part] = PhraseMatcher(lists: parts[part]) }
        }
        matcher = built[0]!
        onDemandMatcher = built[1]!
        let indexByName = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1.name, $0) })
        var indexBySerial = [Int](repeating: -1, count: (lists.map(\.serial).max() ?? -1) + 1)
        for list in lists { indexBySerial[list.serial] = indexByName[list.name]! }
        self.indexByName = indexByName
        self.indexBySerial = indexBySerial
    }

    /// Every registered rule's lists, compiled once per process: any selection of registered
    /// rules shares it (hits of lists no selected rule reads are simply never asked for).
    public static let registered = Lexicon(lists: registeredLists)

    static let registeredLists = ConversationDynamics.phraseLists + Analysis.allPhraseLists + RuleRegistry.all.flatMap { $0.description.phraseLists }
    /// Answers whether the registered lexicon holds a list (as `index(of:)` would, by name)
    /// without compiling it: a run can start reading while it compiles.
    static let registeredNames = Set(registeredLists.map(\.name))

    /// The matcher's index for a list, or nil when the list was not compiled in.
    @inline(__always)
    public func index(of list: PhraseList) -> Int? {
        if list.serial < indexBySerial.count, indexBySerial[list.serial] >= 0 { return indexBySerial[list.serial] }
        return index(named: list.name)
    }

    /// Lists made after the lexicon (copies of its lists under the same name) are found by name.
    /// Out of line, so the lookup above inlines as a few loads without a dictionary search.
    @inline(never)
    private func index(named name: String) -> Int? { indexByName[name] }
}
