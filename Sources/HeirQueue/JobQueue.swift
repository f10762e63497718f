import ClaimStore
public import Postgres

/// Settings of the queue and its workers.
public struct QueueSettings: Sendable, Hashable {
    /// How long a claimed job belongs to its worker; after that any worker may take it again.
    public var lease: Duration = .seconds(30)
    /// The delay between attempts of a failing job.
    public var backoff = BackoffPolicy()
    /// Attempts before a failing job is discarded (dead).
    public var maxAttempts = 20
    /// How long completed jobs are kept before pruning (discarded jobs are kept until retried or deleted by hand).
    public var retention: Duration = .seconds(7 * 86_400)
    /// The longest a worker waits for a notification before polling the table anyway.
    public var pollInterval: Duration = .seconds(1)

    public init() {}

    /// The NOTIFY channel new jobs are announced on.
    public static let channel = "heir_jobs"
}

/// A job taken by a worker, with what it needs to run.
public struct ClaimedJob: Sendable, Hashable {
    public var id: Int64
    /// `heir_submission` or `noop`.
    public var kind: String
    public var submissionID: Int64?
    /// This attempt's number (1 for the first); with the worker id it fences the completion.
    public var attempt: Int
    public var maxAttempts: Int
    /// The submission's case file.
    public var caseDocument: String?
}

/// The number of jobs in each state (`queue status`).
public struct QueueCounts: Sendable, Hashable {
    public var available = 0
    public var running = 0
    public var retryable = 0
    public var completed = 0
    public var discarded = 0

    public init() {}

    /// `{"available":..,"running":..,"retryable":..,"completed":..,"discarded":..}`.
    public var json: String {
        "{\"available\":\(available),\"running\":\(running),\"retryable\":\(retryable),"
            + "\"completed\":\(completed),\"discarded\":\(discarded)}"
    }
}

/// A discarded job (`queue dead`).
public struct DeadJob: Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var caseID: String?
    public var attempts: Int
    public var lastError: String?
    public var discardedAt: String
}

/// Why a queue operation was refused.
public struct QueueError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String
    /// The job named does not exist ("not found": exit 66, issue 18), as opposed to a job in the wrong state.
    public var isNotFound: Bool

    public init(field: String, reason: String, isNotFound: Bool = false) {
        self.field = field
        self.reason = reason
        self.isNotFound = isNotFound
    }

    public var description: String { "\(field): \(reason)" }
}

/// The durable job queue in PostgreSQL (`heir_jobs`): enqueue, claim, complete, fail, rescue, retry, prune.
///
/// Every statement takes the connection of the calling thread and runs inside the caller's transaction if there is
/// one, so a submission and its job, or a claim and its job's completion, commit together. Times come from
/// ``clock``, never from the server, so tests can step through backoff and lease expiry.
public struct JobQueue: Sendable {
    public var settings: QueueSettings
    public let clock: any QueueClock

    public init(settings: QueueSettings = QueueSettings(), clock: any QueueClock = SystemQueueClock()) {
        self.settings = settings
        self.clock = clock
    }

    // MARK: Enqueue

    /// Enqueues the job of a submission and notifies the workers (delivered when the transaction commits).
    ///
    /// - Returns: the new job's id, or nil when the submission already has a job waiting to run (it will read the latest case).
    @discardableResult
    public func enqueue(submissionID: Int64, priority: Int16 = 0, on connection: Connection) throws(PostgresError)
        -> Int64?
    {
        let result = try connection.execute(
            """
            SELECT heir_job_enqueue(\(submissionID), \(priority)::smallint, \(settings.maxAttempts)::integer,
                \(clock.now().iso8601)::timestamptz)
            """
        )
        try connection.notify(QueueSettings.channel)
        return try result[0].decode(Int64?.self, column: 0)
    }

    /// Enqueues `count` no-op jobs in one statement (benchmarks, health checks).
    public func enqueueNoops(count: Int, on connection: Connection) throws(PostgresError) {
        try connection.execute(
            """
            SELECT heir_jobs_enqueue_noops(\(count)::integer, \(settings.maxAttempts)::integer,
                \(clock.now().iso8601)::timestamptz)
            """
        )
        try connection.notify(QueueSettings.channel)
    }

    // MARK: Claim

    /// Takes up to `limit` runnable jobs for `worker` in one statement (`FOR UPDATE SKIP LOCKED`, so concurrent
    /// workers never wait for or take the same job), highest priority and earliest scheduled first. Each job comes
    /// with the case it computes, read through ClaimStore's `claim_case_documents` (Schema/0017) in the same
    /// statement: the submissions are ClaimStore's table.
    public func claim(worker: String, limit: Int, on connection: Connection) throws(PostgresError) -> [ClaimedJob] {
        let now = clock.now()
        let result = try connection.execute(
            """
            WITH j AS MATERIALIZED (
                SELECT * FROM heir_jobs_claim(\(worker), \(limit)::integer, \(now.iso8601)::timestamptz,
                    \(now.advanced(by: settings.lease).iso8601)::timestamptz))
            SELECT j.id, j.kind, j.submission_id, j.attempts, j.max_attempts, d.case_document
            FROM j LEFT JOIN claim_case_documents((SELECT array_agg(j.submission_id) FROM j)) d
                ON d.id = j.submission_id
            """
        )
        var jobs: [ClaimedJob] = []
        jobs.reserveCapacity(result.rowCount)
        for row in result {
            jobs.append(
                ClaimedJob(
                    id: try row.decode(Int64.self, column: 0), kind: try row.decode(String.self, column: 1),
                    submissionID: try row.decode(Int64?.self, column: 2), attempt: try row.decode(Int.self, column: 3),
                    maxAttempts: try row.decode(Int.self, column: 4),
                    caseDocument: try row.decode(String?.self, column: 5)))
        }
        return jobs
    }

    /// Makes running jobs whose lease has expired retryable at once, or discards them after their last attempt
    /// (``JobStateMachine/leaseExpired(at:)`` in SQL). Jobs being completed right now are locked and skipped.
    @discardableResult
    public func rescueExpiredLeases(on connection: Connection) throws(PostgresError) -> Int {
        let now = clock.now().iso8601
        let result = try connection.execute("SELECT heir_jobs_rescue(\(now)::timestamptz)")
        return try result[0].decode(Int.self, column: 0)
    }

    // MARK: Finish

    /// One job the worker finished, with the outcome to record.
    public struct Completion: Sendable, Hashable {
        public var id: Int64
        public var attempt: Int
        public var outcome: String?

        public init(id: Int64, attempt: Int, outcome: String?) {
            self.id = id
            self.attempt = attempt
            self.outcome = outcome
        }
    }

    /// Marks jobs completed, only those `worker` still holds at the same attempt (its lease was not lost), and
    /// returns their ids. Run it first in the transaction that writes the jobs' effects and write effects only for
    /// the returned ids: the rows stay locked until commit, so nobody else can complete or rescue them meanwhile.
    public func complete(_ completions: [Completion], worker: String, on connection: Connection)
        throws(PostgresError) -> Set<Int64>
    {
        guard !completions.isEmpty else {
            return []
        }
        let outcomes = "{" + completions.map { $0.outcome ?? "NULL" }.joined(separator: ",") + "}"
        let result = try connection.execute(
            """
            SELECT heir_jobs_complete(\(worker), \(clock.now().iso8601)::timestamptz,
                \(postgresArrayLiteral(completions.map(\.id)))::bigint[],
                \(postgresArrayLiteral(completions.map { Int64($0.attempt) }))::integer[], \(outcomes)::text[])
            """
        )
        var ids = Set<Int64>(minimumCapacity: result.rowCount)
        for row in result {
            ids.insert(try row.decode(Int64.self, column: 0))
        }
        return ids
    }

    /// Records a failed attempt: retry after the backoff delay, or discard after the last attempt
    /// (``JobStateMachine/fail(worker:attempt:error:at:random:)``). Fenced like ``complete(_:worker:on:)``.
    @discardableResult
    public func fail(
        _ job: ClaimedJob, worker: String, error: String, random: inout some RandomNumberGenerator,
        on connection: Connection
    ) throws(PostgresError) -> JobStateMachine.Action {
        let now = clock.now()
        var machine = JobStateMachine(
            state: .running, attempts: job.attempt, maxAttempts: job.maxAttempts, backoff: settings.backoff,
            worker: worker, leaseExpiresAt: now)
        let action = machine.fail(worker: worker, attempt: job.attempt, error: error, at: now, random: &random)
        let state: String
        let scheduledAt: String?
        switch action {
        case .retry(let at, _):
            state = "retryable"
            scheduledAt = at.iso8601
        case .discard:
            state = "discarded"
            scheduledAt = nil
        default:
            return action
        }
        let result = try connection.execute(
            """
            SELECT heir_job_fail(\(job.id), \(worker), \(job.attempt)::integer, \(state), \(scheduledAt)::timestamptz,
                \(now.iso8601)::timestamptz, \(error))
            """
        )
        return try result[0].decode(Bool.self, column: 0) ? action : .ignore(reason: "the lease was lost")
    }

    /// Gives back every job `worker` holds, without counting the attempt (graceful stop, or after a reconnect when
    /// the batch's transaction was lost).
    @discardableResult
    public func release(worker: String, on connection: Connection) throws(PostgresError) -> Int {
        let result = try connection.execute("SELECT heir_jobs_release(\(worker), NULL::bigint[])")
        return try result[0].decode(Int.self, column: 0)
    }

    /// Gives back specific jobs `worker` holds (stopped between claiming and starting them).
    @discardableResult
    public func release(_ jobs: [ClaimedJob], worker: String, on connection: Connection) throws(PostgresError) -> Int {
        guard !jobs.isEmpty else {
            return 0
        }
        let result = try connection.execute(
            "SELECT heir_jobs_release(\(worker), \(postgresArrayLiteral(jobs.map(\.id)))::bigint[])")
        try connection.notify(QueueSettings.channel)
        return try result[0].decode(Int.self, column: 0)
    }

    // MARK: Operators

    /// Puts a dead (or waiting retryable) job back with a fresh set of attempts (`queue retry ID`).
    public func retry(jobID: Int64, on connection: Connection) throws -> Void {
        let retried: Bool
        do {
            retried = try connection.execute(
                "SELECT heir_job_retry(\(jobID), \(clock.now().iso8601)::timestamptz)")[0].decode(Bool.self, column: 0)
        } catch {
            guard error.sqlState == "23505" else {
                throw error
            }
            throw QueueError(
                field: String(jobID), reason: "its submission already has a job waiting to run; nothing to retry")
        }
        guard retried else {
            let state = try connection.execute("SELECT state FROM heir_jobs WHERE id = \(jobID)")
            guard state.rowCount == 1 else {
                throw QueueError(field: String(jobID), reason: "no such job", isNotFound: true)
            }
            throw QueueError(
                field: String(jobID),
                reason:
                    "the job is \(try state[0].decode(String.self, column: 0)); only a discarded or retryable job can be retried"
            )
        }
        try connection.notify(QueueSettings.channel)
    }

    /// The number of jobs in each state.
    public func counts(on connection: Connection) throws(PostgresError) -> QueueCounts {
        let result = try connection.execute("SELECT state, count(*) FROM heir_jobs GROUP BY state")
        var counts = QueueCounts()
        for row in result {
            let count = try row.decode(Int.self, column: 1)
            switch try row.decode(String.self, column: 0) {
            case "available": counts.available = count
            case "running": counts.running = count
            case "retryable": counts.retryable = count
            case "completed": counts.completed = count
            case "discarded": counts.discarded = count
            default: break
            }
        }
        return counts
    }

    /// `queue retry ID --as U`: ``retry(jobID:on:)`` in one transaction with the hand retry recorded in the
    /// claim's status history when the submission has no claim yet (a computed claim's history is written only
    /// with the claim). The history is ClaimStore's table, written through its function.
    public func retryByHand(jobID: Int64, by user: String, on connection: Connection) throws {
        try connection.transaction { connection in
            try retry(jobID: jobID, on: connection)
            let submission = try connection.execute("SELECT submission_id FROM heir_jobs WHERE id = \(jobID)")
            if let claimID = try submission[0].decode(Int64?.self, column: 0) {
                try SubmissionStore.noteSubmittedAgain(
                    claimID: claimID, note: "job \(jobID) retried by hand", changedBy: user, on: connection)
            }
        }
    }

    /// The dead jobs with their last error, oldest first; `discardedAt` in WIB with its offset (issue 18: local
    /// time with offset everywhere a time is printed).
    public func dead(on connection: Connection) throws(PostgresError) -> [DeadJob] {
        let result = try connection.execute(
            """
            SELECT j.id, j.kind, s.case_id, j.attempts, j.errors -> -1 ->> 'error',
                to_char(j.discarded_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"')
            FROM heir_jobs j LEFT JOIN submission_summaries s ON s.id = j.submission_id
            WHERE j.state = 'discarded' ORDER BY j.id
            """
        )
        var jobs: [DeadJob] = []
        for row in result {
            jobs.append(
                DeadJob(
                    id: try row.decode(Int64.self, column: 0), kind: try row.decode(String.self, column: 1),
                    caseID: try row.decode(String?.self, column: 2), attempts: try row.decode(Int.self, column: 3),
                    lastError: try row.decode(String?.self, column: 4),
                    discardedAt: try row.decode(String.self, column: 5)))
        }
        return jobs
    }

    /// Deletes completed jobs older than the retention period, at most `limit` per call; dead jobs are kept.
    @discardableResult
    public func pruneCompleted(limit: Int = 10_000, on connection: Connection) throws(PostgresError) -> Int {
        let cutoff = clock.now().advanced(by: .zero - settings.retention).iso8601
        let result = try connection.execute(
            "SELECT heir_jobs_prune(\(cutoff)::timestamptz, \(limit)::integer)")
        return try result[0].decode(Int.self, column: 0)
    }

    /// Whether nothing is runnable now and nothing is running anywhere (`--until-empty`).
    ///
    /// Retryable jobs scheduled later do not count: a drain ends, and the next run takes them.
    public func isIdle(on connection: Connection) throws(PostgresError) -> Bool {
        let result = try connection.execute(
            """
            SELECT NOT EXISTS (
                SELECT 1 FROM heir_jobs
                WHERE state = 'running'
                    OR (state IN ('available', 'retryable') AND scheduled_at <= \(clock.now().iso8601)::timestamptz))
            """
        )
        return try result[0].decode(Bool.self, column: 0)
    }
}
