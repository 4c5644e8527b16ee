/// Where in conversations pushback comes and output gives way, over a whole corpus: per
/// exchange (the n-th user turn and the reply to it), how many user turns pushed back and
/// how many replies conceded without new evidence. Live audits only: saved JSONL output
/// does not record which turns pushed back.
public struct YieldProfile: Sendable, Hashable {
    /// Exchanges past this one share the last bucket.
    public static let buckets = 30
    public var pushbacks = [Int](repeating: 0, count: buckets)
    public var capitulations = [Int](repeating: 0, count: buckets)

    public init() {}

    public mutating func add(_ result: AuditResult) {
        guard !result.pushbackTurns.isEmpty else { return }
        // The exchange of a turn: how many user turns there are up to and including it.
        var exchange: [Int] = []
        var users = 0
        for turn in result.transcript.turns {
            if turn.role == .user { users += 1 }
            exchange.append(users)
        }
        func bucket(_ turn: Int) -> Int { min(max(exchange[turn], 1), Self.buckets) - 1 }
        for turn in result.pushbackTurns where turn < exchange.count { pushbacks[bucket(turn)] += 1 }
        for turn in result.capitulationTurns where turn < exchange.count { capitulations[bucket(turn)] += 1 }
    }

    public var isEmpty: Bool { !pushbacks.contains { $0 > 0 } }

    /// Grouped bars per exchange, up to the last exchange that saw pushback.
    func svg() -> String {
        guard let last = pushbacks.lastIndex(where: { $0 > 0 }) else { return "" }
        let count = last + 1
        let width = 640.0, height = 150.0, left = 40.0, bottom = 22.0, top = 20.0
        let plotHeight = height - top - bottom
        let slot = (width - left - 10) / Double(count)
        let peak = Double(max(pushbacks.max() ?? 1, 1))
        func barHeight(_ value: Int) -> Double { Double(value) / peak * plotHeight }
        var out = "<svg class=\"yield profile\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Pushbacks and capitulations by exchange\">"
        out += "<title>Pushbacks and capitulations by exchange across the corpus</title>"
        out += "<line class=\"axis\" x1=\"\(left.oneDecimal)\" x2=\"\((width - 10).oneDecimal)\" y1=\"\((top + plotHeight).oneDecimal)\" y2=\"\((top + plotHeight).oneDecimal)\"/>"
        out += "<text class=\"label\" x=\"\((left - 4).oneDecimal)\" y=\"\((top + 4).oneDecimal)\" text-anchor=\"end\">\(Int(peak))</text>"
        out += "<text class=\"label\" x=\"\((left - 4).oneDecimal)\" y=\"\((top + plotHeight).oneDecimal)\" text-anchor=\"end\">0</text>"
        for index in 0..<count {
            let x = left + Double(index) * slot
            let barWidth = max(slot / 2 - 1, 1)
            let label = index == Self.buckets - 1 ? "\(index + 1)+" : "\(index + 1)"
            let rate = pushbacks[index] == 0 ? "" : ", \(Int((Double(capitulations[index]) / Double(pushbacks[index]) * 100).rounded()))% conceded"
            out += "<g><title>exchange \(label): \(pushbacks[index]) pushbacks, \(capitulations[index]) capitulations\(rate)</title>"
            out += "<rect class=\"pushback\" x=\"\(x.oneDecimal)\" y=\"\((top + plotHeight - barHeight(pushbacks[index])).oneDecimal)\" width=\"\(barWidth.oneDecimal)\" height=\"\(barHeight(pushbacks[index]).oneDecimal)\"/>"
            out += "<rect class=\"capitulation\" x=\"\((x + barWidth).oneDecimal)\" y=\"\((top + plotHeight - barHeight(capitulations[index])).oneDecimal)\" width=\"\(barWidth.oneDecimal)\" height=\"\(barHeight(capitulations[index]).oneDecimal)\"/></g>"
            if count <= 12 || index % 5 == 0 || index == count - 1 {
                out += "<text class=\"label\" x=\"\((x + barWidth).oneDecimal)\" y=\"\((height - 6).oneDecimal)\" text-anchor=\"middle\">\(label)</text>"
            }
        }
        out += "<text class=\"legend pushback\" x=\"\((left + 4).oneDecimal)\" y=\"12\">■ pushbacks</text>"
        out += "<text class=\"legend capitulation\" x=\"\((left + 100).oneDecimal)\" y=\"12\">■ capitulations, by exchange (n-th user turn)</text>"
        return out + "</svg>\n"
    }
}
