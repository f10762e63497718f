import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

@testable import SantunanServer

/// The group commit of `POST /v1/claims`: submissions queued while the runner is busy commit together, and each keeps
/// its own outcome.
@Suite("HTTP service: submissions stored in groups")
struct SubmissionBatcherTests {
    static func variant(_ caseID: String, kpj: String) -> [UInt8] {
        Array(
            ServeProcessTests.template.replacingOccurrences(of: "PMS-2022-0001", with: caseID)
                .replacingOccurrences(of: "21038812001", with: kpj).utf8)
    }

    @Test func concurrentSubmissionsShareACommitAndKeepTheirOwnOutcomes() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let calculator = server.environment.calculator
        // One runner: while it stores the first submission, the others queue and go in together.
        let batcher = SubmissionBatcher(pool: server.environment.pool, runners: 1)
        let user = APIUser(name: "ani", role: .officer)
        var bodies: [(caseID: String, key: String, body: [UInt8])] = (0..<16).map { index in
            ("GRP-\(index)", "key-\(index)", Self.variant("GRP-\(index)", kpj: String(format: "6%010d", index)))
        }
        // The same KPJ and event as GRP-0 under another case_id: one of the two is refused (one claim per event).
        bodies.append(("GRP-dup", "key-dup", Self.variant("GRP-dup", kpj: String(format: "6%010d", 0))))
        let outcomes = await withTaskGroup(of: (String, Result<SantunanAPI.Receipt?, AppError>).self) { group in
            for item in bodies {
                group.addTask {
                    let result: Result<SantunanAPI.Receipt?, AppError>
                    do throws(AppError) {
                        let submission = try SubmissionService.validated(
                            caseBytes: item.body, user: "ani", calculator: calculator)
                        result = .success(
                            try await batcher.submit(
                                submission, user: user, key: item.key,
                                requestHash: APIUsers.hash(String(decoding: item.body, as: UTF8.self))))
                    } catch {
                        result = .failure(error)
                    }
                    return (item.caseID, result)
                }
            }
            var all: [String: Result<SantunanAPI.Receipt?, AppError>] = [:]
            for await (caseID, result) in group { all[caseID] = result }
            return all
        }
        let refused = outcomes.filter { if case .failure = $0.value { true } else { false } }
        #expect(refused.count == 1)
        #expect(Set(refused.keys).isSubset(of: ["GRP-0", "GRP-dup"]))
        if case .failure(let error)? = refused.first?.value {
            #expect(error.status == ExitStatus.invalidData)
            #expect(error.field == "event")
        }
        let created = outcomes.values.compactMap { try? $0.get() }.filter { $0?.created == true }
        #expect(created.count == 16)

        // A key used again with another body: nil (409); with its own body: the stored submission.
        let reused = try await batcher.submit(
            try SubmissionService.validated(caseBytes: bodies[3].body, user: "ani", calculator: calculator),
            user: user, key: "key-2", requestHash: APIUsers.hash(String(decoding: bodies[3].body, as: UTF8.self)))
        #expect(reused == nil)
        let again = try await batcher.submit(
            try SubmissionService.validated(caseBytes: bodies[2].body, user: "ani", calculator: calculator),
            user: user, key: "key-2", requestHash: APIUsers.hash(String(decoding: bodies[2].body, as: UTF8.self)))
        #expect(again?.created == false)
        #expect(again?.caseID == "GRP-2")

        // Every pooled connection is still the server's own login (a group checks the user's role in the database
        // and switches none).
        let pool = server.environment.pool
        let roles = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<pool.size {
                group.addTask {
                    try await pool.withConnection { connection throws(AppError) -> String in
                        do {
                            return try connection.execute("SELECT current_user::text FROM pg_sleep(0.1)")[0, 0]
                        } catch {
                            throw SubmissionService.appError(error)
                        }
                    }
                }
            }
            var all: [String] = []
            for try await role in group { all.append(role) }
            return all
        }
        #expect(roles.count == pool.size)
        #expect(roles.allSatisfy { !$0.hasPrefix("santunan_") }, "\(roles)")

        let connection = try Connection(server.conninfo, logger: Logger(label: "check"))
        defer { connection.close() }
        let stored: Int64 = try connection.execute("SELECT count(*) FROM submissions")[0, 0]
        #expect(stored == 16)
        let keys: Int64 = try connection.execute("SELECT count(*) FROM api_idempotency_keys")[0, 0]
        #expect(keys == 16)
        let jobs: Int64 = try connection.execute("SELECT count(*) FROM heir_jobs")[0, 0]
        #expect(jobs == 16)
        // Fewer transactions than submissions (now() is the transaction's start): the queued ones committed together.
        let transactions: Int64 = try connection.execute("SELECT count(DISTINCT submitted_at) FROM submissions")[0, 0]
        #expect(transactions < 16)
    }
}

extension SubmissionBatcherTests {
    /// A statement cut off by the service's statement timeout changed nothing and may be retried: 75, so 503 — the
    /// SIGTERM test's blocked submissions came back as 500s before this mapping.
    @Test func aStatementTimeoutIs503() throws {
        let connection = try Connection(try TestDatabase.shared.freshDatabase(), logger: Logger(label: "timeout"))
        defer { connection.close() }
        _ = try connection.execute("SET statement_timeout = '20ms'")
        do {
            _ = try connection.execute("SELECT pg_sleep(2)")
            Issue.record("the statement was not cancelled")
        } catch {
            let mapped = SubmissionService.appError(error)
            #expect(mapped.status == ExitStatus.temporaryFailure)
            #expect(Problem(mapped).status == 503)
        }
    }
}

/// A group is one statement (`claim_submissions_create`, Schema/0022); each submission in it still gets the answer it
/// would get alone, and `claim submit`'s error for the same case.
extension SubmissionBatcherTests {
    static let officer = APIUser(name: "ani", role: .officer)

    static func keyed(_ bytes: [UInt8], key: String?) throws -> KeyedSubmission {
        KeyedSubmission(
            submission: try SubmissionService.validated(caseBytes: bytes, user: "ani"), key: key,
            requestHash: APIUsers.hash(String(decoding: bytes, as: UTF8.self)))
    }

    static func receipt(_ outcome: Result<SantunanAPI.Receipt?, AppError>) -> SantunanAPI.Receipt? {
        if case .success(let receipt?) = outcome { return receipt }
        return nil
    }

    static func failure(_ outcome: Result<SantunanAPI.Receipt?, AppError>) -> AppError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    /// The error `claim submit` gives for `submission` on the same database (SubmissionService.submit, in its own
    /// transaction, which it rolls back).
    static func cliError(_ submission: NewSubmission, on connection: Connection) -> AppError? {
        do throws(AppError) {
            _ = try SubmissionService.submit(submission, queue: JobQueue(), on: connection)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGroupIsOneTransactionAndEachSubmissionGetsItsOwnAnswer() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let connection = try Connection(server.conninfo, logger: Logger(label: "group"))
        defer { connection.close() }
        let queue = JobQueue()
        // Stored before: three cases without keys, two with keys.
        let stored = (1...3).map { Self.variant("ONE-STORED-\($0)", kpj: "6100000000\($0)") }
        let keyed = Self.variant("ONE-KEYED", kpj: "61000000004")
        let first = Self.variant("ONE-FIRST", kpj: "61000000005")
        let earlier = SubmissionBatcher.store(
            try stored.map { try Self.keyed($0, key: nil) }
                + [try Self.keyed(keyed, key: "k-keyed"), try Self.keyed(first, key: "k-first")],
            user: Self.officer, queue: queue, on: connection)
        let ids = try earlier.map { try #require(Self.receipt($0)).submissionID }

        let fresh = Self.variant("ONE-NEW", kpj: "61000000006")
        let unkeyed = Self.variant("ONE-UNKEYED", kpj: "61000000007")
        let respelled = stored[1] + Array(" \n".utf8)
        let changed = Array(
            String(decoding: stored[2], as: UTF8.self)
                .replacingOccurrences(of: "Hendra Saragih", with: "Hendra Saragi").utf8)
        let other = Self.variant("ONE-OTHER", kpj: "61000000008")
        let sameEvent = Self.variant("ONE-SAME-EVENT", kpj: "61000000006")
        let group = [
            try Self.keyed(fresh, key: "k-new"),  // 0: stored now
            try Self.keyed(unkeyed, key: nil),  // 1: stored now, without a key
            try Self.keyed(stored[0], key: "k-s1"),  // 2: the same case again: that submission, its key recorded
            try Self.keyed(respelled, key: "k-s2"),  // 3: the same values spelled otherwise: the same
            try Self.keyed(changed, key: "k-s3"),  // 4: a changed case under a stored case_id: refused
            try Self.keyed(keyed, key: "k-keyed"),  // 5: a key again with its body: a replay
            try Self.keyed(other, key: "k-first"),  // 6: a key again with another body: 409
            try Self.keyed(sameEvent, key: "k-same-event"),  // 7: another case for 0's event: refused
        ]
        let outcomes = SubmissionBatcher.store(group, user: Self.officer, queue: queue, on: connection)
        #expect(outcomes.count == group.count)

        let created = try #require(Self.receipt(outcomes[0]))
        #expect(created.created && created.caseID == "ONE-NEW")
        #expect(Self.receipt(outcomes[1])?.created == true)
        let again = try #require(Self.receipt(outcomes[2]))
        #expect(again.submissionID == ids[0] && !again.created)
        let respelledAgain = try #require(Self.receipt(outcomes[3]))
        #expect(respelledAgain.submissionID == ids[1] && !respelledAgain.created)
        let refusedChange = try #require(Self.failure(outcomes[4]))
        let cliChange = try #require(Self.cliError(group[4].submission, on: connection))
        #expect(refusedChange.status == ExitStatus.invalidData)
        #expect(refusedChange.description == cliChange.description)
        #expect(refusedChange.status == cliChange.status)
        let replay = try #require(Self.receipt(outcomes[5]))
        #expect(replay.submissionID == ids[3] && !replay.created && replay.caseID == "ONE-KEYED")
        if case .success(let reused) = outcomes[6] {
            #expect(reused == nil)
        } else {
            Issue.record("a key used with another body must answer 409, not \(outcomes[6])")
        }
        let refusedEvent = try #require(Self.failure(outcomes[7]))
        let cliEvent = try #require(Self.cliError(group[7].submission, on: connection))
        #expect(refusedEvent.field == "event")
        #expect(refusedEvent.description == cliEvent.description)
        #expect(refusedEvent.status == cliEvent.status)

        // Stored: the five earlier and the two new ones, each with one `submitted` row and one job; the new ones in
        // one transaction (now() is its start).
        let submissions: Int64 = try connection.execute("SELECT count(*) FROM submissions")[0, 0]
        #expect(submissions == 7)
        let history: Int64 = try connection.execute(
            "SELECT count(*) FROM claim_status_history WHERE status = 'submitted'")[0, 0]
        #expect(history == 7)
        let jobs: Int64 = try connection.execute("SELECT count(DISTINCT submission_id) FROM heir_jobs")[0, 0]
        let jobRows: Int64 = try connection.execute("SELECT count(*) FROM heir_jobs")[0, 0]
        #expect(jobs == 7 && jobRows == 7)
        let moments: Int64 = try connection.execute(
            "SELECT count(DISTINCT submitted_at) FROM submissions WHERE case_id IN ('ONE-NEW', 'ONE-UNKEYED')")[0, 0]
        #expect(moments == 1)
        let actors: [String] = try connection.execute("SELECT DISTINCT submitted_by FROM submissions").map {
            row throws in try row.decode(String.self, column: 0)
        }
        #expect(actors == ["ani"])
        // The keys: the earlier ones, and those of the submissions stored or found again (not the refused, the
        // replayed or the reused one), each pointing to its submission.
        let keys = try connection.execute(
            "SELECT key, submission_id FROM api_idempotency_keys WHERE user_name = 'ani' ORDER BY key")
        let recorded = try keys.map { row throws in
            "\(try row.decode(String.self, column: 0))=\(try row.decode(Int64.self, column: 1))"
        }
        #expect(
            recorded == [
                "k-first=\(ids[4])", "k-keyed=\(ids[3])", "k-new=\(created.submissionID)", "k-s1=\(ids[0])",
                "k-s2=\(ids[1])",
            ])
    }

    @Test func aRoleThatMayNotSubmitIsRefusedAndNothingIsStored() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let connection = try Connection(server.conninfo, logger: Logger(label: "group"))
        defer { connection.close() }
        let group = [
            try Self.keyed(Self.variant("ROLE-1", kpj: "62000000001"), key: "r-1"),
            try Self.keyed(Self.variant("ROLE-2", kpj: "62000000002"), key: nil),
        ]
        let outcomes = SubmissionBatcher.store(
            group, user: APIUser(name: "budi", role: .approver), queue: JobQueue(), on: connection)
        for outcome in outcomes {
            let error = try #require(Self.failure(outcome))
            #expect(error.status == ExitStatus.permissionDenied)
            #expect(error.reason.contains("permission denied for function claim_submission_create"))
            #expect(Problem(error).status == 403)
        }
        let stored: Int64 = try connection.execute("SELECT count(*) FROM submissions")[0, 0]
        #expect(stored == 0)
        let keys: Int64 = try connection.execute("SELECT count(*) FROM api_idempotency_keys")[0, 0]
        #expect(keys == 0)
    }

    /// A value the database refuses fails the statement for the whole group; the group is then stored one
    /// submission at a time, so the others are stored and the refused one gets the CLI's error.
    @Test func aValueTheDatabaseRefusesFailsAloneWithTheCLIsError() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let connection = try Connection(server.conninfo, logger: Logger(label: "group"))
        defer { connection.close() }
        var bogus = try Self.keyed(Self.variant("BAD-2", kpj: "63000000002"), key: "b-2")
        bogus.submission.eventType = "bogus"
        let group = [
            try Self.keyed(Self.variant("BAD-1", kpj: "63000000001"), key: "b-1"), bogus,
            try Self.keyed(Self.variant("BAD-3", kpj: "63000000003"), key: "b-3"),
        ]
        let outcomes = SubmissionBatcher.store(group, user: Self.officer, queue: JobQueue(), on: connection)
        #expect(Self.receipt(outcomes[0])?.created == true)
        #expect(Self.receipt(outcomes[2])?.created == true)
        let refused = try #require(Self.failure(outcomes[1]))
        let cli = try #require(Self.cliError(bogus.submission, on: connection))
        #expect(refused.status == ExitStatus.invalidData)
        #expect(refused.description == cli.description)
        let stored: [String] = try connection.execute("SELECT case_id FROM submissions ORDER BY case_id").map {
            row throws in try row.decode(String.self, column: 0)
        }
        #expect(stored == ["BAD-1", "BAD-3"])
        let keys: Int64 = try connection.execute("SELECT count(*) FROM api_idempotency_keys")[0, 0]
        #expect(keys == 2)
    }

    /// The same case_id or key twice in one group means what it means one after the other: the first stored, the
    /// second its replay (or 409 for a key with another body).
    @Test func aCaseOrKeyTwiceInOneGroupIsStoredInOrder() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let connection = try Connection(server.conninfo, logger: Logger(label: "group"))
        defer { connection.close() }
        let first = Self.variant("TWICE-1", kpj: "64000000001")
        let other = Self.variant("TWICE-2", kpj: "64000000002")
        let group = [
            try Self.keyed(first, key: "t-1"), try Self.keyed(first, key: "t-again"),
            try Self.keyed(other, key: "t-1"), try Self.keyed(first, key: "t-1"),
        ]
        let outcomes = SubmissionBatcher.store(group, user: Self.officer, queue: JobQueue(), on: connection)
        let stored = try #require(Self.receipt(outcomes[0]))
        #expect(stored.created)
        let again = try #require(Self.receipt(outcomes[1]))
        #expect(again.submissionID == stored.submissionID && !again.created)
        if case .success(let reused) = outcomes[2] {
            #expect(reused == nil)
        } else {
            Issue.record("a key used with another body must answer 409, not \(outcomes[2])")
        }
        let replay = try #require(Self.receipt(outcomes[3]))
        #expect(replay.submissionID == stored.submissionID && !replay.created)

        // Through the batcher, concurrently: one runner, the same key sent four times, stored once.
        let batcher = SubmissionBatcher(pool: server.environment.pool, runners: 1)
        let third = Self.variant("TWICE-3", kpj: "64000000003")
        let hash = APIUsers.hash(String(decoding: third, as: UTF8.self))
        let submission = try SubmissionService.validated(caseBytes: third, user: "ani")
        let receipts = try await withThrowingTaskGroup(of: SantunanAPI.Receipt?.self) { tasks in
            for _ in 0..<4 {
                tasks.addTask {
                    try await batcher.submit(submission, user: Self.officer, key: "t-3", requestHash: hash)
                }
            }
            var all: [SantunanAPI.Receipt?] = []
            for try await receipt in tasks { all.append(receipt) }
            return all
        }
        #expect(Set(receipts.compactMap { $0?.submissionID }).count == 1)
        #expect(receipts.filter { $0?.created == true }.count == 1)
        // TWICE-1 and TWICE-3; TWICE-2 came with a key of another body and was not stored.
        let rows: Int64 = try connection.execute("SELECT count(*) FROM submissions")[0, 0]
        #expect(rows == 2)
        let keys: Int64 = try connection.execute("SELECT count(*) FROM api_idempotency_keys")[0, 0]
        #expect(keys == 3)
    }
}
