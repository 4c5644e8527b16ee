/// Reads ZIP archives (`.eval` logs, export archives) through the central directory:
/// stored and DEFLATE entries, CRC-checked. ZIP64 and encryption are reported, not guessed at.
/// An archive cut before its central directory is read through the local headers instead,
/// so the entries before the cut are not lost with it.
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
    /// Why the central directory could not be found, when the entries come from the local headers.
    public let cut: DecompressionError?
    private let bytes: UnsafeBufferPointer<UInt8>

    public static func isZip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// Reads the central directory, or without one the local headers; `bytes` must outlive the archive.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecompressionError) {
        self.bytes = bytes
        let end: Int
        do {
            end = try Self.endOfCentralDirectory(bytes)
        } catch {
            entries = Self.localEntries(bytes)
            cut = error
            if entries.isEmpty { throw error }
            return
        }
        cut = nil
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

    /// The entries whose local headers follow one another from the start. An entry that gives
    /// its sizes only after its data (flag bit 3) ends the walk: finding its end would mean
    /// decompressing it without the caller's limit.
    static func localEntries(_ bytes: UnsafeBufferPointer<UInt8>) -> [Entry] {
        var entries: [Entry] = []
        var position = 0
        while position + 30 <= bytes.count, uint32(bytes, position) == 0x0403_4B50 {
            let flags = uint16(bytes, position + 6)
            let nameEnd = min(position + 30 + uint16(bytes, position + 26), bytes.count)
            guard flags & 0x08 == 0 else { break }
            let entry = Entry(
                name: String(decoding: UnsafeBufferPointer(rebasing: bytes[(position + 30)..<nameEnd]), as: UTF8.self),
                method: uint16(bytes, position + 8),
                compressedSize: Int(uint32(bytes, position + 18)),
                uncompressedSize: Int(uint32(bytes, position + 22)),
                crc: uint32(bytes, position + 14),
                localHeaderOffset: position,
                flags: flags
            )
            entries.append(entry)
            position = nameEnd + uint16(bytes, position + 28) + entry.compressedSize
        }
        return entries
    }

    /// An entry's content, at most `limit` bytes, up to any damage: an entry cut short or
    /// failing its CRC-32 still gives what it decodes to.
    public func contents(of entry: Entry, limit: Int) -> Unpacked {
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.uint32(bytes, header) == 0x0403_4B50 else {
            return Unpacked(content: [], damage: DecompressionError(offset: header, expected: "a local file header (signature PK\\3\\4) for \(entry.name)"))
        }
        guard entry.flags & 1 == 0 else { return Unpacked(content: [], damage: DecompressionError(offset: header + 6, expected: "an unencrypted entry")) }
        let dataStart = min(header + 30 + Self.uint16(bytes, header + 26) + Self.uint16(bytes, header + 28), bytes.count)
        let dataEnd = min(dataStart + entry.compressedSize, bytes.count)
        let data = UnsafeBufferPointer(rebasing: bytes[dataStart..<dataEnd])
        var unpacked: Unpacked
        switch entry.method {
        case 0:
            let damage = data.count > limit ? DecompressionError(offset: dataStart, expected: "an entry no larger than \(limit) bytes") : nil
            unpacked = Unpacked(content: Array(data.prefix(limit)), damage: damage)
        case 8:
            unpacked = Inflate.decompress(data, limit: limit).unpacked
            unpacked.damage?.offset += dataStart
        case 93:
            // Inspect writes the entries of its .eval logs with Zstandard by default.
            unpacked = Zstandard.decompress(data, limit: limit)
            unpacked.damage?.offset += dataStart
        default:
            return Unpacked(content: [], damage: DecompressionError(
                offset: header + 8, expected: "compression method 0 (stored), 8 (DEFLATE) or 93 (Zstandard), found \(entry.method)",
                isUnsupported: true
            ))
        }
        if unpacked.damage == nil, dataEnd < dataStart + entry.compressedSize {
            unpacked = Unpacked(content: unpacked.content, damage: DecompressionError(offset: dataEnd, expected: "\(entry.compressedSize) bytes of entry data, found end of input"))
        }
        if unpacked.damage == nil, unpacked.content.count != entry.uncompressedSize || CRC32.checksum(unpacked.content) != entry.crc {
            let damage = DecompressionError(offset: dataStart, expected: "entry data matching its recorded size and CRC-32 (the archive is damaged)")
            unpacked = Unpacked(content: unpacked.content, damage: damage, isCut: false)
        }
        return unpacked
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
