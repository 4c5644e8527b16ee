/// Everything a rule may consult about one transcript, computed once per audit:
/// phrase hits per block, the text of blocks as bytes, quoted spans, the tools on hand
/// and the push-and-yield dynamics of the conversation.
public final class AuditContext {
    public let transcript: Transcript
    public let lexicon: Lexicon
    /// Every block of the transcript is numbered once, in order: `firstBlock[turn]` is the
    /// number of a turn's first block (with one more entry, the block count, at the end).
    /// Rules ask for a block's hits, kind and text many times a turn, and hashing an address
    /// or copying a turn to read a block showed in profiles.
    private let firstBlock: [Int]
    private let blockKinds: [BlockKind]
    /// Every hit, block by block, each block's in order of its end, with offsets into the
    /// block's text: block `n` has `allHits[hitStart[n]..<hitStart[n + 1]]` (none for blocks that
    /// are not text or reasoning). One array, not one per block: allocation showed in profiles.
    private let allHits: [PhraseHit]
    private let hitStart: [Int]
    private var texts: [BlockText?]
    /// Which lists have any hit in a turn, one bit per list (`listWordsPerTurn` words per
    /// turn): most questions a rule asks are about lists a turn never mentions, and this
    /// answers them without walking the turn's hits.
    private let listsPresent: [UInt64]
    private let listWordsPerTurn: Int
    /// The same for the on-demand lists (bit `index - matcher.lists.count`), and their hits by
    /// block number, for the turns matched so far (marked in `onDemandMatched`). All stay
    /// empty until a rule first asks: kept apart from the lists above, whose tests are the
    /// hottest reads of a run and so are not writable here.
    private var onDemandPresent: [UInt64] = []
    private var onDemandHits: [Int: [PhraseHit]] = [:]
    private var onDemandMatched: [Bool] = []
    /// The text and reasoning blocks' bytes, each followed by a NUL; block `n` starts at
    /// `spokenStart[n]` (blocks of other kinds are empty there).
    private let spoken: [UInt8]
    private let spokenStart: [Int]
    /// Per turn, how its words are looked up: searched for in its text so many times, or
    /// from the table of its words once that is built.
    private enum WordLookup {
        case searched(times: Int)
        case vocabulary(WordKeys)
    }
    private var wordLookups: [WordLookup]
    public private(set) lazy var tools = ToolInventory(transcript: transcript)
    public private(set) lazy var dynamics = ConversationDynamics(context: self)
    public private(set) lazy var rolePlay = RolePlay(context: self)
    public private(set) lazy var opinionRequests = OpinionRequests(context: self)
    public private(set) lazy var voice = Voice(context: self)
    public private(set) lazy var userActs = UserActs(context: self)

    public init(transcript: Transcript, lexicon: Lexicon) {
        self.transcript = transcript
        self.lexicon = lexicon
        var firstBlock: [Int] = []
        var blockKinds: [BlockKind] = []
        let wordsPerTurn = (lexicon.matcher.lists.count + 63) / 64
        var listsPresent = [UInt64].filled(with: 0, count: wordsPerTurn * transcript.turns.count)
        // The spoken blocks are matched as one text, each followed by a NUL: no phrase holds
        // one, so no match crosses it and it bounds words as the end of a text does. One text
        // lets the matcher scan two halves at once however short the blocks. Blocks are read
        // in place, by index: copying each one out cost a retain and release of its text.
        let turns = transcript.turns
        var spokenSize = 0
        var blockCount = 0
        for turn in turns.indices {
            blockCount += turns[turn].blocks.count
            for block in turns[turn].blocks.indices where Self.spokenKinds.contains(turns[turn].blocks[block].kind) {
                spokenSize += turns[turn].blocks[block].text.utf8.count + 1
            }
        }
        // Sized up front: grown append by append, these arrays cost a conversation about ten
        // reallocations.
        firstBlock.reserveCapacity(turns.count + 1)
        blockKinds.reserveCapacity(blockCount)
        var spoken: [UInt8] = []
        spoken.reserveCapacity(spokenSize)
        var spokenStart: [Int] = []
        spokenStart.reserveCapacity(blockCount + 1)
        for turn in turns.indices {
            firstBlock.append(blockKinds.count)
            for block in turns[turn].blocks.indices {
                spokenStart.append(spoken.count)
                let kind = turns[turn].blocks[block].kind
                blockKinds.append(kind)
                if Self.spokenKinds.contains(kind) {
                    spoken.append(contentsOf: turns[turn].blocks[block].text.utf8)
                    spoken.append(0)
                }
            }
        }
        firstBlock.append(blockKinds.count)
        spokenStart.append(spoken.count)
        var allHits = spoken.withUnsafeBufferPointer { lexicon.matcher.hits(in: $0) }
        var hitStart = [Int].filled(with: 0, count: blockKinds.count + 1)
        var turn = 0
        var number = 0
        for index in allHits.indices {
            while allHits[index].start >= spokenStart[number + 1] {
                number += 1
                hitStart[number] = index
            }
            while number >= firstBlock[turn + 1] { turn += 1 }
            allHits[index].start -= spokenStart[number]
            allHits[index].end -= spokenStart[number]
            let list = allHits[index].list
            listsPresent[turn * wordsPerTurn + list >> 6] |= 1 << UInt64(list & 63)
        }
        while number < blockKinds.count {
            number += 1
            hitStart[number] = allHits.count
        }
        self.spoken = spoken
        self.spokenStart = spokenStart
        wordLookups = .filled(with: .searched(times: 0), count: transcript.turns.count)
        self.firstBlock = firstBlock
        self.blockKinds = blockKinds
        self.allHits = allHits
        self.hitStart = hitStart
        texts = .filled(with: nil, count: blockKinds.count)
        self.listsPresent = listsPresent
        listWordsPerTurn = wordsPerTurn
    }

    public var turns: [Turn] { transcript.turns }

    public static let spokenKinds: BlockKinds = [.text, .reasoning]

    /// Whether a list has any hit in a turn, in any block, quoted or not: a bit test, for
    /// rules to pass over a turn before any costlier look at its text.
    public func hasHits(_ list: PhraseList, turn: Int) -> Bool {
        presentIndex(of: list, turn: turn) != nil
    }

    /// Whether a turn has a block of one of `kinds`, from the context's own record of them.
    public func hasBlock(_ kinds: BlockKinds, turn: Int) -> Bool {
        (firstBlock[turn]..<firstBlock[turn + 1]).contains { kinds.contains(blockKinds[$0]) }
    }

    /// The matcher's index for `list` when the list has a hit in `turn`. Rules ask this some
    /// hundred times a transcript, mostly to hear no: inlined, it is a few loads.
    @inline(__always)
    private func presentIndex(of list: PhraseList, turn: Int) -> Int? {
        guard let listIndex = lexicon.index(of: list) else { return nil }
        if list.onDemand { return onDemandIndex(listIndex, turn: turn) }
        guard listsPresent[turn * listWordsPerTurn + listIndex >> 6] & (1 << UInt64(listIndex & 63)) != 0 else { return nil }
        return listIndex
    }

    /// `presentIndex` for an on-demand list, matching the turn first if no rule has asked yet.
    @inline(never)
    private func onDemandIndex(_ listIndex: Int, turn: Int) -> Int? {
        let wordsPerTurn = (lexicon.onDemandMatcher.lists.count + 63) / 64
        if onDemandMatched.isEmpty {
            onDemandMatched = .filled(with: false, count: turns.count)
            onDemandPresent = .filled(with: 0, count: turns.count * wordsPerTurn)
        }
        if !onDemandMatched[turn] { matchOnDemand(turn: turn, wordsPerTurn: wordsPerTurn) }
        let bit = listIndex - lexicon.matcher.lists.count
        return onDemandPresent[turn * wordsPerTurn + bit >> 6] & (1 << UInt64(bit & 63)) != 0 ? listIndex : nil
    }

    /// Matches the on-demand lists in a turn's spoken blocks.
    private func matchOnDemand(turn: Int, wordsPerTurn: Int) {
        onDemandMatched[turn] = true
        let start = spokenStart[firstBlock[turn]]
        let hits = spoken.withUnsafeBufferPointer {
            lexicon.onDemandMatcher.hits(in: UnsafeBufferPointer(rebasing: $0[start..<spokenStart[firstBlock[turn + 1]]]))
        }
        let offset = lexicon.matcher.lists.count
        var number = firstBlock[turn]
        for var hit in hits {
            while hit.start + start >= spokenStart[number + 1] { number += 1 }
            hit.start += start - spokenStart[number]
            hit.end += start - spokenStart[number]
            onDemandPresent[turn * wordsPerTurn + hit.list >> 6] |= 1 << UInt64(hit.list & 63)
            hit.list += offset
            onDemandHits[number, default: []].append(hit)
        }
    }

    /// Hits of one list in a turn, in order, with the index of the block each lies in.
    /// Hits inside quotations, code or block quotes are left out unless `includingMentions`.
    /// The test inlines into the rule asking, which then passes over most turns without a call.
    @inline(__always)
    public func hits(
        _ list: PhraseList, turn: Int, kinds: BlockKinds = AuditContext.spokenKinds,
        includingMentions: Bool = false
    ) -> [(block: Int, hit: PhraseHit)] {
        guard let listIndex = presentIndex(of: list, turn: turn) else { return [] }
        return hits(listIndex: listIndex, turn: turn, kinds: kinds, includingMentions: includingMentions)
    }

    /// The first hit of `hits(_:turn:kinds:includingMentions:)` that `matches` accepts, found
    /// without gathering the rest: for rules that ask whether there is one, or for the first.
    @inline(__always)
    public func firstHit(
        _ list: PhraseList, turn: Int, kinds: BlockKinds = AuditContext.spokenKinds,
        includingMentions: Bool = false, where matches: ((block: Int, hit: PhraseHit)) -> Bool = { _ in true }
    ) -> (block: Int, hit: PhraseHit)? {
        guard let listIndex = presentIndex(of: list, turn: turn) else { return nil }
        return firstHit(listIndex: listIndex, turn: turn, kinds: kinds, includingMentions: includingMentions, where: matches)
    }

    private func firstHit(
        listIndex: Int, turn: Int, kinds: BlockKinds, includingMentions: Bool, where matches: ((block: Int, hit: PhraseHit)) -> Bool
    ) -> (block: Int, hit: PhraseHit)? {
        var first: (block: Int, hit: PhraseHit)?
        forEachHit(listIndex: listIndex, turn: turn, kinds: kinds, includingMentions: includingMentions) { hit in
            if matches(hit) { first = hit }
            return first == nil
        }
        return first
    }

    private func hits(listIndex: Int, turn: Int, kinds: BlockKinds, includingMentions: Bool) -> [(block: Int, hit: PhraseHit)] {
        // Counted first, so the result is allocated once at its size, and not at all when
        // the list's hits lie only in other kinds of block.
        var bound = 0
        forEachHit(listIndex: listIndex, turn: turn, kinds: kinds, includingMentions: true) { _ in
            bound += 1
            return true
        }
        guard bound > 0 else { return [] }
        var result: [(block: Int, hit: PhraseHit)] = []
        result.reserveCapacity(bound)
        forEachHit(listIndex: listIndex, turn: turn, kinds: kinds, includingMentions: includingMentions) { hit in
            result.append(hit)
            return true
        }
        return result
    }

    /// Each hit of a list in a turn's blocks of `kinds`, in order, until `body` returns false.
    private func forEachHit(
        listIndex: Int, turn: Int, kinds: BlockKinds, includingMentions: Bool, _ body: ((block: Int, hit: PhraseHit)) -> Bool
    ) {
        for number in firstBlock[turn]..<firstBlock[turn + 1] where kinds.contains(blockKinds[number]) {
            let blockIndex = number - firstBlock[turn]
            let hits = listIndex < lexicon.matcher.lists.count ? allHits[hitStart[number]..<hitStart[number + 1]] : (onDemandHits[number] ?? [])[...]
            for hit in hits where hit.list == listIndex {
                if !includingMentions, text(turn: turn, block: blockIndex).isMention(hit.start..<hit.end) { continue }
                if !body((blockIndex, hit)) { return }
            }
        }
    }

    /// A block's number among all the transcript's blocks: a key for per-block caches.
    public func blockNumber(turn: Int, block: Int) -> Int { firstBlock[turn] + block }

    public func text(turn: Int, block: Int) -> BlockText {
        let number = firstBlock[turn] + block
        if let cached = texts[number] { return cached }
        let text = BlockText(transcript.turns[turn].blocks[block].text)
        texts[number] = text
        return text
    }

    /// The keys (`TextScan.wordKey`) of the words of four or more folded bytes in a turn's
    /// visible text, worked out once per turn. Every word of four or more characters is
    /// among them; leaving out the short words, half of all, halves the table.
    public func vocabulary(turn: Int) -> WordKeys {
        if case .vocabulary(let cached) = wordLookups[turn] { return cached }
        let keys = WordKeys(spoken, in: Array(visibleTextRanges(of: turn)), minimumBytes: 4)
        wordLookups[turn] = .vocabulary(keys)
        return keys
    }

    /// Whether a turn's visible text holds any of `words` (words as `TextScan.forEachWord`
    /// yields them, of four or more characters, as the vocabulary keeps) as a word. A turn's
    /// first few questions search its text for the words, which costs a fraction of
    /// splitting it into words; a turn asked more often gets its vocabulary built once, so a
    /// long conversation reads each turn a bounded number of times.
    public func visibleText(of turn: Int, holdsAnyOf words: [ArraySlice<UInt8>]) -> Bool {
        if case .searched(let times) = wordLookups[turn], times < Self.searchesBeforeVocabulary {
            wordLookups[turn] = .searched(times: times + 1)
            let ranges = visibleTextRanges(of: turn)
            return spoken.withUnsafeBufferPointer { spoken in
                words.contains { word in ranges.contains { TextScan.holdsWord(word, in: spoken, range: $0) } }
            }
        }
        let vocabulary = vocabulary(turn: turn)
        return words.contains { vocabulary.contains(TextScan.wordKey($0)) }
    }

    private static let searchesBeforeVocabulary = 4

    /// The visible text is the text blocks joined by blank lines, which no word crosses:
    /// the blocks' words, read where the matcher's copy of them lies, are its words.
    private func visibleTextRanges(of turn: Int) -> some Sequence<Range<Int>> {
        (firstBlock[turn]..<firstBlock[turn + 1]).lazy.filter { self.blockKinds[$0] == .text }.map { self.spokenStart[$0]..<(self.spokenStart[$0 + 1] - 1) }
    }

    /// The nearest user turn before `turn`, skipping tool turns and the assistant's own
    /// intermediate turns in an agent loop.
    public func previousUserTurn(before turn: Int) -> Int? {
        var index = turn - 1
        while index >= 0 {
            if transcript.turns[index].role == .user { return index }
            index -= 1
        }
        return nil
    }

    /// The first text block of a turn that holds anything but white space.
    public func openingTextBlock(of turn: Int) -> Int? {
        // Read from the matcher's copy of the text: copying the block out cost a retain and
        // release of each of its strings.
        for number in firstBlock[turn]..<firstBlock[turn + 1] where blockKinds[number] == .text {
            if spoken[spokenStart[number]..<(spokenStart[number + 1] - 1)].contains(where: { !TextScan.isSpace($0) }) {
                return number - firstBlock[turn]
            }
        }
        return nil
    }

    /// Ranges of one turn merged so that each sentence yields one excerpt, from its first
    /// range's start to its last range's end: several phrases in a sentence make one finding.
    public func mergedBySentence(
        _ ranges: [(block: Int, range: Range<Int>)], turn: Int
    ) -> [(block: Int, range: Range<Int>)] {
        // Most turns give a rule one range or none: nothing to sort or merge.
        guard ranges.count > 1 else { return ranges }
        var result: [(block: Int, range: Range<Int>)] = []
        for item in ranges.sorted(by: { ($0.block, $0.range.lowerBound) < ($1.block, $1.range.lowerBound) }) {
            if let last = result.last, last.block == item.block,
               text(turn: turn, block: item.block).sentence(around: last.range.lowerBound).contains(item.range.lowerBound) {
                result[result.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, item.range.upperBound)
            } else {
                result.append(item)
            }
        }
        return result
    }

    /// A finding at a byte range of a block, with role and excerpt filled in.
    public func finding(
        _ rule: RuleDescription, turn: Int, block: Int, range: Range<Int>,
        message: String, suggestion: String? = nil, severity: Severity? = nil, evidence: [Evidence] = []
    ) -> Finding {
        let blockValue = transcript.turns[turn].blocks[block]
        return Finding(
            rule: rule.id, severity: severity ?? rule.severity, turn: turn,
            role: transcript.turns[turn].role, block: blockValue.kind, blockIndex: block,
            start: range.lowerBound, end: range.upperBound,
            excerpt: text(turn: turn, block: block).string(range),
            message: message, suggestion: suggestion, evidence: evidence
        )
    }
}

/// A set of block kinds as bits: rules ask for hits by kind on every turn, and a `Set`
/// literal there cost a hash table per call.
public struct BlockKinds: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let text = BlockKinds(.text)
    public static let reasoning = BlockKinds(.reasoning)
    public static let toolCall = BlockKinds(.toolCall)
    public static let toolResult = BlockKinds(.toolResult)
    public static let attachment = BlockKinds(.attachment)

    init(_ kind: BlockKind) {
        rawValue = switch kind {
        case .text: 1
        case .reasoning: 2
        case .toolCall: 4
        case .toolResult: 8
        case .attachment: 16
        }
    }

    public func contains(_ kind: BlockKind) -> Bool { contains(BlockKinds(kind)) }
}

/// A block's text as bytes, with its mention regions worked out on first use.
public final class BlockText {
    public let bytes: [UInt8]
    public private(set) lazy var mentions = MentionRegions(bytes: bytes)

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public func isMention(_ range: Range<Int>) -> Bool { mentions.contains(range) }

    public func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    public func sentence(around offset: Int) -> Range<Int> { TextScan.sentence(around: offset, in: bytes) }
    public func forEachSentence(in range: Range<Int>, _ body: (Range<Int>) -> Bool) { TextScan.forEachSentence(in: range, of: bytes, body) }

    public func sentenceStart(around offset: Int) -> Int { TextScan.sentenceStart(around: offset, in: bytes) }

    public func words(in range: Range<Int>) -> [TextScan.Word] { TextScan.words(in: bytes, range: range) }

    /// Where the words of `range` that `keys` holds stand (`TextScan.words(from:in:of:)`).
    public func words(from keys: WordKeys, in range: Range<Int>) -> [Range<Int>] { TextScan.words(from: keys, in: range, of: bytes) }

    public func isOpening(_ offset: Int) -> Bool { Openings.isOpening(offset, in: bytes) }

    public func paragraphs() -> [Range<Int>] { TextScan.paragraphs(in: bytes) }

    /// Whether the text holds `needle` byte for byte.
    public func holds(_ needle: ArraySlice<UInt8>) -> Bool { TextScan.holds(needle, in: bytes) }

    /// Whether a range holds "I", "I'm", "I've", "I'd" or "my" as a word.
    public func holdsFirstPerson(in range: Range<Int>) -> Bool { TextScan.holdsFirstPerson(in: range, of: bytes) }

    /// The figures in a range ("391", "1,200", "3.5"), as written.
    public func numbers(in range: Range<Int>) -> Set<String> { TextScan.numbers(in: range, of: bytes) }

    /// Whether a range holds a digit: asked before its figures are read.
    public func holdsDigit(in range: Range<Int>) -> Bool { TextScan.holdsDigit(in: range, of: bytes) }

    /// The figures in a range given as a value ("the total is 300", "x=15"), as written.
    public func statedFigures(in range: Range<Int>) -> Set<String> { TextScan.statedFigures(in: range, of: bytes) }

    /// Where the last paragraph starts, read back from the end.
    public func lastParagraphStart() -> Int { TextScan.lastParagraphStart(in: bytes) }

    public func startsLine(_ offset: Int) -> Bool { TextScan.startsLine(offset, in: bytes) }

    public func endsWithColon(_ range: Range<Int>) -> Bool { TextScan.endsWithColon(range, in: bytes) }

    public func isTable(_ range: Range<Int>) -> Bool { TextScan.isTable(range, in: bytes) }

    /// Lines that open inside code or a quotation are not a script's: SQL's "AND (" is no cue.
    public func speakerLabelLines(in range: Range<Int>) -> Int {
        TextScan.speakerLabelLines(in: bytes, range: range) { isMention($0..<($0 + 1)) }
    }

    public func sentenceCount(in range: Range<Int>) -> Int { TextScan.sentenceCount(in: range, of: bytes) }

    /// Whether the line holding `offset` looks like code: it ends in `;`, `{` or `}`, is
    /// indented four or more spaces, or opens with a comment marker.
    public func isCodeLike(line offset: Int) -> Bool { TextScan.isCodeLike(lineAround: offset, in: bytes) }

    /// Whether the paragraphs after an optional introduction open and close with quotation marks.
    public func isQuotedWhole(_ paragraphs: [Range<Int>]) -> Bool { TextScan.isQuotedWhole(paragraphs, in: bytes) }

    /// Whether a sentence sets a value against the one it replaces: "9 weeks of training, not 10".
    public func holdsRetraction() -> Bool { TextScan.holdsRetraction(in: bytes) }

    public func contentLabel(opening paragraph: Range<Int>) -> String? { TextScan.contentLabel(opening: paragraph, in: bytes) }

    /// Whether a range holds a capital X standing alone as a word twice: placeholders in a template.
    public func holdsPlaceholder(in range: Range<Int>) -> Bool { TextScan.holdsPlaceholder(in: range, of: bytes) }

    /// Lines that head a song's parts: "Verse 1:", "[Chorus]", "Bridge".
    public func songSections() -> Int { TextScan.songSections(in: bytes) }

    public func speakerLabel(opening paragraph: Range<Int>) -> String? { TextScan.speakerLabel(opening: paragraph, in: bytes) }

    public func listLabels(in paragraph: Range<Int>) -> [Range<Int>] { TextScan.listLabels(in: paragraph, of: bytes) }

    public func introducesSpeech(_ paragraph: Range<Int>) -> Bool { TextScan.introducesSpeech(paragraph, in: bytes) }

    /// Where the clause holding `offset` starts: after the nearest comma, semicolon, colon,
    /// bracket or dash before it in its sentence, past white space.
    public func clauseStart(before offset: Int) -> Int {
        let sentenceStart = sentenceStart(around: offset)
        var start = offset
        while start > sentenceStart {
            let byte = bytes[start - 1]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "(") { break }
            // An en or em dash (E2 80 93/94), or a spaced hyphen.
            if start >= 3, bytes[start - 3] == 0xE2, bytes[start - 2] == 0x80, byte == 0x93 || byte == 0x94 { break }
            if byte == UInt8(ascii: "-"), start >= 2, bytes[start - 2] == 0x20, start < bytes.count, bytes[start] == 0x20 { break }
            start -= 1
        }
        while start < offset, TextScan.isSpace(bytes[start]) { start += 1 }
        return start
    }

    /// From `offset` to the end of its clause, without trailing white space: the excerpt
    /// for a finding that starts at a phrase and runs on to what the phrase governs.
    public func clause(from offset: Int) -> Range<Int> {
        var end = TextScan.clauseEnd(after: offset, within: sentence(around: offset), in: bytes)
        while end > offset, TextScan.isSpace(bytes[end - 1]) { end -= 1 }
        return offset..<end
    }

    /// Quoted for a message: the excerpt in curly quotes, shortened past `limit` characters.
    public func quoted(_ range: Range<Int>, limit: Int = 80) -> String {
        Self.quote(string(range), limit: limit)
    }

    public static func quote(_ text: String, limit: Int = 80) -> String {
        // ASCII, nearly every excerpt, by bytes: splitting by `Character` cost more than the
        // rule that found the excerpt. In ASCII the line breaks are LF, VT, FF and CR, and a
        // byte is a character.
        if let flat = asciiFlattened(text) {
            return "“" + (flat.count > limit ? String(decoding: flat.prefix(limit), as: UTF8.self) + "…" : String(decoding: flat, as: UTF8.self)) + "”"
        }
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "“" + (flat.count > limit ? flat.prefix(limit) + "…" : flat) + "”"
    }

    /// The text's lines joined by single spaces, as `quote` does, when the text is ASCII.
    private static func asciiFlattened(_ text: String) -> [UInt8]? {
        var flat: [UInt8] = []
        flat.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte >= 0x80 { return nil }
            if byte >= 0x0A && byte <= 0x0D {
                pendingSpace = !flat.isEmpty
                continue
            }
            if pendingSpace {
                flat.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            flat.append(byte)
        }
        return flat
    }
}
