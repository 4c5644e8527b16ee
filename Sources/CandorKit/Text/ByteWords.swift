/// Eight bytes at a time: skipping runs of text that hold none of a few bytes of interest
/// (quotes, backticks, line breaks, a JSON string's escapes) costs about a third of a
/// byte-by-byte loop.
enum ByteWords {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` is zero (a byte that borrows when 1 is subtracted sets its high bit).
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool { (word &- lowBits) & ~word & highBits != 0 }

    @inline(__always)
    static func has(_ byte: UInt8, in word: UInt64) -> Bool { hasZeroByte(word ^ (lowBits &* UInt64(byte))) }

    /// Whether any byte of `word` is below `limit` (at most 0x80): such a byte borrows when `limit` is subtracted.
    @inline(__always)
    static func hasByte(below limit: UInt8, in word: UInt64) -> Bool { (word &- lowBits &* UInt64(limit)) & ~word & highBits != 0 }

    /// The first offset from `start` whose eight-byte word may hold a byte of interest, as
    /// `mayHold` judges the word; at most `end`, and the last few bytes are left to the caller.
    @inline(__always)
    static func skip(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, unless mayHold: (UInt64) -> Bool
    ) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var index = start
        while index + 8 <= end {
            if mayHold(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) { break }
            index += 8
        }
        return index
    }
}
