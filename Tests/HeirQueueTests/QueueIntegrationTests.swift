import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

/// The queue against a real PostgreSQL, with an injected clock (no sleeping).
@Suite struct QueueIntegrationTests {
    let logger = QueueFixtures.logger

    func settings(maxAttempts: Int = 3) -> QueueSettings {
        var settings = QueueSettings()
        settings.maxAttempts = maxAttempts
        settings.lease = .seconds(30)
        settings.backoff = BackoffPolicy(base: .seconds(10), maximum: .seconds(600))
        return settings
    }

    static let failing = BatchProcessor { _ in throw JobFailure("rules service unavailable") }

    @Test func failedAttemptsWaitTheBackoffDelayOnTheInjectedClock() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        let queue = JobQueue(settings: settings(maxAttempts: 5), clock: clock)
        try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json"), queue: queue, on: connection)
        var random = SeededRandom(seed: 3)

        for failures in 1...3 {
            let jobs = try queue.claim(worker: "w", limit: 10, on: connection)
            try #require(jobs.count == 1)
            #expect(jobs[0].attempt == failures)
            let failedAt = clock.now()
            _ = try Self.failing.process(jobs, worker: "w", queue: queue, random: &random, on: connection)
            let scheduled = try connection.execute(
                "SELECT (extract(epoch FROM scheduled_at) * 1000000)::bigint, state FROM heir_jobs")
            let scheduledAt = QueueInstant(microseconds: try scheduled[0].decode(Int64.self, column: 0))
            #expect(try scheduled[0].decode(String.self, column: 1) == "retryable")
            let delay = failedAt.duration(to: scheduledAt)
            #expect(queue.settings.backoff.delayRange(afterFailures: failures).contains(delay))

            clock.advance(by: delay - .microseconds(1))
            #expect(try queue.claim(worker: "w", limit: 10, on: connection).isEmpty, "not before the delay")
            clock.advance(by: .microseconds(1))
        }
        let errors = try connection.execute("SELECT jsonb_array_length(errors) FROM heir_jobs")
        #expect(try errors[0].decode(Int.self, column: 0) == 3)
    }

    @Test func aJobThatKeepsFailingIsDeadAfterItsMaximumAttempts() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        let queue = JobQueue(settings: settings(maxAttempts: 3), clock: clock)
        let receipt = try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json"), queue: queue, on: connection)
        var random = SeededRandom(seed: 9)
        for _ in 1...3 {
            let jobs = try queue.claim(worker: "w", limit: 10, on: connection)
            try #require(jobs.count == 1)
            _ = try Self.failing.process(jobs, worker: "w", queue: queue, random: &random, on: connection)
            clock.advance(by: .seconds(3600))
        }
        #expect(try queue.claim(worker: "w", limit: 10, on: connection).isEmpty)
        let counts = try queue.counts(on: connection)
        #expect(counts.discarded == 1 && counts.retryable == 0 && counts.running == 0)
        let dead = try queue.dead(on: connection)
        #expect(dead.count == 1)
        let caseID = try Case.parse(QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json")).caseID
        #expect(dead.first?.caseID == caseID)
        #expect(dead.first?.attempts == 3)
        #expect(dead.first?.lastError == "rules service unavailable")
        #expect(try SubmissionStore.summary(id: receipt.submissionID, on: connection).status == nil)
    }

    /// `queue retry ID --as U` (issue 17: the history row is written through ClaimStore, not by the CLI): the job is
    /// back, the claim's history says who retried it, an unknown job is "not found", and `queue dead` prints the
    /// discard time in WIB with its offset (issue 18).
    @Test func aRetryByHandRecordsWhoRetriedItAndAnUnknownJobIsNotFound() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let queue = JobQueue(settings: settings(maxAttempts: 1), clock: ManualQueueClock())
        let receipt = try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json"), queue: queue, on: connection)
        var random = SeededRandom(seed: 1)
        _ = try Self.failing.process(
            try queue.claim(worker: "w", limit: 10, on: connection), worker: "w", queue: queue, random: &random,
            on: connection)
        let dead = try queue.dead(on: connection)
        try #require(dead.count == 1)
        #expect(dead[0].discardedAt.hasSuffix("+07:00"), "\(dead[0].discardedAt)")

        try queue.retryByHand(jobID: dead[0].id, by: "petugas.klaim", on: connection)
        #expect(try queue.counts(on: connection).available == 1)
        let history = try connection.execute(
            """
            SELECT status, note, changed_by FROM claim_status_history WHERE claim_id = \(receipt.submissionID)
            ORDER BY changed_at DESC, status LIMIT 1
            """)
        #expect(try history[0].decode(String.self, column: 0) == "submitted")
        #expect(try history[0].decode(String?.self, column: 1) == "job \(dead[0].id) retried by hand")
        #expect(try history[0].decode(String.self, column: 2) == "petugas.klaim")

        do {
            try queue.retryByHand(jobID: 424_242, by: "petugas.klaim", on: connection)
            Issue.record("an unknown job was retried")
        } catch let error as QueueError {
            #expect(error.isNotFound)
            #expect(error.reason == "no such job")
        }
    }

    @Test func aDeadJobRetriedByHandRunsAgainAndStoresItsClaim() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        let queue = JobQueue(settings: settings(maxAttempts: 1), clock: clock)
        let text = QueueFixtures.sharedCase("seed-sttc-composite-384jt.case.json")
        let receipt = try QueueFixtures.submit(text, queue: queue, on: connection)
        var random = SeededRandom(seed: 1)
        _ = try Self.failing.process(
            try queue.claim(worker: "w", limit: 10, on: connection), worker: "w", queue: queue, random: &random,
            on: connection)
        let dead = try queue.dead(on: connection)
        try #require(dead.count == 1)

        try queue.retry(jobID: dead[0].id, on: connection)
        #expect(try queue.counts(on: connection).available == 1)
        #expect(throws: QueueError.self) { try queue.retry(jobID: dead[0].id, on: connection) }

        let working = BatchProcessor(computer: QueueFixtures.computer)
        let jobs = try queue.claim(worker: "w", limit: 10, on: connection)
        #expect(jobs.first?.attempt == 1)
        let report = try working.process(jobs, worker: "w", queue: queue, random: &random, on: connection)
        #expect(report.completed == 1)
        let summary = try SubmissionStore.summary(id: receipt.submissionID, on: connection)
        let expected = try QueueFixtures.calculator.compute(try Case.parse(text))
        #expect(summary.status == "payable")
        #expect(summary.total == expected.total.value)
    }

    @Test func anExpiredLeaseIsTakenOverAndTheOldWorkerCanNoLongerComplete() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        let queue = JobQueue(settings: settings(maxAttempts: 5), clock: clock)
        let receipt = try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-b.case.json"), queue: queue, on: connection)
        var random = SeededRandom(seed: 5)
        let processor = BatchProcessor(computer: QueueFixtures.computer)

        let first = try queue.claim(worker: "slow", limit: 10, on: connection)
        try #require(first.count == 1)
        clock.advance(by: .seconds(29))
        #expect(try queue.rescueExpiredLeases(on: connection) == 0, "the lease is still alive")
        #expect(try queue.claim(worker: "fast", limit: 10, on: connection).isEmpty)

        clock.advance(by: .seconds(1))
        #expect(try queue.rescueExpiredLeases(on: connection) == 1)
        let second = try queue.claim(worker: "fast", limit: 10, on: connection)
        try #require(second.count == 1)
        #expect(second[0].attempt == 2)

        // The slow worker wakes up and tries to finish: fenced, nothing written.
        let late = try processor.process(first, worker: "slow", queue: queue, random: &random, on: connection)
        #expect(late.completed == 0 && late.lost == 1)
        #expect(try SubmissionStore.summary(id: receipt.submissionID, on: connection).status == nil)

        let done = try processor.process(second, worker: "fast", queue: queue, random: &random, on: connection)
        #expect(done.completed == 1)
        let errors = try connection.execute("SELECT errors -> 0 ->> 'error' FROM heir_jobs")
        #expect(try errors[0].decode(String.self, column: 0).hasPrefix("lease expired"))
        let computed = try connection.execute(
            "SELECT count(*) FROM claim_status_history WHERE status IN ('payable', 'incomplete', 'rejected')")
        #expect(try computed[0].decode(Int.self, column: 0) == 1)
    }

    /// `heir_jobs_complete` (Schema/0027) reads each job's attempt and outcome by the job's position in the arrays,
    /// not by a join: completions given in any order land on their own jobs, and one at a stale attempt or of a job
    /// another worker holds is fenced out while the rest complete.
    @Test func aBatchOfCompletionsInAnyOrderCompletesEachJobWithItsOwnOutcomeAndFencesTheStaleOne() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        let queue = JobQueue(settings: settings(maxAttempts: 5), clock: clock)
        try queue.enqueueNoops(count: 6, on: connection)
        let mine = try queue.claim(worker: "w1", limit: 5, on: connection)
        let theirs = try queue.claim(worker: "w2", limit: 5, on: connection)
        try #require(mine.count == 5 && theirs.count == 1)

        // Outcomes the CHECK of heir_jobs allows, a different one for neighbouring jobs (and one without).
        let outcomes: [String?] = ["payable", "incomplete", "rejected", nil, "incomplete"]
        func outcome(of job: ClaimedJob) -> String? { outcomes[mine.firstIndex { $0.id == job.id }!] }
        var completions = mine.map { JobQueue.Completion(id: $0.id, attempt: $0.attempt, outcome: outcome(of: $0)) }
        completions[2].attempt += 1  // an attempt this worker no longer holds
        completions.append(JobQueue.Completion(id: theirs[0].id, attempt: theirs[0].attempt, outcome: "payable"))
        completions.reverse()
        let completed = try connection.transaction { connection in
            try queue.complete(completions, worker: "w1", on: connection)
        }

        let fenced = mine[2].id
        #expect(completed == Set(mine.map(\.id)).subtracting([fenced]))
        let rows = try connection.execute("SELECT id, state, outcome FROM heir_jobs ORDER BY id")
        var stored: [Int64: (state: String, outcome: String?)] = [:]
        for row in rows {
            stored[try row.decode(Int64.self, column: 0)] = (
                try row.decode(String.self, column: 1), try row.decode(String?.self, column: 2)
            )
        }
        for job in mine where job.id != fenced {
            #expect(stored[job.id]?.state == "completed")
            #expect(stored[job.id]?.outcome == outcome(of: job))
        }
        #expect(stored[fenced]?.state == "running" && stored[fenced]?.outcome == nil)
        #expect(stored[theirs[0].id]?.state == "running" && stored[theirs[0].id]?.outcome == nil)
    }
    @Test func theSameCaseIDSubmittedTwiceReturnsTheSameSubmission() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let queue = JobQueue()
        let text = QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json")
        let first = try QueueFixtures.submit(text, queue: queue, on: connection)
        let second = try QueueFixtures.submit(text, queue: queue, on: connection)
        #expect(first.created && !second.created)
        #expect(first.submissionID == second.submissionID)
        let jobs = try connection.execute("SELECT count(*) FROM heir_jobs")
        #expect(try jobs[0].decode(Int.self, column: 0) == 1)
    }

    @Test func aSecondCaseForTheSameEventIsRefusedByTheUniqueConstraint() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let queue = JobQueue()
        let text = QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json")
        try QueueFixtures.submit(text, queue: queue, on: connection)
        let claim = try Case.parse(text)
        let other = text.replacingOccurrences(of: "\"\(claim.caseID)\"", with: "\"OTHER-0001\"")
        #expect {
            try QueueFixtures.submit(other, queue: queue, on: connection)
        } throws: { error in
            (error as? AppError)?.status == .invalidData && (error as? AppError)?.field == "event"
        }
        #expect(connection.transactionStatus == .idle)

        // Even a direct INSERT that bypasses the application is refused by the database.
        #expect {
            try connection.execute(
                """
                INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type, event_date,
                    claim_date, submitted_by)
                SELECT 'DIRECT-1', case_document, participant_nik, kpj, event_type, event_date, claim_date, 'psql'
                FROM submissions
                """
            )
        } throws: { error in
            (error as? PostgresError)?.sqlState == "23505"
                && (error as? PostgresError)?.constraintName == "submissions_event_key"
        }
        let count = try connection.execute("SELECT count(*) FROM submissions")
        #expect(try count[0].decode(Int.self, column: 0) == 1)
    }

    @Test func theStatusHistoryRefusesUpdatesAndDeletes() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json"), queue: JobQueue(), on: connection)
        #expect(throws: PostgresError.self) { try connection.execute("UPDATE claim_status_history SET note = 'x'") }
        #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM claim_status_history") }
        let count = try connection.execute("SELECT count(*) FROM claim_status_history")
        #expect(try count[0].decode(Int.self, column: 0) == 1)
    }

    @Test func addingTheMissingDocumentsRecomputesAnIncompleteClaim() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let queue = JobQueue()
        let text = QueueFixtures.sharedCase("missing-documents-incomplete.case.json")
        let receipt = try QueueFixtures.submit(text, queue: queue, on: connection)
        let processor = BatchProcessor(computer: QueueFixtures.computer)
        var random = SeededRandom(seed: 2)
        _ = try processor.process(
            try queue.claim(worker: "w", limit: 10, on: connection), worker: "w", queue: queue, random: &random,
            on: connection)
        #expect(try SubmissionStore.summary(id: receipt.submissionID, on: connection).status == "incomplete")

        let expected = try QueueFixtures.calculator.compute(try Case.parse(text))
        let missing = expected.reasons.map { $0.replacingOccurrences(of: "missing document: ", with: "") }
        let added = try SubmissionService.addDocuments(
            reference: expected.caseID, documents: missing, heirNIK: nil, user: "officer-2", queue: queue,
            on: connection)
        #expect(added.requeued)
        _ = try processor.process(
            try queue.claim(worker: "w", limit: 10, on: connection), worker: "w", queue: queue, random: &random,
            on: connection)
        let summary = try SubmissionStore.summary(id: receipt.submissionID, on: connection)
        #expect(summary.status == "payable")
        let history = try SubmissionStore.history(id: receipt.submissionID, on: connection).map(\.status)
        #expect(history == ["submitted", "incomplete", "documents_added", "payable"])
    }

    @Test func completedJobsArePrunedAfterTheRetentionPeriodButDeadOnesAreKept() throws {
        let connection = try Connection(try QueueFixtures.migratedDatabase(), logger: logger)
        let clock = ManualQueueClock()
        var settings = settings(maxAttempts: 1)
        settings.retention = .seconds(86_400)
        let queue = JobQueue(settings: settings, clock: clock)
        try queue.enqueueNoops(count: 3, on: connection)
        try QueueFixtures.submit(
            QueueFixtures.sharedCase("seed-honorer-jkm-42jt-a.case.json"), queue: queue, on: connection)
        var random = SeededRandom(seed: 4)
        let jobs = try queue.claim(worker: "w", limit: 10, on: connection)
        _ = try Self.failing.process(jobs, worker: "w", queue: queue, random: &random, on: connection)
        #expect(try queue.counts(on: connection).completed == 3)
        #expect(try queue.counts(on: connection).discarded == 1)

        clock.advance(by: .seconds(86_399))
        #expect(try queue.pruneCompleted(on: connection) == 0)
        clock.advance(by: .seconds(2))
        #expect(try queue.pruneCompleted(on: connection) == 3)
        let counts = try queue.counts(on: connection)
        #expect(counts.completed == 0 && counts.discarded == 1)
    }

    @Test func aWorkerPoolDrainsTheQueueIntoClaimsEqualToTheCalculator() throws {
        let conninfo = try QueueFixtures.migratedDatabase()
        let connection = try Connection(conninfo, logger: logger)
        let queue = JobQueue()
        let variants = CaseVariants.generate(count: 120, tag: "POOL")
        for text in variants {
            try QueueFixtures.submit(text, queue: queue, on: connection)
        }
        var configuration = WorkerPool.Configuration(
            conninfo: conninfo, workers: 3, batchSize: 16, untilEmpty: true, settings: QueueSettings())
        configuration.settings.pollInterval = .milliseconds(100)
        let pool = WorkerPool(
            configuration: configuration, processor: BatchProcessor(computer: QueueFixtures.computer), logger: logger)
        let totals = pool.run()
        #expect(totals.completed == variants.count)
        try ClaimChecks.expectExactlyOnce(variants: variants, on: connection)
    }
}
