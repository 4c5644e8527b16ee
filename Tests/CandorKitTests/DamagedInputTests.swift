import Foundation
import Testing
@testable import CandorKit

/// Damaged corpora lose only what is damaged: a top-level array is read element by element,
/// so a cut or broken element is one located error and every whole element is read; cut
/// compressed data gives what it decoded before the cut. The damaged inputs are made here.
@Suite struct DamagedInputTests {
    /// A ShareGPT array whose messages hold escapes and multi-byte characters, and where each
    /// element ends (the offset after its `}`).
    static func shareGPTArray(count: Int) -> (bytes: [UInt8], ends: [Int]) {
        var bytes = Array("[\n".utf8)
        var ends: [Int] = []
        for index in 0..<count {
            if index > 0 { bytes += Array(",\n".utf8) }
            bytes += Array(#"""
                  {"id": "c\#(index)", "conversations": [
                    {"from": "human", "value": "Is caf\u00e9 \"open\"?\nThé — ✓ 😀"},
                    {"from": "gpt", "value": "Yes: naïve résumé \\ done."}
                  ]}
                """#.utf8)
            ends.append(bytes.count)
        }
        bytes += Array("\n]\n".utf8)
        return (bytes, ends)
    }

    func read(_ bytes: [UInt8], format: InputFormat = .auto) -> [ReadOutcome] {
        TranscriptReading(format: format).read(bytes, file: "cut.json")
    }

    @Test func everyCutOfAnArrayLosesOnlyTheElementItCuts() {
        let (bytes, ends) = Self.shareGPTArray(count: 4)
        for cut in 1..<(bytes.count - 2) {
            let outcomes = read(Array(bytes.prefix(cut)))
            let whole = ends.filter { $0 <= cut }.count
            #expect(outcomes.transcripts.map(\.id) == (0..<whole).map { "c\($0)" }, "cut at \(cut)")
            #expect(outcomes.errors.count == 1, "cut at \(cut)")
            let error = outcomes.errors.first
            #expect(error?.kind == .damaged && error?.recovered == whole, "cut at \(cut)")
        }
    }

    /// Inside a string, inside an escape (`\u00e9`, `\"`, `\\`) and inside a multi-byte character.
    @Test(arguments: [#"caf\u00e9"#, #"caf\u00e9 \""#, #"résumé \\"#, "Thé", "✓ 😀"])
    func aCutInsideAStringNamesTheElementAndWhereTheInputEnds(marker: String) throws {
        let (bytes, ends) = Self.shareGPTArray(count: 3)
        let second = ends[0]
        let markerBytes = Array(marker.utf8)
        let found = try #require((second..<bytes.count).first { bytes[$0...].starts(with: markerBytes) })
        // Cut before the marker's last byte: inside the escape or the character it ends with.
        let cut = found + markerBytes.count - 1
        let outcomes = read(Array(bytes.prefix(cut)))
        #expect(outcomes.transcripts.map(\.id) == ["c0"])
        let error = try #require(outcomes.errors.first)
        #expect(error.record == 2 && error.offset == (second + 2 ..< bytes.count).first { bytes[$0] == UInt8(ascii: "{") })
        #expect(error.expected == "the rest of element 2, found the end of input at byte \(cut) inside a string (the input is cut off)")
        #expect(error.description.contains("1 record read before it"))
    }

    @Test func aCutBetweenElementsIsOneErrorAfterTheWholeOnes() throws {
        let (bytes, ends) = Self.shareGPTArray(count: 3)
        let outcomes = read(Array(bytes.prefix(ends[1] + 1)))
        #expect(outcomes.transcripts.count == 2)
        let error = try #require(outcomes.errors.first)
        #expect(error.record == nil && error.offset == ends[1] + 1 && error.recovered == 2)
        #expect(error.expected == "a value or ']' in the array, found end of input (the input is cut off)")
    }

    @Test func aBrokenElementIsOneErrorAndTheElementsAfterItAreRead() throws {
        var text = String(decoding: Self.shareGPTArray(count: 4).bytes, as: UTF8.self)
        let c1 = try #require(text.range(of: #"{"id": "c1""#))
        let escape = try #require(text.range(of: #"\u00e9"#, range: c1.upperBound..<text.endIndex))
        text.replaceSubrange(escape, with: #"\x00e9"#)
        let outcomes = read(Array(text.utf8))
        #expect(outcomes.transcripts.map(\.id) == ["c0", "c2", "c3"])
        let error = try #require(outcomes.errors.first)
        #expect(error.record == 2 && error.kind == .damaged && error.expected.hasPrefix("a valid escape"))
    }

    /// A bracket lost from the middle: the structure is broken, so reading resumes at the
    /// next whole record, not at a message object inside the damaged one.
    @Test func aLostBracketCostsOnlyItsElement() throws {
        var text = String(decoding: Self.shareGPTArray(count: 4).bytes, as: UTF8.self)
        let c1 = try #require(text.range(of: #"{"id": "c1""#))
        let close = try #require(text.range(of: "]}", range: c1.upperBound..<text.endIndex))
        text.replaceSubrange(close, with: "}")
        let outcomes = read(Array(text.utf8))
        #expect(outcomes.transcripts.map(\.id) == ["c0", "c2", "c3"])
        #expect(outcomes.errors.count == 1 && outcomes.errors.first?.record == 2)
        #expect(outcomes.errors.first?.expected == "']' to close the array in element 2, found '}'")
    }

    /// Damage, then a whole record, then the end of a cut input: the record is still read.
    @Test func aWholeRecordAfterDamageIsReadEvenWhereTheInputEnds() throws {
        var (bytes, ends) = Self.shareGPTArray(count: 3)
        bytes = Array(bytes[..<ends[2]])
        bytes.remove(at: ends[0] + 20)
        let outcomes = read(bytes)
        #expect(outcomes.transcripts.map(\.id) == ["c0", "c2"])
        #expect(outcomes.errors.map(\.expected).last == "',' or ']' after element 3, found end of input (the input is cut off)")
    }

    @Test func aStrayCommaIsOneErrorAndTheRecordsAfterItAreRead() throws {
        let text = String(decoding: Self.shareGPTArray(count: 2).bytes, as: UTF8.self).replacingOccurrences(of: "]},\n", with: "]},\n,")
        let outcomes = read(Array(text.utf8))
        #expect(outcomes.transcripts.map(\.id) == ["c0", "c1"])
        #expect(outcomes.errors.map(\.expected) == ["a value in the array, found ','"])
    }

    @Test func bytesMissingFromTheMiddleCostOnlyTheElementsTheyHit() throws {
        let (bytes, ends) = Self.shareGPTArray(count: 6)
        // From the middle of element 2 into a message of element 4.
        let damaged = Array(bytes[..<(ends[0] + 40)] + bytes[(ends[2] + 100)...])
        let outcomes = read(damaged)
        #expect(outcomes.transcripts.map(\.id) == ["c0", "c4", "c5"])
        #expect(outcomes.errors.count == 1 && outcomes.errors.first?.kind == .damaged)
    }

    @Test func trailingBytesAfterTheArrayAreOneError() throws {
        let outcomes = read(Self.shareGPTArray(count: 2).bytes + Array("garbage".utf8))
        #expect(outcomes.transcripts.count == 2)
        #expect(outcomes.errors.map(\.expected) == ["end of input after the JSON array"])
    }

    @Test func aBareListOfMessagesIsStillOneConversation() throws {
        let outcomes = read(Array(#"[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]"#.utf8))
        #expect(outcomes.transcripts.map { $0.turns.count } == [2])
    }

    @Test func anEmptyShareGPTConversationIsCountedAsSuch() throws {
        let outcomes = read(Array(#"[{"id": "e1", "conversations": []}, {"id": "c", "conversations": [{"from": "human", "value": "Hi"}]}]"#.utf8))
        #expect(outcomes.transcripts.map(\.id) == ["c"])
        let error = try #require(outcomes.errors.first)
        #expect(error.kind == .emptyConversation && error.conversation == "e1" && error.record == 1)
        #expect(error.description.hasSuffix("expected at least one message, found an empty conversation"))
    }

    @Test func aChatGPTExportCutAtThreeQuartersKeepsItsWholeConversations() throws {
        let export = String(decoding: try fixture("chatgpt/conversations.json"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).dropFirst().dropLast()
        let one = read(Array("[\(export)]".utf8)).transcripts.count
        let bytes = Array("[\(Array(repeating: export, count: 4).joined(separator: ","))]".utf8)
        let outcomes = read(Array(bytes.prefix(bytes.count * 3 / 4)))
        #expect(one > 0 && outcomes.transcripts.count >= 2 * one && outcomes.transcripts.count < 4 * one)
        #expect(outcomes.errors.count == 1 && outcomes.errors.first?.recovered == outcomes.transcripts.count)
    }

    /// An inspect_ai JSON log cut inside its second sample, and cut after its samples.
    @Test func aCutInspectLogKeepsTheSamplesBeforeTheCut() throws {
        let log = try fixture("inspect/log.json")
        let whole = TranscriptReading().read(log, file: "log.json")
        let second = try #require(String(decoding: log, as: UTF8.self).range(of: #""id": 2"#)).lowerBound.utf16Offset(in: String(decoding: log, as: UTF8.self))
        let insideSecond = TranscriptReading().read(Array(log.prefix(second + 5)), file: "log.json")
        #expect(insideSecond.transcripts.map(\.id) == whole.transcripts.map(\.id).prefix(1).map { $0 })
        #expect(insideSecond.errors.count == 1 && insideSecond.errors.first?.record == 2 && insideSecond.errors.first?.kind == .damaged)
        let afterSamples = TranscriptReading().read(Array(log.dropLast(3)), file: "log.json")
        #expect(afterSamples.transcripts.map(\.id) == whole.transcripts.map(\.id))
        #expect(afterSamples.errors.count == whole.errors.count + 1 && afterSamples.errors.last?.kind == .damaged)
    }

    /// The streaming path reads in pieces what the whole-file path reads at once, cut or not.
    @Test(arguments: [0, 1, 50, 333, 600])
    func streamingACutArrayReadsWhatTheWholeFileReads(cutFromEnd: Int) throws {
        let (bytes, _) = Self.shareGPTArray(count: 6)
        let cut = Array(bytes.prefix(bytes.count - cutFromEnd))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cut.json").path
        try Data(cut).write(to: URL(fileURLWithPath: path))
        let whole = TranscriptReading().read(cut, file: path)
        let stream = RecordStream(path: path, batchBytes: 64)
        var streamed: [ReadOutcome] = []
        while let batch = stream.next() { batch.forEachOutcome(with: TranscriptReading()) { streamed.append($0) } }
        #expect(streamed == whole)
    }

    @Test func aStreamedElementLongerThanTheLimitIsPassedOverAndTheNextRead() throws {
        let long = #"{"id": "long", "conversations": [{"from": "human", "value": "\#(String(repeating: "a", count: 5000))"}]}"#
        let text = "[\(long), " + #"{"id": "short", "conversations": [{"from": "human", "value": "Hi"}]}]"#
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("long.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let stream = RecordStream(path: path, batchBytes: 256, maximumRecordBytes: 1000)
        var outcomes: [ReadOutcome] = []
        var largest = 0
        while let batch = stream.next() {
            if case .elements(let bytes, _, _) = batch.content { largest = max(largest, bytes.count) }
            batch.forEachOutcome(with: TranscriptReading(maximumRecordBytes: 1000)) { outcomes.append($0) }
        }
        #expect(largest < 3000)
        #expect(outcomes.errors.map(\.expected) == ["a record of at most 1000 bytes, found a longer one or one whose end is lost"])
        #expect(outcomes.transcripts.map(\.id) == ["short"])
    }

    /// A lost `}` makes an element run on into the ones after it; it is given up at the
    /// record limit and reading resumes at the next record after its start.
    @Test func anElementWhoseEndIsLostCostsOnlyItself() throws {
        var (bytes, ends) = Self.shareGPTArray(count: 20)
        bytes.remove(at: ends[1] - 1)
        let outcomes = TranscriptReading(maximumRecordBytes: 1000).read(bytes, file: "lost.json")
        #expect(outcomes.transcripts.map(\.id) == (0..<20).filter { $0 != 1 }.map { "c\($0)" })
        #expect(outcomes.errors.map(\.record) == [2])
    }

    // MARK: Compressed input

    /// JSON Lines of `count` ShareGPT records, and the same gzipped.
    static func gzippedLines(count: Int) throws -> (plain: [UInt8], gzipped: [UInt8]) {
        let plain = Array((0..<count).map { #"{"id": "r\#($0)", "conversations": [{"from": "human", "value": "Question \#($0) — é?"}, {"from": "gpt", "value": "Answer \#($0 * 7919 % 1000)."}]}"# + "\n" }.joined().utf8)
        return (plain, try gzip(plain))
    }

    @Test(arguments: [0.25, 0.5, 0.9])
    func aCutGzipStreamGivesEveryRecordBeforeTheCut(fraction: Double) throws {
        let (plain, gzipped) = try Self.gzippedLines(count: 3000)
        let cut = Int(Double(gzipped.count) * fraction)
        let outcomes = TranscriptReading().read(Array(gzipped.prefix(cut)), file: "cut.jsonl.gz")
        let unpacked = Array(gzipped.prefix(cut)).withUnsafeBufferPointer { Gzip.decompress($0, limit: 1 << 30) }
        let wholeLines = unpacked.content.filter { $0 == 0x0A }.count
        #expect(wholeLines > 0 && unpacked.content.count < plain.count)
        #expect(outcomes.transcripts.map(\.id) == (0..<wholeLines).map { "r\($0)" })
        let error = try #require(outcomes.errors.first)
        #expect(outcomes.errors.count == 1 && error.kind == .damaged && error.recovered == wholeLines)
        // Located at the first byte the decoder had not used whole, at most a few before the cut.
        #expect(error.offset.map { (cut - 8)...cut ~= $0 } == true && error.expected == "gzip data: more compressed data, found end of input")
    }

    @Test func aGzipChecksumFailureStillReadsEveryRecord() throws {
        var (_, gzipped) = try Self.gzippedLines(count: 300)
        gzipped[gzipped.count - 8] ^= 0xFF
        let outcomes = TranscriptReading().read(gzipped, file: "crc.jsonl.gz")
        #expect(outcomes.transcripts.count == 300)
        #expect(outcomes.errors.map(\.expected) == ["gzip data: a CRC-32 matching the decompressed data (the file is damaged)"])
    }

    @Test func aGzippedArrayCutShortIsOneErrorForTheCut() throws {
        let (bytes, _) = Self.shareGPTArray(count: 40)
        let gzipped = try Self.gzip(bytes)
        // Repetitive text compresses into back-references: three quarters of the stream hold about a third of the array.
        let outcomes = TranscriptReading().read(Array(gzipped.prefix(gzipped.count * 3 / 4)), file: "cut.json.gz")
        #expect(outcomes.transcripts.count > 10 && outcomes.errors.count == 1)
        #expect(outcomes.errors.first?.expected.hasPrefix("gzip data:") == true)
    }

    /// `bytes` compressed by the system's gzip, which the reader must agree with.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("candor-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("data")
        try Data(bytes).write(to: file)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-n", file.path]
        try gzip.run()
        gzip.waitUntilExit()
        return Array(try Data(contentsOf: directory.appendingPathComponent("data.gz")))
    }

    // MARK: Counts

    @Test func theSummaryNamesWhatDamageLostAndWhatWasRecovered() throws {
        let (bytes, ends) = Self.shareGPTArray(count: 3)
        var summary = CorpusSummary()
        let empty = read(Array(#"[{"id": "e", "conversations": []}]"#.utf8))
        for outcome in read(Array(bytes.prefix(ends[2] - 5))) + empty {
            switch outcome {
            case .transcript(let transcript): summary.add(Auditor().audit(transcript))
            case .failure(let error): summary.add(error)
            }
        }
        #expect(summary.recordsRead == summary.recordsAudited + summary.recordsSkipped)
        #expect(try CorpusSummaryJSON.parse(Array(CorpusSummaryJSON.render(summary).utf8)) == summary)
        #expect(TextReport(colour: false).summary(summary).contains("records read 4, audited 2, skipped 2 (1 empty conversation; 1 lost to damage, 2 recovered from before it)"))
    }
}
