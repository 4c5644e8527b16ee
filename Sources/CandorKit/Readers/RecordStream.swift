import Foundation

/// A run of input handed to one worker: whole JSON Lines records or elements of a JSON
/// array cut from a stream, or one whole document (a JSON object or plain-text
/// transcript) that must be read at once.
public struct RecordBatch: Sendable {
    public enum Content: Sendable {
        /// Complete lines; `firstLine` is the 1-based number of the first, `baseOffset` its byte offset in the file.
        case lines(bytes: [UInt8], firstLine: Int, baseOffset: Int)
        /// Elements of a top-level array and damage found between them; `bytes` start at
        /// `baseOffset` in the file, and the items are located by offset in the file.
        case elements(bytes: [UInt8], items: [JSONArrayElements.Item], baseOffset: Int)
        case document([UInt8])
        /// The input could not be opened or read.
        case failure(ReadError)
    }

    public var file: String
    public var content: Content
    /// Input bytes this batch accounts for, for progress.
    public var byteCount: Int

    /// Each record of the batch as soon as it is read, in input order, so a worker audits a
    /// transcript straight after reading it rather than holding the whole batch's first.
    public func forEachOutcome(with reading: TranscriptReading, _ body: (ReadOutcome) -> Void) {
        switch content {
        case .failure(let error):
            body(.failure(error))
        case .document(let bytes):
            reading.read(bytes, file: file).forEach(body)
        case .elements(let bytes, let items, let baseOffset):
            bytes.withUnsafeBufferPointer { buffer in
                for item in items { reading.read(item, in: buffer, base: baseOffset, origin: Source(file: file)).forEach(body) }
            }
        case .lines(let bytes, let firstLine, let baseOffset):
            bytes.withUnsafeBufferPointer { buffer in
                JSONLines.forEachRecord(in: buffer, firstLine: firstLine, baseOffset: baseOffset) { line, number, offset in
                    let source = Source(file: file, record: number, line: number, offset: offset)
                    reading.readRecord(line, source: source).forEach(body)
                }
            }
        }
    }
}

/// Splitting JSON Lines, shared by the in-memory and the streaming paths so both number
/// records the same way: one record per non-blank line, numbered by line.
enum JSONLines {
    static func forEachRecord(
        in buffer: UnsafeBufferPointer<UInt8>, firstLine: Int, baseOffset: Int,
        _ body: (UnsafeBufferPointer<UInt8>, _ line: Int, _ offset: Int) -> Void
    ) {
        var lineStart = 0
        var lineNumber = firstLine
        while lineStart < buffer.count {
            let lineEnd = newline(in: buffer, from: lineStart) ?? buffer.count
            let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            if line.contains(where: { !TextScan.isSpace($0) }) {
                body(line, lineNumber, baseOffset + lineStart)
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
    }

    /// How many newlines `bytes` holds, by `memchr`: counting byte by byte cost a seventh
    /// as much as reading the records themselves.
    static func newlineCount(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var start = 0
        while let found = newline(in: bytes, from: start) {
            count += 1
            start = found + 1
        }
        return count
    }

    /// The first newline at or after `start`, found with `memchr`: a 200 MB line takes
    /// seconds to scan byte by byte in a debug build.
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}

/// Reads one input in bounded chunks and cuts it into batches of whole records, so a
/// corpus of any size is audited in constant memory. JSON Lines and top-level JSON arrays
/// stream; other whole-document formats (a JSON object, plain text, compressed files) are
/// read whole, as their parsers need.
public final class RecordStream {
    public let file: String
    /// Size in bytes when known (regular files), for an ETA.
    public let size: Int?
    private let handle: FileHandle?
    private let format: InputFormat
    private let batchBytes: Int
    private let reading: TranscriptReading
    private var elements: JSONArrayElements?
    /// Bytes dropped while no element was ready, counted into the next batch for progress.
    private var droppedBytes = 0
    private var pending: [UInt8] = []
    private var atEnd = false
    private var mode: Mode = .undecided
    private var nextLine = 1
    private var consumed = 0
    private var openError: ReadError?
    /// A read that failed part way, reported after the bytes read before it.
    private var readFailure: ReadError?

    private enum Mode { case undecided, lines, elements, finished }

    /// A stream over a file path, or standard input for `-`. An array element longer than
    /// `maximumRecordBytes` is passed over without being kept.
    public init(path: String, format: InputFormat = .auto, batchBytes: Int = 1 << 20, maximumRecordBytes: Int = TranscriptReading().maximumRecordBytes) {
        file = path
        self.format = format
        self.batchBytes = batchBytes
        reading = TranscriptReading(format: format, maximumRecordBytes: maximumRecordBytes)
        if path == "-" {
            handle = FileHandle.standardInput
            size = nil
            return
        }
        if let problem = InputPath.problem(path) {
            handle = nil
            size = nil
            openError = problem
        } else if let opened = FileHandle(forReadingAtPath: path) {
            handle = opened
            size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        } else {
            handle = nil
            size = nil
            openError = ReadError(file: path, expected: "a readable file")
        }
    }

    /// The next batch, or nil at the end of the input.
    public func next() -> RecordBatch? {
        if let error = openError {
            openError = nil
            mode = .finished
            return RecordBatch(file: file, content: .failure(error), byteCount: 0)
        }
        switch mode {
        case .finished:
            return takeReadFailure()
        case .undecided:
            return decide()
        case .lines:
            return nextLines()
        case .elements:
            return nextElements()
        }
    }

    /// Looks at the first line to choose between streaming records and reading a whole document.
    private func decide() -> RecordBatch? {
        fill(upTo: batchBytes)
        // An array is decided on before more lines are sought: it may be one line of any length.
        let arrayStart: Int? = pending.withUnsafeBufferPointer { buffer in
            let start = TranscriptReading.contentStart(buffer)
            let isArray = format != .plainText && start < buffer.count && buffer[start] == UInt8(ascii: "[")
            return isArray && !reading.isJSONLines(buffer, from: start) ? start : nil
        }
        if let arrayStart, startsElements(at: arrayStart) {
            mode = .elements
            return nextElements()
        }
        while !atEnd, !holdsLines(4) { fill(upTo: pending.count * 2) }
        let streamable = pending.withUnsafeBufferPointer { buffer in
            let start = TranscriptReading.contentStart(buffer)
            let startsJSON = start < buffer.count && (buffer[start] == UInt8(ascii: "{") || buffer[start] == UInt8(ascii: "["))
            return format != .plainText && startsJSON
                && (TranscriptReading(format: format).isJSONLines(buffer, from: start) || (!atEnd && firstLineIsWholeValue(from: start)))
        }
        guard streamable else {
            while !atEnd { fill(upTo: max(pending.count * 2, batchBytes)) }
            mode = .finished
            let bytes = pending
            pending = []
            return RecordBatch(file: file, content: .document(bytes), byteCount: bytes.count)
        }
        mode = .lines
        return nextLines()
    }

    /// Whether `pending` holds `count` newlines: counting every newline of the first
    /// megabyte cost milliseconds per file.
    private func holdsLines(_ count: Int) -> Bool {
        var start = 0
        for _ in 0..<count {
            guard let found = pendingNewline(from: start) else { return false }
            start = found + 1
        }
        return true
    }

    /// The first newline in `pending` at or after `start`, found with `memchr` as records are:
    /// a record can be hundreds of megabytes long.
    private func pendingNewline(from start: Int = 0) -> Int? {
        pending.withUnsafeBufferPointer { JSONLines.newline(in: $0, from: start) }
    }

    private func firstLineIsWholeValue(from start: Int) -> Bool {
        guard let newline = pendingNewline(from: start) else { return false }
        return pending.withUnsafeBufferPointer { buffer in
            (try? JSONParser.parse(UnsafeBufferPointer(rebasing: buffer[start..<newline]))) != nil
        }
    }

    /// Sets up reading the array at `start` element by element, unless its first element
    /// shows it is a bare list of chat messages, one conversation, which is read whole.
    private func startsElements(at start: Int) -> Bool {
        let line = 1 + pending.withUnsafeBufferPointer { JSONLines.newlineCount(in: UnsafeBufferPointer(rebasing: $0[..<start])) }
        var probe = reading.arrayElements(start: start, line: line)
        var first = pending.withUnsafeBufferPointer { probe.next($0, base: 0, atEnd: atEnd) }
        while first == .needMore, pending.count <= reading.maximumRecordBytes {
            fill(upTo: pending.count * 2)
            first = pending.withUnsafeBufferPointer { probe.next($0, base: 0, atEnd: atEnd) }
        }
        guard pending.withUnsafeBufferPointer({ !TranscriptReading.isMessageList(first: first, in: $0, base: 0) }) else { return false }
        elements = reading.arrayElements(start: start, line: line)
        return true
    }

    /// The next run of array elements, about `batchBytes` of them (or one longer element).
    private func nextElements() -> RecordBatch? {
        guard var splitter = elements else { return nil }
        defer { elements = splitter }
        var items: [JSONArrayElements.Item] = []
        var batchEnd = 0
        while batchEnd < batchBytes {
            let step = pending.withUnsafeBufferPointer { splitter.next($0, base: consumed, atEnd: atEnd) }
            if case .item(let item) = step {
                items.append(item)
                if case .element(let range) = item.content { batchEnd = range.upperBound - consumed }
                continue
            }
            if step == .end {
                mode = .finished
                if items.isEmpty { return takeReadFailure() }
                break
            }
            // More input is needed: hand over what is ready, or drop what is no longer needed and read on.
            if !items.isEmpty { break }
            let unneeded = splitter.keepFrom - consumed
            droppedBytes += unneeded
            consumed += unneeded
            pending.removeSubrange(..<unneeded)
            fill(upTo: max(batchBytes, pending.count * 2))
        }
        // As with lines, the batch keeps the buffer it was read into; what follows its last
        // element is copied out.
        let cut = min(splitter.keepFrom - consumed, pending.count)
        var bytes: [UInt8] = []
        swap(&bytes, &pending)
        pending = Array(bytes[cut...])
        bytes.removeSubrange(cut...)
        let batch = RecordBatch(file: file, content: .elements(bytes: bytes, items: items, baseOffset: consumed), byteCount: cut + droppedBytes)
        consumed += cut
        droppedBytes = 0
        return batch
    }

    private func nextLines() -> RecordBatch? {
        if pending.count < batchBytes { fill(upTo: batchBytes) }
        // A batch ends at the last newline; a record longer than a batch grows the buffer until it ends.
        while !atEnd, pendingNewline() == nil { fill(upTo: pending.count * 2) }
        guard !pending.isEmpty else {
            mode = .finished
            return takeReadFailure()
        }
        let cut: Int
        if let lastInBatch = pending[..<min(batchBytes, pending.count)].lastIndex(of: 0x0A) {
            cut = lastInBatch + 1
        } else if let first = pendingNewline() {
            cut = first + 1
        } else {
            cut = pending.count
        }
        // The batch keeps the buffer it was read into; only the start of the next record, past
        // the cut, is copied out (a copy of the whole megabyte per batch showed in profiles).
        var bytes: [UInt8] = []
        swap(&bytes, &pending)
        if cut < bytes.count {
            pending = Array(bytes[cut...])
            bytes.removeSubrange(cut...)
        }
        let batch = RecordBatch(file: file, content: .lines(bytes: bytes, firstLine: nextLine, baseOffset: consumed), byteCount: cut)
        nextLine += bytes.withUnsafeBufferPointer(JSONLines.newlineCount)
        consumed += cut
        if atEnd, pending.isEmpty { mode = .finished }
        return batch
    }

    private func takeReadFailure() -> RecordBatch? {
        guard let failure = readFailure else { return nil }
        readFailure = nil
        return RecordBatch(file: file, content: .failure(failure), byteCount: 0)
    }

    /// Reads until `pending` holds `target` bytes or the input ends. The bytes are read
    /// straight into a buffer of the target size: reading a `Data` per chunk and appending
    /// it cost a second copy of the input and a fresh mapping to fault in.
    private func fill(upTo target: Int) {
        guard let handle else {
            atEnd = true
            return
        }
        guard !atEnd, pending.count < target else { return }
        let descriptor = handle.fileDescriptor
        var failure: Int32?
        let filled = [UInt8](unsafeUninitializedCapacity: target) { buffer, count in
            pending.withUnsafeBufferPointer { carried in
                count = carried.count
                if let source = carried.baseAddress { buffer.baseAddress!.initialize(from: source, count: count) }
            }
            while count < target {
                let read = Foundation.read(descriptor, buffer.baseAddress! + count, target - count)
                if read > 0 {
                    count += read
                } else if read < 0, errno == EINTR {
                    continue
                } else {
                    if read < 0 { failure = errno }
                    atEnd = true
                    break
                }
            }
        }
        pending = filled
        if let failure {
            readFailure = ReadError(
                file: file, offset: consumed + pending.count,
                expected: "more input (reading stopped: \(String(cString: strerror(failure))))"
            )
        }
    }

    deinit {
        if file != "-" { try? handle?.close() }
    }
}
