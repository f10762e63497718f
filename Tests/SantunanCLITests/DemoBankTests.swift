import Foundation
import Payouts
import SantunanValues
import Testing

@testable import SantunanApp

/// The demo's bank report is written from the exported file every time: a report another database left under the
/// same batch id is replaced, not reconciled in its place (it was, before Session 8, and refused for its dates).
@Suite struct DemoBankTests {
    static func file(approvedAt: String) throws -> TransferFile {
        try TransferFile(
            batchID: "PB-2026-0001", createdAt: try #require(WIBDateTime(iso: approvedAt)),
            requestedExecutionDate: try #require(CivilDate(iso: "2026-12-08")),
            debtor: DebtorAccount(name: "BPJS Ketenagakerjaan", accountNumber: "0011223344", bic: "BNINIDJA"),
            lines: [
                TransferLine(
                    lineID: "PL-000001", amount: 42_000_000, program: .jkm, creditorBIC: "CENAIDJA",
                    creditorName: "Dewi Lestari", creditorAccount: "4410987654", caseID: "PMS-2022-0001",
                    kpj: "18098765432")
            ], expectedCount: 1, expectedTotal: 42_000_000)
    }

    @Test func aReportLeftByAnotherBatchOfTheSameIDIsReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-demobank-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("PB-2026-0001.pain002.xml")

        // Another database's batch PB-2026-0001, approved the day before.
        try DemoBank.settleAll(try Self.file(approvedAt: "2026-12-06T23:21:25"), writingTo: url)
        let stale = try String(contentsOf: url, encoding: .utf8)
        #expect(stale.contains("<CreDtTm>2026-12-06T23:21:25+07:00</CreDtTm>"))

        let current = try Self.file(approvedAt: "2026-12-07T02:22:29")
        try DemoBank.settleAll(current, writingTo: url)
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written.contains("<CreDtTm>2026-12-07T02:22:29+07:00</CreDtTm>"))
        #expect(!written.contains("2026-12-06T23:21:25"))
        // Written again from the same file: the same bytes (a re-run reconciles the same report).
        try DemoBank.settleAll(current, writingTo: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == written)
    }
}
