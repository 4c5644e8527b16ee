/// Reads ZIP archives (`.eval` logs, export archives) through the central directory:
/// stored and DEFLATE entries, CRC-checked. ZIP64 and encryption are reported, not guessed at.
public struct ZipArchive {
    public struct Entry: Sendable {
        public var name: String
        var method: Int
        var compressedSize: Int
        var uncompressedSize: Int
        var crc: UInt32
        var localHeaderOffset: Int
        var flags: Int
    }

    public let entries: [Entry]
    private let bytes: UnsafeBufferPointer<UInt8>

    public static func isZip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// Reads the central directory; `bytes` must outlive the archive.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecompressionError) {
        self.bytes = bytes
        let end = try Self.endOfCentralDirectory(bytes)
        let count = Self.uint16(bytes, end + 10)
        let directorySize = Int(Self.uint32(bytes, end + 12))
        var position = Int(Self.uint32(bytes, end + 16))
        guard count != 0xFFFF, position != 0xFFFF_FFFF else { throw DecompressionError(offset: end, expected: "a ZIP archive without ZIP64 extensions") }
        guard position + directorySize <= end else { throw DecompressionError(offset: end + 16, expected: "a central directory inside the archive") }
        var entries: [Entry] = []
        for _ in 0..<count {
            guard position + 46 <= end, Self.uint32(bytes, position) == 0x0201_4B50 else {
                throw DecompressionError(offset: position, expected: "a central directory entry (signature PK\\1\\2)")
            }
            let nameLength = Self.uint16(bytes, position + 28)
            let extraLength = Self.uint16(bytes, position + 30)
            let commentLength = Self.uint16(bytes, position + 32)
            guard position + 46 + nameLength <= end else { throw DecompressionError(offset: position, expected: "an entry name inside the central directory") }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(position + 46)..<(position + 46 + nameLength)]), as: UTF8.self)
            entries.append(Entry(
                name: name,
                method: Self.uint16(bytes, position + 10),
                compressedSize: Int(Self.uint32(bytes, position + 20)),
                uncompressedSize: Int(Self.uint32(bytes, position + 24)),
                crc: Self.uint32(bytes, position + 16),
                localHeaderOffset: Int(Self.uint32(bytes, position + 42)),
                flags: Self.uint16(bytes, position + 8)
            ))
            position += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// An entry's content, at most `limit` bytes.
    public func contents(of entry: Entry, limit: Int) throws(DecompressionError) -> [UInt8] {
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw DecompressionError(offset: header, expected: "a local file header (signature PK\\3\\4) for \(entry.name)")
        }
        guard entry.flags & 1 == 0 else { throw DecompressionError(offset: header + 6, expected: "an unencrypted entry") }
        let dataStart = header + 30 + Self.uint16(bytes, header + 26) + Self.uint16(bytes, header + 28)
        guard dataStart + entry.compressedSize <= bytes.count else {
            throw DecompressionError(offset: dataStart, expected: "\(entry.compressedSize) bytes of entry data, found end of input")
        }
        let data = UnsafeBufferPointer(rebasing: bytes[dataStart..<(dataStart + entry.compressedSize)])
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard data.count <= limit else { throw DecompressionError(offset: dataStart, expected: "an entry no larger than \(limit) bytes") }
            output = Array(data)
        case 8:
            do {
                output = try Inflate.decompress(data, limit: limit).output
            } catch {
                throw DecompressionError(offset: dataStart + error.offset, expected: error.expected)
            }
        default:
            throw DecompressionError(offset: header + 8, expected: "compression method 0 (stored) or 8 (DEFLATE), found \(entry.method)")
        }
        guard output.count == entry.uncompressedSize, CRC32.checksum(output) == entry.crc else {
            throw DecompressionError(offset: dataStart, expected: "entry data matching its recorded size and CRC-32 (the archive is damaged)")
        }
        return output
    }

    /// The end-of-central-directory record: searched backwards past a comment of up to 64 KiB.
    static func endOfCentralDirectory(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecompressionError) -> Int {
        guard bytes.count >= 22 else { throw DecompressionError(offset: bytes.count, expected: "a ZIP end-of-central-directory record, found end of input") }
        var position = bytes.count - 22
        let lowest = max(0, position - 0xFFFF)
        while position >= lowest {
            if uint32(bytes, position) == 0x0605_4B50 { return position }
            position -= 1
        }
        throw DecompressionError(offset: bytes.count, expected: "a ZIP end-of-central-directory record (the archive is truncated)")
    }

    static func uint16(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        Gzip.littleEndian32(bytes, at: offset)
    }
}
