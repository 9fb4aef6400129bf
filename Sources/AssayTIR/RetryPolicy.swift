/// How failed requests are retried: exponential backoff with full jitter, honouring the
/// server's `Retry-After` when it sends one.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int = 5
    /// The backoff before the second attempt.
    public var initialBackoff: Duration = .milliseconds(500)
    /// The largest backoff between two attempts.
    public var maxBackoff: Duration = .seconds(30)

    /// Creates the default policy (5 attempts, 0.5 s doubling to at most 30 s).
    public init() {}

    /// Creates a policy.
    public init(maxAttempts: Int, initialBackoff: Duration, maxBackoff: Duration) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), given the server's
    /// `Retry-After` in seconds if any. Full jitter: uniform in `0...backoff`.
    public func delay(afterAttempt attempt: Int, retryAfterSeconds: Double?) -> Duration {
        if let retryAfterSeconds, retryAfterSeconds >= 0 {
            return min(.milliseconds(Int64(retryAfterSeconds * 1000)), maxBackoff)
        }
        let exponent = min(attempt - 1, 30)
        let scaled = initialBackoff * (1 << exponent)
        let capped = min(scaled, maxBackoff)
        let millis = Int64(capped.components.seconds * 1000 + capped.components.attoseconds / 1_000_000_000_000_000)
        return .milliseconds(Int64.random(in: 0...max(millis, 1)))
    }
}
