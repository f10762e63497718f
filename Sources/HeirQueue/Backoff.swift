/// Exponential backoff with jitter: how long a failed job waits before its next attempt.
///
/// The delay before attempt `n + 1`, after `n` failed attempts, is `min(maximum, base × 2^(n-1))`, of which the
/// first half is fixed and the second half drawn at random ("equal jitter"): retries of a burst of jobs that failed
/// together spread out instead of hammering the database at the same instant, yet every job still waits at least
/// half the nominal delay.
public struct BackoffPolicy: Sendable, Hashable {
    /// The nominal delay after the first failure.
    public var base: Duration
    /// The largest nominal delay.
    public var maximum: Duration

    public init(base: Duration = .seconds(1), maximum: Duration = .seconds(3600)) {
        self.base = base
        self.maximum = maximum
    }

    /// The nominal (jitter-free) delay after `failedAttempts` failures (≥ 1).
    public func nominalDelay(afterFailures failedAttempts: Int) -> Duration {
        let exponent = max(0, failedAttempts - 1)
        let baseMicros = base.microseconds
        let maximumMicros = maximum.microseconds
        // 2^exponent overflows long before any sensible maximum; stop doubling once past it.
        guard exponent < 62, baseMicros <= maximumMicros >> Int64(exponent) else {
            return maximum
        }
        return .microseconds(baseMicros << Int64(exponent))
    }

    /// The delay after `failedAttempts` failures: half the nominal delay plus a random part of the other half.
    public func delay(afterFailures failedAttempts: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let nominal = nominalDelay(afterFailures: failedAttempts).microseconds
        let half = nominal / 2
        let jitter = nominal - half > 0 ? Int64.random(in: 0...(nominal - half), using: &random) : 0
        return .microseconds(half + jitter)
    }

    /// The range every ``delay(afterFailures:using:)`` falls in.
    public func delayRange(afterFailures failedAttempts: Int) -> ClosedRange<Duration> {
        let nominal = nominalDelay(afterFailures: failedAttempts).microseconds
        return .microseconds(nominal / 2) ... .microseconds(nominal)
    }
}
