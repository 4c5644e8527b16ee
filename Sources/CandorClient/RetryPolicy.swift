/// When and how long to wait before trying a request again.
///
/// Exponential backoff with full jitter: the wait before attempt n+1 is uniform in
/// `0...min(maxDelay, baseDelay · 2^(n-1))`, so many clients throttled at once do not retry
/// in lockstep. A server's `Retry-After` replaces the computed wait (capped at `maxDelay`).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The ceiling of the wait after `attempt` (1-based) failed, before jitter.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let grown = baseDelay * (1 << exponent)
        return min(grown, maxDelay)
    }

    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, retryAfter: Duration? = nil, using generator: inout G) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let ceiling = ceiling(afterAttempt: attempt)
        let fraction = Double.random(in: 0...1, using: &generator)
        return ceiling * fraction
    }

    /// 429 (rate limited), 408 (request timeout) and every 5xx are worth another try; other statuses are not.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 408 || (500...599).contains(status)
    }
}
