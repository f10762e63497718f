import Foundation
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

        // Every pooled connection is back to the server's own login (the groups switched roles inside their
        // transactions only).
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
