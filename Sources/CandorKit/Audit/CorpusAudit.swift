import Foundation

/// One audited transcript or one record that could not be read.
public enum AuditItem: Sendable {
    case result(AuditResult)
    case failure(ReadError)
}

/// What one batch of input produced, in input order within the batch.
public struct AuditedBatch: Sendable {
    /// Position of the batch in the whole input, from 0.
    public var sequence: Int
    public var file: String
    public var items: [AuditItem]
    /// Input bytes the batch covered, for progress.
    public var byteCount: Int
}

/// What a worker made of one batch of input (see `CorpusAudit.run(paths:startingPart:adding:deliver:)`).
public struct PreparedBatch<Part: Sendable>: Sendable {
    /// Position of the batch in the whole input, from 0.
    public var sequence: Int
    public var file: String
    public var part: Part
    /// Records the batch held, readable or not, for progress.
    public var recordCount: Int
    /// Input bytes the batch covered, for progress.
    public var byteCount: Int
    /// The worker that made the batch, and frees it once delivered.
    var worker: Int
}

/// Audits a corpus of any size on every core: a reader thread cuts inputs into batches,
/// worker threads read and audit them, and the caller's thread receives the results.
/// At most `inFlight` batches exist at once (queued, being audited or waiting to be put
/// back in order), so memory stays bounded whatever the input size.
public struct CorpusAudit: Sendable {
    public var auditor: Auditor
    public var reading: TranscriptReading
    public var workers: Int
    /// Deliver batches in input order; otherwise as soon as each is done.
    public var ordered: Bool
    public var batchBytes: Int
    /// Whether delivered transcripts keep their text. Without it (`Transcript.removeText`,
    /// done by the worker right after the audit) a caller that cites findings by offset and
    /// excerpt, as JSON Lines and SARIF do, holds less and runs faster: the text is freed
    /// while it is still in the worker's cache, and the next records reuse its memory.
    public var keepsText: Bool

    public init(
        auditor: Auditor, reading: TranscriptReading = TranscriptReading(),
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, ordered: Bool = false,
        batchBytes: Int = 1 << 20, keepsText: Bool = true
    ) {
        self.auditor = auditor
        self.reading = reading
        self.workers = max(1, workers)
        self.ordered = ordered
        self.batchBytes = batchBytes
        self.keepsText = keepsText
    }

    var inFlight: Int { 2 * workers + 2 }

    /// Streams every path (a file or `-`) through the workers. `deliver` runs on the calling
    /// thread, one batch at a time; returning false stops the run early (for `--strict`).
    public func run(paths: [String], deliver: (AuditedBatch) -> Bool) {
        run(paths: paths, startingPart: { [AuditItem]() }, adding: { $0.append($1) }) { batch in
            deliver(AuditedBatch(sequence: batch.sequence, file: batch.file, items: batch.part, byteCount: batch.byteCount))
        }
    }

    /// As `run(paths:deliver:)`, but each worker folds the items of a batch into a part as it
    /// audits them (`adding` runs right after each record), and parts are what is delivered.
    /// A caller that turns results into output bytes and counts can do both there: on every
    /// core, while each result is still in its worker's cache, and without keeping results
    /// until delivery (JSON Lines output ran about 4% faster so on 64 MB).
    public func run<Part: Sendable>(
        paths: [String], startingPart: @escaping @Sendable () -> Part,
        adding: @escaping @Sendable (inout Part, AuditItem) -> Void, deliver: (PreparedBatch<Part>) -> Bool
    ) {
        let tickets = Tickets(inFlight)
        let work = BlockingQueue<(Int, RecordBatch)>()
        let done = BlockingQueue<PreparedBatch<Part>>()
        let stopped = StopFlag()
        let reading = reading
        let batchBytes = batchBytes
        let auditor = auditor
        let keepsText = keepsText

        // The phrase lexicon compiles (some tens of milliseconds) while the first batches are read.
        Thread.detachNewThread { _ = auditor.lexicon }
        Thread.detachNewThread {
            var sequence = 0
            feed: for path in paths {
                let stream = RecordStream(path: path, format: reading.format, batchBytes: batchBytes)
                while let batch = stream.next() {
                    guard tickets.acquire() else { break feed }
                    work.push((sequence, batch))
                    sequence += 1
                }
            }
            work.close()
        }
        let running = Countdown(workers)
        // Delivered batches go back to the worker that built them to be freed there: freed on
        // the delivering thread, they made it take the lock of the worker's malloc arena while
        // the worker was allocating from it (7,900 futex calls on 64 MB, against 465 now).
        let spent = (0..<workers).map { _ in SpentBatches<Part>() }
        for worker in 0..<workers {
            Thread.detachNewThread {
                while let (sequence, batch) = work.pop() {
                    spent[worker].free()
                    var part = startingPart()
                    var records = 0
                    if !stopped.isSet {
                        let audit = { (outcome: ReadOutcome) in
                            records += 1
                            switch outcome {
                            case .transcript(let transcript):
                                var result = auditor.audit(transcript)
                                if !keepsText { result.transcript.removeText() }
                                adding(&part, .result(result))
                            case .failure(let error): adding(&part, .failure(error))
                            }
                        }
                        if sequence < workers {
                            // The first batches are read whole before any is audited: the phrase
                            // lexicon is still compiling then, and reading needs none of it.
                            var outcomes: [ReadOutcome] = []
                            batch.forEachOutcome(with: reading) { outcomes.append($0) }
                            outcomes.forEach(audit)
                        } else {
                            batch.forEachOutcome(with: reading, audit)
                        }
                    }
                    done.push(PreparedBatch(
                        sequence: sequence, file: batch.file, part: part, recordCount: records, byteCount: batch.byteCount, worker: worker
                    ))
                }
                if running.finishOne() { done.close() }
            }
        }

        var waiting: [Int: PreparedBatch<Part>] = [:]
        var nextSequence = 0
        while let batch = done.pop() {
            if stopped.isSet {
                tickets.release()
                continue
            }
            guard ordered else {
                if !deliver(batch) { stop(stopped, tickets) }
                spent[batch.worker].add(batch)
                tickets.release()
                continue
            }
            waiting[batch.sequence] = batch
            while let next = waiting.removeValue(forKey: nextSequence) {
                nextSequence += 1
                tickets.release()
                if stopped.isSet { continue }
                if !deliver(next) { stop(stopped, tickets) }
                spent[next.worker].add(next)
            }
        }
    }

    private func stop(_ flag: StopFlag, _ tickets: Tickets) {
        flag.set()
        tickets.cancel()
    }
}

/// A FIFO shared between threads; `pop` waits for an element or for `close`.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Short (at most the batches in flight), so removing from the front is cheap.
    private var elements: [Element] = []
    private var closed = false

    func push(_ element: Element) {
        condition.lock()
        elements.append(element)
        condition.signal()
        condition.unlock()
    }

    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty, !closed { condition.wait() }
        guard !elements.isEmpty else { return nil }
        return elements.removeFirst()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Delivered batches waiting for their worker to free them.
final class SpentBatches<Part: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [PreparedBatch<Part>] = []

    func add(_ batch: PreparedBatch<Part>) {
        lock.withLock { batches.append(batch) }
    }

    /// Frees the batches on the calling thread, outside the lock.
    func free() {
        var taken: [PreparedBatch<Part>] = []
        lock.withLock { swap(&taken, &batches) }
    }
}

/// A counting semaphore that can be cancelled, waking every waiter with `false`.
final class Tickets: @unchecked Sendable {
    private let condition = NSCondition()
    private var available: Int
    private var cancelled = false

    init(_ count: Int) { available = count }

    func acquire() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while available == 0, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        available -= 1
        return true
    }

    func release() {
        condition.lock()
        available += 1
        condition.signal()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Counts running workers down; true for the one that finishes last.
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int

    init(_ count: Int) { remaining = count }

    func finishOne() -> Bool {
        lock.withLock {
            remaining -= 1
            return remaining == 0
        }
    }
}
