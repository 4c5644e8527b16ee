/// Finds the elements of a JSON array that is a whole input, in bytes that may arrive in
/// pieces, without parsing them: each element is then read on its own, so an array of any
/// size is read in bounded memory and damage costs only the element it is in. Strings,
/// escapes and nesting are followed just far enough to see where each element ends.
///
/// After damage that breaks the structure (a bracket that does not match, bytes between
/// elements, an element that outruns the size limit), reading resumes at the first `,`
/// after the damaged element's start that is followed by a whole object, then by `,`, `]`
/// or the end of a cut input, which `isRecord` takes for a record: an object nested inside
/// the damaged element is not.
public struct JSONArrayElements {
    /// One element or one piece of damage, located in the input.
    public struct Item: Sendable, Equatable {
        public enum Content: Sendable, Equatable {
            /// The element's bytes, by absolute offset.
            case element(Range<Int>)
            /// An element longer than `maximumElementBytes`, or one whose end was lost: reading
            /// resumes at the next record after its start, so neither costs what follows.
            case oversized
            /// `recovered`: elements read since the start or the previous damage.
            case damage(expected: String, recovered: Int)
        }

        /// The 1-based element; nil for damage between or after elements.
        public var record: Int?
        public var line: Int
        public var offset: Int
        public var content: Content
    }

    public enum Step: Sendable, Equatable {
        case item(Item)
        /// Every byte given has been looked at: call again with more, from `keepFrom` on.
        case needMore
        /// The array and the input have ended.
        case end
    }

    private enum Phase {
        case opening, beforeElement, inElement, afterElement, closed, resyncing, finished
    }

    let maximumElementBytes: Int
    let maximumDepth: Int
    /// Whether the array is the whole input, so bytes after its `]` are damage; an array
    /// inside a document ends at its `]`.
    let isWholeInput: Bool
    /// Whether an object found after damage is a record to resume at.
    let isRecord: (UnsafeBufferPointer<UInt8>) -> Bool

    private var phase = Phase.opening
    /// The next byte to look at, as an offset in the input.
    private var position: Int
    /// The 1-based line `position` is on.
    private var line: Int
    private var elementStart = 0
    private var elementLine = 0
    private var elementEnd = 0
    private var elements = 0
    private var sinceDamage = 0
    /// Open brackets of the element being scanned.
    private var stack: [UInt8] = []
    private var inString = false
    private var escaped = false
    /// Whether the element began with a bracket or a quote; else it is a number or literal.
    private var isContainer = false
    /// The element is a candidate to resume at after damage, not yet confirmed.
    private var isTrial = false
    /// Whether a `,` came since the last element, so `]` would close on a missing value.
    private var afterComma = false
    /// The offset just past the array's `]`, once it was found.
    private(set) var closedAt: Int?

    /// `start`: the offset of the array's `[`, on line `line`.
    init(
        start: Int, line: Int = 1, maximumElementBytes: Int, maximumDepth: Int = JSONParser.defaultMaximumDepth,
        isWholeInput: Bool = true, isRecord: @escaping (UnsafeBufferPointer<UInt8>) -> Bool
    ) {
        position = start
        self.line = line
        self.maximumElementBytes = maximumElementBytes
        self.maximumDepth = maximumDepth
        self.isWholeInput = isWholeInput
        self.isRecord = isRecord
    }


    /// The first offset still needed: the caller may drop the bytes before it.
    var keepFrom: Int {
        phase == .inElement || (phase == .afterElement && isTrial) ? elementStart : position
    }

    /// The next element or damage in `window`, the input's bytes from offset `base` on
    /// (`base` at most `keepFrom`); `atEnd` when the input ends with the window.
    mutating func next(_ window: UnsafeBufferPointer<UInt8>, base: Int, atEnd: Bool) -> Step {
        let end = base + window.count
        while true {
            switch phase {
            case .finished:
                return .end
            case .opening:
                // The caller found the `[` here.
                position += 1
                phase = .beforeElement
            case .beforeElement:
                skipSpace(window, base: base, end: end)
                guard position < end else {
                    if atEnd { return cut(expected: "a value or ']' in the array") }
                    return .needMore
                }
                let first = window[position - base]
                if first == UInt8(ascii: "]") {
                    position += 1
                    closedAt = position
                    phase = .closed
                    if afterComma { return damage(at: position - 1, record: nil, expected: "a value after ',' in the array, found ']'") }
                    continue
                }
                // A stray separator or closer: passed over, the value may well follow it.
                if first == UInt8(ascii: ",") || first == UInt8(ascii: ":") || first == UInt8(ascii: "}") {
                    position += 1
                    return damage(at: position - 1, record: nil, expected: "a value in the array, found '\(Character(Unicode.Scalar(first)))'")
                }
                beginElement(at: position, first: first, trial: false)
            case .inElement:
                if let step = scanElement(window, base: base, end: end, atEnd: atEnd) { return step }
            case .afterElement:
                skipSpace(window, base: base, end: end)
                if position == end, !atEnd { return .needMore }
                let byte = position < end ? window[position - base] : nil
                let isSeparator = byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]")
                if isTrial {
                    // A candidate followed by a separator, or by the end of a cut input, that is a record.
                    guard isSeparator || byte == nil,
                          isRecord(UnsafeBufferPointer(rebasing: window[(elementStart - base)..<(elementEnd - base)])) else {
                        abandonTrial()
                        continue
                    }
                    // Reading resumes here; what follows is taken on the next call.
                    isTrial = false
                    elements += 1
                    sinceDamage += 1
                    return .item(Item(record: elements, line: elementLine, offset: elementStart, content: .element(elementStart..<elementEnd)))
                }
                guard let byte else { return cut(expected: "',' or ']' after element \(elements)") }
                guard isSeparator else {
                    phase = .resyncing
                    return damage(at: position, record: nil, expected: "',' or ']' after element \(elements)")
                }
                position += 1
                afterComma = byte == UInt8(ascii: ",")
                if !afterComma { closedAt = position }
                phase = afterComma ? .beforeElement : .closed
            case .closed:
                if !isWholeInput {
                    phase = .finished
                    return .end
                }
                skipSpace(window, base: base, end: end)
                guard position < end else {
                    if !atEnd { return .needMore }
                    phase = .finished
                    return .end
                }
                phase = .finished
                return damage(at: position, record: nil, expected: "end of input after the JSON array")
            case .resyncing:
                if let step = resync(window, base: base, end: end, atEnd: atEnd) { return step }
            }
        }
    }

    private mutating func beginElement(at start: Int, first: UInt8, trial: Bool) {
        elementStart = start
        elementLine = line
        stack.removeAll(keepingCapacity: true)
        inString = false
        escaped = false
        isTrial = trial
        isContainer = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"")
        if !trial {
            elements += 1
            sinceDamage += 1
        }
        phase = .inElement
    }

    /// Scans on to the end of the element; nil when it ended (and the phase moved on).
    private mutating func scanElement(_ window: UnsafeBufferPointer<UInt8>, base: Int, end windowEnd: Int, atEnd: Bool) -> Step? {
        let end = min(windowEnd, elementStart + maximumElementBytes + 1)
        while position < end {
            if inString {
                // The byte after a backslash is taken as it is, whatever it is.
                if !escaped {
                    position = base + ByteWords.first(in: window, from: position - base, to: end - base) { word in
                        ByteWords.marks(of: UInt8(ascii: "\""), in: word) | ByteWords.marks(of: UInt8(ascii: "\\"), in: word)
                            | ByteWords.marks(of: 0x0A, in: word)
                    }
                    guard position < end else { break }
                }
                let byte = window[position - base]
                position += 1
                if byte == 0x0A { line += 1 }
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if stack.isEmpty { return finishElement() }
                }
                continue
            }
            let byte = window[position - base]
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard isContainer else { return finishElement() }
                guard stack.count + 1 < maximumDepth else {
                    return broken(at: position, expected: "nesting no deeper than \(maximumDepth) levels")
                }
                stack.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard isContainer else { return finishElement() }
                let opening = byte == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
                guard stack.last == opening else {
                    let found = stack.last.map { $0 == UInt8(ascii: "{") ? "'}' to close the object" : "']' to close the array" }
                    return broken(at: position, expected: "\(found ?? "a value") in element \(elements), found '\(Character(Unicode.Scalar(byte)))'")
                }
                stack.removeLast()
                if stack.isEmpty {
                    position += 1
                    return finishElement()
                }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0D, 0x0A:
                if !isContainer { return finishElement() }
                if byte == 0x0A { line += 1 }
            default:
                break
            }
            position += 1
        }
        if position - elementStart > maximumElementBytes {
            if isTrial {
                abandonTrial()
                return nil
            }
            let item = Item(record: elements, line: elementLine, offset: elementStart, content: .oversized)
            searchAgain(after: elementStart)
            return .item(item)
        }
        guard atEnd else { return .needMore }
        if isTrial {
            abandonTrial()
            return nil
        }
        if !isContainer { return finishElement() }
        let place = inString ? "inside a string" : "inside \(stack.count) open bracket\(stack.count == 1 ? "" : "s")"
        phase = .finished
        return damage(
            at: elementStart, record: elements, line: elementLine,
            expected: "the rest of element \(elements), found the end of input at byte \(position) \(place) (the input is cut off)"
        )
    }

    private mutating func finishElement() -> Step? {
        elementEnd = position
        phase = .afterElement
        if isTrial { return nil }
        return .item(Item(record: elements, line: elementLine, offset: elementStart, content: .element(elementStart..<elementEnd)))
    }

    /// Damage inside an element: reported, then the next element is looked for from just
    /// after the damaged one's start, since where the damage shows may lie past it (bytes
    /// lost from the middle of a file join two elements into one).
    private mutating func broken(at offset: Int, expected: String) -> Step? {
        if isTrial {
            abandonTrial()
            return nil
        }
        let step = damage(at: offset, record: elements, expected: expected)
        searchAgain(after: elementStart)
        return step
    }

    /// Looks for the next element from the byte after `start`, the start of an element that
    /// did not end where it should.
    private mutating func searchAgain(after start: Int) {
        phase = .resyncing
        position = start + 1
        line = elementLine
    }

    private mutating func damage(at offset: Int, record: Int?, line: Int? = nil, expected: String) -> Step {
        let recovered = sinceDamage - (record == nil ? 0 : 1)
        sinceDamage = 0
        return .item(Item(record: record, line: line ?? self.line, offset: offset, content: .damage(expected: expected, recovered: recovered)))
    }

    /// The end of input between elements: the array is cut off there.
    private mutating func cut(expected: String) -> Step {
        phase = .finished
        return damage(at: position, record: nil, expected: expected + ", found end of input (the input is cut off)")
    }

    /// The candidate was not an element: the search goes on from the byte after its start.
    private mutating func abandonTrial() {
        isTrial = false
        searchAgain(after: elementStart)
    }

    /// Looks for `,` and an object after it, and tries it as an element.
    private mutating func resync(_ window: UnsafeBufferPointer<UInt8>, base: Int, end: Int, atEnd: Bool) -> Step? {
        while position < end {
            let byte = window[position - base]
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: ",") else {
                position += 1
                continue
            }
            var next = position + 1
            var lines = 0
            while next < end, TextScan.isSpace(window[next - base]) {
                if window[next - base] == 0x0A { lines += 1 }
                next += 1
            }
            // The look past the comma waits for more input rather than miss a candidate.
            if next == end, !atEnd { return .needMore }
            position += 1
            guard next < end, window[next - base] == UInt8(ascii: "{") else { continue }
            line += lines
            position = next
            beginElement(at: next, first: UInt8(ascii: "{"), trial: true)
            return nil
        }
        guard atEnd else { return .needMore }
        phase = .finished
        return .end
    }

    private mutating func skipSpace(_ window: UnsafeBufferPointer<UInt8>, base: Int, end: Int) {
        while position < end, TextScan.isSpace(window[position - base]) {
            if window[position - base] == 0x0A { line += 1 }
            position += 1
        }
    }
}
