import BenefitRules
import ClaimStore
import HeirQueue
import Postgres
import SantunanApp
import Testing

/// The stored claim keeps what the payout path needs to pay a JP pension month by month (RULEBOOK §9.7 item 8).
@Suite struct PensionRowsTests {
    @Test func theJPMonthlyRowKeepsTheAmountBeforeTheClamp() throws {
        let text = QueueFixtures.sharedCase("old-age-jht-jp-monthly.case.json")
        let claim = try Case.parse(Array(text.utf8))
        let result = try QueueFixtures.calculator.compute(claim)
        let rows = result.rows(id: 1, case: claim).lines
        let monthly = try #require(rows.first { $0.item == "jp.monthly" })
        #expect(monthly.amount == 1_530_227)
        #expect(monthly.pensionComputed == 1_530_227)
        #expect(rows.filter { $0.item != "jp.monthly" }.allSatisfy { $0.pensionComputed == nil })
    }

    @Test func theWriterStoresTheAmountBeforeTheClampOnlyOnTheJPMonthlyLine() throws {
        let conninfo = try QueueFixtures.migratedDatabase()
        let connection = try Connection(conninfo, logger: QueueFixtures.logger)
        defer { connection.close() }
        let text = QueueFixtures.sharedCase("old-age-jht-jp-monthly.case.json")
        let queue = JobQueue()
        let receipt = try QueueFixtures.submit(text, queue: queue, on: connection)
        let claim = try Case.parse(Array(text.utf8))
        let result = try QueueFixtures.calculator.compute(claim)
        let row = result.rows(id: receipt.submissionID, case: claim)
        // The worker's write goes through claims_store (Schema/0010, extended by 0013): only with its job, completed
        // by the same worker in the same transaction.
        let job = try #require(try queue.claim(worker: "w1", limit: 1, on: connection).first)
        try connection.transaction { connection in
            _ = try queue.complete(
                [JobQueue.Completion(id: job.id, attempt: job.attempt, outcome: row.status)], worker: "w1",
                on: connection)
            try ClaimWriter.write([row], computedBy: "w1", on: connection)
        }
        let stored = try connection.execute(
            "SELECT item, pension_computed FROM claim_lines WHERE claim_id = \(receipt.submissionID) ORDER BY position")
        var byItem: [String: Int64?] = [:]
        for row in stored { byItem[try row[0]] = try row[1] as Int64? }
        #expect(byItem["jp.monthly"] == .some(1_530_227))
        #expect(byItem.filter { $0.key != "jp.monthly" }.values.allSatisfy { $0 == nil })
    }
}
