/// Compressed input that could not be unpacked: the byte offset in the compressed data and
/// what was expected there.
public struct DecompressionError: Error, Sendable, Equatable {
    public var offset: Int
    public var expected: String

    public init(offset: Int, expected: String) {
        self.offset = offset
        self.expected = expected
    }
}
