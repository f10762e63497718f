import ClaimStore
import Foundation
import HeirQueue
import Postgres
import SantunanApp

/// Group commit for `POST /v1/claims`: submissions that arrive while every runner is busy are stored together, in one
/// statement, one transaction and so one WAL flush.
///
/// A stored submission costs one durable commit, and a commit costs one flush of the WAL to disk: about 4 ms on this
/// machine's disk (pg_test_fsync), which bounded the service at a few hundred submissions a second however fast the
/// rest was. Here a request parses its case on its own task (``SantunanAPI/submission(_:key:)``), then queues the
/// validated submission; a runner takes the queued submissions of one user (up to `maxBatch`) for its next group.
/// One runner works while the others wait for it; another starts beside it only when half a group
/// (`startsAnotherGroup`) is waiting, up to `runners` (`serve --submission-groups`). Starting one for every arrival
/// (the rule before Session 8) split the waiting submissions into groups of 3 at 32 clients, each a flush of its
/// own: 2 485/s against 5 598/s now (docs/benchmarks.md, service, Session 8). An idle service stores each submission
/// at once, alone; a busy one stores them in growing groups.
///
/// A group is one call of `claim_submissions_create` (Schema/0022, through `SubmissionService.submit(group:…)`):
/// one round trip, where the group's first form spent a savepoint, four or five statements and a `SET ROLE` per
/// submission. Each submission keeps its own outcome (202, a replay of its key, 409 for a key reused with another
/// body, or the CLI's error for its case); a failed statement fails the whole group (69/75: 503), and the clients
/// retry with their Idempotency-Keys. A submission's key, history row and job are written in the same statement as
/// the submission, so a SIGKILL leaves all or none of them.
///
/// A group never holds one case_id or one key twice: the second waits for the next group, where it meets the first
/// one stored (the database would store such a group one submission at a time).
final class SubmissionBatcher: @unchecked Sendable {
    /// One queued submission: what to store, and who waits for the outcome (nil: the key was used before with
    /// another body).
    struct Item {
        var user: APIUser
        var key: String?
        var requestHash: String
        var submission: NewSubmission
        var continuation: CheckedContinuation<Result<SantunanAPI.Receipt?, AppError>, Never>
    }

    private let lock = NSLock()
    private var pending: [Item] = []
    private var running = 0
    let pool: DatabasePool
    let runners: Int
    let maxBatch: Int
    /// The queue the submissions' jobs go to (its settings and clock), as `claim submit` enqueues them.
    let queue: JobQueue

    /// Submissions waiting while a group is in the database that start another group beside it (half a group).
    let startsAnotherGroup: Int

    init(pool: DatabasePool, runners: Int, maxBatch: Int = 64, queue: JobQueue = JobQueue()) {
        self.pool = pool
        self.runners = max(1, runners)
        self.maxBatch = max(1, maxBatch)
        startsAnotherGroup = max(1, self.maxBatch / 2)
        self.queue = queue
    }

    /// Stores `submission` as `user` (or finds it stored under `key` or its case_id) and returns the receipt.
    func submit(_ submission: NewSubmission, user: APIUser, key: String?, requestHash: String)
        async throws(AppError) -> SantunanAPI.Receipt?
    {
        let outcome = await withCheckedContinuation { continuation in
            lock.lock()
            pending.append(
                Item(
                    user: user, key: key, requestHash: requestHash, submission: submission,
                    continuation: continuation))
            // One group at a time unless enough wait to make another worth its commit: a second group started for
            // every arrival splits the waiting submissions into small groups, each a WAL flush of its own.
            let start = running == 0 || (running < runners && pending.count >= startsAnotherGroup)
            if start { running += 1 }
            lock.unlock()
            if start { Task { await self.run() } }
        }
        return try outcome.get()
    }

    /// The next group: the oldest queued submission and the others of the same user, without a second submission
    /// of a case_id or key already in the group; nil (and one runner fewer) when nothing is queued.
    private func next() -> [Item]? {
        lock.lock()
        defer { lock.unlock() }
        guard let first = pending.first else {
            running -= 1
            return nil
        }
        var batch: [Item] = []
        var rest: [Item] = []
        var caseIDs: Set<String> = []
        var keys: Set<String> = []
        for item in pending {
            if item.user == first.user && batch.count < maxBatch && !caseIDs.contains(item.submission.caseID)
                && !(item.key.map { keys.contains($0) } ?? false)
            {
                batch.append(item)
                caseIDs.insert(item.submission.caseID)
                if let key = item.key { keys.insert(key) }
            } else {
                rest.append(item)
            }
        }
        pending = rest
        return batch
    }

    private func run() async {
        while let batch = next() {
            let user = batch[0].user
            let items = batch.map {
                KeyedSubmission(submission: $0.submission, key: $0.key, requestHash: $0.requestHash)
            }
            let queue = self.queue
            let outcomes: [Result<SantunanAPI.Receipt?, AppError>]
            do {
                // As the server's login: the keys are its bookkeeping; the function checks the user's role.
                outcomes = try await pool.withConnection { connection throws(AppError) in
                    Self.store(items, user: user, queue: queue, on: connection)
                }
            } catch {
                outcomes = Array(repeating: .failure(error), count: batch.count)
            }
            for (item, outcome) in zip(batch, outcomes) { item.continuation.resume(returning: outcome) }
        }
    }

    /// One group as `user`, one outcome per submission in order (``SubmissionService/submit(group:role:queue:on:)``).
    static func store(_ items: [KeyedSubmission], user: APIUser, queue: JobQueue, on connection: Connection)
        -> [Result<SantunanAPI.Receipt?, AppError>]
    {
        SubmissionService.submit(group: items, role: user.role.databaseRole, queue: queue, on: connection).map {
            $0.map { receipt in
                receipt.map {
                    SantunanAPI.Receipt(submissionID: $0.submissionID, caseID: $0.caseID, created: $0.created)
                }
            }
        }
    }
}
