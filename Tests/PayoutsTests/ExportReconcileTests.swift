import ClaimStore
import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// Transfer files and bank reconciliation end to end, against a real PostgreSQL and the ISO XSDs.
@Suite("Export and reconciliation")
struct ExportReconcileTests {
    /// Three heirs' claims (one name with an accent and an em dash), prepared by ani and approved by budi.
    static func approvedBatch(_ payouts: PayoutService, _ connection: Connection) throws -> BatchSummary {
        try insertClaim(
            connection, caseID: "PMS-2024-0101", lines: [FixtureLine(amount: 148_800_000, holder: "Sàri — ahli waris")])
        try insertClaim(
            connection, caseID: "PMS-2024-0102", kpj: "18098765432", eventType: "death",
            lines: [
                FixtureLine(
                    program: "JKM", item: "jkm.death", amount: 42_000_000, bic: "CENAIDJA", account: "0044109876",
                    holder: "Dewi Lestari, S.E.")
            ])
        try insertClaim(
            connection, caseID: "PMS-2024-0103", kpj: "18055555555", eventType: "death",
            lines: [
                FixtureLine(
                    program: "JKM", item: "jkm.death", amount: 20_000_000, bic: "BMRIIDJA", account: "1234567890",
                    holder: "Andi & Co <Wali>")
            ])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        return try payouts.approveBatch(batch.id, by: "budi")
    }

    @Test func anExportValidatesAgainstTheXSDAndItsCountsSumAndCharactersHold() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        let batch = try Self.approvedBatch(payouts, connection)
        clock.set("2024-04-04T08:15:00+07:00")
        let path = try scratchPath("\(batch.id).xml")
        try payouts.exportBatch(batch.id, format: .pain001, to: path, by: "budi")
        #expect(try schemaValidation(schema: "schemas/pain.001.001.03.xsd", file: path) == 0)

        let xml = try String(contentsOfFile: path, encoding: .utf8)
        func values(_ element: String) -> [String] {
            xml.components(separatedBy: "<\(element)").dropFirst().compactMap { part in
                guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</\(element)>") else {
                    return nil
                }
                return String(part[part.index(after: start)..<end.lowerBound])
            }
        }
        let amounts = values("InstdAmt").map { Int64($0)! }
        #expect(values("NbOfTxs") == ["3", "3"])
        #expect(values("CtrlSum") == ["210800000", "210800000"])
        #expect(amounts.reduce(0, +) == 210_800_000)
        #expect(values("CdtTrfTxInf").count == 3)
        #expect(values("EndToEndId") == ["PL-000001", "PL-000002", "PL-000003"])
        #expect(values("EndToEndId").allSatisfy(PaymentText.isIdentifier))
        #expect(values("MsgId") == ["SNT-\(batch.id)"])
        #expect(values("CreDtTm") == ["2024-04-03T11:00:00+07:00"])  // the approval time, not the export time
        for text in values("Nm") + values("Ustrd") {
            #expect(PaymentText.isInCharacterSet(text), "\(text)")
        }
        #expect(values("Nm").contains("Sari ahli waris"))
        #expect(values("Nm").contains("Andi Co Wali"))
        #expect(values("Ustrd").contains("JKK 148800000 KPJ 18012345678"))
        #expect(!xml.contains("\r"))

        // Exporting twice gives the same bytes, later in time.
        clock.set("2024-04-05T16:00:00+07:00")
        let again = try scratchPath("again.xml")
        try payouts.exportBatch(batch.id, format: .pain001, to: again, by: "budi")
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: path))
        #expect(try payouts.batch(batch.id).state == .exported)
        // Again onto the same path: the file is replaced in place, not lost, and no temporary file is left.
        let first = FileManager.default.contents(atPath: path)
        try payouts.exportBatch(batch.id, format: .pain001, to: path, by: "budi")
        #expect(FileManager.default.contents(atPath: path) == first)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }.isEmpty)

        let csvPath = try scratchPath("\(batch.id).csv")
        try payouts.exportBatch(batch.id, format: .csv, to: csvPath, by: "budi")
        let csv = TransferFile.parseCSV(Array(try Data(contentsOf: URL(fileURLWithPath: csvPath))))
        #expect(csv.count == 4)
        #expect(csv[0] == TransferFile.csvHeader.split(separator: ",").map(String.init))
        #expect(csv[2][4] == "0044109876")  // leading zeros kept
        #expect(csv[2][2] == "Dewi Lestari, S.E.")
    }

    @Test func aBatchThatIsNotApprovedCannotBeExported() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        try insertClaim(connection, caseID: "PMS-2024-0201", lines: [FixtureLine(amount: 1_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        let path = try scratchPath("x.xml")
        do {
            try payouts.exportBatch(batch.id, format: .pain001, to: path, by: "ani")
            Issue.record("exported")
        } catch {
            #expect(error.status == .invalidData)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func paidRejectedAndPendingLinesReconcileAndASecondBatchHoldsOnlyTheRejectedOnes() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        let batch = try Self.approvedBatch(payouts, connection)
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("a.xml"), by: "budi")

        let report = statusReport(
            messageID: "BNI-PSR-1", batchID: batch.id,
            transactions: [
                FixtureStatus(
                    lineID: "PL-000001", status: "ACSC", amount: 148_800_000, acceptedAt: "2024-04-04T10:00:00+07:00"),
                FixtureStatus(lineID: "PL-000002", status: "RJCT", reason: "AM04", amount: 42_000_000),
                FixtureStatus(lineID: "PL-000003", status: "PDNG"),
            ])
        let reportPath = try temporaryFile(report)
        #expect(try schemaValidation(schema: "schemas/pain.002.001.03.xsd", file: reportPath) == 0)
        clock.set("2024-04-04T16:00:00+07:00")
        let outcome = try payouts.reconcileBatch(batch.id, reportPath: reportPath, by: "budi")
        #expect(outcome.paid == 1 && outcome.rejected == 1 && outcome.pending == 1)
        #expect(outcome.pendingAfter == 1)
        #expect(outcome.batchState == .exported)
        #expect(outcome.newLines == ["PL-000004"])

        let statuses = try connection.execute(
            "SELECT id, status, reject_reason, replaces FROM payout_lines ORDER BY seq")
        let rows: [[String?]] = try statuses.map { row in [try row[0], try row[1], try row[2], try row[3]] }
        #expect(
            rows == [
                ["PL-000001", "paid", nil, nil], ["PL-000002", "rejected", "AM04", nil],
                ["PL-000003", "pending", nil, nil], ["PL-000004", "payable", nil, "PL-000002"],
            ])

        // The next batch holds only the re-payment of the rejected line; the pending one stays in its batch.
        let next = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        let members: [String] = try connection.execute(
            "SELECT line_id FROM payout_batch_lines WHERE batch_id = \(next.id)"
        ).map { try $0[0] }
        #expect(members == ["PL-000004"])
        #expect(next.total == 42_000_000)

        // A later report settles the pending line: the batch is reconciled.
        let settle = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-2", batchID: batch.id, groupStatus: nil,
                transactions: [FixtureStatus(lineID: "PL-000003", status: "ACSC")]))
        let final = try payouts.reconcileBatch(batch.id, reportPath: settle, by: "budi")
        #expect(final.paid == 1)
        #expect(final.batchState == .reconciled)
    }

    @Test func reimportingTheSameReportChangesNothing() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        let batch = try Self.approvedBatch(payouts, connection)
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("a.xml"), by: "budi")
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-7", batchID: batch.id, groupStatus: "PART",
                transactions: [
                    FixtureStatus(lineID: "PL-000001", status: "ACSC"),
                    FixtureStatus(lineID: "PL-000002", status: "RJCT", reason: "AC04"),
                ]))
        let first = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
        #expect(!first.alreadyImported)
        func snapshot() throws -> [String] {
            try connection.execute(
                """
                SELECT (SELECT count(*) FROM payout_lines)::text || '/' || (SELECT count(*) FROM payout_line_statuses)
                    || '/' || (SELECT count(*) FROM payout_batch_history) || '/'
                    || (SELECT string_agg(id || ':' || status, ',' ORDER BY seq) FROM payout_lines)
                """
            ).map { try $0[0] }
        }
        let before = try snapshot()
        let second = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
        #expect(second.alreadyImported)
        #expect(try snapshot() == before)
        // AC04 waits for corrected bank details; releasing with a new account makes a new payable line.
        let held = try connection.execute("SELECT id, status FROM payout_lines WHERE replaces = 'PL-000002'")
        let heldID: String = try held[0, 0]
        #expect(try held[0, 1] as String == "awaiting_bank_details")
        let released = try payouts.releaseLine(
            heldID, account: BankAccountRow(bic: "CENAIDJA", number: "5550001111", holder: "Dewi Lestari"), by: "ani")
        #expect(released != heldID)
        let payable: String = try connection.execute("SELECT status FROM payout_lines WHERE id = \(released)")[0, 0]
        #expect(payable == "payable")
    }

    @Test func anUnknownEndToEndIdRefusesTheWholeFileAndWritesNothing() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2024-04-03T11:00:00+07:00"))
        let batch = try Self.approvedBatch(payouts, connection)
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("a.xml"), by: "budi")
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-9", batchID: batch.id,
                transactions: [
                    FixtureStatus(lineID: "PL-000001", status: "ACSC"),
                    FixtureStatus(lineID: "PL-999999", status: "ACSC"),
                ]))
        do {
            _ = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
            Issue.record("imported")
        } catch {
            #expect(error.status == .invalidData)
            #expect(error.reason.contains("PL-999999"))
        }
        let written: Int = try connection.execute(
            "SELECT (SELECT count(*) FROM payout_status_reports) + (SELECT count(*) FROM payout_line_statuses)")[0, 0]
        #expect(written == 0)
        let changed: Int = try connection.execute("SELECT count(*) FROM payout_lines WHERE status <> 'payable'")[0, 0]
        #expect(changed == 0)
    }

    @Test func aLateJKKPaymentAcrossLebaranCarriesThePenaltyToTheRupiah() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-23T09:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        // Complete on Wednesday 2024-04-03; 7 working days skip 04-08…04-12 and 04-15: deadline Monday 2024-04-22.
        try insertClaim(
            connection, caseID: "PMS-2024-0301", completeAt: "2024-04-03T10:00:00+07:00",
            lines: [FixtureLine(amount: 42_000_050)])
        _ = try payouts.createDueLines(on: day("2024-04-23"), by: "ani")
        let atRisk = try payouts.serviceLevels(today: day("2024-04-19"))
        #expect(atRisk.map(\.standing) == [.atRisk(workingDaysLeft: 1)])
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        _ = try payouts.approveBatch(batch.id, by: "budi")
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("late.xml"), by: "budi")
        // Settled Thursday 2024-04-25: 3 days late → rhu(42.000.050 × 100 × 3 / 10000) = 1.260.002.
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-LATE", batchID: batch.id, groupStatus: "ACSC", created: "2024-04-25T15:00:00+07:00",
                transactions: [
                    FixtureStatus(lineID: "PL-000001", status: "ACSC", acceptedAt: "2024-04-25T10:30:00+07:00")
                ]))
        clock.set("2024-04-25T17:00:00+07:00")
        let outcome = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
        #expect(outcome.newLines == ["PL-000002"])
        let penalty = try connection.execute(
            """
            SELECT amount, item, penalty_for, program, status, bank_account_number FROM payout_lines
            WHERE kind = 'late_payment_penalty'
            """)
        #expect(penalty.count == 1)
        #expect(try penalty[0, 0] as Int64 == 1_260_002)
        #expect(try penalty[0, 1] as String == "late_payment_penalty")
        #expect(try penalty[0, 2] as String == "PL-000001")
        #expect(try penalty[0, 3] as String == "JKK")
        #expect(try penalty[0, 4] as String == "payable")
        #expect(try penalty[0, 5] as String == "012345678901")

        let report = try payouts.serviceLevels(today: day("2024-04-30"))
        #expect(report.count == 1)
        #expect(report.first?.standing == .late(daysLate: 3))
        #expect(report.first?.penalty == 1_260_002)
        #expect(report.first?.deadline == day("2024-04-22"))
    }

    @Test func aLateJKMPaymentCarriesThePenaltyOnlyForAJakonParticipant() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-17T09:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        try insertClaim(
            connection, caseID: "PMS-2024-0302", eventType: "death",
            lines: [FixtureLine(program: "JKM", item: "jkm.death", amount: 42_000_000)])
        try insertClaim(
            connection, caseID: "PMS-2024-0303", kpj: "18077777777", segment: "JAKON", eventType: "death",
            lines: [FixtureLine(program: "JKM", item: "jkm.death", amount: 42_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-17"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        _ = try payouts.approveBatch(batch.id, by: "budi")
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("jkm.xml"), by: "budi")
        // JKM deadline: 3 working days after 2024-04-03 = 2024-04-16; settled 2024-04-19 = 3 days late.
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-JKM", batchID: batch.id, groupStatus: "ACSC",
                created: "2024-04-19T15:00:00+07:00", transactions: []))
        clock.set("2024-04-19T17:00:00+07:00")  // the report is imported after the bank made it
        let outcome = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
        #expect(outcome.paid == 2)
        let penalties = try connection.execute(
            "SELECT case_id, amount FROM payout_lines WHERE kind = 'late_payment_penalty'")
        #expect(penalties.count == 1)
        #expect(try penalties[0, 0] as String == "PMS-2024-0303")
        #expect(try penalties[0, 1] as Int64 == 1_260_000)
    }
}
