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
        #expect(transactions >= 2)
    }
}
