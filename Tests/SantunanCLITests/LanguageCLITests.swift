import Foundation
import SantunanTestSupport
import Testing

/// Choosing the language (issue 20): `--lang`, `SANTUNAN_LANG`, the locale; errors keep their shape and exit code in
/// both languages, only the reason is translated.
@Suite struct LanguageCLITests {
    let cli = CLIRunner()

    @Test func anInvalidCaseGivesTheSameFieldAndStatusInBothLanguages() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).json")
        try Data(#"{"case_id": "A", "case_id": "B"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let english = try cli.run(["--lang", "en", "claim", "compute", file.path])
        let indonesian = try cli.run(["claim", "compute", file.path, "--lang=id"])
        let byLocale = try CLIRunner(environment: ["LANG": "id_ID.UTF-8"]).run(["claim", "compute", file.path])
        #expect(english.status == 65)
        #expect(indonesian.status == 65)
        #expect(english.stderr == "error: case_id: duplicate key\n")
        #expect(indonesian.stderr == "error: case_id: kunci ganda\n")
        #expect(byLocale.stderr == indonesian.stderr)
    }

    @Test func anUnknownLanguageIsAUsageErrorNamingWhereItCameFrom() throws {
        let flag = try cli.run(["--lang", "fr", "--version"])
        #expect(flag.status == 64)
        #expect(flag.stderr == "error: --lang: \"fr\" is not a language: use id or en\n")
        let environment = try CLIRunner(environment: ["SANTUNAN_LANG": "xx"]).run(["--version"])
        #expect(environment.status == 64)
        #expect(environment.stderr.hasPrefix("error: SANTUNAN_LANG: "))
        let missing = try cli.run(["claim", "compute", "--lang"])
        #expect(missing.status == 64)
        // Read before any catalog is installed: the shipped English text, not the key (docs/decisions/0021, session 7).
        #expect(missing.stderr == "error: --lang: give a language: id or en\n")
    }

    @Test func versionIsPrinted() throws {
        let outcome = try cli.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+\n/) != nil)
    }

    /// Session 7: a lower module's English reason — the payouts' and the importer's here — reaches an Indonesian
    /// reader in Indonesian through its `errors.` pattern; the field, the exit status and the English stay as they
    /// were.
    @Test func payoutAndImportReasonsAreIndonesianInIndonesian() throws {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo, "SANTUNAN_LANG": "en"])
        let english = try cli.run(["batch", "show", "PB-2099-0042"])
        let indonesian = try cli.run(["batch", "show", "PB-2099-0042", "--lang", "id"])
        #expect(english.status == 66)
        #expect(indonesian.status == 66)
        #expect(english.stderr == "error: batch PB-2099-0042: no such batch; list them with santunan batch list\n")
        #expect(
            indonesian.stderr
                == "error: batch PB-2099-0042: batch ini tidak ada; lihat daftarnya dengan santunan batch list\n")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-row-\(UUID().uuidString).csv")
        try Data(
            ("kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n"
                + "14007825461,2022-01,4\"000,0,0,0,0,2022-02-15,\n").utf8
        ).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let importEnglish = try cli.run(["import", "contributions", file.path])
        let importIndonesian = try CLIRunner(environment: ["DATABASE_URL": conninfo, "LANG": "id_ID.UTF-8"])
            .run(["import", "contributions", file.path])
        #expect(importEnglish.status == 65)
        #expect(importIndonesian.status == 65)
        #expect(
            importEnglish.stderr
                == "error: line 2: a quote inside an unquoted field (quote the whole field and double the quote)\n")
        #expect(
            importIndonesian.stderr
                == "error: baris 2: tanda kutip di dalam bidang tanpa kutip (kutip seluruh bidang dan gandakan tanda "
                + "kutipnya)\n")
    }

    /// Session 7: ArgumentParser's own words (headings, the usage line, the pointer to more help, its parse errors)
    /// are Indonesian in Indonesian help and usage errors; English help is ArgumentParser's, untouched.
    @Test func argumentParsersOwnWordsAreIndonesianInIndonesianHelpAndUsageErrors() throws {
        let english = try cli.run(["--lang", "en", "claim", "compute", "--help"])
        let indonesian = try cli.run(["--lang", "id", "claim", "compute", "--help"])
        #expect(english.status == 0)
        #expect(indonesian.status == 0)
        #expect(english.stdout.contains("USAGE: santunan claim compute"))
        #expect(english.stdout.contains("\nOPTIONS:\n"))
        #expect(english.stdout.contains("Show help information."))
        #expect(indonesian.stdout.contains("PENGGUNAAN: santunan claim compute"))
        #expect(indonesian.stdout.contains("\nARGUMEN:\n"))
        #expect(indonesian.stdout.contains("\nOPSI:\n"))
        #expect(indonesian.stdout.contains("Tampilkan bantuan ini."))
        for word in ["OVERVIEW:", "USAGE:", "ARGUMENTS:", "OPTIONS:", "Show help information.", "(default: "] {
            #expect(!indonesian.stdout.contains(word), "\(word) in Indonesian help")
        }

        let group = try cli.run(["--lang", "id", "help", "ledger"])
        #expect(group.status == 0)
        #expect(group.stdout.contains("\nSUBPERINTAH:\n"))
        #expect(group.stdout.contains("  Lihat 'santunan help ledger <subcommand>' untuk bantuan terperinci."))

        let usage = try cli.run(["--lang", "id", "claim", "compute"])
        #expect(usage.status == 64)
        #expect(
            usage.stderr
                == "error: argumen '<case-file>' wajib diberikan\n"
                + "Bantuan:  <case-file>  Berkas kasus (JSON, CONTRACT §2).\n"
                + "Penggunaan: santunan claim compute <case-file> [--json] [--database-url <database-url>]\n"
                + "  Lihat 'santunan claim compute --help' untuk keterangan lebih lanjut.\n")
        let englishUsage = try cli.run(["--lang", "en", "claim", "compute"])
        #expect(englishUsage.stderr.hasPrefix("error: Missing expected argument '<case-file>'\nHelp:  <case-file>  "))
        #expect(englishUsage.stderr.hasSuffix("\n  See 'santunan claim compute --help' for more information.\n"))
    }
}
