import Foundation
import SantunanValues

/// A moment on the queue's clock: microseconds since 1970-01-01T00:00:00Z, PostgreSQL's `timestamptz` resolution.
public struct QueueInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static func < (lhs: QueueInstant, rhs: QueueInstant) -> Bool { lhs.microseconds < rhs.microseconds }

    /// This instant moved by `duration`.
    public func advanced(by duration: Duration) -> QueueInstant {
        QueueInstant(microseconds: microseconds + duration.microseconds)
    }

    /// The duration from this instant to `other`.
    public func duration(to other: QueueInstant) -> Duration {
        .microseconds(other.microseconds - microseconds)
    }

    /// `2026-01-02T03:04:05.678901Z`: bound as text and cast to `timestamptz` by the queue's statements.
    public var iso8601: String {
        let seconds = microseconds.floorDivided(by: 1_000_000)
        let fraction = microseconds - seconds * 1_000_000
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CivilDate(dayNumber: Int(days))
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(date)T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))Z"
    }

    public var description: String { iso8601 }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

extension Duration {
    /// Whole microseconds, truncated.
    public var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// Seconds as a floating-point number, for logs and progress output only.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Where the queue reads the time. Injected so tests can step through backoff and lease expiry (STYLE.md model 2).
///
/// Every time the queue writes (`scheduled_at`, `lease_expires_at`, `completed_at`) and every time it compares with
/// comes from this clock, never from the server's `now()`, so a test that advances a ``ManualQueueClock`` sees
/// exactly the timing the policy promises.
public protocol QueueClock: Sendable {
    func now() -> QueueInstant
}

/// The system's wall clock.
public struct SystemQueueClock: QueueClock {
    public init() {}

    public func now() -> QueueInstant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return QueueInstant(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}

/// A clock that moves only when told to; for tests.
public final class ManualQueueClock: QueueClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: QueueInstant

    public init(_ start: QueueInstant = QueueInstant(microseconds: 1_767_225_600_000_000)) {
        current = start
    }

    public func now() -> QueueInstant {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        lock.lock()
        current = current.advanced(by: duration)
        lock.unlock()
    }
}
