import Foundation
import SantunanTestSupport
import Testing

/// `santunan ledger …` through the binary: one door (issue 17), one output convention (issue 18), both languages
/// (issue 20).
///
/// The golden files `Golden/ledger-statement.<lang>.txt` hold the statement of a seed participant (STTC-2022-0001's,
/// KPJ 14007825461, booked from its case file's contribution history). After a deliberate change of that output,
/// regenerate them with `SANTUNAN_UPDATE_GOLDEN=1 swift test --skip-build --filter LedgerCLITests` and review the diff.
@Suite(.serialized) struct LedgerCLITests {
    static let kpj = "14007825461"
    static let golden = CLIRunner.repository.appendingPathComponent("Tests/SantunanCLITests/Golden")

    /// A fresh database holding the seed participant's contributions (imported and posted by the CLI, as an office
    /// does) and two months of development.
    static func seededLedger() throws -> CLIRunner {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo, "SANTUNAN_LANG": "en"])
        let directory = try ScratchDirectory(prefix: "santunan-ledger-cli-")
        defer { directory.remove() }
        for (kind, text) in try seedParticipantCSVs() {
            let file = directory.url.appendingPathComponent("\(kind).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let imported = try cli.run(["import", kind, file.path])
            #expect(imported.status == 0, "\(kind): \(imported.stderr)")
        }
        let posted = try cli.run(["ledger", "post-contributions", "--as", "auditor"])
        #expect(posted.status == 0, "\(posted.stderr)")
        #expect(posted.stdout.contains("contributions posted: 95 due, 76 paid (95 rows read)"), "\(posted.stdout)")
        for month in ["2021-06", "2021-12"] {
            let development = try cli.run(["ledger", "post-development", "--month", month, "--as", "auditor"])
            #expect(development.status == 0, "\(development.stderr)")
        }
        return cli
    }

    /// The seed composite's participant as import files: the employer, the participant, and a contribution row per
    /// month of the case file's history (JKK 0.89 % for risk group III, JKM 0.30 %, JHT 5.7 %, JP 3 % of the wage),
    /// due on the 15th of the next month.
    static func seedParticipantCSVs() throws -> [(String, String)] {
        let url = CLIRunner.repository.appendingPathComponent("cases/seed-sttc-composite-384jt.case.json")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let participant = document?["participant"] as? [String: Any] ?? [:]
        let membership = (participant["memberships"] as? [[String: Any]] ?? []).first ?? [:]
        let rows = membership["contributions"] as? [[String: Any]] ?? []
        var contributions = "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n"
        for row in rows {
            let month = row["month"] as? String ?? ""
            let wage = (row["wage"] as? NSNumber)?.int64Value ?? 0
            let year = Int(month.prefix(4)) ?? 0
            let number = Int(month.suffix(2)) ?? 0
            let due = number == 12 ? "\(year + 1)-01-15" : "\(year)-\(number < 9 ? "0" : "")\(number + 1)-15"
            let amounts = [wage * 89 / 10_000, wage * 30 / 10_000, wage * 570 / 10_000, wage * 300 / 10_000]
            contributions +=
                "\(kpj),\(month),\(wage),\(amounts.map(String.init).joined(separator: ",")),\(due),"
                + "\(row["paid_on"] as? String ?? "")\n"
        }
        return [
            (
                "employers",
                "npp,name,kind,branch_office,region\n"
                    + "NN140521,PT Sumatra Tobacco Trading Company,company,Pematangsiantar,Kota Pematangsiantar\n"
            ),
            (
                "participants",
                "nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,"
                    + "branch_office,reported_on,reported_wage\n"
                    + "1272011204820031,Rudi Hartono Sitorus,1982-04-12,M,\(kpj),PU,NN140521,,JKK+JKM+JHT+JP,III,"
                    + "2014-03-01,,Pematangsiantar,2014-03-01,3880000\n"
            ),
            ("contributions", contributions),
        ]
    }

    /// Compares `text` with the golden file `name`, or writes it when `SANTUNAN_UPDATE_GOLDEN=1`.
    static func expectGolden(_ text: String, _ name: String) throws {
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SANTUNAN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(name) differs; regenerate with SANTUNAN_UPDATE_GOLDEN=1 if intended:\n\(text)")
    }

    @Test func theStatementMatchesItsGoldenFilesAndMachineOutputIsTheSameInBothLanguages() throws {
        let cli = try Self.seededLedger()
        let statement = [
            "ledger", "statement", "--participant", Self.kpj, "--from", "2021-01-01", "--to", "2021-12-31",
        ]
        let english = try cli.run(statement + ["--lang", "en"])
        #expect(english.status == 0, "\(english.stderr)")
        try Self.expectGolden(english.stdout, "ledger-statement.en.txt")
        let indonesian = try cli.run(statement + ["--lang", "id"])
        #expect(indonesian.status == 0, "\(indonesian.stderr)")
        try Self.expectGolden(indonesian.stdout, "ledger-statement.id.txt")
        #expect(english.stdout.contains("JHT statement JHT:14007825461  2021-01-01…2021-12-31"))
        #expect(indonesian.stdout.contains("Laporan saldo JHT JHT:14007825461  1 Januari 2021…31 Desember 2021"))
        #expect(indonesian.stdout.contains("hasil pengembangan"))
        #expect(!indonesian.stdout.contains("contribution"), "Indonesian output names movements in Indonesian")

        // JSON and CSV: the same bytes whatever the language (machine names, ISO dates, integer rupiah).
        let machine: [[String]] = [
            statement + ["--json"], statement + ["--csv"], statement + ["--csv", "--csv-separator", ";"],
            ["ledger", "balance", "--account", "JHT:*", "--at", "2021-12-31", "--json"],
            ["ledger", "balance", "--csv", "--csv-separator", ";"],
            ["ledger", "entries", "--participant", Self.kpj, "--from", "2021-12-01", "--json"],
            ["ledger", "entries", "--participant", Self.kpj, "--limit", "5", "--csv"],
            ["ledger", "trial-balance", "--at", "2021-12-31", "--json"],
            ["ledger", "trial-balance", "--at", "2021-12-31", "--csv"],
            ["ledger", "trial-balance", "--detail", "--json"],
            ["ledger", "trial-balance", "--detail", "--csv", "--csv-separator", ";"],
        ]
        for arguments in machine {
            let en = try cli.run(arguments + ["--lang", "en"])
            let id = try cli.run(arguments + ["--lang", "id"])
            #expect(en.status == 0 && id.status == 0, "\(arguments): \(en.stderr) \(id.stderr)")
            #expect(!en.stdout.isEmpty)
            #expect(en.stdout == id.stdout, "\(arguments.joined(separator: " ")) differs between en and id")
        }

        // The statement's JSON is an array of its lines, the first the opening balance; the last balance closes it.
        let json = try cli.run(statement + ["--json"])
        let lines = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(lines.first?["category"] as? String == "opening")
        #expect(lines.first?["effective_date"] as? String == "2021-01-01")
        #expect(lines.dropFirst().allSatisfy { ($0["balance"] as? Int ?? 0) > 0 })
        #expect(lines.filter { $0["category"] as? String == "development" }.count == 2)
        #expect(lines.filter { $0["category"] as? String == "contribution" }.count == 12)
        let csv = try cli.run(statement + ["--csv", "--csv-separator", ";"])
        #expect(
            csv.stdout.hasPrefix("effective_date;category;transaction_id;amount;balance;memo\n2021-01-01;opening;;;"))

        // The balance of the participant's account agrees with the statement's closing line.
        let balance = try cli.run(["ledger", "balance", "--account", "JHT:\(Self.kpj)", "--at", "2021-12-31", "--json"])
        let account = (try JSONSerialization.jsonObject(with: Data(balance.stdout.utf8)) as? [[String: Any]])?.first
        #expect(account?["balance"] as? Int == lines.last?["balance"] as? Int)
        #expect(account?["type"] as? String == "fund")

        // For people, Indonesian headings, types and dates; machine ids are not grouped.
        let trial = try cli.run(["ledger", "trial-balance", "--at", "2021-12-31", "--lang", "id"])
        #expect(trial.status == 0, "\(trial.stderr)")
        #expect(trial.stdout.hasPrefix("Neraca saldo per kelas akun, per 31 Desember 2021\n"), "\(trial.stdout)")
        #expect(trial.stdout.contains("JUMLAH") && trial.stdout.hasSuffix("seimbang\n"))
        #expect(trial.stdout.split(separator: "\n").contains { $0.hasPrefix("JHT ") && $0.contains(" dana ") })
        let entries = try cli.run(["ledger", "entries", "--participant", Self.kpj, "--limit", "1", "--lang", "id"])
        #expect(entries.stdout.hasSuffix("\n1 entri\n"), "\(entries.stdout)")
        #expect(entries.stdout.contains("14 April 2014"))
        let one = try cli.run(["ledger", "entries", "--participant", Self.kpj, "--limit", "1"])
        #expect(one.stdout.hasSuffix("\n1 entry\n"), "\(one.stdout)")
    }

    @Test func lookupsOfWhatIsNotThereAreNotFoundAndBadOptionsAreUsageErrors() throws {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo, "SANTUNAN_LANG": "en"])
        let statement = try cli.run(["ledger", "statement", "--participant", "99999999999"])
        #expect(statement.status == 66)
        #expect(
            statement.stderr
                == "error: --participant: KPJ 99999999999 has no JHT account in the ledger "
                + "(JHT:99999999999 is not in the chart of accounts): not a JHT participant, or "
                + "no JHT contribution posted yet (santunan ledger post-contributions)\n")
        #expect(statement.stdout.isEmpty)
        let account = try cli.run(["ledger", "balance", "--account", "JHT:404", "--lang", "id"])
        #expect(account.status == 66)
        #expect(account.stderr == "error: --account: JHT:404 tidak ada dalam bagan akun\n")

        let date = try cli.run(["ledger", "trial-balance", "--at", "2024-13-01"])
        #expect(date.status == 64)
        #expect(date.stderr == "error: --at: \"2024-13-01\" is not a date (YYYY-MM-DD)\n")
        let dateID = try cli.run(["ledger", "entries", "--from", "kemarin", "--lang", "id"])
        #expect(dateID.status == 64)
        #expect(dateID.stderr == "error: --from: \"kemarin\" bukan tanggal (YYYY-MM-DD)\n")
        // Refused while parsing (OutputOptions.validate): ArgumentParser wraps the error, so today it is exit 1 and
        // `Error:` (reported to the lead: the foundation's Output.swift / Santunan.main, not the ledger's files).
        let separator = try cli.run(["ledger", "balance", "--csv", "--csv-separator", "|"])
        #expect(separator.status != 0)
        #expect(separator.stderr.contains("--csv-separator: use ',' or ';'"))

        // The month must have ended by the session's clock (SANTUNAN_FIXED_CLOCK in tests and demos).
        let early = CLIRunner(
            environment: [
                "DATABASE_URL": conninfo, "SANTUNAN_LANG": "en", "SANTUNAN_FIXED_CLOCK": "2024-06-30T23:00:00+07:00",
            ])
        let month = try early.run(["ledger", "post-development", "--month", "2024-06", "--as", "ani"])
        #expect(month.status == 64)
        #expect(month.stderr == "error: --month: 2024-06 has not ended yet\n")
        let monthID = try early.run(["ledger", "post-development", "--month", "Juni", "--as", "ani", "--lang", "id"])
        #expect(monthID.status == 64)
        #expect(monthID.stderr == "error: --month: \"Juni\" bukan bulan (YYYY-MM)\n")
        let chunk = try cli.run(["ledger", "post-contributions", "--as", "ani", "--chunk-rows", "0"])
        #expect(chunk.status == 64)
        #expect(chunk.stderr == "error: --chunk-rows: must be 1 to 100000, is 0\n")
    }

    @Test func aCheckpointAndTheVerificationSinceItPrintLocalTimeWithItsOffset() throws {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo, "SANTUNAN_LANG": "en"])
        let directory = try ScratchDirectory(prefix: "santunan-ledger-checkpoint-")
        defer { directory.remove() }
        let key = directory.url.appendingPathComponent("ledger.key").path
        let keygen = try cli.run(["ledger", "keygen", "--out", key])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        #expect(keygen.stdout.hasPrefix("ledger signing key written to \(key) (mode 0600); public key "))
        let file = directory.url.appendingPathComponent("audit.checkpoint").path
        let checkpoint = try cli.run(["ledger", "checkpoint", "--key", key, "--out", file])
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        // The file keeps the server's UTC time; people read WIB with its offset.
        let signed = try String(contentsOfFile: file, encoding: .utf8)
        #expect(signed.contains("taken-at ") && signed.contains("Z\n"))
        #expect(checkpoint.stdout.hasSuffix("+07:00\n"), "\(checkpoint.stdout)")
        let verify = try cli.run(["ledger", "verify", "--since", file, "--public-key", key + ".pub", "--lang", "id"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("buku besar terverifikasi: 0 transaksi, 0 entri, debit = kredit = Rp 0, "))
        #expect(verify.stdout.contains("\nmelanjutkan titik periksa 20") && verify.stdout.hasSuffix("+07:00\n"))
        let unsigned = try cli.run(["ledger", "verify", "--since", file])
        #expect(unsigned.status == 0)
        #expect(unsigned.stderr.hasPrefix("warning: --since: the signature was checked against the key named"))
        // The key's and the checkpoint's file errors, in both languages, with the contract's statuses.
        let again = try cli.run(["ledger", "keygen", "--out", key])
        #expect(again.status == 64)
        #expect(again.stderr == "error: --out: \(key) exists; refusing to overwrite it\n")
        let againID = try cli.run(["ledger", "keygen", "--out", key, "--lang", "id"])
        #expect(againID.stderr == "error: --out: \(key) sudah ada; tidak akan ditimpa\n")
        let missing = directory.url.appendingPathComponent("none.key").path
        let noKey = try cli.run(["ledger", "checkpoint", "--key", missing, "--out", file, "--lang", "id"])
        #expect(noKey.status == 66)
        #expect(noKey.stderr == "error: --key: \(missing) tidak ada\n")
        #expect(chmod(key, 0o644) == 0)
        let readable = try cli.run(["ledger", "checkpoint", "--key", key, "--out", file])
        #expect(readable.status == 77)
        #expect(readable.stderr == "error: --key: \(key) may be read by others (mode 644): chmod 600\n")
        let help = try cli.run(["ledger", "verify", "--help", "--lang", "id"])
        #expect(help.stdout.contains("Contoh:") && help.stdout.contains("  santunan ledger verify --json"))
    }

    /// Issue 17: the ledger's CLI files reach the ledger only through SantunanApp.
    @Test func theLedgerCommandsImportOnlyTheApplication() throws {
        for name in ["LedgerCommand.swift", "LedgerVerifyCommand.swift"] {
            let source = try String(
                contentsOf: CLIRunner.repository.appendingPathComponent("Sources/santunan/\(name)"), encoding: .utf8)
            let imports = source.split(separator: "\n").filter { $0.hasPrefix("import ") }.map(String.init)
            let allowed: Set = ["import ArgumentParser", "import Foundation", "import SantunanApp"]
            #expect(Set(imports).isSubset(of: allowed), "\(name): \(imports)")
        }
    }
}
