import Foundation

/// Speaker-labelled text as people paste it from chat interfaces:
///
///     User: Is this safe?
///     Thinking: The user asks about …
///     Assistant: Yes, with two caveats …
///     Web Fetch: https://example.org/guide
///
/// A label opens a turn (`User:`, `Assistant:`, `System:` and their synonyms, also as
/// "ChatGPT said:"), a reasoning block (`Thinking:`), or a one-line tool call by the
/// assistant (`Tool call:`, `Web Fetch:` …). Unlabelled lines continue the current block;
/// after a tool call they start a new text block. Block text is the exact bytes of the
/// file, so findings map back to the file by `Block.sourceOffset`.
public struct PlainTextReader: Sendable {
    enum Label {
        case turn(Role)
        case reasoning
        /// A tool call; `name` is nil when the tool's name is the first word of the line.
        case toolCall(name: String?)
    }

    static let labels: [String: Label] = [
        "user": .turn(.user), "human": .turn(.user), "you": .turn(.user), "me": .turn(.user),
        "assistant": .turn(.assistant), "ai": .turn(.assistant), "claude": .turn(.assistant),
        "chatgpt": .turn(.assistant), "gemini": .turn(.assistant), "copilot": .turn(.assistant),
        "model": .turn(.assistant), "bot": .turn(.assistant),
        "system": .turn(.system),
        "thought process": .reasoning, "thinking": .reasoning, "reasoning": .reasoning,
        "tool": .toolCall(name: nil), "tool call": .toolCall(name: nil), "function call": .toolCall(name: nil),
        "web fetch": .toolCall(name: "web_fetch"), "web search": .toolCall(name: "web_search"),
        "code execution": .toolCall(name: "code_execution"),
    ]

    public init() {}

    /// Whether the text has at least one turn label at the start of a line.
    public static func looksLikeTranscript(_ bytes: [UInt8]) -> Bool {
        var lineStart = 0
        var lines = 0
        while lineStart < bytes.count, lines < 200 {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if case .turn = label(in: bytes, line: lineStart..<lineEnd)?.label { return true }
            lineStart = lineEnd + 1
            lines += 1
        }
        return false
    }

    public func read(_ bytes: [UInt8], source: Source) -> ReadOutcome {
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            return .failure(ReadError(file: source.file, line: Self.lineNumber(of: bad, in: bytes), offset: bad, expected: "valid UTF-8 text"))
        }
        var builder = Builder(bytes: bytes)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            if let (label, contentStart) = Self.label(in: bytes, line: lineStart..<lineEnd) {
                builder.open(label, contentStart: contentStart, lineEnd: lineEnd)
            } else {
                builder.continueBlock(lineStart: lineStart, lineEnd: lineEnd)
            }
            lineStart = lineEnd + 1
        }
        let turns = builder.finish()
        guard !turns.isEmpty else {
            return .failure(ReadError(file: source.file, line: 1, offset: 0, expected: "a speaker-labelled chat: lines starting with User:, Assistant:, System: or a synonym"))
        }
        let declared = turns.filter { $0.role == .system }.flatMap { turn in
            turn.blocks.filter { $0.kind == .text }.flatMap { SystemPromptTools.declared(in: $0.text) }
        }
        return .transcript(Transcript(id: source.description, format: InputFormat.plainText.rawValue, source: source, turns: turns, declaredTools: declared))
    }

    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[0..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// The label at the start of a line, and where the content after it begins.
    /// Accepts `Label:`, `**Label:**`, `**Label**:` and `Label said:`, in any case.
    static func label(in bytes: [UInt8], line: Range<Int>) -> (label: Label, contentStart: Int)? {
        var index = line.lowerBound
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        while index < line.upperBound, bytes[index] == UInt8(ascii: "*") { index += 1 }
        let nameStart = index
        while index < line.upperBound, index - nameStart <= 24 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "*") { break }
            guard TextScan.isASCIIWordByte(byte) || byte == 0x20 else { return nil }
            index += 1
        }
        guard index < line.upperBound, index > nameStart else { return nil }
        var name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        while index < line.upperBound, bytes[index] == UInt8(ascii: "*") { index += 1 }
        guard index < line.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        while index < line.upperBound, bytes[index] == UInt8(ascii: "*") { index += 1 }
        if name.hasSuffix(" said") { name.removeLast(5) }
        guard let label = labels[name] else { return nil }
        while index < line.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return (label, index)
    }

    /// Accumulates turns and blocks as byte ranges of the file.
    struct Builder {
        let bytes: [UInt8]
        var turns: [Turn] = []
        /// The block being extended by unlabelled lines: turn index, block index, range.
        var open: (turn: Int, block: Int, range: Range<Int>)?
        var pendingReasoning: [Range<Int>] = []
        var afterToolCall = false

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func open(_ label: Label, contentStart: Int, lineEnd: Int) {
            closeBlock()
            let content = contentStart..<lineEnd
            switch label {
            case .turn(let role):
                turns.append(Turn(role: role, blocks: []))
                if role == .assistant {
                    for range in pendingReasoning { appendFinished(.reasoning, range: range) }
                    pendingReasoning.removeAll()
                }
                appendBlock(.text, content: content)
            case .reasoning:
                if let last = turns.last, last.role == .assistant {
                    appendBlock(.reasoning, content: content)
                } else {
                    pendingReasoning.append(content)
                    open = (-1, pendingReasoning.count - 1, content)
                }
            case .toolCall(let fixedName):
                if turns.last?.role != .assistant { turns.append(Turn(role: .assistant, blocks: [])) }
                let text = Self.trimmed(content, in: bytes)
                let line = String(decoding: bytes[text], as: UTF8.self)
                let name: String
                let arguments: String
                if let fixedName {
                    name = fixedName
                    arguments = line
                } else {
                    let nameEnd = line.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") } ?? line.endIndex
                    name = String(line[..<nameEnd])
                    arguments = line[nameEnd...].trimmingCharacters(in: .whitespaces)
                }
                turns[turns.count - 1].blocks.append(Block(kind: .toolCall, text: line, name: name, arguments: arguments, sourceOffset: text.lowerBound))
                afterToolCall = true
            }
        }

        mutating func continueBlock(lineStart: Int, lineEnd: Int) {
            if var current = open {
                current.range = current.range.lowerBound..<lineEnd
                open = current
                return
            }
            let isBlank = bytes[lineStart..<lineEnd].allSatisfy { TextScan.isSpace($0) }
            if afterToolCall, !isBlank, turns.last?.role == .assistant {
                appendBlock(.text, content: lineStart..<lineEnd)
                afterToolCall = false
            }
        }

        mutating func appendBlock(_ kind: BlockKind, content: Range<Int>) {
            let turn = turns.count - 1
            turns[turn].blocks.append(Block(kind: kind, text: "", sourceOffset: content.lowerBound))
            open = (turn, turns[turn].blocks.count - 1, content)
            afterToolCall = false
        }

        /// Appends a block whose extent is already known to the last turn.
        mutating func appendFinished(_ kind: BlockKind, range: Range<Int>) {
            let turn = turns.count - 1
            turns[turn].blocks.append(Block(kind: kind, text: ""))
            setText(turn: turn, block: turns[turn].blocks.count - 1, range: range)
        }

        mutating func closeBlock() {
            guard let current = open else { return }
            open = nil
            if current.turn < 0 {
                pendingReasoning[current.block] = current.range
            } else {
                setText(turn: current.turn, block: current.block, range: current.range)
            }
        }

        mutating func setText(turn: Int, block: Int, range: Range<Int>) {
            let trimmed = Self.trimmed(range, in: bytes)
            turns[turn].blocks[block].text = String(decoding: bytes[trimmed], as: UTF8.self)
            turns[turn].blocks[block].sourceOffset = trimmed.lowerBound
        }

        mutating func finish() -> [Turn] {
            closeBlock()
            if !pendingReasoning.isEmpty {
                turns.append(Turn(role: .assistant, blocks: []))
                for range in pendingReasoning { appendFinished(.reasoning, range: range) }
            }
            // A label with nothing after it ("Assistant:" then a tool call) leaves an empty block.
            for index in turns.indices {
                turns[index].blocks.removeAll { $0.kind == .text && $0.text.isEmpty }
            }
            return turns
        }

        static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
            var start = range.lowerBound
            var end = range.upperBound
            while start < end, TextScan.isSpace(bytes[start]) { start += 1 }
            while end > start, TextScan.isSpace(bytes[end - 1]) { end -= 1 }
            return start..<end
        }
    }
}
