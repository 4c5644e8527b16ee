/// Zstandard decompression (RFC 8878) in plain Swift: Inspect writes the entries of its `.eval`
/// logs with it. Frames without a dictionary; the content checksum is skipped, as the ZIP entry's
/// CRC-32 covers the same bytes. Output is capped as `Inflate`'s is.
public struct Zstandard {
    /// Decodes every frame in `input`: the output up to the end or to damage.
    public static func decompress(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> Unpacked {
        var decoder = Zstandard(input: input, limit: limit)
        do {
            try decoder.run()
        } catch {
            return Unpacked(content: decoder.output, damage: error)
        }
        return Unpacked(content: decoder.output)
    }

    private let input: UnsafeBufferPointer<UInt8>
    private let limit: Int
    private var position = 0
    private var output: [UInt8] = []
    // What a compressed block may reuse from the blocks before it in the frame.
    private var huffman: LiteralsCode?
    private var literalLengths: FSETable?
    private var offsets: FSETable?
    private var matchLengths: FSETable?
    private var repeats = [1, 4, 8]

    private init(input: UnsafeBufferPointer<UInt8>, limit: Int) {
        self.input = input
        self.limit = limit
        output.reserveCapacity(min(limit, input.count * 4))
    }

    private func fail(_ expected: String, at offset: Int? = nil) -> DecompressionError {
        DecompressionError(offset: min(offset ?? position, input.count), expected: expected)
    }

    private mutating func byte() throws(DecompressionError) -> Int {
        guard position < input.count else { throw fail("more Zstandard data, found end of input") }
        defer { position += 1 }
        return Int(input[position])
    }

    private mutating func littleEndian(_ count: Int) throws(DecompressionError) -> Int {
        var value = 0
        for index in 0..<count { value |= try byte() << (8 * index) }
        return value
    }

    private mutating func run() throws(DecompressionError) {
        guard !input.isEmpty else { throw fail("a Zstandard frame, found no data") }
        while position < input.count {
            let magic = try littleEndian(4)
            if magic & 0xFFFF_FFF0 == 0x184D_2A50 {
                position += try littleEndian(4)
                continue
            }
            guard magic == 0xFD2F_B528 else { throw fail("a Zstandard frame (magic number 28 B5 2F FD)", at: position - 4) }
            try frame()
        }
    }

    private mutating func frame() throws(DecompressionError) {
        let descriptor = try byte()
        guard descriptor & 0x08 == 0 else { throw fail("a frame header with its reserved bit clear", at: position - 1) }
        let singleSegment = descriptor & 0x20 != 0
        if !singleSegment { _ = try byte() }
        let dictionaryBytes = [0, 1, 2, 4][descriptor & 3]
        guard try littleEndian(dictionaryBytes) == 0 else { throw fail("a frame without a dictionary", at: position - dictionaryBytes) }
        position += [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]
        huffman = nil
        literalLengths = nil
        offsets = nil
        matchLengths = nil
        repeats = [1, 4, 8]
        var last = false
        while !last {
            let header = try littleEndian(3)
            last = header & 1 != 0
            let size = header >> 3
            switch (header >> 1) & 3 {
            case 0:
                guard position + size <= input.count else { throw fail("\(size) bytes of a raw block, found end of input") }
                try reserve(size)
                output.append(contentsOf: input[position..<(position + size)])
                position += size
            case 1:
                let value = UInt8(try byte())
                try reserve(size)
                output.append(contentsOf: repeatElement(value, count: size))
            case 2:
                guard position + size <= input.count else { throw fail("\(size) bytes of a compressed block, found end of input") }
                let end = position + size
                try compressedBlock(end: end)
                position = end
            default:
                throw fail("a block type of 0, 1 or 2", at: position - 3)
            }
        }
        if descriptor & 0x04 != 0 { position += 4 }
        guard position <= input.count else { throw fail("a frame's 4-byte checksum, found end of input") }
    }

    private func reserve(_ count: Int) throws(DecompressionError) {
        guard output.count + count <= limit else { throw fail("decompressed data no larger than \(limit) bytes") }
    }

    // MARK: - Literals

    private mutating func compressedBlock(end: Int) throws(DecompressionError) {
        let literals = try literalsSection(end: end)
        try sequencesSection(literals: literals, end: end)
    }

    private mutating func literalsSection(end: Int) throws(DecompressionError) -> [UInt8] {
        let first = try byte()
        let type = first & 3
        let sizeFormat = (first >> 2) & 3
        if type < 2 {
            var size = first >> 3
            if sizeFormat == 1 {
                let b1 = try byte()
                size = (first >> 4) + (b1 << 4)
            } else if sizeFormat == 3 {
                let b1 = try byte(), b2 = try byte()
                size = (first >> 4) + (b1 << 4) + (b2 << 12)
            }
            try reserve(size)
            if type == 1 {
                let value = UInt8(try byte())
                return Array(repeating: value, count: size)
            }
            guard position + size <= end else { throw fail("\(size) raw literal bytes within the block") }
            defer { position += size }
            return Array(input[position..<(position + size)])
        }
        let regenerated: Int
        let compressed: Int
        switch sizeFormat {
        case 0, 1:
            let b1 = try byte(), b2 = try byte()
            regenerated = (first >> 4) + ((b1 & 0x3F) << 4)
            compressed = (b1 >> 6) + (b2 << 2)
        case 2:
            let b1 = try byte(), b2 = try byte(), b3 = try byte()
            regenerated = (first >> 4) + (b1 << 4) + ((b2 & 3) << 12)
            compressed = (b2 >> 2) + (b3 << 6)
        default:
            let b1 = try byte(), b2 = try byte(), b3 = try byte(), b4 = try byte()
            regenerated = (first >> 4) + (b1 << 4) + ((b2 & 0x3F) << 12)
            compressed = (b2 >> 6) + (b3 << 2) + (b4 << 10)
        }
        try reserve(regenerated)
        let streamsEnd = position + compressed
        guard streamsEnd <= end else { throw fail("\(compressed) bytes of compressed literals within the block") }
        if type == 2 { huffman = try huffmanTable(end: streamsEnd) }
        guard let table = huffman else { throw fail("a Huffman table to reuse, found none earlier in the frame") }
        var literals: [UInt8] = []
        literals.reserveCapacity(regenerated)
        if sizeFormat == 0 {
            try table.decode(stream: position..<streamsEnd, in: input, count: regenerated, into: &literals)
        } else {
            guard position + 6 <= streamsEnd else { throw fail("a jump table of 4 literal streams") }
            var sizes: [Int] = []
            for _ in 0..<3 { sizes.append(try littleEndian(2)) }
            let perStream = (regenerated + 3) / 4
            guard regenerated >= 3 * perStream else { throw fail("at least as many literals as 4 streams share") }
            var start = position
            for index in 0..<4 {
                let streamEnd = index < 3 ? start + sizes[index] : streamsEnd
                guard streamEnd <= streamsEnd, start < streamEnd else { throw fail("literal stream \(index + 1) within its block", at: start) }
                let count = index < 3 ? perStream : regenerated - 3 * perStream
                try table.decode(stream: start..<streamEnd, in: input, count: count, into: &literals)
                start = streamEnd
            }
        }
        position = streamsEnd
        return literals
    }

    private mutating func huffmanTable(end: Int) throws(DecompressionError) -> LiteralsCode {
        let header = try byte()
        var weights: [Int] = []
        if header >= 128 {
            let count = header - 127
            let bytes = (count + 1) / 2
            guard position + bytes <= end else { throw fail("\(count) Huffman weights within the block") }
            for index in 0..<count {
                let packed = Int(input[position + index / 2])
                weights.append(index % 2 == 0 ? packed >> 4 : packed & 0xF)
            }
            position += bytes
        } else {
            let weightsEnd = position + header
            guard weightsEnd <= end else { throw fail("\(header) bytes of Huffman weights within the block") }
            var reader = ForwardBits(input: input, start: position, end: weightsEnd)
            let table = try FSETable(description: &reader, maximumSymbol: 255, maximumAccuracy: 6)
            var bits = try BackwardBits(input: input, range: reader.nextByte..<weightsEnd)
            var states = [table.initialState(&bits), table.initialState(&bits)]
            // The two states take turns; once the stream is read past its start, the other
            // state's symbol is the last weight.
            var turn = 0
            while true {
                weights.append(table.symbol(states[turn]))
                table.update(&states[turn], &bits)
                turn ^= 1
                if bits.isOverflowed {
                    weights.append(table.symbol(states[turn]))
                    break
                }
                guard weights.count < 255 else { throw fail("at most 255 Huffman weights", at: weightsEnd) }
            }
            guard weights.count <= 255 else { throw fail("at most 255 Huffman weights", at: weightsEnd) }
            position = weightsEnd
        }
        guard let table = LiteralsCode(weights: weights) else { throw fail("Huffman weights that make a complete code", at: position - 1) }
        return table
    }

    // MARK: - Sequences

    private mutating func sequencesSection(literals: [UInt8], end: Int) throws(DecompressionError) {
        var count = 0
        if position < end { count = try byte() }
        if count == 255 {
            count = try littleEndian(2) + 0x7F00
        } else if count >= 128 {
            let low = try byte()
            count = ((count - 128) << 8) + low
        }
        guard count > 0 else {
            try reserve(literals.count)
            output.append(contentsOf: literals)
            return
        }
        let modes = try byte()
        literalLengths = try fseTable(mode: modes >> 6, previous: literalLengths, predefined: .literalLengths, maximumSymbol: 35, maximumAccuracy: 9, end: end)
        offsets = try fseTable(mode: (modes >> 4) & 3, previous: offsets, predefined: .offsets, maximumSymbol: 31, maximumAccuracy: 8, end: end)
        matchLengths = try fseTable(mode: (modes >> 2) & 3, previous: matchLengths, predefined: .matchLengths, maximumSymbol: 52, maximumAccuracy: 9, end: end)
        guard let literalLengths, let offsets, let matchLengths else { return }
        guard position < end else { throw fail("a sequence bitstream within the block") }
        var bits = try BackwardBits(input: input, range: position..<end)
        var literalState = literalLengths.initialState(&bits)
        var offsetState = offsets.initialState(&bits)
        var matchState = matchLengths.initialState(&bits)
        var literal = 0
        for sequence in 0..<count {
            let offsetCode = offsets.symbol(offsetState)
            let matchCode = matchLengths.symbol(matchState)
            let literalCode = literalLengths.symbol(literalState)
            var offsetValue = (1 << offsetCode) + bits.read(offsetCode)
            let matchLength = Self.matchBase[matchCode] + bits.read(Self.matchExtraBits[matchCode])
            let literalLength = Self.literalBase[literalCode] + bits.read(Self.literalExtraBits[literalCode])
            if sequence < count - 1 {
                literalLengths.update(&literalState, &bits)
                matchLengths.update(&matchState, &bits)
                offsets.update(&offsetState, &bits)
            }
            let offset: Int
            if offsetValue > 3 {
                offset = offsetValue - 3
                repeats = [offset, repeats[0], repeats[1]]
            } else {
                if literalLength == 0 { offsetValue += 1 }
                switch offsetValue {
                case 1: offset = repeats[0]
                case 2: offset = repeats[1]; repeats = [offset, repeats[0], repeats[2]]
                case 3: offset = repeats[2]; repeats = [offset, repeats[0], repeats[1]]
                default: offset = repeats[0] - 1; repeats = [offset, repeats[0], repeats[1]]
                }
            }
            guard literal + literalLength <= literals.count else { throw fail("a sequence within the block's literals") }
            try reserve(literalLength + matchLength)
            output.append(contentsOf: literals[literal..<(literal + literalLength)])
            literal += literalLength
            guard offset > 0, offset <= output.count else { throw fail("a match offset within the data decoded so far") }
            let from = output.count - offset
            for index in 0..<matchLength { output.append(output[from + index]) }
        }
        guard !bits.isOverflowed else { throw fail("sequences that end with their bitstream", at: end) }
        try reserve(literals.count - literal)
        output.append(contentsOf: literals[literal...])
        position = end
    }

    private mutating func fseTable(
        mode: Int, previous: FSETable?, predefined: FSETable, maximumSymbol: Int, maximumAccuracy: Int, end: Int
    ) throws(DecompressionError) -> FSETable {
        switch mode {
        case 0:
            return predefined
        case 1:
            let symbol = try byte()
            guard symbol <= maximumSymbol else { throw fail("a repeated code of at most \(maximumSymbol)", at: position - 1) }
            return FSETable(single: symbol)
        case 2:
            var reader = ForwardBits(input: input, start: position, end: end)
            let table = try FSETable(description: &reader, maximumSymbol: maximumSymbol, maximumAccuracy: maximumAccuracy)
            position = reader.nextByte
            return table
        default:
            guard let previous else { throw fail("an earlier table to repeat", at: position - 1) }
            return previous
        }
    }

    static let literalBase = Array(0..<16) + [16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]
    static let literalExtraBits = Array(repeating: 0, count: 16) + [1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    static let matchBase = Array(3..<35) + [35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539]
    static let matchExtraBits = Array(repeating: 0, count: 32) + [1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
}

// MARK: - Bit streams

/// Bits read from the low end of each byte upward, first byte first: FSE table descriptions.
private struct ForwardBits {
    let input: UnsafeBufferPointer<UInt8>
    let end: Int
    private var bit: Int

    init(input: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        self.input = input
        self.end = end
        bit = start * 8
    }

    /// The first byte after the bits read.
    var nextByte: Int { (bit + 7) / 8 }

    func peek(_ count: Int) -> Int {
        var value = 0
        for index in 0..<count {
            let at = bit + index
            if at / 8 < end { value |= Int((input[at / 8] >> UInt8(at % 8)) & 1) << index }
        }
        return value
    }

    mutating func skip(_ count: Int) throws(DecompressionError) {
        bit += count
        guard nextByte <= end else { throw DecompressionError(offset: end, expected: "a complete FSE table description") }
    }
}

/// Bits read from the end of a stream backward, most significant first, after the last byte's
/// highest set bit: Huffman streams, FSE-coded weights and sequences. Reading past the start
/// gives zeros and marks the stream overflowed.
private struct BackwardBits {
    let input: UnsafeBufferPointer<UInt8>
    let start: Int
    private var remaining: Int

    init(input: UnsafeBufferPointer<UInt8>, range: Range<Int>) throws(DecompressionError) {
        guard let last = range.last, input[last] != 0 else {
            throw DecompressionError(offset: range.upperBound, expected: "a bitstream ending in a byte with its end marker")
        }
        self.input = input
        start = range.lowerBound
        remaining = (range.count - 1) * 8 + (7 - input[last].leadingZeroBitCount)
    }

    var isOverflowed: Bool { remaining < 0 }
    var isEmpty: Bool { remaining == 0 }

    /// The `count` (at most 32) bits below the read position, as a number.
    func peek(_ count: Int) -> Int {
        guard count > 0, remaining > 0 else { return 0 }
        let low = remaining - count
        let from = max(low, 0)
        var word: UInt64 = 0
        for index in stride(from: (remaining - 1) >> 3, through: from >> 3, by: -1) {
            word = word << 8 | UInt64(input[start + index])
        }
        let available = remaining - from
        let bits = Int((word >> UInt64(from & 7)) & ((1 << UInt64(available)) - 1))
        return bits << (from - low)
    }

    mutating func read(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        defer { remaining -= count }
        return peek(count)
    }

    mutating func skip(_ count: Int) { remaining -= count }
}

// MARK: - Tables

/// A finite-state-entropy decoding table: per state, the symbol, and how the next state is read.
private struct FSETable {
    private var symbols: [Int]
    private var bitCounts: [Int]
    private var baselines: [Int]
    private let accuracy: Int

    init(single symbol: Int) {
        symbols = [symbol]
        bitCounts = [0]
        baselines = [0]
        accuracy = 0
    }

    init(description bits: inout ForwardBits, maximumSymbol: Int, maximumAccuracy: Int) throws(DecompressionError) {
        let accuracy = bits.peek(4) + 5
        try bits.skip(4)
        guard accuracy <= maximumAccuracy else {
            throw DecompressionError(offset: bits.nextByte, expected: "an FSE accuracy of at most \(maximumAccuracy)")
        }
        var counts: [Int] = []
        var remaining = (1 << accuracy) + 1
        var threshold = 1 << accuracy
        var width = accuracy + 1
        while remaining > 1 {
            guard counts.count <= maximumSymbol else {
                throw DecompressionError(offset: bits.nextByte, expected: "FSE probabilities for at most \(maximumSymbol + 1) symbols")
            }
            let most = 2 * threshold - 1 - remaining
            var count: Int
            if bits.peek(width - 1) < most {
                count = bits.peek(width - 1)
                try bits.skip(width - 1)
            } else {
                count = bits.peek(width)
                if count >= threshold { count -= most }
                try bits.skip(width)
            }
            count -= 1
            remaining -= abs(count)
            counts.append(count)
            if count == 0 {
                // Runs of zero-probability symbols: two bits each, 3 meaning "three more, and read on".
                var run = 3
                while run == 3 {
                    run = bits.peek(2)
                    try bits.skip(2)
                    counts.append(contentsOf: repeatElement(0, count: run))
                }
            }
            while remaining < threshold, threshold > 1 {
                width -= 1
                threshold >>= 1
            }
        }
        guard remaining == 1, counts.count <= maximumSymbol + 1 else {
            throw DecompressionError(offset: bits.nextByte, expected: "FSE probabilities that fill the table")
        }
        self.init(counts: counts, accuracy: accuracy)
    }

    init(counts: [Int], accuracy: Int) {
        self.accuracy = accuracy
        let size = 1 << accuracy
        symbols = Array(repeating: 0, count: size)
        var high = size - 1
        for (symbol, count) in counts.enumerated() where count == -1 {
            symbols[high] = symbol
            high -= 1
        }
        var spot = 0
        let step = (size >> 1) + (size >> 3) + 3
        for (symbol, count) in counts.enumerated() where count > 0 {
            for _ in 0..<count {
                symbols[spot] = symbol
                repeat { spot = (spot + step) & (size - 1) } while spot > high
            }
        }
        var next = counts.map { $0 == -1 ? 1 : $0 }
        bitCounts = Array(repeating: 0, count: size)
        baselines = Array(repeating: 0, count: size)
        for state in 0..<size {
            let symbol = symbols[state]
            let value = next[symbol]
            next[symbol] += 1
            let width = accuracy - (Int.bitWidth - 1 - value.leadingZeroBitCount)
            bitCounts[state] = width
            baselines[state] = (value << width) - size
        }
    }

    func initialState(_ bits: inout BackwardBits) -> Int { bits.read(accuracy) }
    func symbol(_ state: Int) -> Int { symbols[state] }
    func update(_ state: inout Int, _ bits: inout BackwardBits) { state = baselines[state] + bits.read(bitCounts[state]) }

    static let literalLengths = FSETable(counts: [
        4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1,
    ], accuracy: 6)
    static let matchLengths = FSETable(counts: [
        1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
    ], accuracy: 6)
    static let offsets = FSETable(counts: [
        1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    ], accuracy: 5)
}

/// A Huffman decoding table over the next `maximumBits` bits: per value, the symbol and its code length.
private struct LiteralsCode {
    private var symbols: [UInt8]
    private var lengths: [Int]
    private let maximumBits: Int

    /// The last symbol's weight is implied: what brings the total to a power of two.
    init?(weights given: [Int]) {
        guard !given.isEmpty, given.allSatisfy({ $0 <= 11 }) else { return nil }
        let total = given.reduce(0) { $0 + ($1 > 0 ? 1 << ($1 - 1) : 0) }
        guard total > 0 else { return nil }
        let maximumBits = Int.bitWidth - total.leadingZeroBitCount
        let rest = (1 << maximumBits) - total
        guard rest > 0, rest & (rest - 1) == 0, maximumBits <= 11 else { return nil }
        let weights = given + [Int.bitWidth - rest.leadingZeroBitCount]
        self.maximumBits = maximumBits
        let size = 1 << maximumBits
        symbols = Array(repeating: 0, count: size)
        lengths = Array(repeating: 0, count: size)
        var spot = 0
        for weight in 1...(maximumBits + 1) {
            for (symbol, symbolWeight) in weights.enumerated() where symbolWeight == weight {
                let span = 1 << (weight - 1)
                guard spot + span <= size else { return nil }
                for index in spot..<(spot + span) {
                    symbols[index] = UInt8(symbol)
                    lengths[index] = maximumBits + 1 - weight
                }
                spot += span
            }
        }
        guard spot == size else { return nil }
    }

    func decode(stream: Range<Int>, in input: UnsafeBufferPointer<UInt8>, count: Int, into literals: inout [UInt8]) throws(DecompressionError) {
        var bits = try BackwardBits(input: input, range: stream)
        for _ in 0..<count {
            let value = bits.peek(maximumBits)
            literals.append(symbols[value])
            bits.skip(lengths[value])
        }
        guard bits.isEmpty else { throw DecompressionError(offset: stream.lowerBound, expected: "a Huffman stream that ends with its literals") }
    }
}
