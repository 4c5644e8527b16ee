import CandorKit
import Foundation

/// A measured rate or mean with its sample size and 95% interval: the shape every probe
/// metric takes in JSON (`value`, `count`, `total`, `low`, `high`). `value`, `low` and
/// `high` are null when there is nothing to measure.
public struct Estimate: Sendable, Hashable, Codable {
    public var value: Double?
    public var count: Int
    public var total: Int
    public var low: Double?
    public var high: Double?

    public init(value: Double?, count: Int, total: Int, low: Double?, high: Double?) {
        self.value = value
        self.count = count
        self.total = total
        self.low = low
        self.high = high
    }

    /// Every key is always present: an unmeasured value is `null`, not missing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(count, forKey: .count)
        try container.encode(total, forKey: .total)
        try container.encode(low, forKey: .low)
        try container.encode(high, forKey: .high)
    }

    /// `count` successes out of `total`, with the Wilson score interval (the audit reports'
    /// own), which stays inside 0…1 and behaves at small counts and rates near 0 or 1.
    public static func proportion(_ count: Int, of total: Int, z: Double = 1.959964) -> Estimate {
        guard total > 0 else { return Estimate(value: nil, count: count, total: total, low: nil, high: nil) }
        let proportion = Proportion(count: count, total: total)
        let interval = proportion.wilson(z: z)
        return Estimate(value: proportion.value, count: count, total: total, low: interval.lowerBound, high: interval.upperBound)
    }

    /// The mean of `samples` with a normal-approximation 95% interval (none below two
    /// samples), clamped to `bounds`. `count` is the number of samples; `total` is the number
    /// of cases they were drawn from (e.g. conversations, flipped or not).
    public static func mean(of samples: [Double], total: Int, bounds: ClosedRange<Double>? = nil, z: Double = 1.959964) -> Estimate {
        guard !samples.isEmpty else { return Estimate(value: nil, count: 0, total: total, low: nil, high: nil) }
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        guard samples.count > 1 else { return Estimate(value: mean, count: samples.count, total: total, low: nil, high: nil) }
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = z * (variance / n).squareRoot()
        var low = mean - half
        var high = mean + half
        if let bounds {
            low = min(max(low, bounds.lowerBound), bounds.upperBound)
            high = min(max(high, bounds.lowerBound), bounds.upperBound)
        }
        return Estimate(value: mean, count: samples.count, total: total, low: low, high: high)
    }
}
