/// The loop of one queue worker as a pure state machine (STYLE.md model 1): the thread that owns the connection
/// feeds it what happened and does what it answers.
///
/// ```
/// start → claim ─ jobs ─→ process → claim …
///           └─ none ─→ (until-empty? check idle) → wait for NOTIFY or the poll interval → claim …
/// database lost → reconnect after backoff → release own jobs → claim …
/// stop requested → finish the batch in hand → release anything unstarted → exit
/// ```
public struct WorkerStateMachine: Sendable, Hashable {
    /// What the worker thread does next.
    public enum Action: Sendable, Hashable {
        /// Rescue expired leases, then claim up to a batch of jobs.
        case claim
        /// Compute and commit the batch just claimed.
        case process(count: Int)
        /// Ask the database whether anything is runnable or running anywhere (`--until-empty`).
        case checkIdle
        /// Wait for a notification, at most this long, then claim again.
        case wait(Duration)
        /// Reconnect after this delay.
        case reconnect(after: Duration)
        /// Give back the jobs this worker holds but has not finished, then exit.
        case releaseAndExit
        /// Exit.
        case exit
    }

    public enum State: Sendable, Hashable {
        case idle
        case claiming
        case processing(count: Int)
        case checkingIdle
        case waiting
        case reconnecting(failures: Int)
        case stopped
    }

    public private(set) var state: State = .idle
    public private(set) var stopRequested = false
    public let untilEmpty: Bool
    public let pollInterval: Duration
    public let reconnectBackoff: BackoffPolicy

    public init(untilEmpty: Bool, pollInterval: Duration, reconnectBackoff: BackoffPolicy) {
        self.untilEmpty = untilEmpty
        self.pollInterval = pollInterval
        self.reconnectBackoff = reconnectBackoff
    }

    public mutating func start() -> Action {
        guard !stopRequested else { return stop() }
        state = .claiming
        return .claim
    }

    /// A claim returned `count` jobs.
    public mutating func claimed(count: Int) -> Action {
        guard state == .claiming else { return unexpected() }
        if count > 0 {
            if stopRequested {
                // Stopped between the claim and the work: give the jobs back rather than start them.
                state = .stopped
                return .releaseAndExit
            }
            state = .processing(count: count)
            return .process(count: count)
        }
        if stopRequested { return stop() }
        if untilEmpty {
            state = .checkingIdle
            return .checkIdle
        }
        state = .waiting
        return .wait(pollInterval)
    }

    /// The batch was committed (or its failures recorded).
    public mutating func processed() -> Action {
        guard case .processing = state else { return unexpected() }
        if stopRequested { return stop() }
        state = .claiming
        return .claim
    }

    /// The idle check answered: `empty` when no job is runnable or running anywhere.
    public mutating func idleChecked(empty: Bool) -> Action {
        guard state == .checkingIdle else { return unexpected() }
        if empty || stopRequested { return stop() }
        // Jobs are running elsewhere or scheduled soon: their leases may expire, so keep polling.
        state = .waiting
        return .wait(pollInterval)
    }

    /// A notification arrived or the wait timed out.
    public mutating func woke() -> Action {
        guard state == .waiting else { return unexpected() }
        if stopRequested { return stop() }
        state = .claiming
        return .claim
    }

    /// A statement failed because the connection was lost (server restart, network).
    public mutating func connectionLost() -> Action {
        if stopRequested && state != .claiming {
            // Nothing more can be done for held jobs; their leases will expire.
            return stop()
        }
        let failures: Int
        if case .reconnecting(let previous) = state { failures = previous + 1 } else { failures = 1 }
        state = .reconnecting(failures: failures)
        return .reconnect(after: reconnectBackoff.nominalDelay(afterFailures: failures))
    }

    /// The reconnect attempt succeeded.
    public mutating func reconnected() -> Action {
        guard case .reconnecting = state else { return unexpected() }
        if stopRequested { return stop() }
        state = .claiming
        return .claim
    }

    /// SIGINT/SIGTERM: finish what is in hand, then exit.
    public mutating func requestStop() -> Action? {
        stopRequested = true
        switch state {
        case .idle, .waiting, .checkingIdle, .reconnecting:
            return stop()
        case .claiming, .processing, .stopped:
            // The current step ends on its own and its event then answers with an exit.
            return nil
        }
    }

    private mutating func stop() -> Action {
        state = .stopped
        return .exit
    }

    private mutating func unexpected() -> Action {
        // An event out of order means the driver is confused; claiming again is always safe because every
        // completion is fenced by the lease.
        if stopRequested { return stop() }
        state = .claiming
        return .claim
    }
}
