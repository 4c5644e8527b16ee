import Foundation

/// A one-line progress display on standard error: records/s, MB/s and, when the input
/// size is known, percent done and an ETA. Redrawn at most ten times a second.
struct ProgressMeter {
    let totalBytes: Int?
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var records = 0
    private var bytes = 0

    init(totalBytes: Int?) {
        self.totalBytes = totalBytes
    }

    mutating func advance(records count: Int, bytes size: Int) {
        records += count
        bytes += size
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        Terminal.writeError("\r" + line(elapsed: now.timeIntervalSince(start)) + "\u{1B}[K")
    }

    mutating func finish() {
        Terminal.writeError("\r" + line(elapsed: Date().timeIntervalSince(start)) + "\u{1B}[K\n")
    }

    func line(elapsed: TimeInterval) -> String {
        let seconds = max(elapsed, 0.001)
        let megabytes = Double(bytes) / 1_000_000
        var text = "\(records) records · \(Int(Double(records) / seconds)) records/s · \(Self.oneDecimal(megabytes / seconds)) MB/s"
        if let totalBytes, totalBytes > 0 {
            let fraction = min(1, Double(bytes) / Double(totalBytes))
            let width = 20
            let filled = Int(fraction * Double(width))
            text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                + "\(Int(fraction * 100))% · " + text
            if fraction > 0, fraction < 1 {
                text += " · ETA \(Self.duration(seconds * (1 - fraction) / fraction))"
            }
        }
        return text
    }

    static func oneDecimal(_ value: Double) -> String {
        String(Int(value)) + "." + String(Int(value * 10) % 10)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }
}
