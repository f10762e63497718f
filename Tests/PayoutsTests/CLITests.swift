import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// The payout commands as users run them: exit statuses and output.
@Suite("Payout commands")
struct PayoutCLITests {
    @Test func thePreparerApprovingOrRejectingTheirOwnBatchExits77() throws {
        let (connection, conninfo) = try migratedDatabase()
        try insertClaim(connection, caseID: "PMS-2024-0401", lines: [FixtureLine(amount: 20_000_000)])
        let environment = ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00"]
        let database = ["--database-url", conninfo]

        let due = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: environment)
        #expect(due.status == 0, "\(due.stderr)")
        let again = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani", "--json"] + database, environment: environment)
        #expect(again.stdout.contains("\"created\": 0"))

        let prepared = try runSantunan(
            ["batch", "prepare", "--as", "ani", "--json"] + database, environment: environment)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        #expect(prepared.stdout.contains("\"lines\": 1, \"total\": 20000000"))
        let batchID = try #require(prepared.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))

        let approve = try runSantunan(
            ["batch", "approve", batchID, "--as", "ani"] + database, environment: environment)
        #expect(approve.status == 77)
        #expect(approve.stderr.hasPrefix("error: batch \(batchID): ani prepared this batch"))
        let reject = try runSantunan(
            ["batch", "reject", batchID, "--as", "ani", "--reason", "mine"] + database, environment: environment)
        #expect(reject.status == 77)

        let export = try runSantunan(
            ["batch", "export", batchID, "--format", "pain001", "--out", try scratchPath("x.xml")] + database,
            environment: environment)
        #expect(export.status == 65)
        #expect(export.stderr.contains("approve it first"))

        let approved = try runSantunan(
            ["batch", "approve", batchID, "--as", "budi"] + database, environment: environment)
        #expect(approved.status == 0, "\(approved.stderr)")
        let out = try scratchPath("\(batchID).xml")
        let exported = try runSantunan(
            ["batch", "export", batchID, "--format", "pain001", "--out", out] + database, environment: environment)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try schemaValidation(schema: "schemas/pain.001.001.03.xsd", file: out) == 0)

        let unknown = try temporaryFile(
            statusReport(
                messageID: "R-1", batchID: batchID, transactions: [FixtureStatus(lineID: "PL-424242", status: "ACSC")]))
        let refused = try runSantunan(
            ["batch", "reconcile", batchID, unknown, "--as", "budi"] + database, environment: environment)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("PL-424242"))

        let sla = try runSantunan(
            ["report", "sla", "--on", "2024-04-30", "--json"] + database, environment: environment)
        #expect(sla.status == 0, "\(sla.stderr)")
        #expect(sla.stdout.contains("\"standing\" : \"late\""))
    }

    /// Issue 17: export and reconcile validate in process; with no `xmllint` on the PATH (libxml2-utils not installed)
    /// they work as before, and a report that breaks the XSD is refused with the contract's error line (it was exit 70,
    /// "cannot run xmllint").
    @Test func exportAndReconcileNeedNoXmllintOnThePath() throws {
        let (connection, conninfo) = try migratedDatabase()
        try insertClaim(connection, caseID: "PMS-2024-0417", lines: [FixtureLine(amount: 20_000_000)])
        let environment = ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00", "PATH": "/nonexistent"]
        let database = ["--database-url", conninfo]
        let due = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: environment)
        #expect(due.status == 0, "\(due.stderr)")
        let prepared = try runSantunan(
            ["batch", "prepare", "--as", "ani", "--json"] + database, environment: environment)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let batchID = try #require(prepared.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))
        let approved = try runSantunan(
            ["batch", "approve", batchID, "--as", "budi"] + database, environment: environment)
        #expect(approved.status == 0, "\(approved.stderr)")
        let out = try scratchPath("\(batchID).xml")
        let exported = try runSantunan(
            ["batch", "export", batchID, "--format", "pain001", "--out", out] + database, environment: environment)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try schemaValidation(schema: "schemas/pain.001.001.03.xsd", file: out) == 0)

        let unknown = try temporaryFile(
            statusReport(
                messageID: "R-1", batchID: batchID, transactions: [FixtureStatus(lineID: "PL-424242", status: "ACSC")]))
        let refused = try runSantunan(
            ["batch", "reconcile", batchID, unknown, "--as", "budi"] + database, environment: environment)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("PL-424242"), "\(refused.stderr)")

        let invalid = try temporaryFile(
            statusReport(
                messageID: "R-2", batchID: batchID,
                transactions: [FixtureStatus(lineID: "PL-000001", status: "PAID9")]))
        let notValid = try runSantunan(
            ["batch", "reconcile", batchID, invalid, "--as", "budi"] + database, environment: environment)
        #expect(notValid.status == 65, "\(notValid.stderr)")
        #expect(
            notValid.stderr.hasPrefix("error: pain.002: does not validate against pain.002.001.03.xsd ("),
            "\(notValid.stderr)")
        #expect(notValid.stderr.contains(", line 17); nothing was imported"), "\(notValid.stderr)")
        #expect(!notValid.stderr.contains("PAID9"), "\(notValid.stderr)")
    }

    @Test func everyPayoutCommandHelpHasAnExample() throws {
        for command in [
            ["batch"], ["batch", "prepare"], ["batch", "approve"], ["batch", "reject"], ["batch", "export"],
            ["batch", "reconcile"], ["batch", "list"], ["batch", "show"], ["payouts", "due"], ["payouts", "release"],
            ["payouts", "waiting"], ["claim", "payee"], ["report", "sla"],
        ] {
            let help = try runSantunan(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "\(command)")
        }
        // Issue 20: the same help in Indonesian, with its examples.
        for command in [["batch", "show"], ["payouts", "waiting"], ["claim", "payee"], ["payouts", "release"]] {
            let help = try runSantunan(command + ["--help", "--lang", "id"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Contoh:"), "\(command)")
            #expect(!help.stdout.contains("⟦"), "\(command)")
        }
    }
}
