import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// Golden files of the operations family's human output (issue 20): `report coverage`, `report sla` and the demo's
/// summary, in English and Indonesian, under `Tests/SantunanCLITests/Golden/<command>.<lang>.txt`; and their JSON and
/// CSV, byte-identical between the languages.
///
/// To regenerate after an intended change of wording or layout:
///
///     SANTUNAN_UPDATE_GOLDEN=1 swift test --skip-build --filter OpsGoldenTests
///
/// then read the diff of `Tests/SantunanCLITests/Golden/` before committing it.
@Suite(.serialized) struct OpsGoldenTests {
    /// The day the stories are told on (the sample data's months end in December 2024).
    static let clock = ["SANTUNAN_FIXED_CLOCK": "2025-01-15T10:00:00+07:00"]

    static var updating: Bool { ProcessInfo.processInfo.environment["SANTUNAN_UPDATE_GOLDEN"] == "1" }

    /// Compares `text` with the golden file `name` (or writes it when updating).
    static func golden(_ text: String, _ name: String) throws {
        let url = CLIRunner.repository.appendingPathComponent("Tests/SantunanCLITests/Golden/\(name)")
        if updating {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file (SANTUNAN_UPDATE_GOLDEN=1 regenerates it)")
    }

    /// A region of 300 generated participants imported into a fresh database.
    static func importedRegion(_ cli: CLIRunner) throws -> [String] {
        let database = ["--database-url", try TestDatabase.shared.freshDatabase()]
        let sample = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-ops-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: sample) }
        let generated = try cli.run([
            "sample", "generate", "--participants", "300", "--years", "3", "--seed", "2022", "--out", sample.path,
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        for kind in ["employers", "participants", "contributions", "sponsors"] {
            let imported = try cli.run(["import", kind, sample.appendingPathComponent("\(kind).csv").path] + database)
            #expect(imported.status == 0, "\(kind): \(imported.stderr)")
        }
        return database
    }

    @Test func reportCoverageInBothLanguages() throws {
        let cli = CLIRunner(environment: Self.clock)
        let database = try Self.importedRegion(cli)
        // The regency's sponsor window ending (December 2022), and employers in arrears (November 2024).
        for language in ["en", "id"] {
            var text = ""
            for day in ["2022-12-15", "2024-11-15"] {
                let report = try cli.run(["--lang", language, "report", "coverage", "--on", day] + database)
                #expect(report.status == 0, "\(report.stderr)")
                text += report.stdout + "\n"
            }
            try Self.golden(text, "report-coverage.\(language).txt")
        }
        // A branch office of the data (an unknown one is exit 66 since Session 8: WalkthroughCLITests).
        let branch = try cli.run(["--lang", "id", "report", "coverage", "--on", "2022-12-15", "--branch", "Binjai"] + database)
        #expect(branch.stdout.hasPrefix("Kepesertaan pada 15 Desember 2022, kantor cabang Binjai\n"))
        for form in [["--json"], ["--csv"], ["--csv", "--csv-separator", ";"]] {
            let english = try cli.run(["report", "coverage", "--on", "2022-12-15"] + form + database)
            let indonesian = try cli.run(["--lang", "id", "report", "coverage", "--on", "2022-12-15"] + form + database)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(english.stdout == indonesian.stdout, "\(form)")
        }
        let csv = try cli.run(["report", "coverage", "--on", "2022-12-15", "--csv", "--csv-separator", ";"] + database)
        #expect(csv.stdout.hasPrefix("section;key;name;kind;branch;count;detail\nactive_total;;;;;"))
        let json = try cli.run(["report", "coverage", "--on", "2022-12-15", "--json"] + database)
        #expect(json.stdout.contains("\"branch\" : null"))
        #expect(json.stdout.contains("\"employers_in_arrears\" : ["))
        let badDate = try cli.run(["report", "coverage", "--on", "2022-02-30"] + database)
        #expect(badDate.status == 64)
        #expect(badDate.stderr == "error: --on: \"2022-02-30\" is not a day of the calendar: 2022-02 has 28 days\n")
    }

    @Test func reportSLAInBothLanguages() throws {
        let cli = CLIRunner(environment: Self.clock)
        let conninfo = try TestDatabase.shared.freshDatabase()
        let database = ["--database-url", conninfo]
        for name in ["seed-honorer-jkm-42jt-a", "seed-honorer-jkm-42jt-b", "seed-sttc-composite-384jt"] {
            let submitted = try cli.run(["claim", "submit", "cases/\(name).case.json", "--as", "ani"] + database)
            #expect(submitted.status == 0, "\(submitted.stderr)")
        }
        let worked = try cli.run(["worker", "run", "--until-empty"] + database)
        #expect(worked.status == 0, "\(worked.stderr)")
        // The files were complete when the database's clock said so (today); the story is told as of Wednesday
        // 2024-04-03, so the deadlines (and the standing on 2024-04-23) are the same every day the test runs. The
        // history is insert-only: its trigger is set aside for this one fixture statement (superuser only).
        let connection = try Connection(conninfo, logger: TestLogging.logger("golden"))
        defer { connection.close() }
        try connection.execute("SET session_replication_role = replica")
        try connection.execute("UPDATE claim_status_history SET changed_at = '2024-04-03 11:00:00+07'")
        try connection.execute("UPDATE submissions SET submitted_at = '2024-04-03 11:00:00+07'")
        try connection.execute("SET session_replication_role = origin")
        for language in ["en", "id"] {
            let report = try cli.run(["--lang", language, "report", "sla", "--on", "2024-04-23", "--all"] + database)
            #expect(report.status == 0, "\(report.stderr)")
            try Self.golden(report.stdout, "report-sla.\(language).txt")
        }
    }

    /// The demo's summary (standard output) on a small region; the progress lines (standard error) hold timings.
    /// The second run, in Indonesian, reuses what the first left: the same figures in the other language.
    @Test func demoSummaryInBothLanguages() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-ops-demo-\(UUID().uuidString)")
        var environment = Self.clock
        environment["SANTUNAN_PGDATA"] = data.appendingPathComponent("pg").path
        let cli = CLIRunner(environment: environment)
        defer {
            _ = try? cli.run(["db", "stop"])
            try? FileManager.default.removeItem(at: data)
        }
        let english = try cli.run(["--lang", "en", "demo", "--participants", "1000"])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stderr.contains("1/7 database: starting and migrating (embedded cluster)"))
        let indonesian = try cli.run(["--lang", "id", "demo", "--participants", "1000"])
        #expect(indonesian.status == 0, "\(indonesian.stderr)")
        #expect(indonesian.stderr.contains("1/7 basis data: menyalakan dan memigrasi (klaster tertanam)"))
        #expect(indonesian.stderr.contains("(sudah diajukan)"))
        let directory = data.path
        try Self.golden(english.stdout.replacingOccurrences(of: directory, with: "<DATA>"), "demo.en.txt")
        try Self.golden(indonesian.stdout.replacingOccurrences(of: directory, with: "<DATA>"), "demo.id.txt")
    }
}
