import Foundation
import SantunanTestSupport
import Testing

/// Session 8's walkthrough (docs/decisions/0024): the branch office's users in Bahasa Indonesia, each mistake they
/// make answered with what is wrong and what to do, under the contract's exit codes. The claims officer's prompts
/// are in FrontDoorCLITests; these are the other commands, on the fisherman's database of that suite.
@Suite struct WalkthroughCLITests {
    let indonesian = CLIRunner(environment: ["SANTUNAN_LANG": "id"])

    @Test func aDayTheCalendarLacksIsSaidAsSuchOnEveryDateOption() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let cases: [([String], String)] = [
            (
                ["ledger", "balance", "--at", "2023-02-29"],
                "error: --at: \"2023-02-29\" tidak ada di kalender: Februari 2023 hanya punya 28 hari\n"
            ),
            (
                ["report", "coverage", "--on", "2022-11-31"],
                "error: --on: \"2022-11-31\" tidak ada di kalender: November 2022 hanya punya 30 hari\n"
            ),
            (
                ["report", "sla", "--on", "2022-04-31"],
                "error: --on: \"2022-04-31\" tidak ada di kalender: April 2022 hanya punya 30 hari\n"
            ),
            (
                ["claim", "list", "--from", "2024-02-30"],
                "error: --from: \"2024-02-30\" tidak ada di kalender: Februari 2024 hanya punya 29 hari\n"
            ),
            (
                ["payouts", "due", "--on", "2025-02-29", "--as", "penyiap.bayar"],
                "error: --on: \"2025-02-29\" tidak ada di kalender: Februari 2025 hanya punya 28 hari\n"
            ),
        ]
        for (arguments, line) in cases {
            let outcome = try indonesian.run(arguments + database)
            #expect(outcome.status == 64, "\(arguments)")
            #expect(outcome.stderr == line, "\(arguments)")
        }
        let rules = try indonesian.run(["rules", "show", "--on", "2023-06-31"])  // reads config/, no database
        #expect(rules.status == 64)
        #expect(rules.stderr == "error: --on: \"2023-06-31\" tidak ada di kalender: Juni 2023 hanya punya 30 hari\n")
        // A date written another way keeps the option's own message, which names the form.
        let slashes = try indonesian.run(["ledger", "balance", "--at", "31/12/2022"] + database)
        #expect(slashes.status == 64)
        #expect(slashes.stderr == "error: --at: \"31/12/2022\" bukan tanggal (YYYY-MM-DD)\n")
    }

    @Test func anUnknownClaimSaysHowToFindItAndAStatementWithoutAJHTAccountSaysWhy() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let claim = try indonesian.run(["claim", "show", "LBS-2099-0001"] + database)
        #expect(claim.status == 66)
        #expect(
            claim.stderr
                == "error: LBS-2099-0001: tidak ada klaim atau pengajuan dengan id atau case_id ini; cari klaimnya "
                + "dengan santunan claim list --participant NIK|KPJ|NAMA\n")
        // The fisherman is a BPU member for JKK and JKM: no JHT account.
        let statement = try indonesian.run(["ledger", "statement", "--participant", "22109900777"] + database)
        #expect(statement.status == 66)
        #expect(
            statement.stderr
                == "error: --participant: KPJ 22109900777 tidak punya rekening JHT di buku besar (JHT:22109900777 "
                + "tidak ada dalam bagan akun): bukan peserta JHT, atau belum ada iuran JHT yang diposting "
                + "(santunan ledger post-contributions)\n")
        let english = try CLIRunner().run(["ledger", "statement", "--participant", "22109900777"] + database)
        #expect(
            english.stderr
                == "error: --participant: KPJ 22109900777 has no JHT account in the ledger "
                + "(JHT:22109900777 is not in the chart of accounts): not a JHT participant, or "
                + "no JHT contribution posted yet (santunan ledger post-contributions)\n")
    }

    @Test func aMistypedDocumentIsAUsageErrorAndTheDueLinesAreCountedInIndonesian() throws {
        let (_, database) = try FrontDoorCLITests().database()
        var arguments = [
            "claim", "new", "--participant", "22109900777", "--event", "work_accident_death", "--event-date",
            "2022-11-14", "--heir", "relation=spouse,nik=1222014101850002,name=Siti Aminah,birth_date=1985-01-01",
            "--payee-account", "BRINIDJA:012345678901", "--out", FrontDoorCLITests.temporaryPath("docs.case.json"),
            "--submit", "--as", "petugas.klaim",
        ]
        for document in FrontDoorCLITests.documents where document != "heir_certificate" {
            arguments += ["--document", document]
        }
        let made = try indonesian.run(arguments + database)
        #expect(made.status == 0, "\(made.stderr)")
        let id = FrontDoorCLITests.caseID
        // A key mistyped on the command line is 64, as `claim new --document` has it (it was 65).
        let typo = try indonesian.run(
            ["claim", "documents", id, "--add", "heir_certifcate", "--as", "petugas.klaim"] + database)
        #expect(typo.status == 64)
        #expect(
            typo.stderr.hasPrefix(
                "error: --add: \"heir_certifcate\" bukan kunci dokumen; salah satu dari death_certificate, "))
        let added = try indonesian.run(
            ["claim", "documents", id, "--add", "heir_certificate", "--as", "petugas.klaim"] + database)
        #expect(added.status == 0, "\(added.stderr)")
        // The stored note of the documents step reads in the page's language.
        let page = try indonesian.run(["claim", "show", id] + database)
        #expect(
            page.stdout.contains(
                "petugas.klaim  ditambahkan:\n    heir_certificate; masuk antrean untuk dihitung ulang\n"),
            "\(page.stdout)")
        let englishPage = try CLIRunner().run(["claim", "show", id] + database)
        #expect(
            englishPage.stdout.contains("petugas.klaim  added: heir_certificate; recompute\n    queued\n"),
            "\(englishPage.stdout)")
        let worked = try indonesian.run(["worker", "run", "--until-empty"] + database)
        #expect(worked.status == 0, "\(worked.stderr)")
        let due = try indonesian.run(["payouts", "due", "--as", "penyiap.bayar"] + database)
        #expect(due.status == 0, "\(due.stderr)")
        #expect(due.stdout.contains("\n  sekaligus: 3\n"), "\(due.stdout)")
        #expect(!due.stdout.contains("lump_sum"))
    }

    /// The `claim new` command of each README, run by the shell as written (an unquoted `name=Siti Aminah` split the
    /// heir in two, and README.id.md's documents left the claim incomplete): the widow's claim is payable.
    @Test func eachREADMEsClaimNewRunsAsWrittenAndThePayableClaimIsSubmitted() throws {
        for (readme, payable) in [("README.md", "Claim "), ("README.id.md", "Klaim ")] {
            let (_, database) = try FrontDoorCLITests().database()
            let text = try String(
                contentsOf: CLIRunner.repository.appendingPathComponent(readme), encoding: .utf8)
            let start = try #require(text.range(of: "santunan claim new --participant 22109900777 --event "))
            let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
            let written = text[start.upperBound..<end.lowerBound].replacingOccurrences(of: "\\\n", with: " ")
            let out = FrontDoorCLITests.temporaryPath("readme.case.json")
            let command =
                "'\(CLIRunner.executable.path)' claim new --participant 22109900777 --event \(written) --out '\(out)' "
                + database.map { "'\($0)'" }.joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = CLIRunner.repository
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            environment["SANTUNAN_LANG"] = readme == "README.md" ? "en" : "id"
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let transcript = String(decoding: data, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(readme): \(transcript)")
            let status = readme == "README.md" ? "payable" : "dapat dibayar"
            #expect(
                transcript.hasPrefix(payable + FrontDoorCLITests.caseID + ": " + status + "\n"),
                "\(readme): \(transcript)")
        }
    }

    /// `claim new --help`'s example hands in three documents: the claim is incomplete, and its "payable now" says
    /// that nothing is paid before the rest (it printed the bare amount under "incomplete").
    @Test func anIncompleteClaimSaysItsAmountWaitsForTheDocuments() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let example = [
            "claim", "new", "--participant", "22109900777", "--event", "work_accident_death", "--event-date",
            "2022-11-14", "--heir", "relation=spouse,nik=1222014101850002,name=Siti", "--document", "death_certificate",
            "--document", "family_card", "--document", "police_report", "--payee-account", "BRINIDJA:012345678901",
        ]
        for (runner, heading, line) in [
            (
                indonesian, "belum lengkap",
                "Dibayar sekarang: Rp 70.000.000 setelah dokumen yang kurang diterima (sebelum itu tidak ada)\n"
            ),
            (
                CLIRunner(), "incomplete",
                "Payable now: Rp 70.000.000 once the missing documents are in (nothing before)\n"
            ),
        ] {
            let outcome = try runner.run(
                example + ["--out", FrontDoorCLITests.temporaryPath("example.case.json")] + database)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(
                outcome.stdout.hasPrefix(
                    "\(heading == "incomplete" ? "Claim" : "Klaim") \(FrontDoorCLITests.caseID): \(heading)\n"))
            #expect(outcome.stdout.contains(line), "\(outcome.stdout)")
        }
    }

    /// A claim amended before a worker computed it: the page said `version 2: …` (the note the database stores) and
    /// `versi 1: menunggu perhitungan Rp 0` (no total was ever computed).
    @Test func anAmendmentBeforeTheWorkerReadsInIndonesianWithoutAnInventedTotal() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let out = FrontDoorCLITests.temporaryPath("amend.case.json")
        let made = try indonesian.run(
            [
                "claim", "new", "--participant", "22109900777", "--event", "death", "--event-date", "2022-11-14",
                "--heir", "relation=spouse,nik=1222014101850002,name=Siti", "--document", "death_certificate",
                "--payee-account", "BRINIDJA:012345678901", "--out", out, "--submit", "--as", "petugas.klaim",
            ] + database)
        #expect(made.status == 0, "\(made.stderr)")
        let corrected = try String(contentsOfFile: out, encoding: .utf8)
            .replacingOccurrences(of: "\"Siti\"", with: "\"Siti Aminah\"")
        try Data(corrected.utf8).write(to: URL(fileURLWithPath: out))
        let caseID = "22109900777-20221114-death"
        let amended = try indonesian.run(
            ["claim", "amend", caseID, out, "--reason", "nama lengkap", "--as", "petugas.klaim"] + database)
        #expect(amended.status == 0, "\(amended.stderr)")
        let page = try indonesian.run(["claim", "show", caseID] + database)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("  dikoreksi  petugas.klaim  versi 2: nama lengkap\n"), "\(page.stdout)")
        #expect(page.stdout.contains("  versi 1: menunggu perhitungan, diganti "), "\(page.stdout)")
        #expect(!page.stdout.contains("Rp 0"))
        let english = try CLIRunner().run(["claim", "show", caseID] + database)
        #expect(english.stdout.contains("  amended  petugas.klaim  version 2: nama lengkap\n"), "\(english.stdout)")
        #expect(english.stdout.contains("  version 1: pending, replaced "), "\(english.stdout)")
    }

    /// The branch head types the branch office: a typo printed an empty report with exit 0.
    @Test func aMistypedBranchOfficeIsNotFoundNamingTheOfficesOfTheData() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let typo = try indonesian.run(
            ["report", "coverage", "--on", "2022-11-15", "--branch", "Rantauprapt"] + database)
        #expect(typo.status == 66)
        #expect(
            typo.stderr
                == "error: --branch: tidak ada kantor cabang bernama \"Rantauprapt\"; yang ada dalam data: Rantauprapat\n"
        )
        #expect(typo.stdout.isEmpty)
        let right = try indonesian.run(
            ["report", "coverage", "--on", "2022-11-15", "--branch", "Rantauprapat"] + database)
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout.contains("Peserta aktif: 1\n"), "\(right.stdout)")
    }

    /// A wage written as an officer writes it (`5.000.000`) in an import file: the line was English in Indonesian
    /// output and did not say what to write instead.
    @Test func aWageWithDotsInAnImportSaysInIndonesianToWriteTheDigitsOnly() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let directory = try ScratchDirectory(prefix: "santunan-walkthrough-")
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("contributions.csv")
        try Data(
            """
            kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
            22109900888,2022-12,5.000.000,15000,10200,0,0,2023-01-15,

            """.utf8
        ).write(to: file)
        let refused = try indonesian.run(["import", "contributions", file.path] + database)
        #expect(refused.status == 65)
        #expect(
            refused.stderr.hasSuffix(
                "error: baris 2, kolom wage: \"5.000.000\" bukan jumlah rupiah utuh: tulis angkanya saja, tanpa titik "
                    + "atau koma (mis. 5000000)\n"), "\(refused.stderr)")
        let english = try CLIRunner().run(["import", "contributions", file.path] + database)
        #expect(english.stderr.hasSuffix("error: line 2, column wage: \"5.000.000\" is not a whole rupiah amount\n"))
    }

    /// The importer's reasons built from parts — a bound with whose bounds they are, a repeated line — read as
    /// Indonesian sentences in Indonesian output (they were English: 0024, "Left"; the lead, Session 8).
    @Test func anImportsCompositeReasonsReadInIndonesian() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let directory = try ScratchDirectory(prefix: "santunan-walkthrough-")
        defer { directory.remove() }
        let header =
            "nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,"
            + "reported_on,reported_wage\n"
        let row = { (nik: String, kpj: String, birth: String, reported: String) in
            "\(nik),Joko Nasution,\(birth),M,\(kpj),BPU,,buruh tani,JKK+JKM,,2022-01-01,,Binjai,\(reported),2200000\n"
        }
        let bornLater = directory.url.appendingPathComponent("bornLater.csv")
        try Data((header + row("1204002803930000", "14000000007", "2030-03-28", "2022-01-01")).utf8).write(to: bornLater)
        let early = try indonesian.run(["import", "participants", bornLater.path] + database)
        #expect(early.status == 65)
        #expect(
            early.stderr.hasSuffix(
                "error: baris 2, kolom birth_date: \"2030-03-28\" di luar 1900-01-01…"
                    + "\(Self.todayText()), tanggal lahir yang diterima (1900 sampai hari ini)\n"), "\(early.stderr)")
        let english = try CLIRunner().run(["import", "participants", bornLater.path] + database)
        #expect(
            english.stderr.hasSuffix(
                "error: line 2, column birth_date: \"2030-03-28\" is outside 1900-01-01…\(Self.todayText()), "
                    + "the birth dates accepted (1900 up to today)\n"), "\(english.stderr)")

        let twice = directory.url.appendingPathComponent("twice.csv")
        try Data(
            (header + row("1204002803930000", "14000000007", "1993-03-28", "2022-01-01")
                + row("1204002803930000", "14000000007", "1993-03-28", "2022-01-01")).utf8
        ).write(to: twice)
        let repeated = try indonesian.run(["import", "participants", twice.path] + database)
        #expect(repeated.status == 65)
        #expect(
            repeated.stderr.hasSuffix(
                "error: baris 3, kolom reported_on: \"2022-01-01\" mengulang laporan upah dari baris 2\n"),
            "\(repeated.stderr)")
    }

    /// Today in the importer's bounds (the machine's calendar day in WIB), as `YYYY-MM-DD`.
    static func todayText() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// A wage typed with dots in a case file breaks its JSON: the reader's reason was English in Indonesian output.
    @Test func aCaseFileWithAWageWithDotsIsInvalidJSONSaidInIndonesian() throws {
        let seed = CLIRunner.repository.appendingPathComponent("cases/seed-honorer-jkm-42jt-a.case.json")
        let text = try String(contentsOf: seed, encoding: .utf8)
        let wage = try #require(text.firstRange(of: #/"wage": [0-9]+/#))
        let directory = try ScratchDirectory(prefix: "santunan-walkthrough-")
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("dots.case.json")
        try Data(text.replacingCharacters(in: wage, with: "\"wage\": 5.000.000").utf8).write(to: file)
        let refused = try indonesian.run(["claim", "compute", file.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.hasPrefix("error: JSON tidak sah di baris "), "\(refused.stderr)")
        #expect(
            refused.stderr.hasSuffix(": seharusnya ',' atau '}' (angka JSON ditulis tanpa titik ribuan: 5000000)\n"),
            "\(refused.stderr)")
        let english = try CLIRunner().run(["claim", "compute", file.path])
        #expect(english.stderr.hasSuffix(": expected ',' or '}'\n"), "\(english.stderr)")
    }

    /// `payouts waiting` for people: the reason a line waits and the payee's role were stored English and codes.
    @Test func theLinesWaitingForAnAccountSayWhyInIndonesian() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let made = try indonesian.run(
            [
                "claim", "new", "--participant", "22109900777", "--event", "work_accident", "--event-date",
                "2022-11-14",
                "--incapacity-months", "2", "--out", FrontDoorCLITests.temporaryPath("waiting.case.json"), "--submit",
                "--as", "petugas.klaim",
            ] + database)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try indonesian.run(["worker", "run", "--until-empty"] + database).status == 0)
        #expect(try indonesian.run(["payouts", "due", "--as", "penyiap.bayar"] + database).status == 0)
        let waiting = try indonesian.run(["payouts", "waiting"] + database)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.stdout.contains("  peserta  "), "\(waiting.stdout)")
        #expect(waiting.stdout.contains("  kasus tidak memuat rekening bank  "), "\(waiting.stdout)")
        #expect(!waiting.stdout.contains("no bank account"))
        let english = try CLIRunner().run(["payouts", "waiting"] + database)
        #expect(english.stdout.contains("  participant  "), "\(english.stdout)")
        #expect(english.stdout.contains("  no bank account in the case  "), "\(english.stdout)")
        // Releasing it with a mistyped BIC: the account's reason was English.
        let line = try #require(waiting.stdout.firstMatch(of: #/PL-[0-9]+/#)).output
        let release = try indonesian.run(
            [
                "payouts", "release", String(line), "--as", "petugas.klaim", "--bic", "BRI", "--account", "1",
                "--holder", "X",
            ]
                + database)
        #expect(release.status == 65)
        #expect(
            release.stderr
                == "error: bank_account.bank_bic: bukan BIC (8 atau 11 huruf kapital atau angka, mis. BRINIDJA)\n")
        for form in [["--json"], ["--csv"]] {
            let machine = try indonesian.run(["payouts", "waiting"] + form + database)
            #expect(machine.stdout == (try CLIRunner().run(["payouts", "waiting"] + form + database)).stdout)
        }
    }

    /// A name shared by more participants than the search lists (50): `find` said nothing of the rest and `show` said
    /// "50 match".
    @Test func aSearchCutAtItsLimitSaysThereMayBeMore() throws {
        var rows = FrontDoorCLITests.participants.split(separator: "\n").prefix(1).joined() + "\n"
        for number in 10...60 {
            rows +=
                "12220107078200\(number),Ucok Siregar \(number),1982-07-07,M,221099010\(number),BPU,,petani,JKK+JKM,,"
                + "2022-03-01,,Rantauprapat,2022-03-01,1500000\n"
        }
        let (_, database) = try FrontDoorCLITests().database([("participants", rows)])
        let found = try indonesian.run(["participant", "find", "ucok"] + database)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(
            found.stderr
                == "50 yang pertama menurut nama; mungkin ada lebih banyak: ketik nama lebih lengkap, atau NIK atau KPJ\n"
        )
        let shown = try indonesian.run(["participant", "show", "ucok"] + database)
        #expect(shown.status == 65)
        #expect(shown.stderr.hasPrefix("error: PARTICIPANT: 50 peserta atau lebih cocok dengan \"ucok\" ("))
        let few = try indonesian.run(["participant", "find", "ucok siregar 1"] + database)
        #expect(few.stderr.isEmpty, "\(few.stderr)")
    }

    /// The participant page wrote the employer's and the sponsor's kinds as the data's codes.
    @Test func theParticipantPageNamesKindsInIndonesian() throws {
        let (_, database) = try FrontDoorCLITests().database()
        let page = try indonesian.run(["participant", "show", "22109900777"] + database)
        #expect(page.status == 0, "\(page.stderr)")
        #expect(
            page.stdout.contains("  pemberi kerja: Darmawan Lubis (nelayan, BPU rentan) (mandiri)\n"), "\(page.stdout)")
        #expect(page.stdout.contains("Labuhanbatu Selatan (pemerintah daerah), "), "\(page.stdout)")
        let english = try CLIRunner().run(["participant", "show", "22109900777"] + database)
        #expect(english.stdout.contains("(self)\n") && english.stdout.contains("(local_government), "))
    }
}
