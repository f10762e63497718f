import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// The payout flow posts to the ledger when an approver works under a personal login (issue 15, Schema/0005): the
/// flow's keys pass the namespace and flow-state checks of `ledger_post`, and each posting records the login.
@Suite("Ledger postings by personal logins")
struct LedgerPostingByLoginsTests {
    @Test func anApproverLoginApprovesExportsAndReconcilesAndTheLedgerRecordsTheLogin() throws {
        let (owner, conninfo) = try migratedDatabase()
        defer { owner.close() }
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let prepared = try service(owner, clock: clock)
        try insertClaim(owner, caseID: "PMS-2024-0201", lines: [FixtureLine(amount: 148_800_000)])
        try insertClaim(
            owner, caseID: "PMS-2024-0202", kpj: "18098765432", eventType: "death",
            lines: [FixtureLine(program: "JKM", item: "jkm.death", amount: 42_000_000)])
        _ = try prepared.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try prepared.prepareBatch(by: "ani", program: nil, maxLines: nil))

        let login = "ledger_approver_\(UInt32.random(in: 0...UInt32.max))"
        try owner.executeScript("CREATE ROLE \(login) LOGIN; GRANT santunan_approver TO \(login)")
        let connection = try Connection(conninfo + " user=\(login)", logger: testLogger)
        defer { connection.close() }
        let payouts = PayoutService(
            connection: connection, paths: projectPaths, config: try payoutConfig(), clock: clock.payoutClock,
            ledger: LedgerPayoutHook(), logger: testLogger)
        _ = try payouts.approveBatch(batch.id, by: login)
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("login.xml"), by: login)
        let report = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-9", batchID: batch.id,
                transactions: [
                    FixtureStatus(
                        lineID: "PL-000001", status: "ACSC", amount: 148_800_000,
                        acceptedAt: "2024-04-04T10:00:00+07:00"),
                    FixtureStatus(lineID: "PL-000002", status: "RJCT", reason: "AC01", amount: 42_000_000),
                ]))
        clock.set("2024-04-04T16:00:00+07:00")
        let outcome = try payouts.reconcileBatch(batch.id, reportPath: report, by: login)
        #expect(outcome.paid == 1 && outcome.rejected == 1)

        let kinds = try owner.execute(
            "SELECT kind, count(*), min(recorded_by), max(recorded_by) FROM ledger_transaction GROUP BY kind ORDER BY kind"
        )
        let rows: [[String]] = try kinds.map { row in
            [try row[0], String(try row[1] as Int64), try row[2], try row[3]]
        }
        #expect(
            rows == [
                ["claim.approved", "2", login, login], ["payout.paid", "1", login, login],
                ["payout.rejected", "1", login, login], ["payout.released", "2", login, login],
            ])
    }
}
