/// gzip files (RFC 1952): one or more members, each a header, a DEFLATE stream and a
/// trailer whose CRC-32 and size are checked, so damage is reported, never taken for the
/// end of the data; what was decoded before it is kept.
public enum Gzip {
    public static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The concatenated content of every member, at most `limit` bytes, up to the first damage.
    public static func decompress(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Unpacked {
        var output: [UInt8] = []
        var position = 0
        repeat {
            let contentStart: Int
            do {
                contentStart = try memberContentStart(bytes, at: position)
            } catch {
                return Unpacked(content: output, damage: error)
            }
            let (member, end) = Inflate.decompress(bytes, from: contentStart, limit: limit - output.count)
            output.append(contentsOf: member.content)
            if let damage = member.damage { return Unpacked(content: output, damage: damage) }
            if let damage = trailerDamage(bytes, at: end, content: member.content) { return Unpacked(content: output, damage: damage, isCut: false) }
            position = end + 8
            // Some tools pad the file with zero bytes after the last member.
        } while position < bytes.count && bytes[position...].contains(where: { $0 != 0 })
        return Unpacked(content: output)
    }

    /// What is wrong with the trailer at `end` for a member that decoded to `content`, if anything.
    static func trailerDamage(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int, content: [UInt8]) -> DecompressionError? {
        guard end + 8 <= bytes.count else {
            return DecompressionError(offset: end, expected: "an 8-byte gzip trailer (CRC-32 and size), found end of input")
        }
        guard littleEndian32(bytes, at: end) == CRC32.checksum(content) else {
            return DecompressionError(offset: end, expected: "a CRC-32 matching the decompressed data (the file is damaged)")
        }
        guard littleEndian32(bytes, at: end + 4) == UInt32(truncatingIfNeeded: content.count) else {
            return DecompressionError(offset: end + 4, expected: "a trailer size matching the decompressed data (the file is damaged)")
        }
        return nil
    }

    /// Parses a member header and returns the offset of its DEFLATE stream.
    static func memberContentStart(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(DecompressionError) -> Int {
        guard start + 10 <= bytes.count else { throw DecompressionError(offset: start, expected: "a 10-byte gzip header, found end of input") }
        guard bytes[start] == 0x1F, bytes[start + 1] == 0x8B else { throw DecompressionError(offset: start, expected: "the gzip signature 1f 8b") }
        guard bytes[start + 2] == 8 else { throw DecompressionError(offset: start + 2, expected: "compression method 8 (DEFLATE)") }
        let flags = bytes[start + 3]
        guard flags & 0xE0 == 0 else { throw DecompressionError(offset: start + 3, expected: "no reserved gzip header flags") }
        var position = start + 10
        if flags & 0x04 != 0 {
            guard position + 2 <= bytes.count else { throw DecompressionError(offset: position, expected: "the gzip extra field length") }
            position += 2 + (Int(bytes[position]) | Int(bytes[position + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            // File name and comment: zero-terminated strings.
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }
        guard position <= bytes.count else { throw DecompressionError(offset: bytes.count, expected: "the rest of the gzip header, found end of input") }
        return position
    }

    static func littleEndian32(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
