import Foundation
import Payouts
import SantunanApp
import SantunanValues
import Testing

@Suite("Batch workflow")
struct BatchWorkflowTests {
    @Test func theCheckerApprovesAPreparedBatch() throws {
        var workflow = BatchWorkflow.prepared(by: "ani")
        let actions = try workflow.handle(.approve(by: "budi"), batchID: "PB-2024-0001")
        #expect(workflow.state == .approved)
        #expect(actions == [.changeState(to: .approved), .recordHistory(.approved, actor: "budi", note: nil)])
    }

    @Test func thePreparerCanNeitherApproveNorRejectTheirOwnBatch() {
        var workflow = BatchWorkflow.prepared(by: "ani")
        #expect(throws: PayoutError.self) { try workflow.handle(.approve(by: "ani"), batchID: "PB-1") }
        do {
            _ = try workflow.handle(.reject(by: "ani", reason: "x"), batchID: "PB-1")
            Issue.record("rejection by the preparer was accepted")
        } catch {
            #expect(error.code == .makerChecker)
        }
        #expect(workflow.state == .prepared)
    }

    @Test func aRejectedBatchReleasesItsLinesAndRecordsTheReason() throws {
        var workflow = BatchWorkflow.prepared(by: "ani")
        let actions = try workflow.handle(.reject(by: "budi", reason: "wrong totals"), batchID: "PB-1")
        #expect(workflow.state == .rejected)
        #expect(actions.contains(.releaseLines))
        #expect(actions.contains(.recordHistory(.rejected, actor: "budi", note: "wrong totals")))
    }

    @Test func onlyAnApprovedBatchCanBeExportedAndReExportingChangesNoState() throws {
        var workflow = BatchWorkflow.prepared(by: "ani")
        #expect(throws: PayoutError.self) { try workflow.handle(.export(by: "x"), batchID: "PB-1") }
        _ = try workflow.handle(.approve(by: "budi"), batchID: "PB-1")
        let first = try workflow.handle(.export(by: "x"), batchID: "PB-1")
        #expect(first.contains(.changeState(to: .exported)))
        let second = try workflow.handle(.export(by: "x"), batchID: "PB-1")
        #expect(!second.contains { if case .changeState = $0 { true } else { false } })
        #expect(workflow.state == .exported)
    }

    @Test func aBatchIsReconciledOnlyWhenNoLineIsPending() throws {
        var workflow = BatchWorkflow(state: .exported, preparedBy: "ani")
        _ = try workflow.handle(.reconcile(by: "budi", pendingAfter: 2), batchID: "PB-1")
        #expect(workflow.state == .exported)
        let actions = try workflow.handle(.reconcile(by: "budi", pendingAfter: 0), batchID: "PB-1")
        #expect(workflow.state == .reconciled)
        #expect(actions.contains(.changeState(to: .reconciled)))
    }

    @Test func aPreparedBatchCannotBeReconciled() {
        var workflow = BatchWorkflow.prepared(by: "ani")
        #expect(throws: PayoutError.self) {
            try workflow.handle(.reconcile(by: "budi", pendingAfter: 0), batchID: "PB-1")
        }
    }
}

@Suite("Payment text")
struct PaymentTextTests {
    @Test(arguments: [
        ("Dewi Lestari, S.E.", "Dewi Lestari, S.E."),
        ("José Müller", "Jose Muller"),
        ("Sari — ahli waris", "Sari ahli waris"),
        ("  +Budi   &  Ani  ", "Budi Ani"),
        ("Ṡiti\tNur\"baya", "Siti Nur baya"),
        ("ﬁrdaus", "firdaus"),
    ])
    func namesAreCleanedToTheBankCharacterSet(input: String, expected: String) {
        #expect(PaymentText.cleaned(input) == expected)
    }

    @Test func aNameWithNothingExportableIsAnErrorNamingTheField() {
        do {
            _ = try PaymentText.clean("—— 李 ——", field: "heirs[0].bank_account.holder")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "heirs[0].bank_account.holder: no exportable characters")
        }
    }

    @Test func cleanedTextAlwaysMeetsTheCharacterSetAndLength() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] =
            Array("aZ09 /?:().,'+-&<>\"—éüßñ李\t\n_#@!*ÅØ").map(String.init) + ["e\u{301}", "👩‍👩‍👧"]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...120, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let cleaned = PaymentText.cleaned(text)
            #expect(cleaned.isEmpty || PaymentText.isInCharacterSet(cleaned))
            #expect(cleaned.utf8.count <= 70)
            #expect(!cleaned.hasPrefix(" ") && !cleaned.hasSuffix(" ") && !cleaned.contains("  "))
            #expect(!cleaned.hasPrefix("+") && !cleaned.hasPrefix("-"))
        }
    }

    @Test func identifiersAndBICsFollowTheSchemaPatterns() {
        #expect(PaymentText.isIdentifier("PL-000101"))
        #expect(!PaymentText.isIdentifier("-PL1"))
        #expect(!PaymentText.isIdentifier("PMS-2022-0002/JKK/jkk.death"))
        #expect(!PaymentText.isIdentifier(String(repeating: "A", count: 36)))
        #expect(PaymentText.isBIC("BRINIDJA"))
        #expect(PaymentText.isBIC("BNINIDJA123"))
        #expect(!PaymentText.isBIC("BRINIDJ"))
        #expect(!PaymentText.isBIC("brinidja"))
        #expect(!PaymentText.isBIC("BRINID1A"))
        #expect(!PaymentText.isBIC("BRINIDJO"))
        #expect(PaymentText.isAccountNumber("012345678901"))
        #expect(!PaymentText.isAccountNumber("0123-4567"))
    }
}

@Suite("Working days and service levels")
struct ServiceLevelTests {
    let calendar = WorkingDayCalendar(
        holidays: ["2024-04-08", "2024-04-09", "2024-04-10", "2024-04-11", "2024-04-12", "2024-04-15"].map(day),
        coveredYears: [2024])

    @Test func aJKKDeadlineIsSevenWorkingDaysAfterCompletenessSkippingLebaran() {
        let deadline = ServiceLevel.deadline(program: .jkk, completeness: day("2024-04-03"), calendar: calendar)
        #expect(deadline == day("2024-04-22"))
    }

    @Test func jkmIsThreeAndJHTFiveWorkingDaysAndJPHasNone() {
        let complete = day("2024-04-03")
        #expect(ServiceLevel.deadline(program: .jkm, completeness: complete, calendar: calendar) == day("2024-04-16"))
        #expect(ServiceLevel.deadline(program: .jht, completeness: complete, calendar: calendar) == day("2024-04-18"))
        #expect(ServiceLevel.deadline(program: .jp, completeness: complete, calendar: calendar) == nil)
    }

    @Test func theConfiguredCalendarKnowsLebaran2024() throws {
        let configured = try payoutConfig().calendar
        #expect(!configured.isWorkingDay(day("2024-04-10")))
        #expect(configured.isWorkingDay(day("2024-04-16")))
        #expect(configured.covers(year: 2026))
        #expect(!configured.covers(year: 2022))
    }

    @Test func aFortyTwoMillionSantunanPaidThreeDaysLateAdds1260000() {
        #expect(ServiceLevel.latePaymentPenalty(santunan: 42_000_000, daysLate: 3) == 1_260_000)
    }

    @Test func thePenaltyIsRoundedHalfUpOnce() {
        // 42.000.050 × 1 % × 3 = 1.260.001,5 → 1.260.002
        #expect(ServiceLevel.latePaymentPenalty(santunan: 42_000_050, daysLate: 3) == 1_260_002)
        #expect(ServiceLevel.latePaymentPenalty(santunan: 42_000_049, daysLate: 3) == 1_260_001)
        #expect(ServiceLevel.latePaymentPenalty(santunan: 42_000_000, daysLate: 0) == 0)
    }

    @Test func onlyJKKAndJakonJKMCarryThePenalty() {
        #expect(ServiceLevel.penaltyApplies(program: .jkk, segment: "PU"))
        #expect(ServiceLevel.penaltyApplies(program: .jkm, segment: "JAKON"))
        #expect(!ServiceLevel.penaltyApplies(program: .jkm, segment: "PU"))
        #expect(!ServiceLevel.penaltyApplies(program: .jht, segment: "JAKON"))
    }

    @Test func anUnpaidClaimOneWorkingDayBeforeItsDeadlineIsAtRisk() {
        let deadline = day("2024-04-22")
        func standing(_ today: String, paid: String? = nil) -> ServiceLevel.Standing {
            ServiceLevel.standing(deadline: deadline, paidOn: paid.map(day), today: day(today), calendar: calendar)
        }
        #expect(standing("2024-04-19") == .atRisk(workingDaysLeft: 1))
        #expect(standing("2024-04-17") == .onTime)
        #expect(standing("2024-04-24") == .late(daysLate: 2))
        #expect(standing("2024-04-30", paid: "2024-04-22") == .onTime)
    }

    @Test func wibTimesPrintWithTheirOffsetAndParseBack() {
        let time = instant("2022-03-15T09:30:00+07:00")
        #expect(time.description == "2022-03-15T09:30:00+07:00")
        #expect(instant("2022-03-15T02:30:00Z") == time)
        #expect(instant("2022-03-15T23:30:00Z").date == day("2022-03-16"))
        #expect(day("2024-01-31").adding(months: 1) == day("2024-02-29"))
    }
}

@Suite("Transfer files")
struct TransferFileTests {
    static let debtor = DebtorAccount(name: "BPJS Ketenagakerjaan", accountNumber: "0011223344", bic: "BNINIDJA")

    static func sampleFile() throws -> TransferFile {
        try TransferFile(
            batchID: "PB-2022-0007", createdAt: instant("2022-03-15T09:30:00+07:00"),
            requestedExecutionDate: day("2022-03-16"), debtor: debtor,
            lines: [
                TransferLine(
                    lineID: "PL-000102", amount: 42_000_000, program: .jkm, creditorBIC: "CENAIDJA",
                    creditorName: "Dewi Lestari, S.E.", creditorAccount: "4410987654", caseID: "PMS-2022-0005",
                    kpj: "18098765432"),
                TransferLine(
                    lineID: "PL-000101", amount: 148_800_000, program: .jkk, creditorBIC: "BRINIDJA",
                    creditorName: "Sari", creditorAccount: "012345678901", caseID: "PMS-2022-0002",
                    kpj: "18012345678"),
            ], expectedCount: 2, expectedTotal: 190_800_000)
    }

    @Test func thePain001OfTheSampleBatchMatchesTheSpecSampleByteForByte() throws {
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.001-sample.xml"), encoding: .utf8)
        let expected = sample.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("<!--") }.joined(separator: "\n")
        let written = String(decoding: try Self.sampleFile().pain001(), as: UTF8.self)
        #expect(written == expected)
    }

    @Test func theSamplePain001ValidatesAgainstTheXSD() throws {
        let path = try scratchPath("sample.xml")
        try Data(try Self.sampleFile().pain001()).write(to: URL(fileURLWithPath: path))
        #expect(try schemaValidation(schema: "schemas/pain.001.001.03.xsd", file: path) == 0)
    }

    @Test func theCSVMatchesTheSpecExample() throws {
        let csv = String(decoding: try Self.sampleFile().csv(), as: UTF8.self)
        #expect(
            csv == "line_id,batch_id,payee_name,bank_code,account_number,amount_idr,program,claim_id,reference\r\n"
                + "PL-000101,PB-2022-0007,Sari,BRINIDJA,012345678901,148800000,JKK,PMS-2022-0002,"
                + "JKK 148800000 KPJ 18012345678\r\n"
                + "PL-000102,PB-2022-0007,\"Dewi Lestari, S.E.\",CENAIDJA,4410987654,42000000,JKM,PMS-2022-0005,"
                + "JKM 42000000 KPJ 18098765432\r\n")
    }

    @Test func csvFieldsWithQuotesAndCommasRoundTrip() {
        var out: [UInt8] = []
        CSVText().append("a\"b,c", to: &out)
        out.append(contentsOf: ",plain\r\n".utf8)
        #expect(String(decoding: out, as: UTF8.self) == "\"a\"\"b,c\",plain\r\n")
        #expect(TransferFile.parseCSV(out) == [["a\"b,c", "plain"]])
    }

    @Test func aControlSumThatDisagreesWithTheBatchWritesNothing() {
        do {
            _ = try TransferFile(
                batchID: "PB-1", createdAt: instant("2022-03-15T09:30:00+07:00"),
                requestedExecutionDate: day("2022-03-16"), debtor: Self.debtor,
                lines: [
                    TransferLine(
                        lineID: "PL-1", amount: 10, program: .jkk, creditorBIC: "BRINIDJA", creditorName: "A",
                        creditorAccount: "1", caseID: "C", kpj: nil)
                ], expectedCount: 1, expectedTotal: 11)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .controlTotals)
            #expect(error.field == "CtrlSum")
        }
    }

    @Test func anInvalidPayeeBICIsRefusedNamingTheLine() {
        do {
            _ = try TransferFile(
                batchID: "PB-1", createdAt: instant("2022-03-15T09:30:00+07:00"),
                requestedExecutionDate: day("2022-03-16"), debtor: Self.debtor,
                lines: [
                    TransferLine(
                        lineID: "PL-1", amount: 10, program: .jkk, creditorBIC: "BRI", creditorName: "A",
                        creditorAccount: "1", caseID: "C", kpj: nil)
                ], expectedCount: 1, expectedTotal: 10)
            Issue.record("accepted")
        } catch {
            #expect(error.field == "PL-1.bank_account.bank_bic")
        }
    }
}

@Suite("Status reports")
struct StatusReportTests {
    static let lines = [
        ReconcilableLine(lineID: "PL-000101", amount: 148_800_000, outcome: nil),
        ReconcilableLine(lineID: "PL-000102", amount: 42_000_000, outcome: nil),
    ]

    static func sample() throws -> StatusReport {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.002-sample.xml"))
        return try StatusReport.parse(Array(data))
    }

    @Test func theSampleReportPaysPL000101AndRejectsPL000102WithAC04() throws {
        #expect(try schemaValidation(schema: "schemas/pain.002.001.03.xsd", file: "schemas/examples/pain.002-sample.xml") == 0)
        let plan = try ReconciliationPlan(
            report: try Self.sample(), batchID: "PB-2022-0007", lines: Self.lines, reportDate: day("2022-03-17"))
        #expect(plan.reportID == "BNI-PSR-20220316-0042")
        #expect(plan.updates.map(\.lineID) == ["PL-000101", "PL-000102"])
        #expect(plan.updates[0].outcome == .paid)
        #expect(plan.updates[0].paidOn == day("2022-03-16"))
        #expect(plan.updates[1].outcome == .rejected)
        #expect(plan.updates[1].reasonCode == "AC04")
        #expect(plan.updates[1].additionalInfo == "Rekening penerima sudah ditutup")
        #expect(plan.pendingAfter == 0)
        #expect(RejectionFollowUp.of(reasonCode: "AC04") == .awaitBankDetails)
    }

    @Test func aReportForAnotherBatchIsRefused() throws {
        let report = try Self.sample()
        #expect(throws: PayoutError.self) {
            try ReconciliationPlan(
                report: report, batchID: "PB-2022-0008", lines: Self.lines, reportDate: day("2022-03-17"))
        }
    }

    @Test func anUnknownEndToEndIdRefusesTheWholeReport() throws {
        let report = try Self.sample()
        do {
            _ = try ReconciliationPlan(
                report: report, batchID: "PB-2022-0007", lines: [Self.lines[0]], reportDate: day("2022-03-17"))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .unknownLine)
        }
    }

    @Test func aPaidLineReportedRejectedIsAConflictNotASilentChange() throws {
        let lines = [
            ReconcilableLine(lineID: "PL-000101", amount: 148_800_000, outcome: .rejected),
            ReconcilableLine(lineID: "PL-000102", amount: 42_000_000, outcome: .rejected),
        ]
        let report = try Self.sample()
        do {
            _ = try ReconciliationPlan(
                report: report, batchID: "PB-2022-0007", lines: lines, reportDate: day("2022-03-17"))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .conflictingStatus)
        }
    }

    @Test func theSameTerminalStatusAgainChangesNothing() throws {
        let lines = [
            ReconcilableLine(lineID: "PL-000101", amount: 148_800_000, outcome: .paid),
            ReconcilableLine(lineID: "PL-000102", amount: 42_000_000, outcome: .rejected),
        ]
        let plan = try ReconciliationPlan(
            report: try Self.sample(), batchID: "PB-2022-0007", lines: lines, reportDate: day("2022-03-17"))
        #expect(plan.updates.isEmpty)
    }

    @Test func linesWithoutTransactionDetailTakeThePaymentThenGroupStatus() throws {
        let settled = try StatusReport.parse(
            Array(statusReport(messageID: "R1", batchID: "PB-1", groupStatus: "ACSC", transactions: []).utf8))
        let line = [ReconcilableLine(lineID: "PL-1", amount: 5, outcome: nil)]
        let plan = try ReconciliationPlan(report: settled, batchID: "PB-1", lines: line, reportDate: day("2024-04-25"))
        #expect(plan.updates.first?.outcome == .paid)
        let partial = try StatusReport.parse(
            Array(statusReport(messageID: "R2", batchID: "PB-1", groupStatus: "PART", transactions: []).utf8))
        let pending = try ReconciliationPlan(
            report: partial, batchID: "PB-1", lines: line, reportDate: day("2024-04-25"))
        #expect(pending.updates.first?.outcome == .pending)
        #expect(pending.pendingAfter == 1)
    }
}
