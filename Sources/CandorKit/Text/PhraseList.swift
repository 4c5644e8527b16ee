import Foundation

/// A named list of phrases that one rule or context check looks for.
///
/// Patterns are plain lower-case phrases with two conveniences, expanded when the matcher
/// is compiled: `(a|b)` picks one alternative (an empty alternative makes the group
/// optional), and curly apostrophes and quotes match their straight forms. Words are
/// matched whole, case-insensitively, with any run of white space standing for one space.
public struct PhraseList: Sendable, Hashable {
    public let name: String
    public let patterns: [String]
    /// Unique within the process, so a lexicon finds a list's index by array lookup: rules
    /// ask for hits of a list many times per transcript, and hashing its name each time showed.
    let serial: Int
    /// Matched in a turn only when a rule first asks about it there, rather than in every
    /// block of every transcript: for lists of common words ("but", "use", "please") that
    /// rules consult only after something rarer has turned up in the conversation.
    public let onDemand: Bool

    public init(_ name: String, _ patterns: [String], onDemand: Bool = false) {
        self.name = name
        self.patterns = patterns
        self.onDemand = onDemand
        serial = Self.serials.next()
    }

    private static let serials = SerialNumbers()

    public static func == (left: PhraseList, right: PhraseList) -> Bool {
        left.name == right.name && left.patterns == right.patterns
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(patterns)
    }

    /// Every literal phrase the patterns stand for, normalised as the matcher folds text.
    public var expandedPhrases: [String] {
        foldedPhrases.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same as UTF-8 bytes, as the matcher compiles them: thousands of phrases expand at
    /// start-up, and a string per phrase showed there.
    var foldedPhrases: [[UInt8]] {
        var phrases: [[UInt8]] = []
        var buffer: [UInt8] = []
        for pattern in patterns {
            Self.expand(Array(pattern.utf8)[...], after: &buffer) { phrase in
                let folded = TextFolding.fold(bytes: phrase)
                if !folded.isEmpty { phrases.append(folded) }
            }
        }
        return phrases
    }

    /// Calls `body` with `buffer` followed by each phrase `pattern` stands for, in order:
    /// the first group's alternatives (which may hold groups), each followed by every
    /// expansion of the rest. One buffer grows and shrinks as it goes, with no array per
    /// partial phrase.
    private static func expand(_ pattern: ArraySlice<UInt8>, after buffer: inout [UInt8], then body: (inout [UInt8]) -> Void) {
        let mark = buffer.count
        defer { buffer.removeLast(buffer.count - mark) }
        var close: Int?
        var depth = 0
        let open = pattern.firstIndex(of: UInt8(ascii: "("))
        for index in (open ?? pattern.endIndex)..<pattern.endIndex {
            if pattern[index] == UInt8(ascii: "(") { depth += 1 }
            if pattern[index] == UInt8(ascii: ")") { depth -= 1 }
            if depth == 0 {
                close = index
                break
            }
        }
        guard let open, let close else {
            buffer.append(contentsOf: pattern)
            return body(&buffer)
        }
        buffer.append(contentsOf: pattern[pattern.startIndex..<open])
        var alternativeStart = open + 1
        depth = 0
        for index in alternativeStart...close {
            let byte = pattern[index]
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
            guard index == close || (byte == UInt8(ascii: "|") && depth == 0) else { continue }
            expand(pattern[alternativeStart..<index], after: &buffer) { buffer in
                expand(pattern[(close + 1)...], after: &buffer, then: body)
            }
            alternativeStart = index + 1
        }
    }
}

/// Hands out 0, 1, 2, … to any thread.
public final class SerialNumbers: @unchecked Sendable {
    private let lock = NSLock()
    private var last = -1

    public init() {}

    public func next() -> Int {
        lock.withLock {
            last += 1
            return last
        }
    }
}

/// The one normalisation shared by phrase compilation and matching: ASCII lower case,
/// curly apostrophes and quotes to straight ones, dashes to '-', white-space runs to one space.
public enum TextFolding {
    static func fold(bytes: [UInt8]) -> [UInt8] {
        // Phrases are written in lower case with single spaces, so nearly all of the thousands
        // folded at start-up fold to themselves: that is checked first, without building a copy.
        if let first = bytes.first, first != UInt8(ascii: " "), bytes.last != UInt8(ascii: " ") {
            var previousWasSpace = false
            var unchanged = true
            for byte in bytes {
                let isSpace = byte == UInt8(ascii: " ")
                if byte >= 0x80 || asciiFold(byte) != byte || (isSpace && previousWasSpace) {
                    unchanged = false
                    break
                }
                previousWasSpace = isSpace
            }
            if unchanged { return bytes }
        }
        // Folding never lengthens text: the output fits in the input's length.
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var previousWasSpace = true
        var index = 0
        while index < bytes.count {
            let (folded, width) = foldedByte(bytes, at: index)
            index += width
            if folded == UInt8(ascii: " ") {
                if previousWasSpace { continue }
                previousWasSpace = true
            } else {
                previousWasSpace = false
            }
            output.append(folded)
        }
        while output.last == UInt8(ascii: " ") { output.removeLast() }
        return output
    }

    /// The folded byte for the character at `index` and how many source bytes it spans.
    /// Characters without a folding pass through one byte at a time.
    @inline(__always)
    static func foldedByte<C: RandomAccessCollection>(_ bytes: C, at index: Int) -> (UInt8, Int)
    where C.Element == UInt8, C.Index == Int {
        let byte = bytes[index]
        if byte < 0x80 { return (asciiFold(byte), 1) }
        if byte == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80 {
            switch bytes[index + 2] {
            case 0x98, 0x99, 0x9B, 0xB2: return (UInt8(ascii: "'"), 3)
            case 0x9C, 0x9D, 0x9F, 0xB3: return (UInt8(ascii: "\""), 3)
            case 0x90, 0x91, 0x92, 0x93, 0x94: return (UInt8(ascii: "-"), 3)
            case 0xA8, 0xA9, 0x80...0x8A, 0xAF: return (UInt8(ascii: " "), 3)
            default: return (byte, 1)
            }
        }
        if byte == 0xC2, index + 1 < bytes.endIndex, bytes[index + 1] == 0xA0 { return (UInt8(ascii: " "), 2) }
        if byte == 0xCA, index + 1 < bytes.endIndex, bytes[index + 1] == 0xBC { return (UInt8(ascii: "'"), 2) }
        return (byte, 1)
    }

    /// Where the source of `length` folded bytes ending at `end` begins: `fold` run
    /// backwards. A space stands for the whole run of white space it was folded from, and
    /// the run's first character is where it starts. Exact on valid UTF-8, where a
    /// multi-byte folding is recognised the same from either side.
    static func start(ofFolded length: Int, endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Nearly always the source is ASCII without a run of white space (or white space where
        // the match begins), and folds byte for byte.
        if length <= end {
            var index = end - length
            var previousWasSpace = true
            while index < end {
                let byte = bytes[index]
                let isSpace = asciiFold(byte) == UInt8(ascii: " ")
                if byte >= 0x80 || (isSpace && previousWasSpace) { break }
                previousWasSpace = isSpace
                index += 1
            }
            if index == end { return end - length }
        }
        var position = end
        for _ in 0..<length {
            let (byte, span) = foldedByte(endingAt: position, in: bytes)
            position -= span
            guard byte == UInt8(ascii: " ") else { continue }
            while position > 0 {
                let (before, width) = foldedByte(endingAt: position, in: bytes)
                if before != UInt8(ascii: " ") { break }
                position -= width
            }
        }
        return position
    }

    /// `foldedByte` for the character that ends just before `end`.
    @inline(__always)
    private static func foldedByte(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (UInt8, Int) {
        if end >= 3, bytes[end - 3] == 0xE2 {
            let folded = foldedByte(bytes, at: end - 3)
            if folded.1 == 3 { return folded }
        }
        if end >= 2, bytes[end - 2] == 0xC2 || bytes[end - 2] == 0xCA {
            let folded = foldedByte(bytes, at: end - 2)
            if folded.1 == 2 { return folded }
        }
        return foldedByte(bytes, at: end - 1)
    }

    /// Lower case for letters, a space for tabs and line breaks. Arithmetic rather than a
    /// table: a global table costs a lazy-initialisation check on every byte.
    @inline(__always)
    static func asciiFold(_ byte: UInt8) -> UInt8 {
        if byte &- UInt8(ascii: "A") < 26 { return byte | 0x20 }
        if byte &- 0x09 < 5 { return UInt8(ascii: " ") }
        return byte
    }
}
