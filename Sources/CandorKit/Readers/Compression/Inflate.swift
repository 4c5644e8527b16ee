/// DEFLATE decompression (RFC 1951) in plain Swift, so CandorKit reads `.gz` and `.eval`
/// files without linking zlib. Output is capped: a small archive that claims gigabytes
/// (a zip bomb) stops with an error instead of exhausting memory.
public struct Inflate {
    /// Decodes one raw DEFLATE stream starting at `start`: the output up to the stream's end
    /// or to damage, and the offset just past the last byte used.
    public static func decompress(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0, limit: Int) -> (unpacked: Unpacked, end: Int) {
        var inflate = Inflate(input: input, position: start, limit: limit)
        do {
            try inflate.run()
        } catch {
            return (Unpacked(content: inflate.output, damage: error), inflate.bitsConsumedEnd)
        }
        return (Unpacked(content: inflate.output), inflate.bitsConsumedEnd)
    }

    private let input: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private let limit: Int
    private var output: [UInt8] = []

    private init(input: UnsafeBufferPointer<UInt8>, position: Int, limit: Int) {
        self.input = input
        self.position = position
        self.limit = limit
    }

    /// The first input byte not (even partly) used by the stream.
    private var bitsConsumedEnd: Int { position - bitCount / 8 }

    private func fail(_ expected: String) -> DecompressionError {
        DecompressionError(offset: min(bitsConsumedEnd, input.count), expected: expected)
    }

    private mutating func bits(_ count: Int) throws(DecompressionError) -> Int {
        while bitCount < count {
            guard position < input.count else { throw fail("more compressed data, found end of input") }
            bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    private mutating func run() throws(DecompressionError) {
        var isFinal = false
        while !isFinal {
            isFinal = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(literals: Self.fixedLiterals, distances: Self.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals: literals, distances: distances)
            default: throw fail("a DEFLATE block type of 0, 1 or 2")
            }
        }
    }

    private mutating func storedBlock() throws(DecompressionError) {
        // Stored blocks start on a byte boundary.
        bitBuffer >>= UInt64(bitCount % 8)
        bitCount -= bitCount % 8
        let length = try bits(16)
        let complement = try bits(16)
        guard length == ~complement & 0xFFFF else { throw fail("a stored block length and its complement") }
        // Whole bytes left in the bit buffer come first, then straight from the input.
        var remaining = length
        while remaining > 0, bitCount >= 8 {
            try append(UInt8(try bits(8)))
            remaining -= 1
        }
        guard position + remaining <= input.count else { throw fail("\(remaining) more bytes of a stored block, found end of input") }
        guard output.count + remaining <= limit else { throw fail("decompressed data no larger than \(limit) bytes") }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[position..<(position + remaining)]))
        position += remaining
    }

    private mutating func append(_ byte: UInt8) throws(DecompressionError) {
        guard output.count < limit else { throw fail("decompressed data no larger than \(limit) bytes") }
        output.append(byte)
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedLiterals = HuffmanTable(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })!
    static let fixedDistances = HuffmanTable(lengths: Array(repeating: 5, count: 30))!

    private mutating func huffmanBlock(literals: HuffmanTable, distances: HuffmanTable) throws(DecompressionError) {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                try append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < Self.lengthBase.count else { throw fail("a length code below 286") }
            let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
            let distanceIndex = try decode(distances)
            guard distanceIndex < Self.distanceBase.count else { throw fail("a distance code below 30") }
            let distance = Self.distanceBase[distanceIndex] + (try bits(Self.distanceExtra[distanceIndex]))
            guard distance <= output.count else { throw fail("a back-reference no further back than the data decoded so far") }
            guard output.count + length <= limit else { throw fail("decompressed data no larger than \(limit) bytes") }
            let from = output.count - distance
            // Copies byte by byte: a reference may overlap the bytes it produces.
            for offset in 0..<length { output.append(output[from + offset]) }
        }
    }

    private mutating func dynamicTables() throws(DecompressionError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw fail("at most 286 literal and 30 distance codes") }
        var codeLengthLengths = Array(repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[index]] = try bits(3) }
        guard let codeLengths = HuffmanTable(lengths: codeLengthLengths) else { throw fail("a valid code-length code") }
        var lengths: [Int] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengths)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw fail("a code length before a repeat code") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw fail("code lengths that end at the table boundary") }
        guard lengths[256] > 0 else { throw fail("a code for the end-of-block symbol") }
        guard let literals = HuffmanTable(lengths: Array(lengths[0..<literalCount])),
              let distances = HuffmanTable(lengths: Array(lengths[literalCount...]))
        else { throw fail("valid Huffman code lengths") }
        return (literals, distances)
    }

    private mutating func decode(_ table: HuffmanTable) throws(DecompressionError) -> Int {
        // Canonical decoding one bit at a time: simple and fast enough for transcripts.
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = table.counts[length]
            if code - first < count { return table.symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw fail("a valid Huffman code")
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct HuffmanTable: Sendable {
    var counts = Array(repeating: 0, count: 16)
    var symbols: [Int] = []

    /// Nil when the lengths over-subscribe the code space (an invalid code).
    init?(lengths: [Int]) {
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = (left << 1) - counts[length]
            if left < 0 { return nil }
        }
        var offsets = Array(repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = Array(repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }
}
