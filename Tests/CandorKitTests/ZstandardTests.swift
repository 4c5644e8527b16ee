import Testing
@testable import CandorKit

@Suite struct ZstandardTests {
    /// The text `Fixtures/zstd/words-*.txt.zst` hold (see Fixtures/make-archives.py): 157 KB,
    /// more than one 128 KB block.
    static let words: [UInt8] = {
        let names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
        return Array((0..<9_000).map { "\($0) \(names[$0 % 7]) \(names[($0 * 3) % 7])\n" }.joined().utf8)
    }()

    static func decompress(_ bytes: [UInt8], limit: Int = 1 << 24) -> Unpacked {
        bytes.withUnsafeBufferPointer { Zstandard.decompress($0, limit: limit) }
    }

    @Test(arguments: ["zstd/log-fast.json.zst", "zstd/log-1.json.zst", "zstd/log-19.json.zst"])
    func decodesWhatTheZstdToolWroteAtEachLevel(name: String) throws {
        let unpacked = Self.decompress(try fixture(name))
        #expect(unpacked.damage == nil)
        #expect(unpacked.content == (try fixture("inspect/log.json")))
    }

    @Test(arguments: ["zstd/words-3.txt.zst", "zstd/words-19.txt.zst"])
    func decodesFramesOfSeveralBlocks(name: String) throws {
        let unpacked = Self.decompress(try fixture(name))
        #expect(unpacked.damage == nil)
        #expect(unpacked.content == Self.words)
    }

    @Test func aFrameCutShortIsDamageWithWhatCameBefore() throws {
        let bytes = try fixture("zstd/words-3.txt.zst")
        let unpacked = Self.decompress(Array(bytes.prefix(bytes.count / 2)))
        #expect(unpacked.damage != nil && unpacked.isCut)
        #expect(Self.words.starts(with: unpacked.content))
    }

    @Test func outputPastTheLimitStopsWithAnError() throws {
        let unpacked = Self.decompress(try fixture("zstd/words-19.txt.zst"), limit: 10_000)
        #expect(unpacked.damage?.expected.contains("no larger than 10000 bytes") == true)
        #expect(unpacked.content.count <= 10_000)
    }

    @Test(arguments: ["zstd/words-3.txt.zst", "zstd/log-1.json.zst", "zstd/log-fast.json.zst"])
    func corruptDataNeverCrashes(name: String) throws {
        let bytes = try fixture(name)
        for position in stride(from: 4, to: bytes.count, by: max(1, bytes.count / 150)) {
            for pattern: UInt8 in [0x5A, 0xFF, 0x01] {
                var damaged = bytes
                damaged[position] ^= pattern
                _ = Self.decompress(damaged, limit: 1 << 20)
            }
        }
    }

    /// Found by Fuzz/ZstandardFuzz.swift: table descriptions that run past their block's end.
    @Test func sequencesThatRunPastTheirBlockAreDamage() {
        let bytes: [UInt8] = [
            0x28, 0xB5, 0x2F, 0xFD, 0x64, 0x8A, 0x03, 0x32, 0x00, 0x00, 0x03, 0x32, 0x00, 0x00,
            0xF2, 0x1C, 0x00, 0x00, 0x00, 0xF2, 0x00, 0x00, 0xF2, 0x00, 0x03, 0x24, 0xCF, 0x8E,
        ]
        #expect(Self.decompress(bytes).damage != nil)
    }

    @Test func readsTheSamplesOfAnEvalLogInspectCompressedWithZstandard() throws {
        let outcomes = try Fixtures.read("inspect/zstd.eval")
        #expect(outcomes.errors.isEmpty)
        #expect(outcomes.transcripts.map(\.source.entry) == ["samples/1_epoch_1.json"])
    }
}
