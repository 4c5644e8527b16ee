import Testing
@testable import CandorKit

@Suite struct PhraseMatcherTests {
    let lists = [
        PhraseList("concession", ["you('re| are) right", "good catch"]),
        PhraseList("noted", ["noted"]),
    ]

    func hits(_ text: String) -> [(String, String)] {
        let matcher = PhraseMatcher(lists: lists)
        let bytes = Array(text.utf8)
        return matcher.hits(in: text).map { (lists[$0.list].name, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
    }

    @Test func matchesAcrossCaseCurlyApostrophesAndLineBreaks() {
        #expect(hits("YOU’RE\n  Right, good CATCH").map(\.1) == ["YOU’RE\n  Right", "good CATCH"])
        #expect(hits("you are right").map(\.0) == ["concession"])
    }

    @Test func matchesWholeWordsOnly() {
        #expect(hits("notedly annotated").isEmpty)
        #expect(hits("(noted)").map(\.1) == ["noted"])
        #expect(hits("“Noted.”").map(\.1) == ["Noted"])
    }

    @Test func statesWithoutFullRowsMatchAsStatesWithThem() {
        let lexicon = Lexicon.registered.matcher.lists + Lexicon.registered.onDemandMatcher.lists
        let text = """
            You’re absolutely right, and I apologize for the confusion. I'll remember that for next time. \
            That's not right, you are wrong — are you sure? What a great question! I feel so excited; \
            as an AI I don't have feelings. I can't browse the internet. Noted, noted: “you're right”.
            """
        let full = PhraseMatcher(lists: lexicon).hits(in: text)
        #expect(full.count > 10)
        for limit in [1, 200] {
            #expect(PhraseMatcher(lists: lexicon, denseStateLimit: limit).hits(in: text) == full, "dense states: \(limit)")
        }
    }

    @Test func onDemandListsFindWhatListsMatchedEverywhereFind() {
        // The same phrases in both kinds of list, over turns of several blocks: the on-demand
        // hits, matched turn by turn and placed back in their blocks, are the same hits.
        let patterns = ["you('re| are) right", "noted", "but"]
        let everywhere = PhraseList("test-everywhere", patterns)
        let onDemand = PhraseList("test-on-demand", patterns, onDemand: true)
        let turns = [
            Turn(role: .user, blocks: [Block(kind: .text, text: "Noted? But you are right.")]),
            Turn(role: .assistant, blocks: [
                Block(kind: .text, text: "You’re right, noted."), Block(kind: .toolCall, text: "noted"),
                Block(kind: .reasoning, text: "but noted"), Block(kind: .text, text: "Nothing here."),
                Block(kind: .text, text: "But   you are\nright, but noted."),
            ]),
            Turn(role: .user, blocks: [Block(kind: .text, text: "ok")]),
        ]
        let transcript = Transcript(id: "t", format: "test", source: Source(file: "t"), turns: turns)
        let context = AuditContext(transcript: transcript, lexicon: Lexicon(lists: [onDemand, everywhere]))
        let kinds: BlockKinds = [.text, .reasoning]
        var total = 0
        for turn in turns.indices {
            let expected = context.hits(everywhere, turn: turn, kinds: kinds, includingMentions: true)
            let found = context.hits(onDemand, turn: turn, kinds: kinds, includingMentions: true)
            #expect(found.map { [$0.block, $0.hit.start, $0.hit.end] } == expected.map { [$0.block, $0.hit.start, $0.hit.end] }, "turn \(turn)")
            #expect(context.hasHits(onDemand, turn: turn) == context.hasHits(everywhere, turn: turn))
            total += found.count
        }
        #expect(total == 11)
    }

    @Test func foldsWhiteSpaceRunsAndReportsWhereTheyStart() {
        #expect(hits("good \t\u{00A0}\u{2003} catch").map(\.1) == ["good \t\u{00A0}\u{2003} catch"])
        #expect(hits(" \n\t  noted   ").map(\.1) == ["noted"])
        #expect(hits("you\u{00A0}\u{00A0}are \n right").map(\.1) == ["you\u{00A0}\u{00A0}are \n right"])
    }

    /// Random runs of fragments (folding variants, white-space runs, bytes no phrase holds)
    /// against a direct search of the folded text: offsets, boundaries, and long texts that
    /// the matcher scans as two halves.
    @Test func matchesAsADirectSearchOfTheFoldedText() {
        let fragments = [
            "you", "You", "’re", "'re", "are", " ", "  ", "\t", "\u{00A0}", "\n\n", "right", "RIGHT", "rights",
            "good", "catch", "noted", "Noted", "x", "0", ".", "—", "“", "”", "é", "🙂",
        ]
        let matcher = PhraseMatcher(lists: lists)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<(20 + Int(seed % 60)) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += fragments[Int(seed >> 33) % fragments.count]
            }
            let found = matcher.hits(in: text)
            #expect(found.map(\.end) == found.map(\.end).sorted(), "hits in order: \(text)")
            #expect(Set(found) == directSearch(text), "text: \(text)")
        }
    }

    /// Folds the text as the matcher does, remembering where each folded byte came from,
    /// and looks for every phrase at every folded position.
    private func directSearch(_ text: String) -> Set<PhraseHit> {
        let bytes = Array(text.utf8)
        var folded: [UInt8] = [], starts: [Int] = [], ends: [Int] = []
        var index = 0
        while index < bytes.count {
            let (byte, width) = TextFolding.foldedByte(bytes, at: index)
            if byte != UInt8(ascii: " ") || folded.last.map({ $0 != UInt8(ascii: " ") }) ?? false {
                folded.append(byte)
                starts.append(index)
                ends.append(index + width)
            }
            index += width
        }
        var result: Set<PhraseHit> = []
        for (list, phraseList) in lists.enumerated() {
            for phrase in phraseList.foldedPhrases where phrase.count <= folded.count {
                for at in 0...(folded.count - phrase.count) where Array(folded[at..<(at + phrase.count)]) == phrase {
                    let start = starts[at], end = ends[at + phrase.count - 1]
                    if TextScan.isWordCharacter(before: start, in: bytes) || TextScan.isWordCharacter(at: end, in: bytes) { continue }
                    result.insert(PhraseHit(list: list, start: start, end: end))
                }
            }
        }
        return result
    }

    @Test func reportsByteOffsetsAfterMultibyteText() {
        let text = "Ünïcödé 🙂 — noted"
        let matcher = PhraseMatcher(lists: lists)
        let hit = matcher.hits(in: text)[0]
        #expect(hit.start == Array(text.utf8).count - 5)
        #expect(hit.end == Array(text.utf8).count)
    }

    @Test func expandsNestedGroups() {
        #expect(Set(PhraseList("x", ["be careful (next time|in (the |)future)"]).expandedPhrases)
            == ["be careful next time", "be careful in the future", "be careful in future"])
    }

    @Test func expandsAlternativesIncludingEmptyOnes() {
        #expect(Set(PhraseList("x", ["i('ll| will) (always |)remember"]).expandedPhrases)
            == ["i'll always remember", "i'll remember", "i will always remember", "i will remember"])
    }

    /// Patterns are written by hand; these mistakes silently match nothing.
    @Test func everyRulePhraseIsWellFormed() {
        let lists = ConversationDynamics.phraseLists + Analysis.allPhraseLists + RuleRegistry.all.flatMap { $0.description.phraseLists }
        for list in lists {
            for pattern in list.patterns {
                var depth = 0
                for character in pattern {
                    if character == "(" { depth += 1 }
                    if character == ")" { depth -= 1 }
                    #expect(depth >= 0, "unbalanced group in \(list.name): \(pattern)")
                }
                #expect(depth == 0, "unbalanced group in \(list.name): \(pattern)")
            }
            for phrase in list.expandedPhrases {
                #expect(!phrase.contains(" '"), "space before an apostrophe in \(list.name): \(phrase)")
                #expect(!phrase.contains("  ") && phrase == phrase.trimmingCharacters(in: .whitespaces), "stray space in \(list.name): \(phrase)")
            }
        }
    }
}

@Suite struct MentionRegionsTests {
    func isMention(_ text: String, _ phrase: String) -> Bool {
        let bytes = Array(text.utf8)
        let needle = Array(phrase.utf8)
        let start = (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }!
        return MentionRegions(bytes: bytes).contains(start..<(start + needle.count))
    }

    @Test func straightAndCurlyQuotationsAreMentions() {
        #expect(isMention(#"Saying "Noted." implied memory."#, "Noted"))
        #expect(isMention("Saying “Noted.” implied memory.", "Noted"))
        #expect(isMention("Saying 'noted' implied memory.", "noted"))
    }

    @Test func apostrophesDoNotOpenQuotations() {
        #expect(!isMention("I'll remember that, it's fine.", "remember"))
        #expect(!isMention("Don't worry — noted.", "noted"))
    }

    @Test func codeAndBlockQuotesAreMentions() {
        #expect(isMention("Run `noted --help` first.", "noted"))
        #expect(isMention("```\nprint('noted')\n```\nDone.", "noted"))
        #expect(isMention("> You're right\nThat was the earlier reply.", "right"))
    }

    @Test func anUnclosedQuoteIsNotAMention() {
        #expect(!isMention("He said \"well. Noted.", "Noted"))
    }
}

@Suite struct TextScanTests {
    @Test func splitsSentencesAtTerminatorsAndLineBreaks() {
        let bytes = Array("Noted. I'll remember that.\nNext line".utf8)
        #expect(String(decoding: bytes[TextScan.sentence(around: 2, in: bytes)], as: UTF8.self) == "Noted.")
        #expect(String(decoding: bytes[TextScan.sentence(around: 10, in: bytes)], as: UTF8.self) == "I'll remember that.")
        #expect(String(decoding: bytes[TextScan.sentence(around: 30, in: bytes)], as: UTF8.self) == "Next line")
    }

    @Test func walksSentencesInOrderUntilTold() {
        let bytes = Array("Noted. I'll remember that.\nNext line".utf8)
        var seen: [String] = []
        TextScan.forEachSentence(in: 0..<bytes.count, of: bytes) { sentence in
            seen.append(String(decoding: bytes[sentence], as: UTF8.self))
            return true
        }
        #expect(seen == ["Noted.", "I'll remember that.", "Next line"])
        seen = []
        TextScan.forEachSentence(in: 7..<bytes.count, of: bytes) { sentence in
            seen.append(String(decoding: bytes[sentence], as: UTF8.self))
            return false
        }
        #expect(seen == ["I'll remember that."])
        #expect(TextScan.sentenceCount(in: 0..<bytes.count, of: bytes) == 3)
    }

    @Test func wordsAreLowercasedWithStraightApostrophes() {
        let words = TextScan.words(in: Array("I’LL re-check it, don't".utf8)).map(\.text)
        #expect(words == ["i'll", "re-check", "it", "don't"])
    }

    @Test func wordsKeepMultibyteCharactersWholeAndStopAtDashesAndPunctuation() {
        let words = TextScan.words(in: Array("Naïve — café, 数据 ✅ x-".utf8))
        #expect(words.map(\.text) == ["naïve", "café", "数据", "✅", "x"])
        #expect(words.map(\.start) == [0, 11, 18, 25, 29])
    }

    @Test func wordKeysAnswerForTheFoldedWordsOfATurn() {
        let keys = WordKeys(Array("The Eiffel Tower isn’t in Lyon.".utf8))
        for word in ["the", "eiffel", "tower", "isn't", "in", "lyon"] { #expect(keys.contains(TextScan.wordKey(word.utf8))) }
        for word in ["Lyon", "paris", "isn", "lyon."] { #expect(!keys.contains(TextScan.wordKey(word.utf8))) }
        // Four folded bytes at least: "café" and "数据" are long enough in bytes, "tour" in letters.
        let long = WordKeys(Array("The café in 数据 is a tour".utf8), minimumBytes: 4)
        for word in ["café", "数据", "tour"] { #expect(long.contains(TextScan.wordKey(word.utf8))) }
        for word in ["the", "in", "is", "a"] { #expect(!long.contains(TextScan.wordKey(word.utf8))) }
    }

    @Test func aWordIsFoundWhereSplittingIntoWordsFindsIt() {
        // Letters in both cases, digits, apostrophes and hyphens straight and curly, dashes,
        // odd spaces and other characters; the text sits between word characters outside
        // the range searched.
        let pieces = ["a", "B", "Mainz", "MAINZ", "mainz", "don", "t", "x1", "9", "'", "’", "ʼ", "ʼtil", "aʼ", "-", "—", "–", " ", "  ", "\n",
                      "é", "É", "数据", "✅", "…", "\u{00A0}", "_", ".", ",", "\"", "“", "q"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(("ab" + text + "cd").utf8)
            let range = 2..<(bytes.count - 2)
            var found: [[UInt8]] = []
            TextScan.forEachWord(in: bytes, range: range) { folded, _, _ in found.append(Array(folded)) }
            // Sought: the text's own words, and the words of the pieces, alone and run together.
            var sought = found
            for source in pieces + [pieces.shuffled(using: &generator).joined()] {
                TextScan.forEachWord(in: Array(source.utf8)) { folded, _, _ in sought.append(Array(folded)) }
            }
            bytes.withUnsafeBufferPointer { buffer in
                for word in sought {
                    #expect(TextScan.holdsWord(word[...], in: buffer, range: range) == found.contains(word), "\(String(decoding: word, as: UTF8.self)) in \(text)")
                }
            }
        }
    }

    @Test func quotesFlattenLinesAsCharactersDo() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "word ", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\t", "  ", ".", "x\n\ny", "é", "\u{2028}", "👍🏽"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            for limit in [5, 80] {
                #expect(BlockText.quote(text, limit: limit) == "“" + (flat.count > limit ? flat.prefix(limit) + "…" : flat) + "”")
            }
        }
    }

    @Test func wordKeysHoldEveryKeyGivenAndNoOther() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 7, 8, 9, 100, 1_000] {
            let given = (0..<count).map { _ in generator.next() as UInt64 } + [0, 1, 1 << 63]
            let keys = WordKeys(keys: given + given.prefix(5))
            #expect(given.allSatisfy(keys.contains))
            let others = (0..<1_000).map { _ in generator.next() as UInt64 }.filter { !given.contains($0) }
            #expect(!others.contains(where: keys.contains))
        }
        #expect(!WordKeys(keys: [5]).contains(0))
    }

    @Test func openingsAllowInterjectionsAndApologies() {
        let text = Array("Oh, sorry about that — you're right.".utf8)
        let offset = Array("Oh, sorry about that — ".utf8).count
        #expect(Openings.isOpening(offset, in: text))
        let late = Array("The answer is that you're right.".utf8)
        #expect(!Openings.isOpening(Array("The answer is that ".utf8).count, in: late))
    }
}

import Foundation
