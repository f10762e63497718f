import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// Bank reports and due-date runs bounded (issue 15, decision 0013 door-bounds): settlement dates within the batch's
/// life, a capped pain.002, and no instalment paid before its year by a far `--on`.
@Suite("Payout bounds")
struct PayoutBoundsTests {
    /// A JKK line of Rp 42.000.000 in an exported batch approved on 2024-04-03; the clock stands at 2024-04-05.
    static func exportedBatch() throws -> (Connection, PayoutService, TestClock, BatchSummary) {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        try insertClaim(connection, caseID: "PMS-2024-0901", lines: [FixtureLine(amount: 42_000_000)])
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        _ = try payouts.approveBatch(batch.id, by: "budi")
        try payouts.exportBatch(batch.id, format: .pain001, to: try scratchPath("bounds.xml"), by: "budi")
        clock.set("2024-04-05T16:00:00+07:00")
        return (connection, payouts, clock, batch)
    }

    static func written(_ connection: Connection) throws -> [Int] {
        try [
            "SELECT count(*) FROM payout_lines", "SELECT count(*) FROM payout_lines WHERE status = 'paid'",
            "SELECT count(*) FROM payout_status_reports", "SELECT count(*) FROM payout_line_statuses",
        ].map { try connection.execute(SQL($0))[0, 0] }
    }

    @Test(arguments: [
        (
            "9999-12-31T10:00:00+07:00", "PL-000001.AccptncDtTm",
            "9999-12-31 is outside the batch's life 2024-04-03…2024-04-06"
        ),
        ("1900-01-01T10:00:00+07:00", "PL-000001.AccptncDtTm", "1900-01-01 is outside the batch's life"),
        ("2024-04-02T23:00:00+07:00", "PL-000001.AccptncDtTm", "2024-04-02 is outside the batch's life"),
        ("2024-04-07T08:00:00+07:00", "PL-000001.AccptncDtTm", "2024-04-07 is outside the batch's life"),
    ])
    func aSettlementDateOutsideTheBatchsLifeIsRefusedAndCreatesNoPenalty(
        accepted: String, field: String, reason: String
    ) throws {
        let (connection, payouts, _, batch) = try Self.exportedBatch()
        let before = try Self.written(connection)
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-FAR", batchID: batch.id, groupStatus: "ACSC", created: "2024-04-05T15:00:00+07:00",
                transactions: [FixtureStatus(lineID: "PL-000001", status: "ACSC", acceptedAt: accepted)]))
        #expect(try schemaValidation(schema: "schemas/pain.002.001.03.xsd", file: path) == 0)
        do {
            _ = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
            Issue.record("a settlement on \(accepted) was accepted")
        } catch {
            #expect(error.status == .invalidData)
            #expect(error.field == field)
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
        #expect(try Self.written(connection) == before)
        let penalties: Int = try connection.execute(
            "SELECT count(*) FROM payout_lines WHERE kind = 'late_payment_penalty'")[0, 0]
        #expect(penalties == 0)
    }

    @Test func aReportCreatedInTheFutureCannotDateASettlementWithoutAcceptanceDate() throws {
        let (connection, payouts, _, batch) = try Self.exportedBatch()
        let before = try Self.written(connection)
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-FUT", batchID: batch.id, groupStatus: "ACSC", created: "2099-04-05T15:00:00+07:00",
                transactions: []))
        do {
            _ = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
            Issue.record("accepted")
        } catch {
            #expect(error.status == .invalidData)
            #expect(error.field == "GrpHdr/CreDtTm")
        }
        #expect(try Self.written(connection) == before)
    }

    @Test func aReportCreatedAfterTodayIsRefusedEvenWhenEveryAcceptanceDateIsInside() throws {
        let (connection, payouts, _, batch) = try Self.exportedBatch()
        let before = try Self.written(connection)
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-9999", batchID: batch.id, groupStatus: "ACSC",
                created: "9999-12-31T15:00:00+07:00",
                transactions: [
                    FixtureStatus(lineID: "PL-000001", status: "ACSC", acceptedAt: "2024-04-05T09:00:00+07:00")
                ]))
        do {
            _ = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
            Issue.record("accepted")
        } catch {
            // Was a database failure (exit 70) once the schema bounds bank_created_at.
            #expect(error.status == .invalidData)
            #expect(error.field == "GrpHdr/CreDtTm")
        }
        #expect(try Self.written(connection) == before)
    }

    @Test func aSettlementWithinTheBatchsLifeIsStillPaidWithItsPenalty() throws {
        let (connection, payouts, _, batch) = try Self.exportedBatch()
        let path = try temporaryFile(
            statusReport(
                messageID: "BNI-PSR-OK", batchID: batch.id, groupStatus: "ACSC", created: "2024-04-05T15:00:00+07:00",
                transactions: [
                    FixtureStatus(lineID: "PL-000001", status: "ACSC", acceptedAt: "2024-04-06T09:00:00+07:00")
                ]))
        let outcome = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
        #expect(outcome.paid == 1)
        let paidOn: String = try connection.execute("SELECT paid_on::text FROM payout_lines WHERE id = 'PL-000001'")[
            0, 0]
        #expect(paidOn == "2024-04-06")
    }

    @Test func theLatePaymentPenaltyNeverTrapsAndIsCappedByTheCaller() {
        #expect(ServiceLevel.latePaymentPenalty(santunan: 42_000_000, daysLate: 3) == 1_260_000)
        // Rp 1.000.000.000.000 a day for Int.max days used to trap converting back to Int64.
        #expect(ServiceLevel.latePaymentPenalty(santunan: .max, daysLate: .max) == .max)
        #expect(ServiceLevel.latePaymentPenalty(santunan: .max, daysLate: .max) > ServiceLevel.largestPenalty)
    }

    @Test func aStatusReportLargerThanTheCapIsRefusedBeforeItIsRead() throws {
        let (connection, payouts, _, batch) = try Self.exportedBatch()
        let before = try Self.written(connection)
        let path = try scratchPath("huge.xml")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(StatusReport.largestFileBytes + 1))  // sparse: costs no disk
        try handle.close()
        do {
            _ = try payouts.reconcileBatch(batch.id, reportPath: path, by: "budi")
            Issue.record("accepted")
        } catch {
            #expect(error.status == .invalidData)
            #expect(error.field == "pain.002")
            #expect(error.reason.hasPrefix("the file is larger than 64 MiB"), "\(error.reason)")
        }
        #expect(try Self.written(connection) == before)
        // A file that never ends is cut at the cap, not read whole.
        #expect(throws: PayoutError.self) { try StatusReport.readFile(atPath: "/dev/zero") }
        #expect(try StatusReport.readFile(atPath: "/nonexistent/pain002.xml") == nil)
    }

    @Test func payoutsDueAfterTodayIsRefusedWithoutAllowFutureAndListsWhatItPullsForward() throws {
        let (connection, _) = try migratedDatabase()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let payouts = try service(connection, clock: clock)
        try insertClaim(
            connection, caseID: "PMS-2024-0902",
            lines: [
                FixtureLine(
                    item: "scholarship/1272016101100003", amount: 4_500_000, payeeRole: "child", schedule: "yearly",
                    installments: [("2024-04-03", 1_500_000), ("2024-09-01", 1_500_000), ("2027-09-01", 1_500_000)])
            ])
        for far in ["2500-12-31", "2024-04-04"] {
            do {
                _ = try payouts.createDueLines(on: day(far), by: "ani")
                Issue.record("--on \(far) accepted")
            } catch {
                #expect(error.status == .usage)
                #expect(error.field == "--on")
                #expect(error.reason.hasPrefix("\(far) is after today (2024-04-03)"), "\(error.reason)")
            }
        }
        do {
            _ = try payouts.createDueLines(on: day("2500-12-31"), allowFuture: true, by: "ani")
            Issue.record("--allow-future pulled forward 476 years")
        } catch {
            #expect(error.status == .usage)
            #expect(error.reason.contains("at most a year"))
        }
        let none: Int = try connection.execute("SELECT count(*) FROM payout_lines")[0, 0]
        #expect(none == 0)

        let today = try payouts.createDueLines(on: day("2024-04-03"), by: "ani")
        #expect(today.created == 1 && today.pulledForward.isEmpty)
        let early = try payouts.createDueLines(on: day("2025-04-03"), allowFuture: true, by: "ani")
        #expect(early.created == 1)
        #expect(early.pulledForward.map(\.lineID) == ["PL-000002"])
        #expect(early.pulledForward.map(\.due) == [day("2024-09-01")])
        let dues: [String] = try connection.execute("SELECT due::text FROM payout_lines ORDER BY seq").map { try $0[0] }
        #expect(dues == ["2024-04-03", "2024-09-01"])
    }

    @Test func theCLIRefusesAFarOnAndPrintsThePulledForwardLines() throws {
        let (connection, conninfo) = try migratedDatabase()
        try insertClaim(
            connection, caseID: "PMS-2024-0903",
            lines: [
                FixtureLine(
                    item: "scholarship/1272016101100003", amount: 3_000_000, payeeRole: "child", schedule: "yearly",
                    installments: [("2024-04-03", 1_500_000), ("2024-09-01", 1_500_000)])
            ])
        let environment = ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00"]
        let database = ["--database-url", conninfo]
        let refused = try runSantunan(
            ["payouts", "due", "--on", "2500-12-31", "--as", "ani"] + database, environment: environment)
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("error: --on: 2500-12-31 is after today (2024-04-03)"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let pulled = try runSantunan(
            ["payouts", "due", "--on", "2024-12-31", "--allow-future", "--as", "ani"] + database,
            environment: environment)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout.contains("1 of them pulled forward (due after today, --allow-future):"))
        #expect(pulled.stdout.contains("  PL-000002 installment due 2024-09-01"))
    }

    @Test func aReportQuotingControlCharactersIsRefusedWithThemEscaped() throws {
        let xml = statusReport(
            messageID: "BNI-PSR-ESC", batchID: "PB-2024-0001",
            transactions: [FixtureStatus(lineID: "PL-9\n\t99\u{9B}2J", status: "ACSC")])
        let report = try StatusReport.parse(Array(xml.utf8))
        do {
            _ = try ReconciliationPlan(
                report: report, batchID: "PB-2024-0001", lines: [], reportDate: day("2024-04-04"))
            Issue.record("accepted")
        } catch {
            let mapped = PayoutService.appError(error)
            #expect(mapped.status == .invalidData)
            let message = "error: \(mapped)"
            #expect(
                !message.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) },
                "\(message.debugDescription)")
            #expect(message.contains(#"PL-9\n\t99\u{9B}2J is not a payout line"#), "\(message)")
        }
    }

    @Test(arguments: ["a\u{0}b", "a&#0;b", "a&#x1B;b", "<![CDATA[a\u{1}b]]>"])
    func aCharacterXMLDoesNotAllowIsRefusedAsInvalidNotAsADatabaseFailure(_ text: String) throws {
        let (connection, _, clock, batch) = try Self.exportedBatch()
        let before = try Self.written(connection)
        let xml = statusReport(
            messageID: "BNI-PSR-NUL", batchID: batch.id, groupStatus: "RJCT", created: "2024-04-05T15:00:00+07:00",
            transactions: [FixtureStatus(lineID: "PL-000001", status: "RJCT", reason: "AM04")]
        ).replacingOccurrences(of: "fixture reason", with: text)
        do {
            _ = try Reconcile.importReport(
                Array(xml.utf8), batchID: batch.id, by: "budi", now: clock.now, ledger: NoLedgerPostings(),
                on: connection)
            Issue.record("accepted")
        } catch let error as PayoutError {
            #expect(error.code == .invalidReport)
            #expect(error.reason.contains("a character XML does not allow"), "\(error.reason)")
        }
        #expect(try Self.written(connection) == before)
    }
}
