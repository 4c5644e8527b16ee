/// The layout of a text as a reader sees it: paragraphs, lines, tables and speaker labels,
/// worked out on bytes.
extension TextScan {
    /// Paragraphs: runs of lines between blank lines, without their surrounding white space.
    public static func paragraphs(in bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int?
        var lastContent = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let blank = bytes[lineStart..<lineEnd].allSatisfy(isSpace)
            if blank {
                if let open = start { result.append(open..<lastContent) }
                start = nil
            } else {
                if start == nil {
                    var first = lineStart
                    while isSpace(bytes[first]) { first += 1 }
                    start = first
                }
                var end = lineEnd
                while end > lineStart, isSpace(bytes[end - 1]) { end -= 1 }
                lastContent = end
            }
            lineStart = lineEnd + 1
        }
        if let open = start { result.append(open..<lastContent) }
        return result
    }

    /// The start of the last paragraph: after the last blank line before the text's last
    /// non-blank byte, or 0.
    public static func lastParagraphStart(in bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0, isSpace(bytes[end - 1]) { end -= 1 }
        var index = end
        var lineHasContent = false
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == 0x0A {
                if !lineHasContent { return index }
                lineHasContent = false
            } else if !isSpace(byte) {
                lineHasContent = true
            }
            index -= 1
        }
        return 0
    }

    /// Where the words of `range` stand whose key `keys` holds, a possessive ("client's") read
    /// as its word: a lookup per word with no string built for it.
    public static func words(from keys: WordKeys, in range: Range<Int>, of bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        forEachWord(in: bytes, range: range) { folded, start, end in
            var word = folded
            if word.count > 2, word[word.count - 2] == UInt8(ascii: "'"), word[word.count - 1] == UInt8(ascii: "s") {
                word = UnsafeBufferPointer(rebasing: word[..<(word.count - 2)])
            }
            if keys.contains(wordKey(word)) { found.append(start..<end) }
        }
        return found
    }

    /// The index in `words` (a text's words, in order) where the folded word sequence `phrase` starts.
    public static func firstOccurrence(of phrase: [String], in words: [Word]) -> Int? {
        guard let first = phrase.first else { return nil }
        return words.indices.first { index in
            words[index].text == first && index + phrase.count <= words.count
                && zip(words[index..<(index + phrase.count)], phrase).allSatisfy { $0.text == $1 }
        }
    }

    /// Whether `bytes` holds `needle` byte for byte.
    public static func holds(_ needle: ArraySlice<UInt8>, in bytes: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return needle.isEmpty }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Whether `range` holds a first-person word: "I" (alone or as I'm, I've, I'd, I'll) or "my".
    public static func holdsFirstPerson(in range: Range<Int>, of bytes: [UInt8]) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            // The byte first: the word boundary before it is read only for an "I" or an "m".
            let byte = bytes[index]
            if byte == UInt8(ascii: "I") || byte | 0x20 == UInt8(ascii: "m"), !isWordCharacter(before: index, in: bytes) {
                if byte == UInt8(ascii: "I"), index + 1 >= range.upperBound || !isASCIIWordByte(bytes[index + 1]) { return true }
                if byte != UInt8(ascii: "I"), index + 2 <= range.upperBound, bytes[index + 1] == UInt8(ascii: "y"),
                   index + 2 == range.upperBound || !isWordCharacter(at: index + 2, in: bytes) {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// The runs of digits in `range`, with the separators inside them (1,200; 3.5), as strings.
    public static func numbers(in range: Range<Int>, of bytes: [UInt8]) -> Set<String> {
        Set(figures(in: range, of: bytes).map { String(decoding: bytes[$0], as: UTF8.self) })
    }

    static func holdsDigit(in range: Range<Int>, of bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            for index in range where isDigit(bytes[index]) { return true }
            return false
        }
    }

    /// The figures of `range` given as a value: after "is", "are", "be", "equals" or "=" within
    /// three words ("the total is 300", "there should be 40", "x=15"), as written.
    public static func statedFigures(in range: Range<Int>, of bytes: [UInt8]) -> Set<String> {
        var stated = Set<String>()
        for figure in figures(in: range, of: bytes) {
            var before = figure.lowerBound
            while before > range.lowerBound, isSpace(bytes[before - 1]) { before -= 1 }
            var isValue = before > range.lowerBound && bytes[before - 1] == UInt8(ascii: "=")
            if !isValue {
                // Words read since the last copula, up to three: a copula among the last three words.
                var sinceCopula = 3
                forEachWord(in: bytes, range: max(range.lowerBound, figure.lowerBound - 40)..<figure.lowerBound) { folded, _, _ in
                    sinceCopula = copulaKeys.contains(wordKey(folded)) ? 0 : min(sinceCopula + 1, 3)
                }
                isValue = sinceCopula < 3
            }
            if isValue { stated.insert(String(decoding: bytes[figure], as: UTF8.self)) }
        }
        return stated
    }

    static let copulaKeys = WordKeys(words: ["is", "are", "was", "were", "be", "equals", "equal", "it's", "that's", "there's", "totals"])

    /// Where each run of digits in `range` stands, with the separators inside it, in order.
    public static func figures(in range: Range<Int>, of bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            guard isDigit(bytes[index]), !isWordCharacter(before: index, in: bytes) else {
                index += 1
                continue
            }
            var end = index
            while end < range.upperBound {
                let byte = bytes[end]
                if isDigit(byte) {
                    end += 1
                } else if (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")), end + 1 < range.upperBound, isDigit(bytes[end + 1]) {
                    end += 1
                } else {
                    break
                }
            }
            result.append(index..<end)
            index = end
        }
        return result
    }

    /// The lines of `range`, without their line breaks.
    public static func lines(in bytes: [UInt8], range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A { end += 1 }
            result.append(start..<end)
            start = end + 1
        }
        return result
    }

    /// The first line of `range` (all of it when it holds no line break).
    static func firstLine(in bytes: [UInt8], range: Range<Int>) -> Range<Int> {
        range.lowerBound..<(bytes[range].firstIndex(of: 0x0A) ?? range.upperBound)
    }

    /// Whether `offset` is the first non-blank byte of its line.
    public static func startsLine(_ offset: Int, in bytes: [UInt8]) -> Bool {
        var index = offset
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == 0x0A { return true }
            if byte != 0x20 && byte != 0x09 && byte != UInt8(ascii: "*") && byte != UInt8(ascii: "#") { return false }
            index -= 1
        }
        return true
    }

    /// Whether the last non-blank byte of `range` is a colon (or a colon closed by `**`).
    public static func endsWithColon(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
        var end = range.upperBound
        while end > range.lowerBound, isSpace(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: "*") { end -= 1 }
        return end > range.lowerBound && bytes[end - 1] == UInt8(ascii: ":")
    }

    /// Whether every line of `range` is a Markdown table row and there are at least two.
    public static func isTable(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
        let rows = lines(in: bytes, range: range)
        return rows.count >= 2 && rows.allSatisfy { row in
            var first = row.lowerBound
            while first < row.upperBound, bytes[first] == 0x20 { first += 1 }
            return first < row.upperBound && bytes[first] == UInt8(ascii: "|")
        }
    }

    /// How many lines of `range` open with a speaker label ("Newton: …", "**Interviewer:** …"),
    /// counted only where at least two speakers alternate, one of them more than once: the
    /// shape of a script or dialogue, unlike a list of headed points. Lines whose first
    /// non-space byte `skipping` accepts (by offset) are left out.
    public static func speakerLabelLines(in bytes: [UInt8], range: Range<Int>, skipping: (Int) -> Bool = { _ in false }) -> Int {
        // A text in capitals throughout has no cue lines to tell apart.
        let mixedCase = bytes[range].contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        var labels: [String] = []
        for line in lines(in: bytes, range: range) {
            var first = line.lowerBound
            while first < line.upperBound, bytes[first] == 0x20 { first += 1 }
            if first < line.upperBound, skipping(first) { continue }
            if let label = speakerLabel(of: line, in: bytes, cues: mixedCase) { labels.append(label) }
        }
        let distinct = Set(labels)
        guard labels.count >= 3, distinct.count >= 2, distinct.count < labels.count else { return 0 }
        return labels.count
    }

    /// The label that opens a line, folded: one to three capitalised words before a colon
    /// ("Newton: …", "**Interviewer:** …"), or a screenplay's cue, a line of capitals alone
    /// ("KEIF", "KEIF (V.O.)").
    static func speakerLabel(of line: Range<Int>, in bytes: [UInt8], cues: Bool = true) -> String? {
        var index = line.lowerBound
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let start = index
        guard index < line.upperBound, bytes[index] >= UInt8(ascii: "A"), bytes[index] <= UInt8(ascii: "Z") else { return nil }
        var end = line.upperBound
        while end > start, isSpace(bytes[end - 1]) || bytes[end - 1] == UInt8(ascii: "*") { end -= 1 }
        if cues, end - start <= 30, bytes[start..<end].allSatisfy({ byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == 0x20 || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ":")
        }), bytes[start..<end].filter({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }).count >= 2 {
            var nameEnd = start
            while nameEnd < end, bytes[nameEnd] != UInt8(ascii: "("), bytes[nameEnd] != UInt8(ascii: ":") { nameEnd += 1 }
            while nameEnd > start, bytes[nameEnd - 1] == 0x20 { nameEnd -= 1 }
            return String(decoding: bytes[start..<nameEnd], as: UTF8.self).lowercased()
        }
        var words = 1
        while index < line.upperBound, index - start < 40 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") {
                return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
            }
            // A stage direction between the name and the colon: "Tracy (smiling): …".
            if byte == UInt8(ascii: "("), index > start, bytes[index - 1] == 0x20,
               let close = bytes[index..<min(line.upperBound, index + 30)].firstIndex(of: UInt8(ascii: ")")),
               close + 1 < line.upperBound, bytes[close + 1] == UInt8(ascii: ":") {
                return String(decoding: bytes[start..<(index - 1)], as: UTF8.self).lowercased()
            }
            if byte == 0x20 {
                words += 1
                if words > 3 { return nil }
            } else if !((isASCIIWordByte(byte) && !isDigit(byte)) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "'") || byte >= 0x80 || byte == UInt8(ascii: "*")) {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// Labels that head a point, not a speaker: "Note:", "Answer:", "Step:".
    static let headingLabels: Set<String> = [
        "note", "notes", "example", "examples", "step", "answer", "question", "q", "a", "summary", "title", "subject",
        "output", "input", "response", "solution", "explanation", "result", "results", "code", "user", "assistant",
        "chatgpt", "gpt", "ai", "bot", "you", "me", "human", "pros", "cons", "conclusion", "introduction", "intro",
        "overview", "description", "definition", "reason", "reasons", "tip", "tips", "warning", "important", "option",
        "options", "update", "edit", "translation", "correction", "source", "sources", "hint", "context", "background",
        "objective", "goal", "task", "problem", "error", "fix", "method", "approach", "benefits", "features",
        "requirements", "instructions", "ingredients", "key", "name", "date", "time", "location", "price", "total",
        "yes", "no", "true", "false", "correct", "incorrect", "sure", "certainly", "okay", "ok", "well", "hello", "hi",
        "dear", "sincerely", "regards", "thanks", "here", "update", "edited", "revised", "original", "rewritten",
        "corrected", "improved", "final", "draft", "version", "bonus", "caption", "headline", "body", "signature",
        "tldr", "tl;dr", "disclaimer", "source code", "my answer", "short answer", "long answer", "verdict",
    ]

    /// The speaker label opening a paragraph when it names someone ("Pree: …"), not a heading.
    public static func speakerLabel(opening paragraph: Range<Int>, in bytes: [UInt8]) -> String? {
        let mixedCase = bytes[paragraph].contains { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        let line = firstLine(in: bytes, range: paragraph)
        guard mixedCase, !line.isEmpty, let label = speakerLabel(of: line, in: bytes, cues: false),
              !headingLabels.contains(label), !label.contains(" and ") else { return nil }
        // A name: every word capitalised ("Pree", "Dr. Lansing"), unlike "Here it is".
        var index = line.lowerBound
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let labelWords = words(in: bytes, range: index..<min(line.upperBound, index + label.utf8.count))
        guard labelWords.allSatisfy({ bytes[$0.start] >= UInt8(ascii: "A") && bytes[$0.start] <= UInt8(ascii: "Z") }) else { return nil }
        // A colon with nothing after it on the line heads what follows; a name needs words after it
        // or a screenplay cue's capitals.
        return label
    }

    /// Words that mark a label as introducing sample text: "Answer example:", "Sample reply:".
    static let sampleLabelWords: Set<String> = [
        "example", "sample", "response", "reply", "template", "draft", "caption", "bio", "post", "tweet", "version",
        "message", "script", "dialogue", "transcript",
    ]

    /// The label opening a paragraph when what follows it is someone else's text: a speaker's
    /// name (as `speakerLabel(opening:in:)`) or a label naming sample text, with words after
    /// the colon on the same line.
    public static func contentLabel(opening paragraph: Range<Int>, in bytes: [UInt8]) -> String? {
        if let name = speakerLabel(opening: paragraph, in: bytes) { return name }
        let line = firstLine(in: bytes, range: paragraph)
        guard !line.isEmpty else { return nil }
        var index = line.lowerBound
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "_") { index += 1 }
        guard let colon = bytes[index..<line.upperBound].firstIndex(of: UInt8(ascii: ":")), colon - index <= 40 else { return nil }
        let labelWords = words(in: bytes, range: index..<colon)
        guard !labelWords.isEmpty, labelWords.count <= 4, labelWords.contains(where: { sampleLabelWords.contains($0.text) }),
              words(in: bytes, range: (colon + 1)..<line.upperBound).count >= 3 else { return nil }
        return labelWords.map(\.text).joined(separator: " ")
    }

    /// The labels of a paragraph's list items: the words before an item's colon ("3. Intelligent
    /// Suggestions: …"), or a short item in title case with no sentence after it ("- Wisdom Nuggets").
    public static func listLabels(in paragraph: Range<Int>, of bytes: [UInt8]) -> [Range<Int>] {
        var labels: [Range<Int>] = []
        for line in lines(in: bytes, range: paragraph) {
            var index = line.lowerBound
            while index < line.upperBound, bytes[index] == 0x20 { index += 1 }
            guard index < line.upperBound else { continue }
            let lead = bytes[index]
            if lead == UInt8(ascii: "-") || lead == UInt8(ascii: "*") || lead == UInt8(ascii: "+") {
                index += 1
            } else if lead >= UInt8(ascii: "0") && lead <= UInt8(ascii: "9") {
                while index < line.upperBound, bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") { index += 1 }
                guard index < line.upperBound, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else { continue }
                index += 1
            } else {
                continue
            }
            while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "*") { index += 1 }
            let item = index..<line.upperBound
            if let colon = bytes[item].firstIndex(of: UInt8(ascii: ":")), words(in: bytes, range: item.lowerBound..<colon).count <= 6 {
                labels.append(item.lowerBound..<colon)
                continue
            }
            let itemWords = words(in: bytes, range: item)
            let last = bytes[item].last { !isSpace($0) && $0 != UInt8(ascii: "*") }
            if itemWords.count <= 6, last.map({ !isTerminator($0) }) ?? false,
               itemWords.allSatisfy({ word in
                   let first = bytes[word.start]
                   return (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || word.text.count <= 3
               }) {
                labels.append(item)
            }
        }
        return labels
    }

    static let speechVerbs: Set<String> = [
        "says", "said", "continues", "continued", "replies", "replied", "responds", "responded", "answers", "answered",
        "exclaims", "exclaimed", "asks", "asked", "adds", "added", "explains", "explained", "begins", "begins:",
    ]

    /// Whether a one-sentence paragraph hands over to a character's speech: "The Cat in the
    /// Hat continues:", "Newton replies:".
    public static func introducesSpeech(_ paragraph: Range<Int>, in bytes: [UInt8]) -> Bool {
        let paragraphWords = words(in: bytes, range: paragraph)
        guard paragraphWords.count <= 12, let first = paragraphWords.first,
              !["here", "i", "this", "below", "the following", "sure", "you", "it"].contains(first.text) else { return false }
        return paragraphWords.suffix(2).contains { speechVerbs.contains($0.text) }
    }

    /// Whether the line around `offset` looks like code (see `BlockText.isCodeLike(line:)`).
    public static func isCodeLike(lineAround offset: Int, in bytes: [UInt8]) -> Bool {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = offset
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        var first = start
        while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        var last = end
        while last > first, isSpace(bytes[last - 1]) { last -= 1 }
        guard first < last else { return false }
        if first - start >= 4 { return true }
        let tail = bytes[last - 1]
        if tail == UInt8(ascii: ";") || tail == UInt8(ascii: "{") || tail == UInt8(ascii: "}") { return true }
        let head = bytes[first]
        if head == UInt8(ascii: "#") && first + 1 < last && bytes[first + 1] == 0x20 { return false }
        return head == UInt8(ascii: "/") && first + 1 < last && (bytes[first + 1] == UInt8(ascii: "/") || bytes[first + 1] == UInt8(ascii: "*"))
            || head == UInt8(ascii: "<") || head == UInt8(ascii: "$")
    }

    /// Whether the text, or all of it after a first paragraph ending in a colon, opens with a
    /// quotation mark and its last paragraph closes with one: a text quoted whole.
    public static func isQuotedWhole(_ paragraphs: [Range<Int>], in bytes: [UInt8]) -> Bool {
        guard var first = paragraphs.first, let last = paragraphs.last else { return false }
        if paragraphs.count > 1, endsWithColon(first, in: bytes) { first = paragraphs[1] }
        guard last.upperBound - first.lowerBound >= 200 else { return false }
        return opensQuote(at: first.lowerBound, in: bytes) && closesQuote(before: last.upperBound, in: bytes)
    }

    private static func opensQuote(at offset: Int, in bytes: [UInt8]) -> Bool {
        bytes[offset] == UInt8(ascii: "\"") || (offset + 2 < bytes.count && bytes[offset] == 0xE2 && bytes[offset + 1] == 0x80 && bytes[offset + 2] == 0x9C)
    }

    private static func closesQuote(before end: Int, in bytes: [UInt8]) -> Bool {
        bytes[end - 1] == UInt8(ascii: "\"") || (end >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80 && bytes[end - 1] == 0x9D)
    }

    /// Whether the text holds ", not " or ", rather than " followed by a word: one value set
    /// against another.
    public static func holdsRetraction(in bytes: [UInt8]) -> Bool {
        for marker in [Array(", not ".utf8), Array(", rather than ".utf8)] {
            var index = 0
            while index + marker.count < bytes.count {
                if bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker),
                   isASCIIWordByte(bytes[index + marker.count]) {
                    return true
                }
                index += 1
            }
        }
        return false
    }

    /// Whether `range` holds "X" as a word of its own twice ("When you X, I feel X"); once
    /// names a thing ("drug X").
    public static func holdsPlaceholder(in range: Range<Int>, of bytes: [UInt8]) -> Bool {
        var count = 0
        var index = range.lowerBound
        while index < range.upperBound, count < 2 {
            if bytes[index] == UInt8(ascii: "X"), !isWordCharacter(before: index, in: bytes),
               index + 1 >= bytes.count || !isWordCharacter(at: index + 1, in: bytes) {
                count += 1
            }
            index += 1
        }
        return count >= 2
    }

    static let songParts: Set<String> = ["verse", "chorus", "bridge", "outro", "intro", "pre-chorus", "hook", "refrain"]

    /// How many short lines head a song's part ("Verse 1:", "[Chorus]", "Bridge").
    public static func songSections(in bytes: [UInt8]) -> Int {
        lines(in: bytes, range: 0..<bytes.count).filter { line in
            guard line.count <= 24 else { return false }
            let lineWords = words(in: bytes, range: line)
            guard let first = lineWords.first, songParts.contains(first.text), lineWords.count <= 3 else { return false }
            return lineWords.dropFirst().allSatisfy { $0.text.allSatisfy(\.isNumber) }
        }.count
    }

    /// Sentences in `range`, by terminators followed by white space and line breaks.
    public static func sentenceCount(in range: Range<Int>, of bytes: [UInt8]) -> Int {
        var count = 0
        forEachSentence(in: range, of: bytes) { sentence in
            if !sentence.isEmpty { count += 1 }
            return true
        }
        return count
    }
}
