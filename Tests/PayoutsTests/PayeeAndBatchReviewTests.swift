import Foundation
import Payouts
import Postgres
import SantunanApp
import Testing

/// Issue 18 for the payout commands: the heir's account set on the claim, the lines waiting for it listed and
/// released together, later instalments that do not wait again; `batch show` before approval; gap-free batch
/// numbers; `--csv` and exit codes on the table commands. Issue 20: `batch show` in both languages (golden files),
/// machine outputs identical between them.
///
/// Regenerate the golden files with `SANTUNAN_UPDATE_GOLDEN=1 swift test --skip-build --filter PayeeAndBatchReview`.
@Suite("Payees, waiting lines and batch review")
struct PayeeAndBatchReviewTests {
    static let environment = ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00"]
    static let heir = "1272014101870002"

    /// A scholarship line without an account in the case: two instalments, this year's and next year's.
    static func scholarshipWithoutAccount(_ connection: Connection, caseID: String) throws {
        try insertClaim(
            connection, caseID: caseID,
            lines: [
                FixtureLine(
                    program: "JKK", item: "jkk.scholarship", amount: 3_000_000, payeeRole: "child",
                    payeeNIK: heir, bic: nil, account: nil, holder: nil, schedule: "yearly", due: "2024-04-03",
                    installments: [(due: "2024-04-03", amount: 1_500_000), (due: "2025-04-03", amount: 1_500_000)])
            ])
    }

    @Test func theAccountSetOnTheClaimReleasesTheWaitingLineAndPaysNextYearsInstalment() throws {
        let (connection, conninfo) = try migratedDatabase()
        try Self.scholarshipWithoutAccount(connection, caseID: "PMS-2024-0501")
        let database = ["--database-url", conninfo]

        let due = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: Self.environment)
        #expect(due.status == 0, "\(due.stderr)")
        #expect(due.stdout.contains("1 wait for bank details: list them with `santunan payouts waiting`"))

        // Listed, with no account on the claim yet.
        let waiting = try runSantunan(["payouts", "waiting", "--csv"] + database, environment: Self.environment)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(
            waiting.stdout == """
                line_id,claim,program,amount,due,payee_role,payee_nik,reason,account_on_claim
                PL-000001,PMS-2024-0501,JKK,1500000,2024-04-03,child,\(Self.heir),no bank account in the case,

                """)
        let none = try runSantunan(
            ["payouts", "release", "--all-waiting", "--as", "ani"] + database, environment: Self.environment)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stdout == "0 waiting lines released\n")

        // Refusals: an unknown claim is "not found" (66); a NIK that is not the claim's payee, 65; a malformed
        // account, a usage error before anything is opened.
        let unknown = try runSantunan(
            ["claim", "payee", "PMS-2099-9999", "--account", "BRINIDJA:012345678901", "--as", "ani"] + database,
            environment: Self.environment)
        #expect(unknown.status == 66)
        #expect(unknown.stderr == "error: claim PMS-2099-9999: no such claim; list them with santunan claim list\n")
        let stranger = try runSantunan(
            [
                "claim", "payee", "PMS-2024-0501", "--heir", "3201010101010001", "--account", "BRINIDJA:012345678901",
                "--as", "ani",
            ] + database, environment: Self.environment)
        #expect(stranger.status == 65)
        #expect(
            stranger.stderr
                == "error: claim PMS-2024-0501: the NIK given is neither a payee of the claim nor an heir of its case\n"
        )
        let noHolder = try runSantunan(
            ["claim", "payee", "PMS-2024-0501", "--account", "BRINIDJA:012345678901", "--as", "ani"] + database,
            environment: Self.environment)
        #expect(noHolder.status == 65, "\(noHolder.stderr)")
        #expect(noHolder.stderr.contains("give it as BANK:NUMBER:NAME"))
        let stored: Int64 = try connection.execute("SELECT count(*) FROM payout_payee_accounts")[0, 0]
        #expect(stored == 0)

        // Set on the claim (case id in another letter case, the only payee without --heir).
        let payee = try runSantunan(
            ["claim", "payee", "pms-2024-0501", "--account", "BRINIDJA:012345678901:Sari Lestari", "--as", "ani"]
                + database, environment: Self.environment)
        #expect(payee.status == 0, "\(payee.stderr)")
        #expect(
            payee.stdout == """
                PMS-2024-0501: the payee's account at BRINIDJA in the name of Sari Lestari is set on the claim
                1 line waits for it: release it with `santunan payouts release --all-waiting --as U`

                """)
        let ready = try runSantunan(["payouts", "waiting", "--json"] + database, environment: Self.environment)
        #expect(ready.stdout.contains("\"account_on_claim\" : \"BRINIDJA\""), "\(ready.stdout)")

        let released = try runSantunan(
            ["payouts", "release", "--all-waiting", "--claim", "PMS-2024-0501", "--as", "ani"] + database,
            environment: Self.environment)
        #expect(released.status == 0, "\(released.stderr)")
        #expect(
            released.stdout == """
                PL-000001 cancelled; PL-000002 pays it with the new account
                1 waiting line released

                """)
        let lines = try connection.execute(
            """
            SELECT id, status, bank_bic, bank_account_number, bank_account_holder, replaces FROM payout_lines
            ORDER BY seq
            """)
        #expect(lines.count == 2)
        #expect(try lines[0, 1] as String == "cancelled")
        #expect(try lines[1, 1] as String == "payable")
        #expect(try lines[1, 3] as String? == "012345678901")
        #expect(try lines[1, 4] as String? == "Sari Lestari")
        #expect(try lines[1, 5] as String? == "PL-000001")
        let empty = try runSantunan(["payouts", "waiting"] + database, environment: Self.environment)
        #expect(empty.stdout == "no payout line waits for bank details\n")

        // Next year's instalment is payable into the claim's account at once: it does not wait again.
        let nextYear = try runSantunan(
            ["payouts", "due", "--on", "2025-04-03", "--as", "ani", "--json"] + database,
            environment: ["SANTUNAN_FIXED_CLOCK": "2025-04-03T09:00:00+07:00"])
        #expect(nextYear.status == 0, "\(nextYear.stderr)")
        #expect(nextYear.stdout.contains("\"created\": 1,"), "\(nextYear.stdout)")
        #expect(nextYear.stdout.contains("\"awaiting_bank_details\": 0,"), "\(nextYear.stdout)")
        let instalment = try connection.execute(
            "SELECT status, bank_bic, bank_account_number FROM payout_lines WHERE installment_seq = 1")
        #expect(try instalment[0, 0] as String == "payable")
        #expect(try instalment[0, 2] as String? == "012345678901")

        // The account history is insert-only, even for the owner.
        #expect(throws: PostgresError.self) {
            try connection.execute("UPDATE payout_payee_accounts SET bank_account_number = '999'")
        }
    }

    /// Corrected details given to `payouts release LINE` are what the new line pays into, even when the claim has
    /// an account for the payee: the explicit correction wins over the trigger.
    /// Session 8: the database's own refusals reach an Indonesian reader in Indonesian. These three are made by
    /// `payout_payee_set` alone (Schema/0021_payees.sql: an unknown claim, SQLSTATE SP001; a NIK that is neither the
    /// claim's payee nor an heir, and a case without the holder's name, SP002): no Swift check precedes them. The CLI
    /// passes the server's message whole as the reason, and `--lang id` renders it through its `errors.db.` pattern;
    /// the exit codes, and the nothing written, are those of English, whose line stays byte-identical.
    @Test func theDatabasesOwnPayeeRefusalsReachAnIndonesianReaderInIndonesian() throws {
        let (connection, conninfo) = try migratedDatabase()
        try Self.scholarshipWithoutAccount(connection, caseID: "PMS-2024-0501")
        let database = ["--database-url", conninfo]
        let unknown = ["claim", "payee", "PMS-2099-9999", "--account", "BRINIDJA:012345678901", "--as", "ani"]

        let indonesian = try runSantunan(unknown + database + ["--lang", "id"], environment: Self.environment)
        #expect(indonesian.status == 66)
        #expect(
            indonesian.stderr
                == "error: klaim PMS-2099-9999: klaim ini tidak ada; lihat daftarnya dengan santunan claim list\n")
        let english = try runSantunan(unknown + database, environment: Self.environment)
        #expect(english.status == 66)
        #expect(english.stderr == "error: claim PMS-2099-9999: no such claim; list them with santunan claim list\n")

        let stranger = try runSantunan(
            [
                "claim", "payee", "PMS-2024-0501", "--heir", "3201010101010001", "--account", "BRINIDJA:012345678901",
                "--as", "ani",
            ] + database, environment: Self.environment.merging(["SANTUNAN_LANG": "id"]) { $1 })
        #expect(stranger.status == 65)
        #expect(
            stranger.stderr
                == "error: klaim PMS-2024-0501: NIK yang diberikan bukan penerima pembayaran klaim ini dan bukan ahli "
                + "waris kasusnya\n")
        let noHolder = try runSantunan(
            ["claim", "payee", "PMS-2024-0501", "--account", "BRINIDJA:012345678901", "--as", "ani", "--lang", "id"]
                + database, environment: Self.environment)
        #expect(noHolder.status == 65)
        #expect(
            noHolder.stderr
                == "error: klaim PMS-2024-0501: kasus tidak menyebut nama pemilik rekening untuk penerima ini: berikan "
                + "sebagai BANK:NOMOR:NAMA\n")
        let stored: Int64 = try connection.execute("SELECT count(*) FROM payout_payee_accounts")[0, 0]
        #expect(stored == 0)
    }

    @Test func correctedBankDetailsGivenToReleaseWinOverTheClaimsAccount() throws {
        let (connection, conninfo) = try migratedDatabase()
        try insertClaim(
            connection, caseID: "PMS-2024-0506",
            lines: [FixtureLine(amount: 20_000_000, bic: nil, account: nil, holder: nil)])
        let database = ["--database-url", conninfo]
        _ = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: Self.environment)
        let payee = try runSantunan(
            ["claim", "payee", "PMS-2024-0506", "--account", "BRINIDJA:012345678901:Sari", "--as", "ani"] + database,
            environment: Self.environment)
        #expect(payee.status == 0, "\(payee.stderr)")
        let release = try runSantunan(
            [
                "payouts", "release", "PL-000001", "--bic", "CENAIDJA", "--account", "4410987654", "--holder", "Sari L",
                "--as", "ani",
            ] + database, environment: Self.environment)
        #expect(release.stdout == "PL-000001 cancelled; PL-000002 pays it with the new account\n", "\(release.stderr)")
        let line = try connection.execute(
            "SELECT status, bank_bic, bank_account_number FROM payout_lines WHERE id = 'PL-000002'")
        #expect(try line[0, 0] as String == "payable")
        #expect(try line[0, 1] as String? == "CENAIDJA")
        #expect(try line[0, 2] as String? == "4410987654")
    }

    /// The database enforces it, for personal logins: an officer sets a payee's account only through
    /// `payout_payee_set` (recorded as the login), never by writing the table; an approver cannot set one; only an
    /// approver releases the waiting lines.
    @Test func onlyAnOfficerSetsAPayeeAccountAndOnlyThroughTheFunction() throws {
        let logins = try Logins()
        try Self.scholarshipWithoutAccount(logins.owner, caseID: "PMS-2024-0505")
        let officer = try logins.connect(logins.officer)
        let approver = try logins.connect(logins.approverA)
        expectRefused(
            officer,
            """
            INSERT INTO payout_payee_accounts (claim_id, payee_nik, bank_bic, bank_account_number, bank_account_holder,
                                               set_by, set_at)
            SELECT id, \(Self.heir), 'BRINIDJA', '012345678901', 'Sari', 'ofc', now() FROM claims
            """, sqlState: "42501")
        expectRefused(
            approver,
            """
            SELECT * FROM payout_payee_set(NULL, 'PMS-2024-0505', NULL, 'BRINIDJA', '012345678901', 'Sari', now())
            """, sqlState: "42501")
        let stored = try Payees.set(
            claim: "PMS-2024-0505", payeeNIK: nil, bic: "BRINIDJA", number: "012345678901", holder: "Sari",
            by: logins.officer, now: instant("2024-04-03T10:00:00+07:00"), on: officer)
        #expect(stored.caseID == "PMS-2024-0505")
        let setBy: String = try logins.owner.execute("SELECT set_by FROM payout_payee_accounts")[0, 0]
        #expect(setBy == logins.officer)
        expectRefused(
            officer, "SELECT * FROM payout_lines_release_waiting(NULL, now(), NULL)", sqlState: "42501")
        expectRefused(officer, "DELETE FROM payout_payee_accounts", sqlState: "42501")
    }

    @Test func anEmptyPrepareChangesNothingAndBatchNumbersHaveNoGaps() throws {
        let (connection, conninfo) = try migratedDatabase()
        let database = ["--database-url", conninfo]
        func prepare() throws -> String {
            let run = try runSantunan(
                ["batch", "prepare", "--as", "ani", "--json"] + database, environment: Self.environment)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }
        func counts() throws -> [Int64] {
            let row = try connection.execute(
                """
                SELECT (SELECT count(*) FROM payout_batches), (SELECT count(*) FROM payout_batch_history),
                       (SELECT last FROM payout_batch_numbers)
                """)
            return [try row[0, 0], try row[0, 1], try row[0, 2]]
        }
        #expect(try prepare() == "{\"batch_id\": null, \"lines\": 0, \"total\": 0}\n")
        #expect(try prepare() == "{\"batch_id\": null, \"lines\": 0, \"total\": 0}\n")
        #expect(try counts() == [0, 0, 0])

        try insertClaim(connection, caseID: "PMS-2024-0502", lines: [FixtureLine(amount: 20_000_000)])
        _ = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: Self.environment)
        #expect(try prepare().contains("\"batch_id\": \"PB-2024-0001\""))
        #expect(try prepare() == "{\"batch_id\": null, \"lines\": 0, \"total\": 0}\n")
        try insertClaim(
            connection, caseID: "PMS-2024-0503", kpj: "18012345679", lines: [FixtureLine(amount: 5_000_000)])
        _ = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: Self.environment)
        #expect(try prepare().contains("\"batch_id\": \"PB-2024-0002\""))
        #expect(try counts() == [2, 2, 2])
    }

    /// The batch of the golden files: two lines, prepared by ani, not yet approved.
    static func preparedBatch() throws -> (Connection, [String]) {
        let (connection, conninfo) = try migratedDatabase()
        try insertClaim(
            connection, caseID: "PMS-2024-0504",
            lines: [
                FixtureLine(amount: 150_000_000),
                FixtureLine(
                    program: "JKM", item: "jkm.funeral", amount: 10_000_000, payeeNIK: "1272014101870003",
                    bic: "CENAIDJA", account: "4410987654", holder: "Dewi Lestari"),
            ])
        let database = ["--database-url", conninfo]
        let due = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", "ani"] + database, environment: Self.environment)
        #expect(due.status == 0, "\(due.stderr)")
        let prepared = try runSantunan(["batch", "prepare", "--as", "ani"] + database, environment: Self.environment)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        return (connection, database)
    }

    @Test func batchShowBeforeApprovalListsTheLinesAndTheExportPreviewInBothLanguages() throws {
        let (_, database) = try Self.preparedBatch()
        for language in ["en", "id"] {
            let show = try runSantunan(
                ["batch", "show", "PB-2024-0001", "--lang", language] + database, environment: Self.environment)
            #expect(show.status == 0, "\(show.stderr)")
            #expect(!show.stdout.contains("⟦"), "a catalog key is missing: \(show.stdout)")
            try Golden.check(show.stdout, name: "batch-show.\(language).txt")
        }
        // Machine outputs are the same in both languages.
        for form in [["--json"], ["--csv"], ["--csv", "--csv-separator", ";"]] {
            let english = try runSantunan(
                ["batch", "show", "PB-2024-0001"] + form + database, environment: Self.environment)
            let indonesian = try runSantunan(
                ["batch", "show", "PB-2024-0001", "--lang", "id"] + form + database, environment: Self.environment)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(english.stdout == indonesian.stdout, "\(form)")
        }
        let csv = try runSantunan(["batch", "show", "PB-2024-0001", "--csv"] + database, environment: Self.environment)
        #expect(csv.stdout.hasPrefix("line_id,payee,program,amount,due,claim,bank,account\n"))
        #expect(csv.stdout.contains("PL-000001,Sari,JKK,150000000,2024-04-03,PMS-2024-0504,BRINIDJA,012345678901\n"))

        // The checker can take the CSV transfer file before approving; it is the file exported after approval.
        let before = try scratchPath("before.csv")
        let preview = try runSantunan(
            ["batch", "export", "PB-2024-0001", "--format", "csv", "--out", before] + database,
            environment: Self.environment)
        #expect(preview.status == 0, "\(preview.stderr)")
        let approved = try runSantunan(
            ["batch", "approve", "PB-2024-0001", "--as", "budi"] + database, environment: Self.environment)
        #expect(approved.status == 0, "\(approved.stderr)")
        var files: [String: Data] = [:]
        for language in ["en", "id"] {
            for format in ["csv", "pain001"] {
                let out = try scratchPath("after-\(language).\(format)")
                let export = try runSantunan(
                    ["batch", "export", "PB-2024-0001", "--format", format, "--out", out, "--lang", language]
                        + database, environment: Self.environment)
                #expect(export.status == 0, "\(export.stderr)")
                files["\(language).\(format)"] = FileManager.default.contents(atPath: out)
            }
        }
        #expect(files["en.csv"] == FileManager.default.contents(atPath: before))
        #expect(files["en.csv"] == files["id.csv"])
        #expect(files["en.pain001"] != nil)
        #expect(files["en.pain001"] == files["id.pain001"])
    }

    @Test func batchListPrintsCSVAndTheTableCommandsExitAsTheContractSays() throws {
        let (_, database) = try Self.preparedBatch()
        let csv = try runSantunan(["batch", "list", "--csv"] + database, environment: Self.environment)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(
            csv.stdout == """
                batch_id,state,lines,total,prepared_by,decided_by
                PB-2024-0001,prepared,2,160000000,ani,

                """)
        let semicolon = try runSantunan(
            ["batch", "list", "--csv", "--csv-separator", ";", "--lang", "id"] + database, environment: Self.environment
        )
        #expect(
            semicolon.stdout.hasPrefix("batch_id;state;lines;total;prepared_by;decided_by\nPB-2024-0001;prepared;2;"))
        let json = try runSantunan(["batch", "list", "--json"] + database, environment: Self.environment)
        #expect(
            json.stdout == """
                [
                  {
                    "batch_id" : "PB-2024-0001",
                    "decided_by" : null,
                    "lines" : 2,
                    "prepared_by" : "ani",
                    "state" : "prepared",
                    "total" : 160000000
                  }
                ]

                """)
        let jsonID = try runSantunan(
            ["batch", "list", "--json", "--lang", "id"] + database, environment: Self.environment)
        #expect(jsonID.stdout == json.stdout)
        let table = try runSantunan(["batch", "list", "--lang", "id"] + database, environment: Self.environment)
        #expect(table.stdout.contains("disiapkan"), "\(table.stdout)")
        #expect(table.stdout.contains("Rp 160.000.000"), "\(table.stdout)")

        let missing = try runSantunan(["batch", "show", "PB-2099-0042"] + database, environment: Self.environment)
        #expect(missing.status == 66)
        #expect(missing.stderr == "error: batch PB-2099-0042: no such batch; list them with santunan batch list\n")
        for command in [["batch", "list"], ["batch", "show", "PB-2024-0001"], ["payouts", "waiting"]] {
            let both = try runSantunan(command + ["--json", "--csv"] + database, environment: Self.environment)
            #expect(both.status == 64, "\(command)")
            #expect(both.stderr == "error: --json: choose one of --json and --csv\n", "\(command)")
            let separator = try runSantunan(command + ["--csv", "--csv-separator", "|"] + database)
            #expect(separator.status == 64, "\(command)")
        }
        let waiting = try runSantunan(["payouts", "waiting", "--csv"] + database, environment: Self.environment)
        #expect(waiting.status == 0)
        #expect(waiting.stdout == "line_id,claim,program,amount,due,payee_role,payee_nik,reason,account_on_claim\n")
        let lineless = try runSantunan(["payouts", "release", "--as", "ani"] + database, environment: Self.environment)
        #expect(lineless.status == 64)
        #expect(lineless.stderr.hasPrefix("error: LINE: name the payout line to release, or give --all-waiting"))
    }
}

/// Golden files of the human output, `Tests/SantunanCLITests/Golden/<command>.<lang>.txt`.
enum Golden {
    static let directory = repositoryRoot.appendingPathComponent("Tests/SantunanCLITests/Golden")

    /// Compares `text` with the golden file `name`; with `SANTUNAN_UPDATE_GOLDEN=1`, writes it instead.
    static func check(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SANTUNAN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        #expect(expected == text, "golden file \(name) differs", sourceLocation: sourceLocation)
    }
}
