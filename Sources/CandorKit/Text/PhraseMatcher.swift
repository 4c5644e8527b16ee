/// One occurrence of a phrase: which list it belongs to and its byte range in the text.
public struct PhraseHit: Sendable, Hashable {
    public var list: Int
    public var start: Int
    public var end: Int
}

/// Finds every phrase of many lists in one pass over UTF-8 bytes.
///
/// An Aho–Corasick automaton over folded bytes, compiled once into a dense transition
/// table over byte classes: the inner loop is one table lookup per byte, with no
/// allocation, regex engine or `String` traversal. Folding (case, curly quotes, spaces)
/// happens on the fly, and a ring of source offsets maps each match back to exact bytes.
public struct PhraseMatcher: Sendable {
    /// The lists in the order given; `PhraseHit.list` indexes this.
    public let lists: [PhraseList]
    /// Class of each source byte after ASCII folding, or `multiByteFold` for bytes that may
    /// start a multi-byte folding (curly quotes, dashes, odd spaces), which take the slow path.
    private let classOfByte: [UInt8]
    /// Class of each byte as it stands in the phrases, for a lead byte that folds to nothing.
    private let phraseClassOfByte: [UInt8]
    /// The class of white space, which no other byte shares, so one comparison finds a space.
    private let spaceClass: UInt8
    private static let multiByteFold: UInt8 = 0xFF
    private let classCount: Int
    private let transitions: [Int32]
    private let outputStart: [Int32]
    private let outputCount: [Int32]
    /// The next state down the failure chain that ends a phrase, or -1.
    private let outputLink: [Int32]
    /// Flattened per-state outputs: (phrase index) entries.
    private let outputs: [Int32]
    private let phraseList: [Int32]
    private let phraseLength: [Int32]
    private let phraseNeedsLeftBoundary: [Bool]
    private let phraseNeedsRightBoundary: [Bool]

    private static let ringSize = 256

    public init(lists: [PhraseList]) {
        self.lists = lists
        var phrases: [[UInt8]] = []
        var owners: [Int32] = []
        var seen = Set<[UInt8]>()
        for (listIndex, list) in lists.enumerated() {
            seen.removeAll(keepingCapacity: true)
            for phrase in list.expandedPhrases {
                let bytes = Array(phrase.utf8)
                precondition(bytes.count < Self.ringSize, "phrase too long for the matcher: \(phrase)")
                if seen.insert(bytes).inserted {
                    phrases.append(bytes)
                    owners.append(Int32(listIndex))
                }
            }
        }

        var classes = [UInt8](repeating: 0, count: 256)
        // Space gets a class of its own even when no phrase holds one: the scan tells white
        // space by its class.
        classes[Int(UInt8(ascii: " "))] = 1
        var nextClass: UInt8 = 2
        for phrase in phrases {
            for byte in phrase where classes[Int(byte)] == 0 {
                classes[Int(byte)] = nextClass
                nextClass += 1
            }
        }
        let width = Int(nextClass)

        // Trie first, with -1 for a missing edge.
        var goto: [Int32] = Array(repeating: -1, count: width)
        var terminal: [[Int32]] = [[]]
        let stateBound = phrases.reduce(1) { $0 + $1.count }
        goto.reserveCapacity(stateBound * width)
        terminal.reserveCapacity(stateBound)
        for (phraseIndex, phrase) in phrases.enumerated() {
            var state = 0
            for byte in phrase {
                let slot = state * width + Int(classes[Int(byte)])
                if goto[slot] < 0 {
                    goto[slot] = Int32(terminal.count)
                    terminal.append([])
                    goto.append(contentsOf: repeatElement(-1, count: width))
                }
                state = Int(goto[slot])
            }
            terminal[state].append(Int32(phraseIndex))
        }

        // Breadth-first: failure links, and for each state the nearest state on its failure
        // chain that ends a phrase (so outputs are followed, not copied into every state).
        let stateCount = terminal.count
        var failure = [Int32](repeating: 0, count: stateCount)
        var outputLink = [Int32](repeating: -1, count: stateCount)
        var queue: [Int] = []
        queue.reserveCapacity(stateCount)
        for symbol in 0..<width {
            let next = goto[symbol]
            if next < 0 {
                goto[symbol] = 0
            } else {
                queue.append(Int(next))
            }
        }
        // Some hundred thousand states by every symbol: unchecked buffers keep this start-up cost small.
        goto.withUnsafeMutableBufferPointer { goto in
            failure.withUnsafeMutableBufferPointer { failure in
                outputLink.withUnsafeMutableBufferPointer { outputLink in
                    var head = 0
                    while head < queue.count {
                        let state = queue[head]
                        head += 1
                        let fallbackRow = Int(failure[state]) * width
                        for symbol in 0..<width {
                            let slot = state * width + symbol
                            let next = goto[slot]
                            let fallback = goto[fallbackRow + symbol]
                            if next < 0 {
                                goto[slot] = fallback
                            } else {
                                failure[Int(next)] = fallback
                                outputLink[Int(next)] = terminal[Int(fallback)].isEmpty ? outputLink[Int(fallback)] : fallback
                                queue.append(Int(next))
                            }
                        }
                    }
                }
            }
        }

        // Renumber states breadth-first. Text keeps the automaton near the root, so the rows
        // it visits most then sit together in a few cache lines instead of being spread over
        // a table of many megabytes in phrase order.
        let order = [0] + queue
        var renumbered = [Int32](repeating: 0, count: stateCount)
        for (new, old) in order.enumerated() { renumbered[old] = Int32(new) }
        var table = [Int32](repeating: 0, count: stateCount * width)
        var starts = [Int32](repeating: 0, count: stateCount)
        var counts = [Int32](repeating: 0, count: stateCount)
        var links = [Int32](repeating: -1, count: stateCount)
        var flat: [Int32] = []
        // A target that ends a phrase, itself or down its failure chain, is stored complemented,
        // so the inner loop learns whether to collect from the entry it already loaded.
        let ends = (0..<stateCount).map { !terminal[$0].isEmpty || outputLink[$0] >= 0 }
        table.withUnsafeMutableBufferPointer { table in
            goto.withUnsafeBufferPointer { goto in
                for (new, old) in order.enumerated() {
                    for symbol in 0..<width {
                        let target = Int(goto[old * width + symbol])
                        table[new * width + symbol] = ends[target] ? ~renumbered[target] : renumbered[target]
                    }
                }
            }
        }
        for (new, old) in order.enumerated() {
            starts[new] = Int32(flat.count)
            counts[new] = Int32(terminal[old].count)
            flat.append(contentsOf: terminal[old])
            if outputLink[old] >= 0 { links[new] = renumbered[Int(outputLink[old])] }
        }

        precondition(nextClass < Self.multiByteFold, "too many byte classes for the matcher")
        classOfByte = (0..<256).map { raw in
            if raw == 0xE2 || raw == 0xC2 || raw == 0xCA { return Self.multiByteFold }
            return raw < 0x80 ? classes[Int(TextFolding.asciiFold(UInt8(raw)))] : classes[raw]
        }
        phraseClassOfByte = classes
        spaceClass = classes[Int(UInt8(ascii: " "))]
        classCount = width
        transitions = table
        outputStart = starts
        outputCount = counts
        self.outputLink = links
        outputs = flat
        phraseList = owners
        phraseLength = phrases.map { Int32($0.count) }
        phraseNeedsLeftBoundary = phrases.map { TextScan.isASCIIWordByte($0[0]) }
        phraseNeedsRightBoundary = phrases.map { TextScan.isASCIIWordByte($0[$0.count - 1]) }
    }

    public func hits(in text: String) -> [PhraseHit] {
        var copy = text
        return copy.withUTF8 { hits(in: $0) }
    }

    public func hits(in bytes: UnsafeBufferPointer<UInt8>) -> [PhraseHit] {
        var found: [PhraseHit] = []
        guard !outputs.isEmpty else { return found }
        let mask = Self.ringSize - 1
        let count = bytes.count
        let width = classCount
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.ringSize) { ring in
            transitions.withUnsafeBufferPointer { table in
                classOfByte.withUnsafeBufferPointer { classes in
                    var folded = 0
                    var state = 0
                    var previousWasSpace = true
                    var index = 0
                    while index < count {
                        var symbol = classes[Int(bytes[index])]
                        var step = 1
                        if symbol == Self.multiByteFold {
                            let (byte, span) = TextFolding.foldedByte(bytes, at: index)
                            symbol = byte < 0x80 ? classes[Int(byte)] : phraseClassOfByte[Int(byte)]
                            step = span
                        }
                        if symbol == spaceClass {
                            if previousWasSpace { index += step; continue }
                            previousWasSpace = true
                        } else {
                            previousWasSpace = false
                        }
                        ring[folded & mask] = index
                        folded += 1
                        let next = Int(table[state &* width &+ Int(symbol)])
                        index += step
                        if next >= 0 {
                            state = next
                        } else {
                            state = ~next
                            collect(state: state, end: index, folded: folded, ring: UnsafeBufferPointer(ring), bytes: bytes, into: &found)
                        }
                    }
                }
            }
        }
        return found
    }

    private func collect(
        state: Int, end: Int, folded: Int, ring: UnsafeBufferPointer<Int>,
        bytes: UnsafeBufferPointer<UInt8>, into found: inout [PhraseHit]
    ) {
        var state = state
        while state >= 0 {
            let first = Int(outputStart[state])
            for slot in first..<(first + Int(outputCount[state])) {
                let phrase = Int(outputs[slot])
                let start = ring[(folded - Int(phraseLength[phrase])) & (Self.ringSize - 1)]
                if phraseNeedsLeftBoundary[phrase], TextScan.isWordCharacter(before: start, in: bytes) { continue }
                if phraseNeedsRightBoundary[phrase], TextScan.isWordCharacter(at: end, in: bytes) { continue }
                found.append(PhraseHit(list: Int(phraseList[phrase]), start: start, end: end))
            }
            state = Int(outputLink[state])
        }
    }
}
