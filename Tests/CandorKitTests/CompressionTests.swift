import Testing
@testable import CandorKit

@Suite struct CompressionTests {
    func gunzip(_ bytes: [UInt8], limit: Int = 1 << 20) -> Unpacked {
        bytes.withUnsafeBufferPointer { Gzip.decompress($0, limit: limit) }
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test(arguments: ["sharegpt/conversations.jsonl.gz", "sharegpt/stored.jsonl.gz", "sharegpt/two-members.jsonl.gz"])
    func gunzipRestoresTheOriginalBytes(name: String) throws {
        #expect(try gunzip(fixture(name)) == Unpacked(content: fixture("sharegpt/conversations.jsonl")))
    }

    @Test func aDamagedChecksumIsReported() throws {
        var bytes = try fixture("sharegpt/conversations.jsonl.gz")
        bytes[bytes.count - 8] ^= 0xFF
        let damage = DecompressionError(offset: bytes.count - 8, expected: "a CRC-32 matching the decompressed data (the file is damaged)")
        #expect(gunzip(bytes) == Unpacked(content: try fixture("sharegpt/conversations.jsonl"), damage: damage, isCut: false))
    }

    @Test func aTruncatedGzipFileIsALocatedError() throws {
        let bytes = Array(try fixture("sharegpt/conversations.jsonl.gz").prefix(60))
        let error = try #require(TranscriptReading().read(bytes, file: "cut.gz").errors.first)
        #expect(error.file == "cut.gz" && error.expected.hasPrefix("gzip data: more compressed data") && error.offset == 60)
    }

    @Test func decompressionBeyondTheLimitStopsWithAnError() throws {
        let reading = TranscriptReading(maximumDecompressedBytes: 100)
        let error = try #require(reading.read(try fixture("sharegpt/conversations.jsonl.gz"), file: "bomb.gz").errors.first)
        #expect(error.expected == "gzip data: decompressed data no larger than 100 bytes")
    }

    @Test func anArchiveEntryBeyondTheLimitIsAnErrorForThatEntry() throws {
        let reading = TranscriptReading(maximumDecompressedBytes: 200)
        let outcomes = reading.read(try fixture("inspect/log.eval"), file: "bomb.eval")
        #expect(outcomes.errors.first?.entry == "samples/1_epoch_1.json")
        #expect(outcomes.errors.first?.expected == "decompressed data no larger than 200 bytes")
    }

    /// Cut inside the first sample's data, inside the second's, and inside the central
    /// directory: the entries before the cut are read from their local headers.
    @Test(arguments: zip([500, 700, 800], [0, 1, 1]))
    func aTruncatedZipArchiveGivesTheEntriesBeforeTheCut(cut: Int, transcripts: Int) throws {
        let outcomes = TranscriptReading().read(Array(try fixture("inspect/log.eval").prefix(cut)), file: "cut.eval")
        #expect(outcomes.transcripts.count == transcripts)
        let damage = outcomes.errors.filter { $0.kind == .damaged }
        #expect(damage.count == 1 && damage.first?.offset.map { (cut - 8)...cut ~= $0 } == true)
    }

    @Test func aZipEntryFailingItsChecksumIsStillRead() throws {
        var bytes = try fixture("inspect/log.eval")
        let directory = bytes.indices.filter { bytes[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }
        // The first sample's CRC-32 as the central directory records it.
        bytes[directory[1] + 16] ^= 0xFF
        let outcomes = TranscriptReading().read(bytes, file: "crc.eval")
        #expect(outcomes.transcripts.count == 1)
        #expect(outcomes.errors.contains { $0.entry == "samples/1_epoch_1.json" && $0.expected.contains("CRC-32") && $0.kind == .damaged })
    }

    @Test func anEntryInAnotherCompressionIsUnreadableNotDamaged() throws {
        var bytes = try fixture("inspect/log.eval")
        let directory = bytes.indices.filter { bytes[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }
        // The first sample's compression method as the central directory records it: 12, bzip2.
        bytes[directory[1] + 10] = 12
        bytes[directory[1] + 11] = 0
        let outcomes = TranscriptReading().read(bytes, file: "bzip2.eval")
        let error = try #require(outcomes.errors.first { $0.entry == "samples/1_epoch_1.json" })
        #expect(error.kind == .unreadable && error.expected.hasSuffix("found 12"))
        #expect(outcomes.transcripts.isEmpty && outcomes.count == 2)
    }

    @Test func aDamagedArchiveEntryIsReportedAndTheOthersRead() throws {
        var bytes = try fixture("inspect/log.eval")
        let name = Array("samples/1_epoch_1.json".utf8)
        let header = try #require(bytes.indices.first { bytes[$0...].starts(with: name) })
        bytes[header + name.count + 40] ^= 0x55
        let outcomes = TranscriptReading().read(bytes, file: "damaged.eval")
        #expect(outcomes.errors.contains { $0.entry == "samples/1_epoch_1.json" })
        #expect(outcomes.count == 2)
    }
}
