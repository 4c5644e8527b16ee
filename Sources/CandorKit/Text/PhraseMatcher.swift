import Dispatch

/// One occurrence of a phrase: which list it belongs to and its byte range in the text.
public struct PhraseHit: Sendable, Hashable {
    public var list: Int
    public var start: Int
    public var end: Int
}

/// Finds every phrase of many lists in one pass over UTF-8 bytes.
///
/// An Aho–Corasick automaton over folded bytes, compiled once over byte classes: the
/// inner loop is one table lookup per byte, with no allocation, regex engine or `String`
/// traversal. Folding (case, curly quotes, spaces) happens on the fly. A run of white space
/// folds to one space because every state entered by a space loops to itself on another,
/// so the loop keeps no folding state; a match's start is found afterwards by walking back
/// over the source, which costs only at matches.
///
/// Only the states nearest the root, where running text keeps the automaton nearly all
/// the time, get a full row of transitions. The long tails of the phrases keep just their
/// own edges and a failure link: a full row for each of their hundred thousand states made
/// a table of some twenty megabytes that cost a tenth of a second to fill at start-up and
/// spread the scan over more cache than it needs.
public struct PhraseMatcher: Sendable {
    /// The lists in the order given; `PhraseHit.list` indexes this.
    public let lists: [PhraseList]
    /// Class of each source byte after ASCII folding, or `multiByteFold` for bytes that may
    /// start a multi-byte folding (curly quotes, dashes, odd spaces), which take the slow path.
    private let classOfByte: [UInt8]
    /// Class of each byte as it stands in the phrases, for a lead byte that folds to nothing.
    private let phraseClassOfByte: [UInt8]
    private static let multiByteFold: UInt8 = 0xFF
    private let classCount: Int
    /// States below this number (breadth-first order) have a full row in `transitions`.
    private let denseStates: Int
    /// The scan holds a state as a code: for a state with a row, where the row starts in
    /// `transitions` (saving a multiplication on every byte); for any other, this bound plus
    /// its place among the states without rows. Table and edge entries are codes, stored
    /// complemented when the state ends a phrase.
    private let firstSparseCode: Int
    private let transitions: [Int32]
    /// For each state from `denseStates` on: its edges in `edgeClass`/`edgeTarget` from
    /// `edgeStart[i]` to `edgeStart[i + 1]`, and the state to retry a byte from on no edge.
    private let edgeStart: [Int32]
    private let edgeClass: [UInt8]
    private let edgeTarget: [Int32]
    private let sparseFailure: [Int32]
    /// By state number.
    private let outputStart: [Int32]
    private let outputCount: [Int32]
    /// The next state down the failure chain that ends a phrase, or -1.
    private let outputLink: [Int32]
    /// Flattened per-state outputs: (phrase index) entries.
    private let outputs: [Int32]
    private let phraseList: [Int32]
    /// In folded bytes.
    private let phraseLength: [Int32]
    private let phraseNeedsLeftBoundary: [Bool]
    private let phraseNeedsRightBoundary: [Bool]

    public init(lists: [PhraseList]) {
        self.init(lists: lists, denseStateLimit: 16_384)
    }

    /// `denseStateLimit`: full rows for this many states at most (16,384 make about two
    /// megabytes of table); tests lower it to send matches through the states without rows.
    init(lists: [PhraseList], denseStateLimit: Int) {
        self.lists = lists
        let folded = Self.foldedPhrases(of: lists)

        var classes = [UInt8](repeating: 0, count: 256)
        // Space gets a class of its own even when no phrase holds one: the scan tells white
        // space by its class.
        classes[Int(UInt8(ascii: " "))] = 1
        var nextClass: UInt8 = 2
        for phrase in folded.joined() {
            for byte in phrase where classes[Int(byte)] == 0 {
                classes[Int(byte)] = nextClass
                nextClass += 1
            }
        }
        precondition(nextClass < Self.multiByteFold, "too many byte classes for the matcher")
        let width = Int(nextClass)

        // Scratch for a hundred thousand states, each touched a few times: plain buffers, as
        // arrays grown state by state, or mutated from the nested functions below, cost
        // hundreds of instructions a state.
        func scratch<Element>(_ count: Int, _ value: Element? = nil) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
            if let value { buffer.initialize(repeating: value) }
            return buffer
        }
        // The trie, as sibling lists: (first child, next sibling, class of the edge into the state).
        // A phrase's every byte may add a state: that bounds the count.
        let stateBound = folded.joined().reduce(1) { $0 + $1.count }
        let firstChild: UnsafeMutableBufferPointer<Int32> = scratch(stateBound)
        let nextSibling: UnsafeMutableBufferPointer<Int32> = scratch(stateBound)
        let edgeInto: UnsafeMutableBufferPointer<UInt8> = scratch(stateBound)
        // Phrases ending at each state, in phrase order, as a linked list through `nextAtState`.
        let firstPhrase: UnsafeMutableBufferPointer<Int32> = scratch(stateBound)
        let lastPhrase: UnsafeMutableBufferPointer<Int32> = scratch(stateBound)
        defer { for buffer in [firstChild, nextSibling, firstPhrase, lastPhrase] { buffer.deallocate() }; edgeInto.deallocate() }
        (firstChild[0], nextSibling[0], edgeInto[0], firstPhrase[0], lastPhrase[0]) = (-1, -1, 0, -1, -1)
        var stateCount = 1
        var rootChild = [Int32](repeating: -1, count: width)
        var nextAtState: [Int32] = []
        var owners: [Int32] = []
        var lengths: [Int32] = []
        var needsLeft: [Bool] = []
        var needsRight: [Bool] = []
        for (listIndex, phrases) in folded.enumerated() {
            for phrase in phrases {
                var state: Int32 = 0
                for byte in phrase {
                    let symbol = classes[Int(byte)]
                    var child = state == 0 ? rootChild[Int(symbol)] : firstChild[Int(state)]
                    if state != 0 {
                        while child >= 0, edgeInto[Int(child)] != symbol { child = nextSibling[Int(child)] }
                    }
                    if child < 0 {
                        child = Int32(stateCount)
                        (firstChild[stateCount], edgeInto[stateCount], firstPhrase[stateCount], lastPhrase[stateCount]) = (-1, symbol, -1, -1)
                        if state == 0 {
                            rootChild[Int(symbol)] = child
                            nextSibling[stateCount] = -1
                        } else {
                            nextSibling[stateCount] = firstChild[Int(state)]
                            firstChild[Int(state)] = child
                        }
                        stateCount += 1
                    }
                    state = child
                }
                // A phrase a list repeats (two patterns expanding alike) is kept once per list.
                var existing = firstPhrase[Int(state)]
                while existing >= 0, owners[Int(existing)] != Int32(listIndex) { existing = nextAtState[Int(existing)] }
                if existing >= 0 { continue }
                let index = Int32(owners.count)
                owners.append(Int32(listIndex))
                lengths.append(Int32(phrase.count))
                needsLeft.append(TextScan.isASCIIWordByte(phrase[0]))
                needsRight.append(TextScan.isASCIIWordByte(phrase[phrase.count - 1]))
                nextAtState.append(-1)
                if lastPhrase[Int(state)] >= 0 { nextAtState[Int(lastPhrase[Int(state)])] = index } else { firstPhrase[Int(state)] = index }
                lastPhrase[Int(state)] = index
            }
        }
        for symbol in stride(from: width - 1, through: 0, by: -1) where rootChild[symbol] >= 0 {
            nextSibling[Int(rootChild[symbol])] = firstChild[0]
            firstChild[0] = rootChild[symbol]
        }

        // Breadth-first: numbering (old state → new), failure links, and for each state the
        // nearest state on its failure chain that ends a phrase, so outputs are followed, not copied.
        let dense = min(stateCount, max(1, denseStateLimit))
        let order = scratch(stateCount, Int32(0)), renumbered = scratch(stateCount, Int32(0))
        let failure = scratch(stateCount, Int32(0)), outputLink = scratch(stateCount, Int32(-1))
        let ends = scratch(stateCount, false)
        defer { for buffer in [order, renumbered, failure, outputLink] { buffer.deallocate() }; ends.deallocate() }
        let firstSparseCode = dense * width
        func code(_ number: Int32) -> Int32 { number < dense ? number * Int32(width) : number - Int32(dense) + Int32(firstSparseCode) }
        // A target that ends a phrase, itself or down its failure chain, is stored complemented,
        // so the inner loop learns whether to collect from the entry it already loaded.
        func entry(_ state: Int32) -> Int32 { ends[Int(state)] ? ~code(renumbered[Int(state)]) : code(renumbered[Int(state)]) }
        // The rows are written straight into the table the matcher keeps: every row is
        // written whole, so it needs no clearing first and no copy after.
        let space = classes[Int(UInt8(ascii: " "))]
        let transitions = [Int32](unsafeUninitializedCapacity: dense * width) { table, initialized in
            /// The transition from `state` on `symbol`, as an old state number.
            func transition(_ state: Int32, _ symbol: UInt8) -> Int32 {
                var state = state
                while true {
                    let number = Int(renumbered[Int(state)])
                    if number < dense {
                        let target = table[number * width + Int(symbol)]
                        return order[Self.state(ofCode: Int(target < 0 ? ~target : target), width: width, denseStates: dense)]
                    }
                    var child = firstChild[Int(state)]
                    while child >= 0 {
                        if edgeInto[Int(child)] == symbol { return child }
                        child = nextSibling[Int(child)]
                    }
                    state = failure[Int(state)]
                }
            }
            var queued = 1
            var head = 0
            while head < queued {
                let state = order[head]
                head += 1
                var child = firstChild[Int(state)]
                while child >= 0 {
                    renumbered[Int(child)] = Int32(queued)
                    order[queued] = child
                    queued += 1
                    let fallback = state == 0 ? 0 : transition(failure[Int(state)], edgeInto[Int(child)])
                    failure[Int(child)] = fallback
                    outputLink[Int(child)] = firstPhrase[Int(fallback)] >= 0 ? fallback : outputLink[Int(fallback)]
                    ends[Int(child)] = firstPhrase[Int(child)] >= 0 || outputLink[Int(child)] >= 0
                    child = nextSibling[Int(child)]
                }
                let number = Int(renumbered[Int(state)])
                guard number < dense else { continue }
                // The row: own edges, the rest as from the failure state (whose row is already
                // written, being nearer the root), or back to the root from the root.
                let row = number * width
                if state == 0 {
                    for symbol in 0..<width { table[symbol] = rootChild[symbol] >= 0 ? entry(rootChild[symbol]) : 0 }
                } else {
                    let fallbackRow = Int(renumbered[Int(failure[Int(state)])]) * width
                    for symbol in 0..<width { table[row + symbol] = table[fallbackRow + symbol] }
                    var child = firstChild[Int(state)]
                    while child >= 0 {
                        table[row + Int(edgeInto[Int(child)])] = entry(child)
                        child = nextSibling[Int(child)]
                    }
                }
            }

            // A repeated space is folded away: a state entered by a space stays put on another
            // (folded phrases hold no double space, so no such state has a space edge of its own).
            for number in 1..<dense where edgeInto[Int(order[number])] == space {
                table[number * width + Int(space)] = code(Int32(number))
            }
            initialized = dense * width
        }

        var edgeStart: [Int32] = [0]
        var edgeClass: [UInt8] = []
        var edgeTarget: [Int32] = []
        var sparseFailure: [Int32] = []
        edgeStart.reserveCapacity(stateCount - dense + 1)
        edgeClass.reserveCapacity(stateCount)
        edgeTarget.reserveCapacity(stateCount)
        sparseFailure.reserveCapacity(stateCount - dense)
        for number in dense..<stateCount {
            let state = order[number]
            var child = firstChild[Int(state)]
            while child >= 0 {
                edgeClass.append(edgeInto[Int(child)])
                edgeTarget.append(entry(child))
                child = nextSibling[Int(child)]
            }
            if edgeInto[Int(state)] == space {
                edgeClass.append(space)
                edgeTarget.append(code(Int32(number)))
            }
            edgeStart.append(Int32(edgeClass.count))
            sparseFailure.append(code(renumbered[Int(failure[Int(state)])]))
        }
        var starts = [Int32](repeating: 0, count: stateCount)
        var counts = [Int32](repeating: 0, count: stateCount)
        var links = [Int32](repeating: -1, count: stateCount)
        var flat: [Int32] = []
        flat.reserveCapacity(owners.count)
        for (number, state) in order.enumerated() {
            starts[number] = Int32(flat.count)
            var phrase = firstPhrase[Int(state)]
            while phrase >= 0 {
                flat.append(phrase)
                phrase = nextAtState[Int(phrase)]
            }
            counts[number] = Int32(flat.count) - starts[number]
            if outputLink[Int(state)] >= 0 { links[number] = renumbered[Int(outputLink[Int(state)])] }
        }

        classOfByte = (0..<256).map { raw in
            if raw == 0xE2 || raw == 0xC2 || raw == 0xCA { return Self.multiByteFold }
            return raw < 0x80 ? classes[Int(TextFolding.asciiFold(UInt8(raw)))] : classes[raw]
        }
        phraseClassOfByte = classes
        classCount = width
        denseStates = dense
        self.firstSparseCode = firstSparseCode
        self.transitions = transitions
        self.edgeStart = edgeStart
        self.edgeClass = edgeClass
        self.edgeTarget = edgeTarget
        self.sparseFailure = sparseFailure
        outputStart = starts
        outputCount = counts
        self.outputLink = links
        outputs = flat
        phraseList = owners
        phraseLength = lengths
        phraseNeedsLeftBoundary = needsLeft
        phraseNeedsRightBoundary = needsRight
    }

    public func hits(in text: String) -> [PhraseHit] {
        var copy = text
        return copy.withUTF8 { hits(in: $0) }
    }

    /// Long texts are scanned as two halves at once, a byte of each in turn: each byte's
    /// step waits on a table load, and two independent chains of loads overlap their waits.
    /// The halves meet after an ASCII byte no phrase holds, which sends every state back to
    /// the root, so the second half starts exactly where a single pass would stand.
    public func hits(in bytes: UnsafeBufferPointer<UInt8>) -> [PhraseHit] {
        var found: [PhraseHit] = []
        guard !outputs.isEmpty else { return found }
        transitions.withUnsafeBufferPointer { table in
            classOfByte.withUnsafeBufferPointer { classes in
                let split = meetingPoint(in: bytes, classes: classes)
                // Running text has a hit every hundred bytes or so; room up front saves regrowing,
                // here and when the second half's hits are added.
                found.reserveCapacity(bytes.count / 64 + 4)
                var later: [PhraseHit] = []
                if split < bytes.count { later.reserveCapacity((bytes.count - split) / 64 + 4) }
                var firstState = 0, firstIndex = 0
                var secondState = 0, secondIndex = split
                while firstIndex < split, secondIndex < bytes.count {
                    step(&firstState, at: &firstIndex, in: bytes, table: table, classes: classes, into: &found)
                    step(&secondState, at: &secondIndex, in: bytes, table: table, classes: classes, into: &later)
                }
                while firstIndex < split {
                    step(&firstState, at: &firstIndex, in: bytes, table: table, classes: classes, into: &found)
                }
                while secondIndex < bytes.count {
                    step(&secondState, at: &secondIndex, in: bytes, table: table, classes: classes, into: &later)
                }
                found += later
            }
        }
        return found
    }

    /// Just past the first ASCII byte of class 0 (in no phrase) from the middle on, or the
    /// end when the text is short or has none.
    private func meetingPoint(in bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.count >= 128 else { return bytes.count }
        for index in (bytes.count / 2)..<bytes.count where bytes[index] < 0x80 && classes[Int(bytes[index])] == 0 {
            return index + 1
        }
        return bytes.count
    }

    /// Reads the character at `index` (one byte, or a multi-byte sequence that folds to one),
    /// moves `state` on it and collects the phrases that end there.
    @inline(__always)
    private func step(
        _ state: inout Int, at index: inout Int, in bytes: UnsafeBufferPointer<UInt8>,
        table: UnsafeBufferPointer<Int32>, classes: UnsafeBufferPointer<UInt8>, into found: inout [PhraseHit]
    ) {
        var symbol = classes[Int(bytes[index])]
        if symbol == Self.multiByteFold {
            let (byte, width) = TextFolding.foldedByte(bytes, at: index)
            symbol = byte < 0x80 ? classes[Int(byte)] : phraseClassOfByte[Int(byte)]
            index &+= width
        } else {
            index &+= 1
        }
        let next = state < firstSparseCode ? Int(table[state &+ Int(symbol)]) : sparseTransition(from: state, on: symbol)
        if next >= 0 {
            state = next
        } else {
            state = ~next
            collect(code: state, end: index, bytes: bytes, into: &found)
        }
    }

    /// Each list's phrases, expanded and folded on two threads, alternate lists each: the
    /// lists are independent, and the start of a run waits on this build.
    private static func foldedPhrases(of lists: [PhraseList]) -> [[[UInt8]]] {
        var folded = [[[UInt8]]](repeating: [], count: lists.count)
        folded.withUnsafeMutableBufferPointer { results in
            nonisolated(unsafe) let results = results
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                for index in stride(from: part, to: lists.count, by: 2) { results[index] = lists[index].foldedPhrases }
            }
        }
        return folded
    }

    /// The state number a code stands for (see `firstSparseCode`).
    private static func state(ofCode code: Int, width: Int, denseStates: Int) -> Int {
        code < denseStates * width ? code / width : code - denseStates * width + denseStates
    }

    /// The transition from a state without a full row: its own edge on `symbol`, or else the
    /// same byte tried again from its failure state, down to a state that has a row.
    private func sparseTransition(from code: Int, on symbol: UInt8) -> Int {
        var code = code
        while code >= firstSparseCode {
            let sparse = code - firstSparseCode
            for edge in Int(edgeStart[sparse])..<Int(edgeStart[sparse + 1]) where edgeClass[edge] == symbol {
                return Int(edgeTarget[edge])
            }
            code = Int(sparseFailure[sparse])
        }
        return Int(transitions[code + Int(symbol)])
    }

    private func collect(code: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>, into found: inout [PhraseHit]) {
        var state = Self.state(ofCode: code, width: classCount, denseStates: denseStates)
        while state >= 0 {
            let first = Int(outputStart[state])
            for slot in first..<(first + Int(outputCount[state])) {
                let phrase = Int(outputs[slot])
                // The end is checked first: it rules out most candidates (a word inside a longer
                // word) before the walk back to the start.
                if phraseNeedsRightBoundary[phrase], TextScan.isWordCharacter(at: end, in: bytes) { continue }
                let start = TextFolding.start(ofFolded: Int(phraseLength[phrase]), endingAt: end, in: bytes)
                if phraseNeedsLeftBoundary[phrase], TextScan.isWordCharacter(before: start, in: bytes) { continue }
                found.append(PhraseHit(list: Int(phraseList[phrase]), start: start, end: end))
            }
            state = Int(outputLink[state])
        }
    }
}
