#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered writes to a file descriptor: reports print many small lines, and one
/// `write(2)` per line would dominate the run time on large corpora.
final class FileOutput {
    nonisolated(unsafe) static let standardOutput = FileOutput(descriptor: 1)
    nonisolated(unsafe) static let standardError = FileOutput(descriptor: 2, bufferLimit: 0)

    private let descriptor: Int32
    private let bufferLimit: Int
    private var buffer: [UInt8] = []

    init(descriptor: Int32, bufferLimit: Int = 1 << 16) {
        self.descriptor = descriptor
        self.bufferLimit = bufferLimit
        buffer.reserveCapacity(bufferLimit)
    }

    /// Creates or truncates a file for writing; nil when it cannot be opened.
    convenience init?(creating path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return nil }
        self.init(descriptor: descriptor)
    }

    deinit {
        flush()
        if descriptor > 2 { close(descriptor) }
    }

    func write(_ text: String) {
        write { $0.append(contentsOf: text.utf8) }
    }

    /// Lets `append` write its bytes straight into the buffer.
    func write(appending append: (inout [UInt8]) -> Void) {
        append(&buffer)
        if buffer.count > bufferLimit { flush() }
    }

    func flush() {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                #else
                Darwin.write(descriptor, raw.baseAddress! + written, raw.count - written)
                #endif
            }
            if result <= 0 { break }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
