import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// The claims office finds, reads and computes claims in its own language (issues 18 and 20, Session 6): `claim
/// list` by participant, ids in any case, the readable `claim show`, document substitutes, the Indonesian
/// `claim compute`, and golden files of the human output in both languages.
///
/// Golden files live in `Tests/SantunanCLITests/Golden/<command>.<case>.<lang>.txt`. After a deliberate change of
/// the output, regenerate them with `SANTUNAN_UPDATE_GOLDEN=1 swift test --skip-build --filter ClaimsDoorCLITests`
/// and review the diff.
@Suite struct ClaimsDoorCLITests {
    static let seeds = [
        "seed-honorer-jkm-42jt-a", "seed-honorer-jkm-42jt-b", "seed-labusel-bpu-a-accident",
        "seed-labusel-bpu-b-death-under-3-months", "seed-labusel-bpu-c-after-window", "seed-sttc-composite-384jt",
    ]

    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A fresh database with the seed cases (and the incomplete one) submitted and computed.
    static func computedSeeds() throws -> [String] {
        let database = ["--database-url", try TestDatabase.shared.freshDatabase()]
        let cli = CLIRunner()
        for name in seeds + ["missing-documents-incomplete"] {
            let submitted = try cli.run(["claim", "submit", "cases/\(name).case.json", "--as", "ani"] + database)
            #expect(submitted.status == 0, "\(name): \(submitted.stderr)")
        }
        let worked = try cli.run(["worker", "run", "--until-empty"] + database)
        #expect(worked.status == 0, "\(worked.stderr)")
        return database
    }

    static func english() -> CLIRunner { CLIRunner(environment: ["SANTUNAN_LANG": "en"]) }
    static func indonesian() -> CLIRunner { CLIRunner(environment: ["SANTUNAN_LANG": "id"]) }

    // MARK: - Finding claims

    @Test func claimListFindsAParticipantsClaimsByNIKKPJAndNameWithThoseColumns() throws {
        let database = try Self.computedSeeds()
        let cli = Self.english()
        // PMS-2022-0001 (Hendra Saragih's death), found by the participant's NIK, KPJ and name.
        let all = try cli.run(["claim", "list", "--json"] + database)
        #expect(all.status == 0, "\(all.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 7)
        let first = try #require(rows.first { $0["case_id"] as? String == "PMS-2022-0001" })
        let nik = try #require(first["nik"] as? String)
        let kpj = try #require(first["kpj"] as? String)
        let name = try #require(first["name"] as? String)
        #expect(nik.count == 16 && !name.isEmpty)
        for reference in [nik, kpj] {
            let found = try cli.run(["claim", "list", "--participant", reference, "--json"] + database)
            #expect(found.status == 0, "\(found.stderr)")
            let matches = try #require(
                try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])
            #expect(matches.map { $0["case_id"] as? String } == ["PMS-2022-0001"], "\(reference)")
        }
        let byNIK = try cli.run(["claim", "list", "--nik", nik, "--csv"] + database)
        #expect(byNIK.stdout.split(separator: "\n").count == 2, "\(byNIK.stdout)")
        // A part of the name, in another case.
        let part = String(name.split(separator: " ").last ?? Substring(name)).uppercased()
        let byName = try cli.run(["claim", "list", "--participant", part] + database)
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("PMS-2022-0001"))
        #expect(byName.stdout.contains(nik) && byName.stdout.contains(kpj) && byName.stdout.contains(name))
        let heading = try #require(byName.stdout.split(separator: "\n").first)
        #expect(heading.hasPrefix("claim  case_id") && heading.contains("name") && heading.contains("nik"))
        // Status, program and event-date filters.
        let incomplete = try cli.run(["claim", "list", "--status", "incomplete", "--csv"] + database)
        #expect(
            incomplete.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] } == [
                "JKM-2024-0251"
            ])
        let jkk = try cli.run(["claim", "list", "--program", "jkk", "--json"] + database)
        let jkkRows = try #require(try JSONSerialization.jsonObject(with: Data(jkk.stdout.utf8)) as? [[String: Any]])
        #expect(Set(jkkRows.compactMap { $0["case_id"] as? String }) == ["STTC-2022-0001", "LBS-2022-0001"])
        let dated = try cli.run(["claim", "list", "--from", "2022-01-01", "--to", "2022-01-31", "--json"] + database)
        let datedRows = try #require(
            try JSONSerialization.jsonObject(with: Data(dated.stdout.utf8)) as? [[String: Any]])
        #expect(datedRows.allSatisfy { ($0["event_date"] as? String ?? "").hasPrefix("2022-01") })
        #expect(!datedRows.isEmpty)
        // An incomplete claim's "payable now" (stored, and in JSON) is not shown to people: one amount, its total.
        let table = try cli.run(["claim", "list", "--status", "incomplete"] + database)
        let row = try #require(table.stdout.split(separator: "\n").last)
        #expect(row.components(separatedBy: "Rp 42.000.000").count == 2, "\(row)")
        let stored = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try cli.run(["claim", "list", "--status", "incomplete", "--json"] + database).stdout.utf8))
                as? [[String: Any]])
        #expect(stored.first?["payable_now"] as? Int == 42_000_000)
        // Bad filters are usage errors naming the option.
        let badStatus = try cli.run(["claim", "list", "--status", "paid"] + database)
        #expect(badStatus.status == 64)
        #expect(badStatus.stderr == "error: --status: \"paid\" is not one of payable, incomplete, rejected, pending\n")
        let badDate = try cli.run(["claim", "list", "--from", "2022-13-01"] + database)
        #expect(badDate.status == 64)
        #expect(badDate.stderr == "error: --from: 2022-13-01 is not a date (YYYY-MM-DD)\n")
    }

    @Test func claimIDsAreFoundInAnyCaseAndAMissingClaimExits66() throws {
        let database = try Self.computedSeeds()
        let cli = Self.english()
        let upper = try cli.run(["claim", "show", "PMS-2022-0001", "--json"] + database)
        let lower = try cli.run(["claim", "show", "pms-2022-0001", "--json"] + database)
        #expect(upper.status == 0 && lower.status == 0, "\(lower.stderr)")
        #expect(lower.stdout == upper.stdout)
        let missing = try cli.run(["claim", "show", "pms-2099-0001"] + database)
        #expect(missing.status == 66)
        #expect(missing.stderr == "error: pms-2099-0001: no claim or submission has this id or case_id\n")
    }

    // MARK: - The readable claim show

    @Test func claimShowIsAReadablePageUnder60LinesOf100Columns() throws {
        let database = try Self.computedSeeds()
        for cli in [Self.english(), Self.indonesian()] {
            let shown = try cli.run(["claim", "show", "sttc-2022-0001"] + database)
            #expect(shown.status == 0, "\(shown.stderr)")
            let lines = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count < 60, "\(lines.count) lines")
            #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
            // No raw JSON.
            #expect(!shown.stdout.contains("{") && !shown.stdout.contains("\"program\""))
            // Lines with their basis, payees, history, payout state.
            #expect(shown.stdout.contains("PP 82/2019 Lampiran III huruf B angka 4"))
            #expect(shown.stdout.contains("Rp 186.240.000"))
            #expect(shown.stdout.contains("1272014803850032"))
        }
        let english = try Self.english().run(["claim", "show", "sttc-2022-0001"] + database)
        #expect(english.stdout.contains("total Rp 384.293.015, payable now Rp 233.793.015"))
        #expect(english.stdout.contains("Status history:") && english.stdout.contains("Payouts: none yet"))
        #expect(english.stdout.contains("7 lines (amount, schedule, due date, payee; basis):"))

        // An incomplete claim: nothing "payable now"; what is missing, what it proves and how to supply it.
        let incomplete = try Self.english().run(["claim", "show", "JKM-2024-0251"] + database)
        #expect(incomplete.status == 0, "\(incomplete.stderr)")
        #expect(!incomplete.stdout.lowercased().contains("payable now"))
        #expect(incomplete.stdout.contains("Status: incomplete; total Rp 42.000.000, nothing to pay yet"))
        #expect(incomplete.stdout.contains("Missing: 2 documents"))
        #expect(incomplete.stdout.contains("  - surat keterangan ahli waris (heir_certificate): who inherits"))
        #expect(incomplete.stdout.contains("  - buku tabungan (bank_book): the account the benefit is paid into"))
        #expect(incomplete.stdout.contains("--add heir_certificate bank_book --as USER"))
    }

    @Test func claimShowJSONIsTheStoredResultAndTheSameInBothLanguages() throws {
        let database = try Self.computedSeeds()
        for arguments in [
            ["claim", "show", "STTC-2022-0001", "--json"], ["claim", "list", "--json"], ["claim", "list", "--csv"],
            ["claim", "list", "--csv", "--csv-separator", ";"],
            ["claim", "compute", "cases/seed-sttc-composite-384jt.case.json", "--json"],
        ] {
            let english = try Self.english().run(arguments + database)
            let indonesian = try Self.indonesian().run(arguments + database)
            #expect(english.status == 0, "\(arguments): \(english.stderr)")
            #expect(english.stdout == indonesian.stdout, "\(arguments)")
        }
        let shown = try Self.english().run(["claim", "show", "STTC-2022-0001", "--json"] + database)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 384_293_015)
        let history = try #require(object["status_history"] as? [[String: Any]])
        // Times with the WIB offset.
        #expect(history.allSatisfy { ($0["changed_at"] as? String ?? "").hasSuffix("+07:00") })
    }

    // MARK: - Compute once per submission

    /// `claim submit` parses and stores; the worker computes, once (ADR 0017, Session 6). A case that parses but
    /// cannot be computed is no longer refused at submit: its job fails naming the field, and no claim is stored.
    @Test func submitParsesAndTheWorkerComputesOnce() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let database = ["--database-url", conninfo]
        let cli = Self.english()
        let submitted = try cli.run(
            ["claim", "submit", "cases/invalid-three-children-undesignated.case.json", "--as", "ani"] + database)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(submitted.stdout.hasSuffix(": submission 1, queued\n"))
        let worked = try cli.run(["worker", "run", "--until-empty"] + database)
        #expect(worked.status == 0, "\(worked.stderr)")
        let claims = try SubmissionOpsCLITests.value(Int.self, "SELECT count(*)::int FROM claims", conninfo)
        #expect(claims == 0)
        let errors = try SubmissionOpsCLITests.value(
            String.self, "SELECT errors::text FROM heir_jobs WHERE submission_id = 1", conninfo)
        #expect(errors?.contains("case cannot be computed: heirs") == true, "\(errors ?? "no job")")
        let shown = try cli.run(["claim", "show", "1"] + database)
        #expect(shown.stdout.contains("Status: pending (waiting for a worker)"))
        #expect(shown.stdout.contains("job: waiting to retry"), "\(shown.stdout)")
        // A valid case: the worker stores the claim it computed.
        let valid = try cli.run(
            ["claim", "submit", "cases/seed-honorer-jkm-42jt-a.case.json", "--as", "ani"] + database)
        #expect(valid.status == 0, "\(valid.stderr)")
        _ = try cli.run(["worker", "run", "--until-empty"] + database)
        #expect(
            try SubmissionOpsCLITests.value(
                Int64.self, "SELECT total FROM claims WHERE case_id = 'PMS-2022-0001'", conninfo)
                == 42_000_000)
    }

    // MARK: - Documents: the office's names and substitutes

    @Test func aPoliceReportIsAcceptedForTheAccidentReport() throws {
        let path = try SubmissionOpsCLITests.changedCase("pp44-jkk-death-48x-one-child") { object in
            var heirs = object["heirs"] as! [[String: Any]]
            var documents = heirs[0]["documents"] as! [String]
            documents.removeAll { $0 == "accident_report" }
            heirs[0]["documents"] = documents
            object["heirs"] = heirs
        }
        let cli = Self.english()
        let without = try cli.run(["claim", "compute", path, "--json"])
        #expect(without.status == 0, "\(without.stderr)")
        #expect(without.stdout.contains("\"status\": \"incomplete\""))
        #expect(without.stdout.contains("missing document: accident_report"))

        let substituted = try SubmissionOpsCLITests.changedCase("pp44-jkk-death-48x-one-child") { object in
            var heirs = object["heirs"] as! [[String: Any]]
            var documents = heirs[0]["documents"] as! [String]
            documents.removeAll { $0 == "accident_report" }
            documents.append("police_report")
            heirs[0]["documents"] = documents
            object["heirs"] = heirs
        }
        let with = try cli.run(["claim", "compute", substituted, "--json"])
        #expect(with.status == 0, "\(with.stderr)")
        #expect(with.stdout.contains("\"status\": \"payable\""))
        #expect(!with.stdout.contains("missing document"))
    }

    // MARK: - Bahasa Indonesia

    @Test func claimComputeInIndonesianPrintsNoEnglishWord() throws {
        let arguments = ["claim", "compute", "cases/seed-honorer-jkm-42jt-a.case.json"]
        let indonesian = try CLIRunner(environment: ["LANG": "id_ID.UTF-8"]).run(arguments)
        #expect(indonesian.status == 0, "\(indonesian.stderr)")
        let english = try Self.english().run(arguments)
        // Every word of the English report that is not a name, a code or a citation must be gone.
        let englishWords = Self.words(english.stdout).filter { !Self.isNameCodeOrCitation($0) }
        let left = Self.words(indonesian.stdout).intersection(englishWords)
        #expect(left.isEmpty, "English words in the Indonesian output: \(left.sorted())\n\(indonesian.stdout)")
        #expect(!englishWords.isEmpty)
        #expect(indonesian.stdout.contains("Klaim PMS-2022-0001: dapat dibayar"))
        #expect(indonesian.stdout.contains("santunan berkala") || indonesian.stdout.contains("dibayar sekaligus"))
        #expect(indonesian.stdout.contains("8 Februari 2022"))
    }

    /// The words of `text`: runs of letters.
    static func words(_ text: String) -> Set<String> {
        Set(text.split { !$0.isLetter }.map { $0.lowercased() })
    }

    /// Names, codes and citations of the seed case's report, which stay as written in every language.
    static func isNameCodeOrCitation(_ word: String) -> Bool {
        // `x`: the multiplication sign of a citation (`24 x Rp 500.000`).
        ["pms", "jkm", "pp", "jo", "pasal", "rp", "nik", "death", "funeral", "periodic", "masa", "iur", "x"]
            .contains(word)
    }

    // MARK: - Golden files

    @Test(arguments: seeds)
    func claimComputeHumanOutputMatchesItsGoldenFiles(name: String) throws {
        for (language, cli) in [("en", Self.english()), ("id", Self.indonesian())] {
            let outcome = try cli.run(["claim", "compute", "cases/\(name).case.json"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            try Self.compare(outcome.stdout, golden: "claim-compute.\(name).\(language).txt")
        }
    }

    @Test func claimShowHumanOutputMatchesItsGoldenFiles() throws {
        let database = try Self.computedSeeds()
        for name in Self.seeds {
            let caseID = try Self.caseID(name)
            for (language, cli) in [("en", Self.english()), ("id", Self.indonesian())] {
                let outcome = try cli.run(["claim", "show", caseID] + database)
                #expect(outcome.status == 0, "\(outcome.stderr)")
                try Self.compare(Self.withoutTimes(outcome.stdout), golden: "claim-show.\(name).\(language).txt")
            }
        }
    }

    static func caseID(_ name: String) throws -> String {
        let data = try Data(contentsOf: CLIRunner.repository.appendingPathComponent("cases/\(name).case.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["case_id"] as? String)
    }

    /// The page with the moments it was submitted and computed (today's clock) written as `<time>`, and the
    /// worker's id (host, process) as `<worker>`.
    static func withoutTimes(_ text: String) -> String {
        text.replacing(
            #/(\d{4}-\d{2}-\d{2}|\d{1,2} [A-Za-z]+ \d{4}) \d{2}:\d{2}:\d{2} \+07:00/#, with: "<time>"
        ).replacing(#/[^ ]+:\d+:\d+:w\d+/#, with: "<worker>")
    }

    /// Compares `text` with the golden file `name` (or writes it with SANTUNAN_UPDATE_GOLDEN=1).
    static func compare(_ text: String, golden name: String) throws {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SANTUNAN_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs; SANTUNAN_UPDATE_GOLDEN=1 regenerates it")
    }
}
