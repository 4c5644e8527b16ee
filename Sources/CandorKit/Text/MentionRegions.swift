/// Spans of a text that mention words rather than use them: quotations, code and
/// block quotes. A phrase found inside one is talked about, not said.
public struct MentionRegions: Sendable {
    public private(set) var ranges: [Range<Int>] = []

    public init(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in
            scanCode(bytes)
            scanQuotations(bytes)
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
    }

    /// Whether any part of `range` lies inside a mention.
    public func contains(_ range: Range<Int>) -> Bool {
        ranges.contains { $0.overlaps(range) || ($0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound) }
    }

    /// Fenced code blocks, inline code and `>` block-quote lines.
    private mutating func scanCode(_ bytes: UnsafeBufferPointer<UInt8>) {
        var lineStart = 0
        var fenceStart: Int?
        while lineStart < bytes.count {
            var lineEnd = ByteWords.first(in: bytes, from: lineStart, to: bytes.count) { ByteWords.marks(of: 0x0A, in: $0) }
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            let isFence = first + 3 <= lineEnd
                && bytes[first] == UInt8(ascii: "`") && bytes[first + 1] == UInt8(ascii: "`") && bytes[first + 2] == UInt8(ascii: "`")
            if isFence {
                if let open = fenceStart {
                    ranges.append(open..<lineEnd)
                    fenceStart = nil
                } else {
                    fenceStart = lineStart
                }
            } else if fenceStart == nil {
                if first < lineEnd, bytes[first] == UInt8(ascii: ">") {
                    ranges.append(lineStart..<lineEnd)
                } else {
                    scanInlineCode(bytes, line: first..<lineEnd)
                }
            }
            lineStart = lineEnd + 1
        }
        if let open = fenceStart { ranges.append(open..<bytes.count) }
    }

    private mutating func scanInlineCode(_ bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>) {
        var open: Int?
        var index = line.lowerBound
        while true {
            index = ByteWords.first(in: bytes, from: index, to: line.upperBound) { ByteWords.marks(of: UInt8(ascii: "`"), in: $0) }
            while index < line.upperBound, bytes[index] != UInt8(ascii: "`") { index += 1 }
            guard index < line.upperBound else { return }
            if let start = open {
                ranges.append(start..<(index + 1))
                open = nil
            } else {
                open = index
            }
            index += 1
        }
    }

    /// Quotations within one paragraph. Straight double quotes pair up; curly ones open
    /// and close; single quotes count only where they cannot be apostrophes (an opening
    /// one after a non-letter, a closing one before a non-letter). An unclosed quotation
    /// is not a mention: it is more often a stray mark than a quote running to the end.
    private mutating func scanQuotations(_ bytes: UnsafeBufferPointer<UInt8>) {
        var openDouble: Int?
        var openSingle: Int?
        var index = 0
        func resetParagraph() {
            openDouble = nil
            openSingle = nil
        }
        while index < bytes.count {
            index = ByteWords.first(in: bytes, from: index, to: bytes.count) { word in
                ByteWords.marks(of: 0x22, in: word) | ByteWords.marks(of: 0x27, in: word) | ByteWords.marks(of: 0x0A, in: word)
                    | ByteWords.marks(of: 0xE2, in: word) | ByteWords.marks(of: 0xCA, in: word)
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            // Only these bytes can be a quotation mark (straight, or the lead of a curly one) or a paragraph break.
            if byte != 0x22, byte != 0x27, byte != 0x0A, byte != 0xE2, byte != 0xCA {
                index += 1
                continue
            }
            if byte == 0x0A, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                resetParagraph()
                index += 2
                continue
            }
            let (folded, width) = TextFolding.foldedByte(bytes, at: index)
            let isCurly = width == 3
            switch folded {
            case UInt8(ascii: "\""):
                let opensCurly = isCurly && (bytes[index + 2] == 0x9C || bytes[index + 2] == 0x9F)
                let closesCurly = isCurly && bytes[index + 2] == 0x9D
                if let start = openDouble, !opensCurly {
                    ranges.append(start..<(index + width))
                    openDouble = nil
                } else if openDouble == nil, !closesCurly {
                    openDouble = index
                }
            case UInt8(ascii: "'"):
                let before = TextScan.isWordCharacter(before: index, in: bytes)
                let after = TextScan.isWordCharacter(at: index + width, in: bytes)
                if let start = openSingle, before || TextScan.isPunctuationBeforeClosingQuote(bytes, index), !after {
                    ranges.append(start..<(index + width))
                    openSingle = nil
                } else if openSingle == nil, !before, after {
                    openSingle = index
                }
            default:
                break
            }
            index += width
        }
    }
}

extension TextScan {
    /// `'noted.'` — sentence punctuation just inside a closing single quote.
    static func isPunctuationBeforeClosingQuote(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index > 0 else { return false }
        let previous = bytes[index - 1]
        return previous == UInt8(ascii: ".") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "!") || previous == UInt8(ascii: "?")
    }
}
