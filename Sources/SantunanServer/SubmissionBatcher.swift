import ClaimStore
import Foundation
import HeirQueue
import Postgres
import SantunanApp

/// Group commit for `POST /v1/claims`: submissions that arrive while every runner is busy are stored together, in one
/// transaction and so one WAL flush, each in a savepoint of its own.
///
/// A stored submission costs one durable commit, and a commit costs one flush of the WAL to disk: about 4 ms on this
/// machine's disk (pg_test_fsync), which bounded the service at a few hundred submissions a second however fast the
/// rest was. Here a request parses and computes its case on its own task (``SantunanAPI/submission(_:key:)``), then
/// queues the validated submission; at most `runners` batches are in the database at once, and a runner takes every
/// queued submission of one user (up to `maxBatch`) for its next transaction. An idle service stores each submission
/// at once, alone; a busy one stores them in growing groups.
///
/// Each submission keeps its own outcome: its savepoint is rolled back when it fails (a case_id resubmitted with other
/// content, another case for the same event), and a key reused with another body is refused; the others commit. A failed commit fails the whole group (69/75:
/// 503), and the clients retry with their Idempotency-Keys. The key is written in the same transaction as its
/// submission, so a SIGKILL leaves both or neither.
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

    /// What a runner stores, without the continuations.
    struct Work: Sendable {
        var key: String?
        var requestHash: String
        var submission: NewSubmission
    }

    private let lock = NSLock()
    private var pending: [Item] = []
    private var running = 0
    let pool: DatabasePool
    let runners: Int
    let maxBatch: Int

    init(pool: DatabasePool, runners: Int, maxBatch: Int = 64) {
        self.pool = pool
        self.runners = max(1, runners)
        self.maxBatch = max(1, maxBatch)
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
            let start = running < runners
            if start { running += 1 }
            lock.unlock()
            if start { Task { await self.run() } }
        }
        return try outcome.get()
    }

    /// The next group: the oldest queued submission and the others of the same user; nil (and one runner fewer)
    /// when nothing is queued.
    private func next() -> [Item]? {
        lock.lock()
        defer { lock.unlock() }
        guard let first = pending.first else {
            running -= 1
            return nil
        }
        var batch: [Item] = []
        var rest: [Item] = []
        for item in pending {
            if item.user == first.user && batch.count < maxBatch {
                batch.append(item)
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
            let work = batch.map { Work(key: $0.key, requestHash: $0.requestHash, submission: $0.submission) }
            let outcomes: [Result<SantunanAPI.Receipt?, AppError>]
            do {
                // As the server's login: the keys are its bookkeeping; store(_:user:on:) switches to the user's
                // role for the submissions themselves.
                outcomes = try await pool.withConnection { connection throws(AppError) in
                    try Self.store(work, user: user, on: connection)
                }
            } catch {
                outcomes = Array(repeating: .failure(error), count: batch.count)
            }
            for (item, outcome) in zip(batch, outcomes) { item.continuation.resume(returning: outcome) }
        }
    }

    /// One transaction: the group's earlier keys read at once, then each submission as `user` in its savepoint
    /// (`SubmissionService.submit`, as `claim submit` stores a case), then the new keys written at once; the commit
    /// makes them durable together. `SET ROLE` inside the transaction is undone by a rollback, so a failed group
    /// leaves the pooled connection as the server's login.
    static func store(_ work: [Work], user: APIUser, on connection: Connection) throws(AppError)
        -> [Result<SantunanAPI.Receipt?, AppError>]
    {
        do {
            return try connection.transaction { connection in
                let earlier = try Idempotency.find(user: user, keys: work.compactMap(\.key), on: connection)
                var known: [String: (requestHash: String, receipt: SantunanAPI.Receipt)] = earlier.mapValues {
                    (
                        $0.requestHash,
                        SantunanAPI.Receipt(submissionID: $0.submissionID, caseID: $0.caseID, created: false)
                    )
                }
                var recorded: [(key: String, requestHash: String, submissionID: Int64)] = []
                var outcomes: [Result<SantunanAPI.Receipt?, AppError>] = []
                _ = try connection.execute(SQL("SET ROLE \(unescaped: user.role.databaseRole)"))
                for item in work {
                    if let key = item.key, let before = known[key] {
                        // The same key again (stored earlier, or earlier in this group): the same submission, or
                        // nil (409) when the body differs.
                        var receipt = before.receipt
                        receipt.created = false
                        outcomes.append(.success(before.requestHash == item.requestHash ? receipt : nil))
                        continue
                    }
                    do throws(AppError) {
                        let stored = try SubmissionService.submit(item.submission, queue: JobQueue(), on: connection)
                        let receipt = SantunanAPI.Receipt(
                            submissionID: stored.submissionID, caseID: stored.caseID, created: stored.created)
                        if let key = item.key {
                            known[key] = (item.requestHash, receipt)
                            recorded.append((key, item.requestHash, stored.submissionID))
                        }
                        outcomes.append(.success(receipt))
                    } catch {
                        outcomes.append(.failure(error))
                    }
                }
                _ = try connection.execute("RESET ROLE")
                try Idempotency.record(user: user, recorded, on: connection)
                return outcomes
            }
        } catch {
            throw SubmissionService.appError(error)
        }
    }
}
