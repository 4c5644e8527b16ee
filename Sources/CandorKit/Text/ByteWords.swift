/// Eight bytes at a time: skipping runs of text that hold none of a few bytes of interest
/// (quotes, backticks, line breaks, a JSON string's escapes) costs about a third of a
/// byte-by-byte loop.
enum ByteWords {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each zero byte of `word` (a byte that borrows when 1 is subtracted sets
    /// its high bit). Exact up to the first zero byte; the borrow may also mark a 0x01 above it.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- lowBits) & ~word & highBits }

    /// The high bit of each byte of `word` equal to `byte`, exact up to the first (see `zeroBytes`).
    @inline(__always)
    static func marks(of byte: UInt8, in word: UInt64) -> UInt64 { zeroBytes(word ^ (lowBits &* UInt64(byte))) }

    @inline(__always)
    static func has(_ byte: UInt8, in word: UInt64) -> Bool { marks(of: byte, in: word) != 0 }

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

    /// The offset of the first byte from `start` that `marks` flags in its word (a word's
    /// lowest flag must be exact, as `marks(of:in:)` gives), or, with none flagged, where the
    /// last whole word before `end` ends: the last few bytes are left to the caller. For
    /// callers that need the position only; `skip` is for those that read the word's bytes.
    @inline(__always)
    static func first(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, marks: (UInt64) -> UInt64
    ) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var index = start
        while index + 8 <= end {
            // Little-endian, the lowest bit belongs to the first byte.
            let flagged = marks(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
            if flagged != 0 { return index + flagged.trailingZeroBitCount >> 3 }
            index += 8
        }
        return index
    }
}
