import Testing
@testable import CandorKit

@Suite struct CompressionTests {
    func gunzip(_ bytes: [UInt8], limit: Int = 1 << 20) throws(DecompressionError) -> [UInt8] {
        let result: Result<[UInt8], DecompressionError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(DecompressionError) in try Gzip.decompress(buffer, limit: limit) }
        }
        return try result.get()
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test(arguments: ["sharegpt/conversations.jsonl.gz", "sharegpt/stored.jsonl.gz", "sharegpt/two-members.jsonl.gz"])
    func gunzipRestoresTheOriginalBytes(name: String) throws {
        #expect(try gunzip(fixture(name)) == fixture("sharegpt/conversations.jsonl"))
    }

    @Test func aDamagedChecksumIsReported() throws {
        var bytes = try fixture("sharegpt/conversations.jsonl.gz")
        bytes[bytes.count - 8] ^= 0xFF
        #expect(throws: DecompressionError(offset: bytes.count - 8, expected: "a CRC-32 matching the decompressed data (the file is damaged)")) {
            try gunzip(bytes)
        }
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

    @Test func aTruncatedZipArchiveIsALocatedError() throws {
        let bytes = Array(try fixture("inspect/log.eval").prefix(500))
        let error = try #require(TranscriptReading().read(bytes, file: "cut.eval").errors.first)
        #expect(error.expected.contains("end-of-central-directory") && error.offset == 500)
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
