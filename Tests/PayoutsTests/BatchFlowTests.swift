import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// Payout lines, batches and the maker–checker rule against a real PostgreSQL.
@Suite("Payout batches in the database")
struct BatchFlowTests {
    @Test func dueLinesAreCreatedOnceFromPayableClaimLinesInstallmentsAndPensionMonths() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        try insertClaim(
            connection, caseID: "PMS-2024-0001",
            lines: [
                FixtureLine(amount: 148_800_000),
                FixtureLine(item: "jkk.funeral", amount: 10_000_000, payeeRole: "funeral_arranger"),
                FixtureLine(
                    item: "scholarship/1272016101100003", amount: 73_000_000, payeeRole: "child", schedule: "yearly",
                    installments: [("2024-04-03", 1_500_000), ("2025-03-01", 1_500_000)]),
                FixtureLine(item: "jkk.death_residual", amount: 5_000_000, payeeRole: "dana_jaminan_sosial"),
            ])
        try insertClaim(
            connection, caseID: "PMS-2024-0002", eventType: "old_age",
            lines: [
                FixtureLine(
                    program: "JP", item: "jp.monthly", amount: 1_200_000, payeeRole: "participant", bic: nil,
                    account: nil, holder: nil, schedule: "monthly", due: "2024-02-01")
            ])

        let first = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        #expect(first.createdByKind == ["lump_sum": 2, "installment": 1, "pension_month": 3])
        #expect(first.awaitingBankDetails == 3)
        let again = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        #expect(again.created == 0)
        clock.set("2025-03-01T09:00:00+07:00")
        let later = try payouts.createDueLines(on: day("2025-03-01"), by: "ani")
        #expect(later.createdByKind == ["installment": 1, "pension_month": 11])

        let deadline: String = try connection.execute(
            "SELECT deadline::text FROM payout_lines WHERE item = 'jkk.death'")[0, 0]
        #expect(deadline == "2024-04-22")  // 7 working days after 2024-04-03 across Lebaran 2024
    }

    @Test func aPreparerApprovingTheirOwnBatchIsRefusedByTheService() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        try insertClaim(connection, caseID: "PMS-2024-0003", lines: [FixtureLine(amount: 20_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        #expect(batch.lineCount == 1)
        #expect(batch.total == 20_000_000)
        #expect(batch.totals == [.init(program: .jkk, lines: 1, total: 20_000_000)])
        do {
            _ = try payouts.approveBatch(batch.id, by: "ani")
            Issue.record("the preparer approved")
        } catch {
            #expect(error.status == .permissionDenied)
        }
        do {
            _ = try payouts.rejectBatch(batch.id, by: "ani", reason: "mine")
            Issue.record("the preparer rejected")
        } catch {
            #expect(error.status == .permissionDenied)
        }
        let approved = try payouts.approveBatch(batch.id, by: "budi")
        #expect(approved.state == .approved)
        #expect(approved.requestedExecutionDate == day("2024-04-03"))
    }

    @Test func theDatabaseRefusesADecisionByThePreparerEvenThroughDirectSQL() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        try insertClaim(connection, caseID: "PMS-2024-0004", lines: [FixtureLine(amount: 20_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        let statements: [SQL] = [
            """
            UPDATE payout_batches SET state = 'approved', decided_by = 'ani', decided_at = now(),
                requested_execution_date = '2024-04-03' WHERE id = \(batch.id)
            """,
            """
            UPDATE payout_batches SET state = 'rejected', decided_by = prepared_by, decided_at = now(),
                rejection_reason = 'x' WHERE id = \(batch.id)
            """,
        ]
        for statement in statements {
            let error = #expect(throws: PostgresError.self) { try connection.execute(statement) }
            #expect(error?.sqlState == "42501")
            #expect(error?.constraintName == "payout_batches_maker_checker")
        }
        // Approving without naming the checker is refused too.
        let anonymous = #expect(throws: PostgresError.self) {
            try connection.execute(
                """
                UPDATE payout_batches SET state = 'approved', requested_execution_date = '2024-04-03'
                WHERE id = \(batch.id)
                """)
        }
        #expect(anonymous?.sqlState == "23514")
        // A batch inserted already decided by its preparer is refused by the constraint.
        let inserted = #expect(throws: PostgresError.self) {
            try connection.execute(
                """
                INSERT INTO payout_batches (id, seq, state, line_count, total, totals_by_program, prepared_by,
                    prepared_at, decided_by, decided_at, requested_execution_date)
                VALUES ('PB-X', 999, 'approved', 1, 1, '{}', 'ani', now(), 'ani', now(), '2024-04-03')
                """)
        }
        #expect(inserted?.sqlState == "23514")
        let state: String = try connection.execute("SELECT state FROM payout_batches WHERE id = \(batch.id)")[0, 0]
        #expect(state == "prepared")
    }

    @Test func aLineIsInAtMostOneOpenBatchAndARejectedBatchReleasesItsLines() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        try insertClaim(
            connection, caseID: "PMS-2024-0005",
            lines: [
                FixtureLine(amount: 20_000_000), FixtureLine(program: "JKM", item: "jkm.death", amount: 42_000_000),
            ])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let first = try #require(try payouts.prepareBatch(by: "ani", program: .jkm, maxLines: nil))
        #expect(first.totals == [.init(program: .jkm, lines: 1, total: 42_000_000)])
        let second = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        #expect(second.lineCount == 1)
        #expect(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil) == nil)

        let duplicate = #expect(throws: PostgresError.self) {
            try connection.execute(
                """
                INSERT INTO payout_batch_lines (batch_id, line_id, program, amount)
                SELECT \(second.id), line_id, program, amount FROM payout_batch_lines WHERE batch_id = \(first.id)
                """)
        }
        #expect(duplicate?.sqlState == "23505")

        let rejected = try payouts.rejectBatch(first.id, by: "budi", reason: "check the heir certificate")
        #expect(rejected.state == .rejected)
        let third = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        #expect(third.totals == [.init(program: .jkm, lines: 1, total: 42_000_000)])
        let history: Int = try connection.execute(
            "SELECT count(*) FROM payout_batch_history WHERE batch_id = \(first.id)")[0, 0]
        #expect(history == 2)
        #expect(throws: PostgresError.self) {
            try connection.execute("DELETE FROM payout_batch_history WHERE batch_id = \(first.id)")
        }
    }

    @Test func paymentDataOfAPayoutLineIsNeverEditedInPlace() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        try insertClaim(connection, caseID: "PMS-2024-0006", lines: [FixtureLine(amount: 20_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("UPDATE payout_lines SET bank_account_number = '999' WHERE id = 'PL-000001'")
        }
        #expect(error?.sqlState == "42501")
    }
}
