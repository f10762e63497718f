/// The states of a queue job (`heir_jobs.state`).
public enum JobState: String, Sendable, Hashable, CaseIterable {
    case available, running, retryable, completed, discarded
}

/// The life of one job — lease, retry, dead-lettering — as a pure state machine (STYLE.md model 1).
///
/// Each event returns the action the queue must carry out in the database; the machine holds no connection and reads
/// no clock (the time comes with the event). `JobQueue` runs the same transitions in SQL for whole batches and uses
/// this machine to decide what a failure leads to, so the rules live in one place and are tested one event at a time.
public struct JobStateMachine: Sendable, Hashable {
    /// What the queue does in response to an event.
    public enum Action: Sendable, Hashable {
        /// Mark the job running for `worker` until `leaseExpiresAt`; attempt number `attempt`.
        case run(worker: String, attempt: Int, leaseExpiresAt: QueueInstant)
        /// Mark it completed with its outcome, in the transaction that writes its effects.
        case complete(outcome: String)
        /// Record the error and run it again at `at`.
        case retry(at: QueueInstant, error: String)
        /// Record the error; the job is dead (visible in `queue dead`) until retried by hand.
        case discard(error: String)
        /// Put it back as available without counting the attempt (a graceful stop released it).
        case release
        /// The event does not apply in this state (e.g. a completion after the lease was lost); change nothing.
        case ignore(reason: String)
    }

    public private(set) var state: JobState
    /// Attempts started so far (a claim starts one).
    public private(set) var attempts: Int
    public let maxAttempts: Int
    /// The worker holding the lease, while running.
    public private(set) var worker: String?
    public private(set) var leaseExpiresAt: QueueInstant?
    /// When a retryable job may run again.
    public private(set) var scheduledAt: QueueInstant?
    public let backoff: BackoffPolicy

    public init(
        state: JobState = .available, attempts: Int = 0, maxAttempts: Int, backoff: BackoffPolicy,
        worker: String? = nil, leaseExpiresAt: QueueInstant? = nil, scheduledAt: QueueInstant? = nil
    ) {
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.worker = worker
        self.leaseExpiresAt = leaseExpiresAt
        self.scheduledAt = scheduledAt
    }

    /// Whether a worker may take the job at `now`: available, retryable and due, or running with an expired lease.
    public func isClaimable(at now: QueueInstant) -> Bool {
        switch state {
        case .available: return scheduledAt.map { $0 <= now } ?? true
        case .retryable: return scheduledAt.map { $0 <= now } ?? true
        case .running: return leaseExpiresAt.map { $0 <= now } ?? false
        case .completed, .discarded: return false
        }
    }

    /// A worker takes the job for `lease`.
    public mutating func claim(by worker: String, at now: QueueInstant, lease: Duration) -> Action {
        guard isClaimable(at: now) else {
            return .ignore(reason: "a \(state.rawValue) job is not claimable now")
        }
        if state == .running {
            // The previous holder's lease ran out: that attempt counts as failed.
            if case .discard = leaseExpired(at: now) {
                return .ignore(reason: "the expired attempt was the last one; the job is discarded")
            }
        }
        attempts += 1
        state = .running
        self.worker = worker
        leaseExpiresAt = now.advanced(by: lease)
        scheduledAt = nil
        return .run(worker: worker, attempt: attempts, leaseExpiresAt: leaseExpiresAt!)
    }

    /// The worker finished the job; only its current lease holder may complete it.
    public mutating func succeed(worker: String, attempt: Int, outcome: String) -> Action {
        guard state == .running, self.worker == worker, attempts == attempt else {
            return .ignore(reason: "the lease was lost; another attempt owns the job")
        }
        state = .completed
        leaseExpiresAt = nil
        return .complete(outcome: outcome)
    }

    /// The attempt failed with `error` at `now`: retry after a backoff delay, or discard after the last attempt.
    public mutating func fail(
        worker: String, attempt: Int, error: String, at now: QueueInstant, random: inout some RandomNumberGenerator
    ) -> Action {
        guard state == .running, self.worker == worker, attempts == attempt else {
            return .ignore(reason: "the lease was lost; another attempt owns the job")
        }
        leaseExpiresAt = nil
        if attempts >= maxAttempts {
            state = .discarded
            return .discard(error: error)
        }
        state = .retryable
        let at = now.advanced(by: backoff.delay(afterFailures: attempts, using: &random))
        scheduledAt = at
        return .retry(at: at, error: error)
    }

    /// The lease ran out without a completion (the worker died or lost the database): the attempt failed.
    ///
    /// The job is retryable at once (the worker's death says nothing about the job), or discarded when that was
    /// its last attempt, so a job that kills its worker every time still ends in `queue dead`.
    public mutating func leaseExpired(at now: QueueInstant) -> Action {
        guard state == .running, let leaseExpiresAt, leaseExpiresAt <= now else {
            return .ignore(reason: "no expired lease")
        }
        let error = "lease expired: worker \(worker ?? "?") did not finish attempt \(attempts)"
        self.leaseExpiresAt = nil
        if attempts >= maxAttempts {
            state = .discarded
            return .discard(error: error)
        }
        state = .retryable
        scheduledAt = now
        return .retry(at: now, error: error)
    }

    /// The worker gives the job back unstarted (graceful stop): the attempt is not counted.
    public mutating func release(worker: String, attempt: Int) -> Action {
        guard state == .running, self.worker == worker, attempts == attempt else {
            return .ignore(reason: "the lease was lost; another attempt owns the job")
        }
        state = .available
        attempts -= 1
        leaseExpiresAt = nil
        return .release
    }

    /// An operator puts a dead job back (`queue retry ID`): a fresh set of attempts, runnable at once.
    public mutating func retryByHand(at now: QueueInstant) -> Action {
        guard state == .discarded || state == .retryable else {
            return .ignore(reason: "only a discarded or retryable job can be retried by hand")
        }
        state = .available
        attempts = 0
        scheduledAt = now
        return .release
    }
}
