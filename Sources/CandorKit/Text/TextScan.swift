/// Byte-level questions about text positions: word boundaries, sentences, words.
/// All offsets are UTF-8 byte offsets into the text they were computed on.
public enum TextScan {
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || isDigit(byte)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Whether the character ending just before `offset` is a letter or digit.
    /// Non-ASCII characters count as word characters unless they are spaces, dashes,
    /// quotation marks or other general punctuation.
    static func isWordCharacter<C: RandomAccessCollection>(before offset: Int, in bytes: C) -> Bool
    where C.Element == UInt8, C.Index == Int {
        guard offset > bytes.startIndex else { return false }
        var lead = offset - 1
        while lead > bytes.startIndex, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        return isWordCharacter(at: lead, in: bytes)
    }

    static func isWordCharacter<C: RandomAccessCollection>(at offset: Int, in bytes: C) -> Bool
    where C.Element == UInt8, C.Index == Int {
        guard offset < bytes.endIndex else { return false }
        let byte = bytes[offset]
        if byte < 0x80 { return isASCIIWordByte(byte) }
        if byte == 0xE2, offset + 1 < bytes.endIndex, bytes[offset + 1] == 0x80 { return false }
        if byte == 0xC2 { return false }
        return byte >= 0xC0
    }

    /// A word of running text, lower-cased, with curly apostrophes made straight.
    public struct Word: Sendable, Hashable {
        public var text: String
        public var start: Int
        public var end: Int
    }

    /// The words in `range`: runs of letters and digits, joined by apostrophes or hyphens
    /// that stand between letters ("don't", "mix-up").
    public static func words(in bytes: [UInt8], range: Range<Int>? = nil) -> [Word] {
        var words: [Word] = []
        // Room for a word every six bytes up front: growing the array by doubling showed in profiles.
        words.reserveCapacity((range?.count ?? bytes.count) / 6 + 4)
        forEachWord(in: bytes, range: range) { folded, start, end in
            words.append(Word(text: String(decoding: folded, as: UTF8.self), start: start, end: end))
        }
        return words
    }

    /// Each word as `words` finds it, as folded bytes, without building a string per word.
    /// The folded bytes live in a scratch buffer reused for the next word: copy them to keep them.
    static func forEachWord(
        in bytes: [UInt8], range: Range<Int>? = nil,
        _ body: (_ folded: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Void
    ) {
        let range = range ?? 0..<bytes.count
        guard !range.isEmpty else { return }
        bytes.withUnsafeBufferPointer { bytes in
            // Folding never lengthens a word, so the range's length bounds any word in it.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { scratch in
                var length = 0
                var start = range.lowerBound
                var index = range.lowerBound
                func flush(at end: Int) {
                    if length > 0 {
                        body(UnsafeBufferPointer(rebasing: scratch[0..<length]), start, end)
                        length = 0
                    }
                }
                while index < range.upperBound {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        // The same steps as below, spelled out for ASCII, which is nearly all text.
                        if isASCIIWordByte(byte) {
                            if length == 0 { start = index }
                            scratch[length] = TextFolding.asciiFold(byte)
                            length += 1
                        } else if length > 0, isJoiner(byte),
                                  index + 1 < range.upperBound, isWordCharacter(at: index + 1, in: bytes) {
                            scratch[length] = byte
                            length += 1
                        } else {
                            flush(at: index)
                        }
                        index += 1
                        continue
                    }
                    let (folded, width) = TextFolding.foldedByte(bytes, at: index)
                    let joins = length > 0 && isJoiner(folded)
                        && index + width < range.upperBound && isWordCharacter(at: index + width, in: bytes)
                    if joins || isWordCharacter(at: index, in: bytes) {
                        if length == 0 { start = index }
                        scratch[length] = folded
                        length += 1
                    } else {
                        flush(at: index)
                    }
                    index += width
                    if folded >= 0x80 {
                        // The rest of a multi-byte character: kept with a letter, skipped otherwise.
                        while index < range.upperBound, bytes[index] & 0xC0 == 0x80 {
                            if length > 0 {
                                scratch[length] = bytes[index]
                                length += 1
                            }
                            index += 1
                        }
                    }
                }
                flush(at: range.upperBound)
            }
        }
    }

    /// An apostrophe or hyphen (as folded): kept inside a word when a word character follows.
    @inline(__always)
    static func isJoiner(_ folded: UInt8) -> Bool { folded == UInt8(ascii: "'") || folded == UInt8(ascii: "-") }

    /// Whether `word`, a word as `forEachWord` yields it (from any text), is one of the words
    /// it finds in `range` of `bytes`: the same answer as splitting the range into words,
    /// from a search for the word's first byte, eight bytes at a time (`ByteWords`), that
    /// reads the text as `forEachWord` would only where that byte matches.
    static func holdsWord(_ word: ArraySlice<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard let first = word.first, word.count <= range.count else { return false }
        // A word starts with a word character: an ASCII letter or digit, a non-ASCII character
        // that folds to itself, or "ʼ", which folds to an apostrophe. Both cases of an ASCII
        // letter have its bits once 0x20 is set; so have a few control characters, which
        // the reading that follows turns away.
        let anchor = first == UInt8(ascii: "'") ? 0xCA : first
        let caseBit: UInt8 = anchor < 0x80 ? 0x20 : 0
        let anchorBits = anchor | caseBit
        // Most places where the first byte matches are other words: when the second character
        // is an ASCII letter or digit too, its byte turns them away before the full reading.
        let second = word.count > 1 && anchor < 0x80 ? word[word.startIndex + 1] : 0
        let secondBits: UInt8? = isASCIIWordByte(second) ? second | 0x20 : nil
        let startsEnd = range.upperBound - word.count + 1
        var start = range.lowerBound
        while start < startsEnd {
            start = ByteWords.first(in: bytes, from: start, to: startsEnd) {
                ByteWords.marks(of: anchorBits, in: $0 | ByteWords.lowBits &* UInt64(caseBit))
            }
            while start < startsEnd, bytes[start] | caseBit != anchorBits { start += 1 }
            guard start < startsEnd else { return false }
            if secondBits == nil || bytes[start + 1] | 0x20 == secondBits,
               let end = wordEnd(matching: word, at: start, in: bytes, range: range),
               startsWord(at: start, in: bytes, range: range), endsWord(at: end, in: bytes, range: range) { return true }
            start += 1
        }
        return false
    }

    /// Where the text from `start` ends if it folds to `word` and `forEachWord` would keep
    /// every character of it in one word; nil otherwise.
    private static func wordEnd(matching word: ArraySlice<UInt8>, at start: Int, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int? {
        var index = start
        var position = word.startIndex
        while position < word.endIndex {
            guard index < range.upperBound else { return nil }
            let (folded, width) = TextFolding.foldedByte(bytes, at: index)
            guard folded == word[position] else { return nil }
            // Kept: a word character, or past the first an apostrophe or hyphen before one.
            if !isWordCharacter(at: index, in: bytes) {
                guard index > start, isJoiner(folded), index + width < range.upperBound, isWordCharacter(at: index + width, in: bytes) else { return nil }
            }
            index += width
            position += 1
            // The rest of a multi-byte character that folds to itself, as it stands.
            if folded >= 0x80 {
                while index < range.upperBound, bytes[index] & 0xC0 == 0x80 {
                    guard position < word.endIndex, word[position] == bytes[index] else { return nil }
                    index += 1
                    position += 1
                }
            }
        }
        return index
    }

    /// Whether `forEachWord` starts a word at `start`, which holds a word character: the
    /// character before it is not one, nor an apostrophe or hyphen joining a word to it.
    private static func startsWord(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard start > range.lowerBound else { return true }
        var lead = start - 1
        while lead > range.lowerBound, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        if isWordCharacter(at: lead, in: bytes) { return false }
        let (folded, width) = TextFolding.foldedByte(bytes, at: lead)
        let joins = lead + width == start && isJoiner(folded)
        return !(joins && lead > range.lowerBound && isWordCharacter(before: lead, in: bytes))
    }

    /// Whether `forEachWord` ends a word at `end`, just past a word character: the next
    /// character is not a word character, nor an apostrophe or hyphen followed by one.
    private static func endsWord(at end: Int, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard end < range.upperBound else { return true }
        if isWordCharacter(at: end, in: bytes) { return false }
        let (folded, width) = TextFolding.foldedByte(bytes, at: end)
        return !(isJoiner(folded) && end + width < range.upperBound && isWordCharacter(at: end + width, in: bytes))
    }

    /// A 64-bit FNV-1a key for a folded word: `WordKeys` of these stand in for sets of strings
    /// where a whole turn's vocabulary is needed (a collision is vanishingly unlikely).
    static func wordKey<C: Sequence>(_ folded: C) -> UInt64 where C.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in folded { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The sentence around `offset`: it starts after the previous terminator (`.`, `!`, `?`
    /// followed by white space) or line break, and ends after the next one.
    public static func sentence(around offset: Int, in bytes: [UInt8]) -> Range<Int> {
        let start = sentenceStart(around: offset, in: bytes)
        var end = max(offset, start)
        while end < bytes.count {
            let byte = bytes[end]
            if byte == 0x0A { break }
            if isTerminator(byte), end + 1 >= bytes.count || isSpace(bytes[end + 1]) {
                end += 1
                // Keep closing quotes and brackets with their sentence.
                while end < bytes.count, bytes[end] == UInt8(ascii: ")") || bytes[end] == UInt8(ascii: "\"") { end += 1 }
                break
            }
            end += 1
        }
        return start..<end
    }

    /// Each sentence of `range` in order, as `sentence(around:in:)` finds them, until `body`
    /// returns false.
    public static func forEachSentence(in range: Range<Int>, of bytes: [UInt8], _ body: (Range<Int>) -> Bool) {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let sentence = self.sentence(around: offset, in: bytes)
            offset = max(sentence.upperBound, offset) + 1
            if !body(sentence) { return }
        }
    }

    /// Where `sentence(around:in:)` starts, without looking for its end: for callers that
    /// need only the start, on texts whose sentences run long.
    public static func sentenceStart(around offset: Int, in bytes: [UInt8]) -> Int {
        var start = min(offset, bytes.count)
        while start > 0 {
            let previous = bytes[start - 1]
            if previous == 0x0A { break }
            if isSpace(previous), start >= 2, isTerminator(bytes[start - 2]) { break }
            start -= 1
        }
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        return start
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    static func isTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
    }
}

extension TextScan {
    /// Where the clause holding `offset` starts: after the last comma, semicolon, colon,
    /// bracket or dash before it in `sentence`.
    public static func clauseStart(before offset: Int, within sentence: Range<Int>, in bytes: [UInt8]) -> Int {
        var index = offset
        while index > sentence.lowerBound {
            let previous = bytes[index - 1]
            switch previous {
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return index
            case 0x93 where index >= 3 && bytes[index - 3] == 0xE2 && bytes[index - 2] == 0x80,
                 0x94 where index >= 3 && bytes[index - 3] == 0xE2 && bytes[index - 2] == 0x80:
                return index
            default:
                index -= 1
            }
        }
        return sentence.lowerBound
    }

    /// Where the clause starting at `offset` ends: at the next comma, semicolon, colon,
    /// bracket or dash, or at the end of `sentence`.
    public static func clauseEnd(after offset: Int, within sentence: Range<Int>, in bytes: [UInt8]) -> Int {
        var index = offset
        while index < sentence.upperBound {
            switch bytes[index] {
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"):
                return index
            case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                if index + 1 >= bytes.count || isSpace(bytes[index + 1]) { return index }
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94):
                return index
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: " ") && index > 0 && bytes[index - 1] == UInt8(ascii: " "):
                return index
            default:
                break
            }
            index += 1
        }
        return sentence.upperBound
    }
}

/// The words of a text as a set of `TextScan.wordKey`s: a whole turn's vocabulary, asked a
/// few questions each. A flat table of keys costs far less than a `Set` of strings.
public struct WordKeys: Sendable {
    /// Open addressing with linear probing, twice as many slots as keys (a power of two);
    /// zero marks an empty slot, so a key of zero is kept aside. Sorting the keys to search
    /// them took a third of the time of building a turn's vocabulary.
    private let slots: [UInt64]
    private let holdsZero: Bool
    private let shift: UInt64

    /// The words of `bytes` within `ranges` (all of it by default) whose folded form has at
    /// least `minimumBytes` bytes.
    init(_ bytes: [UInt8], in ranges: [Range<Int>]? = nil, minimumBytes: Int = 1) {
        var keys: [UInt64] = []
        keys.reserveCapacity((ranges?.reduce(0) { $0 + $1.count } ?? bytes.count) / 6 + 4)
        for range in ranges ?? [0..<bytes.count] {
            TextScan.forEachWord(in: bytes, range: range) { folded, _, _ in
                if folded.count >= minimumBytes { keys.append(TextScan.wordKey(folded)) }
            }
        }
        self.init(keys: keys)
    }

    init(keys: [UInt64]) {
        var bits: UInt64 = 3
        while 1 << bits < 2 * keys.count { bits += 1 }
        let shift = 64 - bits
        let mask = (1 << bits) - 1
        var slots = [UInt64].filled(with: 0, count: 1 << bits)
        var holdsZero = false
        for key in keys {
            if key == 0 {
                holdsZero = true
                continue
            }
            var slot = Int(truncatingIfNeeded: Self.spread(key) >> shift)
            while slots[slot] != 0, slots[slot] != key { slot = (slot + 1) & mask }
            slots[slot] = key
        }
        self.slots = slots
        self.holdsZero = holdsZero
        self.shift = shift
    }

    /// The keys of words given as folded text.
    init(words: some Sequence<String>) {
        self.init(keys: words.map { TextScan.wordKey($0.utf8) })
    }

    public func contains(_ key: UInt64) -> Bool {
        if key == 0 { return holdsZero }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.spread(key) >> shift)
        while true {
            let held = slots[slot]
            if held == key { return true }
            if held == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    /// Fibonacci hashing: the key's top bits after multiplying pick its first slot.
    @inline(__always)
    private static func spread(_ key: UInt64) -> UInt64 { key &* 0x9E37_79B9_7F4A_7C15 }
}
