/// Compressed input that could not be unpacked: the byte offset in the compressed data and
/// what was expected there.
public struct DecompressionError: Error, Sendable, Equatable {
    public var offset: Int
    public var expected: String
    /// Intact data in a compression this reader does not decode: unreadable, not damaged.
    public var isUnsupported: Bool

    public init(offset: Int, expected: String, isUnsupported: Bool = false) {
        self.offset = offset
        self.expected = expected
        self.isUnsupported = isUnsupported
    }
}

/// What unpacking gave: everything decoded before any damage, and the damage. A cut or
/// damaged file still holds the records before the damage, and they are read.
public struct Unpacked: Sendable, Equatable {
    public var content: [UInt8]
    public var damage: DecompressionError?
    /// Whether decoding stopped at the damage, so the content ends mid-stream; a checksum
    /// that does not match whole content leaves it uncut.
    public var isCut: Bool

    public init(content: [UInt8], damage: DecompressionError? = nil, isCut: Bool? = nil) {
        self.content = content
        self.damage = damage
        self.isCut = isCut ?? (damage != nil)
    }
}
