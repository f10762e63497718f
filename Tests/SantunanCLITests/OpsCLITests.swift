import Foundation
import SantunanTestSupport
import Testing

/// The operations commands (`report`, `import`, `queue`, `worker`, `rules`, `sample`, `db`, `user`, `demo`) as a
/// user meets them: one door (issue 17), one output convention (issue 18), both languages (issue 20).
@Suite struct OpsCLITests {
    let cli = CLIRunner()

    /// The CLI files of the operations family.
    static let files = [
        "DemoCommand", "ImportCommand", "QueueCommand", "ReportCommand", "ReportSLACommand", "RulesCommand",
        "SampleCommand", "DatabaseCommand", "UserCommand", "WorkerCommand", "Santunan",
    ]

    /// Every operations command, as typed.
    static let commands: [[String]] = [
        [], ["report"], ["report", "coverage"], ["report", "sla"], ["import"], ["queue"], ["queue", "status"],
        ["queue", "dead"], ["queue", "retry"], ["worker"], ["worker", "run"], ["rules"], ["rules", "show"],
        ["rules", "diff"], ["sample"], ["sample", "generate"], ["db"], ["db", "start"], ["db", "stop"],
        ["db", "status"], ["db", "migrate"], ["db", "path"], ["db", "url"], ["user"], ["user", "add"],
        ["user", "revoke"], ["user", "list"], ["demo"],
    ]

    /// A fresh database and the `--database-url` arguments naming it.
    static func database() throws -> [String] {
        ["--database-url", try TestDatabase.shared.freshDatabase()]
    }

    @Test func theOperationsCommandsImportOnlyTheApplication() throws {
        let forbidden = /^import (Postgres|ClaimStore|HeirQueue|Payouts|Ledger|EmbeddedPostgres|Checksum|BenefitRules|Logging)$/
        for name in Self.files {
            let url = CLIRunner.repository.appendingPathComponent("Sources/santunan/\(name).swift")
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") {
                #expect(line.wholeMatch(of: forbidden) == nil, "\(name).swift: \(line)")
            }
            #expect(!text.contains("SELECT "), "\(name).swift holds SQL")
        }
    }

    /// Issue 18: an example per command, help wrapped at words (no line over 80 columns, no sentence broken by a
    /// hard line break in the catalog), in both languages.
    @Test func everyOperationsCommandHelpHasAnExampleAndWrapsAtWords() throws {
        for (language, heading) in [("en", "Example"), ("id", "Contoh:")] {
            for command in Self.commands {
                let help = try cli.run(["--lang", language] + command + ["--help"])
                #expect(help.status == 0, "\(command): \(help.stderr)")
                #expect(help.stdout.contains(heading), "\(language) \(command)")
                // ArgumentParser prints the usage line unwrapped; everything else wraps to 80 columns off a terminal.
                // (In Indonesian its heading is PENGGUNAAN:, the catalog's common.help.usage.)
                for line in help.stdout.split(separator: "\n")
                where !line.hasPrefix("USAGE:") && !line.hasPrefix("PENGGUNAAN:") {
                    #expect(line.count <= 80, "\(language) \(command): \(line)")
                }
                #expect(!help.stdout.contains("⟦"), "\(language) \(command): a key missing from the catalog")
            }
        }
        let indonesian = try cli.run(["--lang", "id", "report", "sla", "--help"])
        #expect(indonesian.stdout.contains("Klaim yang berisiko melewati"))
        #expect(indonesian.stdout.contains("Tampilkan juga klaim yang tepat waktu."))
    }

    @Test func versionIsPrinted() throws {
        let version = try cli.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.6.0\n")
    }

    /// Issue 18: shell completion of statuses comes from the generated script (batch ids from the database).
    @Test func theGeneratedBashScriptCompletesTheStatuses() throws {
        let script = try cli.run(["--generate-completion-script", "bash"])
        #expect(script.status == 0, "\(script.stderr)")
        let statuses = ["payable", "incomplete", "rejected", "pending"].map { "'\($0)'" }.joined(separator: "$'\\n'")
        #expect(script.stdout.contains("'--status')\n        __santunan_add_completions -W \(statuses)"))
        #expect(script.stdout.contains("-W 'employers'$'\\n''participants'$'\\n''contributions'$'\\n''sponsors'"))
        #expect(
            script.stdout.contains("__santunan_custom_complete ---completion batch show -- positional@0"),
            "batch ids are asked from santunan itself")
        let zsh = try cli.run(["--generate-completion-script", "zsh"])
        #expect(zsh.stdout.contains("payable"))
    }

    @Test func dbMigrateRunsTheFullCheck() throws {
        let database = try Self.database()
        let first = try cli.run(["db", "migrate"] + database)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("database: "))
        #expect(first.stdout.hasSuffix(" migrations applied and checked\n"))
        let again = try cli.run(["--lang", "id", "db", "migrate"] + database)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("basis data: "))
        #expect(again.stdout.hasSuffix(" migrasi diterapkan dan diperiksa\n"))
    }

    /// Issue 18: "not found" is 66 with the one error prefix; a table prints as CSV with either separator; the
    /// time of a dead job is local with its offset.
    @Test func queueCommandsFollowTheOutputConvention() throws {
        let database = try Self.database()
        let missing = try cli.run(["queue", "retry", "424242", "--as", "ani"] + database)
        #expect(missing.status == 66)
        #expect(missing.stderr == "error: 424242: no such job\n")

        let csv = try cli.run(["queue", "status", "--csv", "--csv-separator", ";"] + database)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == "state;jobs\navailable;0\nrunning;0\nretryable;0\ncompleted;0\ndiscarded;0\n")
        let json = try cli.run(["queue", "status", "--json"] + database)
        #expect(json.stdout.contains("\"discarded\" : 0"))
        let both = try cli.run(["queue", "status", "--json", "--csv"] + database)
        #expect(both.status == 64)
        #expect(both.stderr == "error: --json: choose one of --json and --csv\n")
        let separator = try cli.run(["queue", "dead", "--csv", "--csv-separator", "|"] + database)
        #expect(separator.status == 64)
        #expect(separator.stderr.hasPrefix("error: --csv-separator: "))

        let dead = try cli.run(["queue", "dead", "--csv"] + database)
        #expect(dead.stdout == "job_id,kind,case_id,attempts,discarded_at,last_error\n")
        let empty = try cli.run(["--lang", "id", "queue", "dead"] + database)
        #expect(empty.stdout == "tidak ada tugas mati\n")
    }

    /// `rules` prints its tables as CSV with the chosen separator, and "nothing in force" is not found (66).
    @Test func rulesFollowTheOutputConvention() throws {
        let csv = try cli.run(["rules", "show", "--program", "JKM", "--on", "2022-01-18", "--csv", "--csv-separator", ";"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let header = csv.stdout.split(separator: "\n").first.map(String.init)
        #expect(header == "key;program;value;effective_from;effective_to;confirmed;basis")
        #expect(csv.stdout.contains("\njkm.death;JKM;20000000;2019-12-02;;true;PP 82/2019 Pasal 34\n"))
        let english = try cli.run(["rules", "show", "--program", "JKM", "--on", "2022-01-18", "--json"])
        let indonesian = try cli.run(["--lang", "id", "rules", "show", "--program", "JKM", "--on", "2022-01-18", "--json"])
        #expect(english.status == 0)
        #expect(english.stdout == indonesian.stdout)
        #expect(english.stdout.contains("\"basis\" : \"PP 82/2019"), "no escaped slashes: one JSON style")
        let people = try cli.run(["--lang", "id", "rules", "show", "--program", "JKM", "--on", "2022-01-18"])
        #expect(people.stdout.contains("Rp 20.000.000"))
        #expect(people.stdout.contains("2 Desember 2019"))
        #expect(people.stdout.contains("dasar hukum"))
        let none = try cli.run(["rules", "show", "--program", "XYZ", "--on", "2022-01-18"])
        #expect(none.status == 66)
        #expect(none.stderr == "error: --program: no parameter of \"XYZ\" is in force\n")
        let diff = try cli.run(["rules", "diff", "--from", "2019-12-01", "--to", "2019-12-02", "--csv"])
        #expect(diff.stdout.hasPrefix("key,before,after,basis_after,confirmed\n"))
    }

    /// Issue 18: `report sla` has --csv (and `;`), its JSON and CSV are the same bytes in both languages, --margin
    /// is used, and the human table is in the chosen language.
    @Test func reportSLAPrintsCSVAndTheSameMachineOutputInBothLanguages() throws {
        let database = try Self.database()
        let clock = CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00"])
        let submitted = try clock.run(
            ["claim", "submit", "cases/seed-honorer-jkm-42jt-a.case.json", "--as", "ani"] + database)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let worked = try clock.run(["worker", "run", "--until-empty"] + database)
        #expect(worked.status == 0, "\(worked.stderr)")
        #expect(worked.stderr.contains("worker: done: 1 jobs completed"))

        for form in [["--json"], ["--csv"], ["--csv", "--csv-separator", ";"], []] {
            let english = try clock.run(["report", "sla", "--on", "2030-01-02", "--all"] + form + database)
            let indonesian = try clock.run(
                ["--lang", "id", "report", "sla", "--on", "2030-01-02", "--all"] + form + database)
            #expect(english.status == 0, "\(english.stderr)")
            #expect(indonesian.status == 0, "\(indonesian.stderr)")
            if form.isEmpty {
                #expect(english.stdout.contains("days late"))
                #expect(indonesian.stdout.contains("terlambat "))
                #expect(indonesian.stdout.contains("batas waktu"))
                #expect(!indonesian.stdout.contains("late"))
            } else {
                #expect(english.stdout == indonesian.stdout, "\(form)")
            }
        }
        let csv = try clock.run(["report", "sla", "--on", "2030-01-02", "--csv", "--csv-separator", ";"] + database)
        let lines = csv.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "claim_id;case_id;program;lines;amount;complete_on;deadline;paid_on;standing;days_late;working_days_left;penalty;holidays_known"
        )
        #expect(lines.dropFirst().contains { $0.contains(";PMS-2022-0001;JKM;") && $0.contains(";late;") })
        let json = try clock.run(["report", "sla", "--on", "2030-01-02", "--json"] + database)
        #expect(json.stdout.contains("\"standing\" : \"late\""))
        #expect(json.stdout.contains("\"working_days_left\" : null"))
        let badMargin = try clock.run(["report", "sla", "--margin=-1"] + database)
        #expect(badMargin.status == 64)
        #expect(badMargin.stderr.hasPrefix("error: --margin: "))
    }
}
