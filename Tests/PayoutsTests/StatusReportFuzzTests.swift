import Foundation
import Payouts
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

/// A seeded fuzz of the pain.002 door (issue 15): mutated status reports (the shipped sample and the fixtures' own)
/// are imported; each is imported or refused with one ``PayoutError`` that maps to exit 65, and a refused report
/// writes nothing. Deterministic (fixed seed) and bounded (seconds).
@Suite("Status report fuzz")
struct StatusReportFuzzTests {
    static func seeds(batchID: String) throws -> [[UInt8]] {
        let sample = try Data(
            contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.002-sample.xml"))
        let sampleForBatch = String(decoding: sample, as: UTF8.self)
            .replacingOccurrences(of: "PB-2022-0007", with: batchID)
            .replacingOccurrences(of: "2022-03-16T", with: "2024-04-04T")
        let own = statusReport(
            messageID: "BNI-PSR-F", batchID: batchID, groupStatus: "PART",
            transactions: [
                FixtureStatus(
                    lineID: "PL-000001", status: "ACSC", amount: 148_800_000, acceptedAt: "2024-04-04T10:00:00+07:00"),
                FixtureStatus(lineID: "PL-000002", status: "RJCT", reason: "AM04", amount: 42_000_000),
                FixtureStatus(lineID: "PL-000003", status: "PDNG"),
            ])
        return [Array(sample), Array(sampleForBatch.utf8), Array(own.utf8)]
    }

    /// Pure: the parser and the matching never trap and only throw ``PayoutError`` (exit 65 or a refusal code).
    @Test func mutatedReportsParseAndMatchOrAreRefusedWithoutTrapping() throws {
        let lines = [
            ReconcilableLine(lineID: "PL-000001", amount: 148_800_000, outcome: nil),
            ReconcilableLine(lineID: "PL-000002", amount: 42_000_000, outcome: nil),
            ReconcilableLine(lineID: "PL-000003", amount: 20_000_000, outcome: .pending),
        ]
        let seeds = try Self.seeds(batchID: "PB-2024-0001")
        var mutator = SeededMutator(seed: 2)
        var matched = 0
        for iteration in 0..<3000 {
            let input = mutator.mutate(seeds[mutator.below(seeds.count)])
            do {
                let report = try StatusReport.parse(input)
                let plan = try ReconciliationPlan(
                    report: report, batchID: "PB-2024-0001", lines: lines, reportDate: day("2024-04-04"),
                    settlementWindow: day("2024-04-03")...day("2024-04-05"))
                for update in plan.updates where update.outcome == .paid {
                    let paidOn = try #require(update.paidOn)
                    #expect(paidOn >= day("2024-04-03") && paidOn <= day("2024-04-05"), "iteration \(iteration)")
                }
                matched += 1
            } catch let error as PayoutError {
                let status = PayoutService.appError(error).status
                #expect(status == .invalidData, "iteration \(iteration): \(error)")
            } catch {
                Issue.record("iteration \(iteration): \(error)")
            }
        }
        #expect(matched > 50, "only \(matched) of 3000 matched")
    }

    /// Against a real batch: each mutated report is imported or refused, and a refusal writes no row.
    @Test func mutatedReportsAreImportedOrRefusedWithNothingWritten() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        let batch = try ExportReconcileTests.approvedBatch(payouts, connection)
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("fuzz.xml"), by: "budi")
        clock.set("2024-04-04T16:00:00+07:00")
        let seeds = try Self.seeds(batchID: batch.id)
        func written() throws -> String {
            try connection.execute(
                """
                SELECT (SELECT count(*) FROM payout_lines)::text || '/' || (SELECT count(*) FROM payout_line_statuses)
                    || '/' || (SELECT count(*) FROM payout_status_reports) || '/'
                    || (SELECT string_agg(id || ':' || status || ':' || coalesce(paid_on::text, '-'), ',' ORDER BY seq)
                        FROM payout_lines)
                """)[0, 0]
        }
        var mutator = SeededMutator(seed: 77)
        var imported = 0
        for iteration in 0..<300 {
            let input = mutator.mutate(seeds[mutator.below(seeds.count)])
            let before = try written()
            do {
                _ = try Reconcile.importReport(
                    input, batchID: batch.id, by: "budi", now: clock.now, ledger: NoLedgerPostings(), on: connection)
                imported += 1
            } catch let error as PayoutError {
                #expect(PayoutService.appError(error).status == .invalidData, "iteration \(iteration): \(error)")
                #expect(try written() == before, "iteration \(iteration) wrote rows: \(error)")
            } catch {
                Issue.record("iteration \(iteration): not a PayoutError (exit 69/70): \(error)")
            }
        }
        // Every paid line was paid inside the batch's life, and no penalty came of it.
        let outside: Int = try connection.execute(
            "SELECT count(*) FROM payout_lines WHERE paid_on NOT BETWEEN '2024-04-03' AND '2024-04-05'")[0, 0]
        #expect(outside == 0)
        #expect(imported > 0)
    }
}
