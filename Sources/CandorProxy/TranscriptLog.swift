import CandorKit
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The proxy's JSON Lines transcript log: one `{"request": …, "response": …}` record per
/// exchange, secrets redacted, readable by `candor audit` as it stands.
///
/// Each record is written with a single write(2) on an O_APPEND descriptor, so a crash or
/// kill leaves whole records only. When the next record would take the file past
/// `maximumBytes`, the file is renamed to `FILE.1` (older ones shift up to `FILE.<keep>`)
/// and a new one begins.
public final class TranscriptLog: Sendable {
    public let path: String
    public let maximumBytes: Int
    public let keep: Int
    private let state: NIOLockedValueBox<(descriptor: Int32, size: Int)>
    /// Where the proxy's appends run: a write that waits on a busy disk must not hold one of
    /// the few threads that run every request's tasks.
    private let writes = DispatchQueue(label: "candor.transcript-log")

    public init(path: String, maximumBytes: Int = 64 << 20, keep: Int = 5) throws(TranscriptLogError) {
        self.path = path
        self.maximumBytes = maximumBytes
        self.keep = max(keep, 1)
        state = NIOLockedValueBox(try Self.openLog(path))
    }

    deinit {
        state.withLockedValue { _ = close($0.descriptor) }
    }

    public func append(_ record: TranscriptLogRecord) throws(TranscriptLogError) {
        try append(line: record.redacted().line)
    }

    /// Appends one line on the log's own thread; returns once it is written.
    public func append(line: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writes.async {
                do {
                    try self.append(line: line)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Appends one line (a newline is added); it is built before the lock so writers only
    /// queue for the syscall.
    public func append(line text: String) throws(TranscriptLogError) {
        var line = Array(text.utf8)
        line.append(0x0A)
        let result: Result<Void, TranscriptLogError> = state.withLockedValue { state in
            if state.size > 0, state.size + line.count > maximumBytes {
                do throws(TranscriptLogError) {
                    try rotate(&state)
                } catch {
                    return .failure(error)
                }
            }
            let written = line.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else {
                return .failure(TranscriptLogError(path: path, operation: "write", code: written < 0 ? errno : 0))
            }
            state.size += written
            return .success(())
        }
        try result.get()
    }

    private func rotate(_ state: inout (descriptor: Int32, size: Int)) throws(TranscriptLogError) {
        _ = close(state.descriptor)
        for generation in stride(from: keep - 1, through: 1, by: -1) {
            _ = rename("\(path).\(generation)", "\(path).\(generation + 1)")
        }
        guard rename(path, "\(path).1") == 0 else { throw TranscriptLogError(path: path, operation: "rotate", code: errno) }
        state = try Self.openLog(path)
    }

    /// Owner-only: the log holds whole conversations.
    private static func openLog(_ path: String) throws(TranscriptLogError) -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TranscriptLogError(path: path, operation: "open", code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            _ = close(descriptor)
            throw TranscriptLogError(path: path, operation: "stat", code: errno)
        }
        return (descriptor, Int(status.st_size))
    }
}

public struct TranscriptLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var code: Int32

    public var description: String {
        "transcript log \(path): \(operation) failed" + (code != 0 ? " (\(String(cString: strerror(code))))" : " (short write)")
    }
}

/// One exchange as the log and the store keep it. Bodies are redacted when the line is built.
public struct TranscriptLogRecord: Sendable {
    /// Unique per exchange, so identical exchanges read as separate transcripts.
    public var id: String
    public var time: Date
    public var request: JSONValue
    /// The upstream's response, or for a stream the message assembled from its chunks; nil when none arrived.
    public var response: JSONValue?
    public var stream: Bool
    public var status: Int
    public var action: GuardAction
    public var findingsHeader: String
    /// What went wrong, without bodies: "upstream timed out", "upstream stream ended before [DONE]".
    public var error: String?

    public init(
        id: String = UUID().uuidString.lowercased(), time: Date = Date(), request: JSONValue, response: JSONValue?,
        stream: Bool, status: Int, action: GuardAction, findingsHeader: String, error: String? = nil
    ) {
        self.id = id
        self.time = time
        self.request = request
        self.response = response
        self.stream = stream
        self.status = status
        self.action = action
        self.findingsHeader = findingsHeader
        self.error = error
    }

    public var jsonLine: String { redacted().line }

    /// The record with its secrets redacted, once for both the log and the store.
    public func redacted() -> RedactedLogRecord {
        var changed = false
        let request = Redaction.redacted(request, changed: &changed)
        let response = response.map { Redaction.redacted($0, changed: &changed) }
        var out = "{\"id\":" + JSONText.quoted(id) + ",\"time\":" + JSONText.quoted(time.formatted(.iso8601))
        out += ",\"request\":" + JSONText.serialize(request)
        out += ",\"response\":" + (response.map(JSONText.serialize) ?? "null")
        out += ",\"proxy\":{\"stream\":\(stream),\"status\":\(status),\"action\":\"\(action.rawValue)\",\"findings\":"
        out += JSONText.quoted(findingsHeader)
        if let error { out += ",\"error\":" + JSONText.quoted(error) }
        return RedactedLogRecord(line: out + "}}", request: request, response: response, redactedAnything: changed)
    }
}

/// A record's redacted bodies and the JSON line built from them.
public struct RedactedLogRecord: Sendable {
    public var line: String
    public var request: JSONValue
    public var response: JSONValue?
    /// False when the bodies held no secret, so an audit of the originals stands for them.
    public var redactedAnything: Bool
}
