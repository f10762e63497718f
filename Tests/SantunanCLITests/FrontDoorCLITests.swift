import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// The claims office's front door (issue 18): `participant show|find` and `claim new`, on a database holding the
/// fisherman of the issue: a BPU member paid for by the regency, who died in a traffic accident on the way to work.
@Suite struct FrontDoorCLITests {
    let cli = CLIRunner()

    static let participants = """
        nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,reported_on,reported_wage
        1222010505800007,Darmawan Lubis,1980-05-05,M,22109900777,BPU,,"Darmawan Lubis (nelayan, BPU rentan)",JKK+JKM,,2022-01-01,,Rantauprapat,2022-01-01,1000000
        1222010707820003,Darmawan Siregar,1982-07-07,M,22109900888,BPU,,"Darmawan Siregar (petani)",JKK+JKM,,2022-03-01,,Rantauprapat,2022-03-01,1500000

        """
    static var contributions: String {
        var text = "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n"
        for month in 1...11 {
            let m = String(format: "%02d", month)
            let next = String(format: "%02d", month + 1)
            text += "22109900777,2022-\(m),1000000,10000,6800,0,0,2022-\(next)-15,2022-\(m)-05\n"
        }
        // December is due after the event and unpaid: one month of arrears by the fixed clock below.
        text += "22109900777,2022-12,1000000,10000,6800,0,0,2023-01-15,\n"
        return text
    }
    static let sponsors = """
        sponsor,kind,programs,from,to,kpj
        Pemerintah Kabupaten Labuhanbatu Selatan,local_government,JKK+JKM,2022-01-01,2022-12-31,22109900777

        """

    static let caseID = "22109900777-20221114-work_accident_death"
    static let documents = [
        "death_certificate", "family_card", "police_report", "heir_certificate", "marriage_certificate", "id_card",
        "bank_book", "accident_report", "medical_certificate",
    ]

    /// The same case written by hand, as an officer would have before `claim new`.
    static let handWritten = """
        {
          "case_id": "22109900777-20221114-work_accident_death",
          "claim_date": "2022-11-28",
          "participant": {
            "nik": "1222010505800007", "name": "Darmawan Lubis", "birth_date": "1980-05-05", "sex": "M",
            "memberships": [
              {
                "kpj": "22109900777", "segment": "BPU",
                "employer": { "npp": null, "name": "Darmawan Lubis (nelayan, BPU rentan)", "kind": "self" },
                "start": "2022-01-01", "end": null, "programs": ["JKK", "JKM"], "risk_group": null,
                "reported_wage": 1000000,
                "contributions": [
                  { "month": "2022-01", "wage": 1000000, "paid_on": "2022-01-05" },
                  { "month": "2022-02", "wage": 1000000, "paid_on": "2022-02-05" },
                  { "month": "2022-03", "wage": 1000000, "paid_on": "2022-03-05" },
                  { "month": "2022-04", "wage": 1000000, "paid_on": "2022-04-05" },
                  { "month": "2022-05", "wage": 1000000, "paid_on": "2022-05-05" },
                  { "month": "2022-06", "wage": 1000000, "paid_on": "2022-06-05" },
                  { "month": "2022-07", "wage": 1000000, "paid_on": "2022-07-05" },
                  { "month": "2022-08", "wage": 1000000, "paid_on": "2022-08-05" },
                  { "month": "2022-09", "wage": 1000000, "paid_on": "2022-09-05" },
                  { "month": "2022-10", "wage": 1000000, "paid_on": "2022-10-05" },
                  { "month": "2022-11", "wage": 1000000, "paid_on": "2022-11-05" },
                  { "month": "2022-12", "wage": 1000000, "paid_on": null }
                ],
                "sponsor": { "name": "Pemerintah Kabupaten Labuhanbatu Selatan", "kind": "local_government",
                             "from": "2022-01-01", "to": "2022-12-31", "programs": ["JKK", "JKM"] }
              }
            ],
            "jht_balance_statement": null
          },
          "event": { "type": "work_accident_death", "date": "2022-11-14", "membership": "22109900777", "accident": null },
          "heirs": [
            { "nik": "1222014101850002", "name": "Siti Aminah", "relation": "spouse", "birth_date": "1985-01-01",
              "payee": true, "bank_account": { "bank_bic": "BRINIDJA", "number": "012345678901", "holder": "Siti Aminah" },
              "documents": ["death_certificate", "family_card", "police_report", "heir_certificate",
                            "marriage_certificate", "id_card", "bank_book", "accident_report", "medical_certificate"] }
          ]
        }
        """

    /// A fresh database holding the fisherman, and the `--database-url` arguments naming it.
    func database(
        _ files: [(String, String)] = [
            ("participants", Self.participants), ("contributions", Self.contributions), ("sponsors", Self.sponsors),
        ]
    ) throws -> (conninfo: String, arguments: [String]) {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let directory = try ScratchDirectory(prefix: "santunan-front-door-")
        defer { directory.remove() }
        for (kind, text) in files {
            let url = directory.url.appendingPathComponent("\(kind).csv")
            try Data(text.utf8).write(to: url)
            let loaded = try cli.run(["import", kind, url.path, "--database-url", conninfo])
            #expect(loaded.status == 0, "\(kind): \(loaded.stderr)")
        }
        return (conninfo, ["--database-url", conninfo])
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("santunan-\(UUID().uuidString)-\(name)").path
    }

    /// `claim compute --json` of a case file.
    func computed(_ path: String) throws -> String {
        let outcome = try cli.run(["claim", "compute", path, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }

    func handWrittenResult() throws -> String {
        let path = Self.temporaryPath("hand.case.json")
        try Data(Self.handWritten.utf8).write(to: URL(fileURLWithPath: path))
        return try computed(path)
    }

    /// Runs `santunan ARGUMENTS` on a pseudo-terminal fed `answers` (one line each), the end of input after them
    /// (Ctrl-D); returns the exit status and the terminal's transcript (echoed answers, prompts, stdout, stderr).
    static func onATerminal(_ arguments: [String], answers: [String], environment extra: [String: String] = [:])
        throws -> (status: Int32, transcript: String)
    {
        let command = ([CLIRunner.executable.path] + arguments)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        // script(1) runs the command on a pseudo-terminal: stdin is a terminal for `claim new`, so it prompts.
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.currentDirectoryURL = CLIRunner.repository
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data((answers.joined(separator: "\n") + "\n").utf8))
        // The end of the answers is the officer's Ctrl-D: script(1) passes it on as the terminal's end of input.
        try? input.fileHandleForWriting.close()
        // A prompt that never reads the end would wait forever: stop the run after two minutes.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { process.terminate() } }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    // MARK: - participant show / find

    @Test func participantShowFindsTheFishermanByNIKKPJAndName() throws {
        let (_, database) = try database()
        let clock = ["SANTUNAN_FIXED_CLOCK": "2023-02-01T09:00:00+07:00"]
        let runner = CLIRunner(environment: clock)
        for reference in ["1222010505800007", "22109900777", "darmawan lubis", "LUBIS"] {
            let shown = try runner.run(["participant", "show", reference] + database)
            #expect(shown.status == 0, "\(reference): \(shown.stderr)")
            #expect(shown.stdout.hasPrefix("Darmawan Lubis\nNIK 1222010505800007, born 1980-05-05"), "\(reference)")
            #expect(
                shown.stdout.contains(
                    "  sponsor:       Pemerintah Kabupaten Labuhanbatu Selatan (local_government), 2022-01-01 to "
                        + "2022-12-31, JKK+JKM\n"))
            #expect(
                shown.stdout.contains(
                    "  contributions: 12 months, 11 paid, last paid 2022-11; arrears 1 month, Rp 16.800\n"))
            #expect(shown.stdout.contains("JHT balance: none (no JHT membership)\n"))
            #expect(shown.stdout.contains("2022-01-01 to 2022-12-31"))
            #expect(shown.stdout.contains("Claims: none"))
        }
        let json = try runner.run(["participant", "show", "22109900777", "--json"] + database)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["nik"] as? String == "1222010505800007")
        #expect(object["jht_balance"] is NSNull)
        let membership = try #require((object["memberships"] as? [[String: Any]])?.first)
        #expect(membership["segment"] as? String == "BPU")
        let summary = try #require(membership["contributions"] as? [String: Any])
        #expect(summary["months"] as? Int == 12)
        #expect(summary["paid_months"] as? Int == 11)
        #expect(summary["last_paid_month"] as? String == "2022-11")
        #expect(summary["arrears_months"] as? Int == 1)
        #expect(summary["arrears_amount"] as? Int == 16_800)

        let csv = try runner.run(["participant", "show", "22109900777", "--csv", "--csv-separator", ";"] + database)
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "kpj;segment;employer_or_sponsor;window;programs;months;paid;last_paid;arrears_months;arrears")
        #expect(
            lines.dropFirst().first
                == "22109900777;BPU;sponsor: Pemerintah Kabupaten Labuhanbatu Selatan (local_government);"
                + "2022-01-01 to 2022-12-31;JKK+JKM;12;11;2022-11;1;16800")

        // JSON and CSV are the same in both languages; the page is Indonesian with --lang id (issue 20).
        let indonesian = CLIRunner(environment: clock.merging(["SANTUNAN_LANG": "id"]) { $1 })
        for arguments in [
            ["participant", "show", "22109900777", "--json"], ["participant", "show", "22109900777", "--csv"],
            ["participant", "find", "DARMAWAN", "--csv"], ["participant", "find", "mawan lu", "--json"],
        ] {
            let english = try runner.run(arguments + database)
            let translated = try indonesian.run(arguments + database)
            #expect(english.status == 0)
            #expect(english.stdout == translated.stdout, "\(arguments)")
        }
        let page = try indonesian.run(["participant", "show", "22109900777"] + database)
        #expect(page.stdout.hasPrefix("Darmawan Lubis\nNIK 1222010505800007, lahir 5 Mei 1980"), "\(page.stdout)")
        #expect(page.stdout.contains("Saldo JHT: tidak ada (bukan peserta JHT)\n"))
        #expect(page.stdout.contains("; tunggakan 1 bulan, Rp 16.800\n"))

        let found = try runner.run(["participant", "find", "mawan lu", "--json"] + database)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("\"kpjs\": [\"22109900777\"]"))
        let table = try runner.run(["participant", "find", "DARMAWAN"] + database)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.split(separator: "\n").count == 4)
        #expect(table.stdout.contains("1222010707820003  Darmawan Siregar  1982-07-07  22109900888"))
        let ambiguous = try runner.run(["participant", "show", "darmawan"] + database)
        #expect(ambiguous.status == 65)
        #expect(
            ambiguous.stderr
                == "error: PARTICIPANT: 2 participants match \"darmawan\" (1222010505800007 Darmawan Lubis, "
                + "1222010707820003 Darmawan Siregar): name one by NIK or KPJ\n")
        // Not found exits 66 in every command (issue 18; it was 65 here).
        let none = try runner.run(["participant", "show", "9999999999999999"] + database)
        #expect(none.status == 66)
        #expect(
            none.stderr == "error: PARTICIPANT: no participant has the NIK, KPJ or name \"9999999999999999\"\n")
    }

    // MARK: - claim new

    @Test func claimNewFromFlagsAloneBuildsThePayableFishermanCaseAndSubmitsIt() throws {
        let (conninfo, database) = try database()
        let out = Self.temporaryPath("flags.case.json")
        var arguments = [
            "claim", "new", "--participant", "22109900777", "--event", "work_accident_death", "--event-date",
            "2022-11-14", "--claim-date", "2022-11-28",
            "--heir", "relation=spouse,nik=1222014101850002,name=Siti Aminah,birth_date=1985-01-01",
            "--payee-account", "BRINIDJA:012345678901", "--out", out, "--submit", "--as", "officer1",
        ]
        for document in Self.documents { arguments += ["--document", document] }
        let made = try cli.run(arguments + database)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("Claim \(Self.caseID): payable"), "\(made.stdout)")
        #expect(made.stderr.contains("submitted \(Self.caseID): submission 1, queued"))
        #expect(try computed(out) == (try handWrittenResult()))
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        let stored = try connection.execute("SELECT case_id, submitted_by FROM submissions")
        #expect(stored.rowCount == 1)
        #expect(try stored[0].decode(String.self, column: 0) == Self.caseID)
        // The participant's page lists the claim, waiting for a worker.
        let shown = try cli.run(["participant", "show", "1222010505800007"] + database)
        #expect(shown.status == 0, "\(shown.stderr)")
        // (Issue 18: the claims table is `claim list`'s, with the name, NIK and KPJ.)
        #expect(shown.stdout.contains("1      \(Self.caseID)  Darmawan Lubis  1222010505800007  22109900777  "))
        #expect(shown.stdout.contains("work_accident_death  2022-11-14  pending"))
        // The same claim built again is the same case id: submitting it again finds the first submission.
        let again = try cli.run(arguments + database)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("already submitted \(Self.caseID): submission 1"))
    }

    /// The seed case `seed-labusel-bpu-a-accident` (a sponsored BPU rubber tapper's work accident: two months of
    /// STMB and two trips) built from the database and flags computes exactly as the shipped hand-written file.
    @Test func claimNewBuildsTheSeedBPUAccidentFromTheDatabaseAndFlags() throws {
        let (_, database) = try database([
            (
                "participants",
                """
                nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,reported_on,reported_wage
                1222012501790041,Ponijan,1979-01-25,M,22109900411,BPU,,"Ponijan (penderes karet, BPU rentan)",JKK+JKM,,2022-10-01,,Rantauprapat,2022-10-01,1000000

                """
            ),
            (
                "contributions",
                """
                kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
                22109900411,2022-10,1000000,10000,6800,0,0,2022-11-15,2022-10-05
                22109900411,2022-11,1000000,10000,6800,0,0,2022-12-15,2022-11-05
                22109900411,2022-12,1000000,10000,6800,0,0,2023-01-15,2022-12-05

                """
            ),
            (
                "sponsors",
                """
                sponsor,kind,programs,from,to,kpj
                Pemerintah Kabupaten Labuhanbatu Selatan,local_government,JKK+JKM,2022-10-01,2022-12-31,22109900411

                """
            ),
        ])
        let out = Self.temporaryPath("accident.case.json")
        let missing = try cli.run(
            ["claim", "new", "--participant", "22109900411", "--event", "work_accident", "--event-date", "2022-11-14"]
                + database)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("error: --incapacity-months: a work accident states the months"))
        let made = try cli.run(
            [
                "claim", "new", "--participant", "1222012501790041", "--event", "work_accident", "--event-date",
                "2022-11-14", "--claim-date", "2023-01-16", "--incapacity-months", "2", "--transport", "land:450000",
                "--transport", "land:300.000", "--case-id", "LBS-2022-0001", "--out", out,
            ] + database)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("Claim LBS-2022-0001: payable"), "\(made.stdout)")
        let seed = CLIRunner.repository.appendingPathComponent("cases/seed-labusel-bpu-a-accident.case.json").path
        #expect(try computed(out) == (try computed(seed)))
    }

    @Test func claimNewWithoutATerminalNamesTheMissingFlagWithExit64() throws {
        let (_, database) = try database()
        let missingEvent = try cli.run(["claim", "new", "--participant", "22109900777"] + database)
        #expect(missingEvent.status == 64)
        #expect(missingEvent.stderr == "error: --event: is required (no terminal to ask on)\n")
        let missingHeir = try cli.run(
            ["claim", "new", "--participant", "22109900777", "--event", "death", "--event-date", "2022-11-14"]
                + database)
        #expect(missingHeir.status == 64)
        #expect(missingHeir.stderr.hasPrefix("error: --heir: a death claim names its heirs"))
        let badEvent = try cli.run(["claim", "new", "--participant", "22109900777", "--event", "accident"] + database)
        #expect(badEvent.status == 64)
        #expect(badEvent.stderr.hasPrefix("error: --event: \"accident\" is not an event type; one of death, "))
        let base = [
            "claim", "new", "--participant", "22109900777", "--event", "death", "--event-date", "2022-11-14",
            "--document", "death_certificate", "--payee-account", "BRINIDJA:012345678901",
            "--out", Self.temporaryPath("refused.case.json"),
        ]
        let child = try cli.run(base + ["--heir", "relation=child,nik=1222014101100003,name=Andi"] + database)
        #expect(child.status == 64)
        #expect(child.stderr == "error: --heir: birth_date= is required for a child\n")
        let bank = try cli.run(
            base + ["--heir", "relation=spouse,nik=1222014101850002,name=Siti", "--payee-account", "BRI:12"] + database)
        #expect(bank.status == 64)
        #expect(bank.stderr.hasPrefix("error: --payee-account: \"BRI\" is not a bank BIC"))
        // What only the reader can judge is exit 65 naming the case-file field.
        let late = try cli.run(
            base + ["--heir", "relation=child,nik=1222014101100003,name=Andi,birth_date=2023-01-01"] + database)
        #expect(late.status == 65)
        #expect(late.stderr == "error: heirs[0].birth_date: \"2023-01-01\" is after event.date\n")
    }

    @Test func claimNewOnATerminalAsksForTheFishermansCaseAndAgreesWithTheHandWrittenOne() throws {
        let (_, database) = try database()
        let out = Self.temporaryPath("pty.case.json")
        // The officer's answers, one per prompt; "accident" is refused and asked again.
        let answers = [
            "22109900777", "accident", "work_accident_death", "2022-11-14", "2022-11-28",
            "spouse", "1222014101850002", "Siti Aminah", "1985-01-01", "",
            Self.documents.joined(separator: ","), "BRINIDJA:012345678901",
        ]
        let (status, transcript) = try Self.onATerminal(["claim", "new", "--out", out] + database, answers: answers)
        #expect(status == 0, "\(transcript)")
        #expect(transcript.contains("Event type: "))
        #expect(transcript.contains("\"accident\" is not an event type"))
        #expect(transcript.contains("work_accident_death: death from a work accident, on the job or on the journey"))
        #expect(
            transcript.contains(
                "Required for work_accident_death: death_certificate (akta kematian), family_card (kartu keluarga)"))
        #expect(transcript.contains("Claim \(Self.caseID): payable"))
        #expect(try computed(out) == (try handWrittenResult()))
    }

    // MARK: - Session 8: the officer's mistakes, in Bahasa Indonesia (docs/decisions/0024)

    @Test func anOfficerInIndonesianIsAskedAgainAfterAnUnknownKPJADayTheCalendarLacksAShortNIKAndAnEmptyFirstHeir()
        throws
    {
        let (_, database) = try database()
        let out = Self.temporaryPath("mistakes.case.json")
        let answers = [
            "99999999999", "22109900777",  // not found: asked again (it was exit 66)
            "work_accident_death", "31/02/2024", "2024-02-30", "2022-11-14", "2022-11-28",
            "", "",  // an empty first heir is confirmed; no (empty) asks for the heir again
            "spouse", "122201410185000", "1222014101850002", "Siti Aminah", "1985-01-01", "",
            Self.documents.joined(separator: ","), "BRINIDJA:012345678901",
        ]
        let (status, transcript) = try Self.onATerminal(
            ["claim", "new", "--out", out] + database, answers: answers, environment: ["SANTUNAN_LANG": "id"])
        #expect(status == 0, "\(transcript)")
        #expect(
            transcript.contains("  tidak ada peserta dengan NIK, KPJ atau nama \"99999999999\"\r\n"), "\(transcript)")
        #expect(transcript.contains("Darmawan Lubis, NIK 1222010505800007, lahir 5 Mei 1980"))
        #expect(
            transcript.contains("  \"31/02/2024\" bukan tanggal YYYY-MM-DD (tahun-bulan-tanggal, mis. 2024-02-29)\r\n"))
        #expect(transcript.contains("  \"2024-02-30\" tidak ada di kalender: Februari 2024 hanya punya 29 hari\r\n"))
        #expect(
            transcript.contains("Tidak ada ahli waris sama sekali? Santunan lalu dibayarkan ke Dana Jaminan Sosial"))
        #expect(transcript.contains("  \"122201410185000\" berisi 15 angka; NIK terdiri atas 16 angka\r\n"))
        #expect(transcript.contains("Rekening bank penerima BANK:NOMOR[:NAMA] (mis. BRINIDJA:012345678901): "))
        #expect(transcript.contains("Klaim \(Self.caseID): dapat dibayar"), "\(transcript)")
        #expect(try computed(out) == (try handWrittenResult()))
    }

    @Test func aDeathWithNoHeirIsConfirmedAndItsWarningIsIndonesian() throws {
        let (_, database) = try database()
        let out = Self.temporaryPath("no-heir.case.json")
        let answers = ["22109900777", "death", "2022-11-14", "2022-11-28", "", "ya", "death_certificate,id_card"]
        let (status, transcript) = try Self.onATerminal(
            ["claim", "new", "--out", out] + database, answers: answers, environment: ["SANTUNAN_LANG": "id"])
        #expect(status == 0, "\(transcript)")
        #expect(
            transcript.contains(
                "  - tidak ada ahli waris dan tidak ada wasiat: santunan untuk Dana Jaminan Sosial "
                    + "(PP 44/2015 Pasal 37(5))"), "\(transcript)")
        #expect(!transcript.contains("no heir and no will"))
    }

    @Test func ctrlDInAPromptEndsItsLineSaysNothingWasWrittenAndExits64() throws {
        let (_, database) = try database()
        let out = Self.temporaryPath("ctrl-d.case.json")
        let (status, transcript) = try Self.onATerminal(
            ["claim", "new", "--out", out] + database, answers: ["22109900777", "death"],
            environment: ["SANTUNAN_LANG": "id"])
        #expect(status == 64, "\(transcript)")
        #expect(
            transcript.hasSuffix(
                "Tanggal peristiwa (YYYY-MM-DD): \r\nerror: --event-date: masukan berakhir sebelum dijawab: tidak ada "
                    + "yang ditulis atau diajukan; jalankan santunan claim new lagi, atau berikan --event-date\r\n"),
            "\(transcript)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func flagMistakesInIndonesianSayWhatIsWrongWithExit64() throws {
        let (_, database) = try database()
        let indonesian = CLIRunner(environment: ["SANTUNAN_LANG": "id"])
        let base = ["claim", "new", "--participant", "22109900777", "--event", "death"]
        let noSuchDay = try indonesian.run(base + ["--event-date", "2024-02-30"] + database)
        #expect(noSuchDay.status == 64)
        #expect(
            noSuchDay.stderr
                == "error: --event-date: \"2024-02-30\" tidak ada di kalender: Februari 2024 hanya punya 29 hari\n")
        let english = try cli.run(base + ["--event-date", "2023-02-29"] + database)
        #expect(english.status == 64)
        #expect(
            english.stderr == "error: --event-date: \"2023-02-29\" is not a day of the calendar: 2023-02 has 28 days\n")
        let shortNIK = try indonesian.run(
            base + ["--event-date", "2022-11-14", "--heir", "relation=spouse,nik=122201410185000,name=Siti"] + database)
        #expect(shortNIK.status == 64)
        #expect(
            shortNIK.stderr == "error: --heir nik: \"122201410185000\" berisi 15 angka; NIK terdiri atas 16 angka\n")
        // The placeholders of an Indonesian message are Indonesian words, as in the help (MODA:JUMLAH, ya/tidak).
        let transport = try indonesian.run(
            [
                "claim", "new", "--participant", "22109900777", "--event", "work_accident", "--event-date",
                "2022-11-14",
                "--incapacity-months", "0", "--transport", "car:100000",
            ] + database)
        #expect(transport.status == 64)
        #expect(
            transport.stderr == "error: --transport: \"car:100000\" bukan MODA:JUMLAH dengan MODA land, sea atau air\n")
        let payee = try indonesian.run(
            base + [
                "--event-date", "2022-11-14", "--heir", "relation=spouse,nik=1222014101850002,name=Siti,payee=mungkin",
            ]
                + database)
        #expect(payee.status == 64)
        #expect(payee.stderr == "error: --heir payee: \"mungkin\" bukan ya atau tidak (yes/no)\n")
        let medical = try indonesian.run(
            [
                "claim", "new", "--participant", "22109900777", "--event", "work_accident", "--event-date",
                "2022-11-14",
                "--claim-date", "2022-11-28", "--incapacity-months", "2", "--medical", "5.000.000",
                "--out", Self.temporaryPath("medical.case.json"),
            ] + database)
        #expect(medical.status == 0, "\(medical.stderr)")
        #expect(
            medical.stdout.contains("      rumus:     biaya pengobatan Rp 5.000.000 (tanpa batas atas)\n"),
            "\(medical.stdout)")
    }
}

/// `claim new` on the demo's generated data (SampleGenerator): a fisherman among the BPU workers the regency sponsors.
@Suite struct FrontDoorDemoDataCLITests {
    let cli = CLIRunner()

    @Test func aSponsoredFishermanOfTheDemoDataGetsAPayableClaimFromFlags() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let database = ["--database-url", conninfo]
        let directory = try ScratchDirectory(prefix: "santunan-front-door-sample-")
        defer { directory.remove() }
        let generated = try cli.run([
            "sample", "generate", "--participants", "400", "--years", "3", "--seed", "18", "--out", directory.url.path,
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        for kind in ["employers", "participants", "contributions", "sponsors"] {
            let loaded = try cli.run(
                ["import", kind, directory.url.appendingPathComponent("\(kind).csv").path] + database)
            #expect(loaded.status == 0, "\(kind): \(loaded.stderr)")
        }
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        // A fisherman (nelayan) sponsored by the regency, who paid November 2022.
        let found = try connection.execute(
            """
            SELECT m.kpj FROM membership m JOIN sponsor_cover c ON c.membership_id = m.id
            JOIN contribution k ON k.membership_id = m.id AND k.month = DATE '2022-11-01' AND k.paid_on IS NOT NULL
            WHERE m.segment = 'BPU' AND m.work_description LIKE '%nelayan%' ORDER BY m.kpj LIMIT 1
            """)
        let kpj = try #require(found.rowCount == 1 ? try found[0].decode(String.self, column: 0) : nil)
        let out = FrontDoorCLITests.temporaryPath("demo.case.json")
        var arguments = [
            "claim", "new", "--participant", kpj, "--event", "work_accident_death", "--event-date", "2022-11-14",
            "--claim-date", "2022-11-28",
            "--heir", "relation=spouse,nik=1222014101850002,name=Siti Aminah,birth_date=1985-01-01",
            "--payee-account", "BRINIDJA:012345678901", "--out", out,
        ]
        for document in FrontDoorCLITests.documents { arguments += ["--document", document] }
        let made = try cli.run(arguments + database)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("Claim \(kpj)-20221114-work_accident_death: payable"), "\(made.stdout)")
        #expect(made.stdout.contains("jkk.death"))
    }
}
