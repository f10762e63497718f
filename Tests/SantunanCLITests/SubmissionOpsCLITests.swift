import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// Resubmission, amendment, `--as`, `--out` and error lines as a claims officer meets them (issue 15).
@Suite struct SubmissionOpsCLITests {
    let cli = CLIRunner()

    /// A fresh migrated-on-first-use database and the `--database-url` arguments naming it.
    static func database() throws -> (conninfo: String, arguments: [String]) {
        let conninfo = try TestDatabase.shared.freshDatabase()
        return (conninfo, ["--database-url", conninfo])
    }

    /// `cases/NAME.case.json` with `change` applied, written to a temporary file.
    static func changedCase(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        let data = try Data(contentsOf: CLIRunner.repository.appendingPathComponent("cases/\(name).case.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&object)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "santunan-case-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        return url.path
    }

    /// Every `wage` and `reported_wage` doubled.
    static func doubledWages(_ value: Any) -> Any {
        if var object = value as? [String: Any] {
            for (key, member) in object {
                if (key == "wage" || key == "reported_wage"), let wage = member as? Int {
                    object[key] = wage * 2
                } else {
                    object[key] = doubledWages(member)
                }
            }
            return object
        }
        if let array = value as? [Any] { return array.map(doubledWages) }
        return value
    }

    /// The first column of the first row of `sql`, nil when there is no row.
    static func value<T: PostgresDecodable>(_ type: T.Type, _ sql: SQL, _ conninfo: String) throws -> T? {
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        let result = try connection.execute(sql)
        return result.rowCount == 0 ? nil : try result[0].decode(T.self, column: 0)
    }

    @Test func aResubmittedCaseIDWithOtherContentExits65NamingTheFirstDifferingField() throws {
        let (conninfo, database) = try Self.database()
        let original = "cases/seed-honorer-jkm-42jt-a.case.json"
        let first = try cli.run(["claim", "submit", original, "--as", "ani"] + database)
        #expect(first.status == 0, "\(first.stderr)")
        // The same case again, even re-serialised (other key order and blanks), is the existing submission.
        let same = try Self.changedCase("seed-honorer-jkm-42jt-a") { _ in }
        let again = try cli.run(["claim", "submit", same, "--as", "ani"] + database)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("already submitted PMS-2022-0001: submission 1"))

        // A corrected wage was silently dropped (exit 0, "already submitted"); now it is refused with the path.
        let corrected = try Self.changedCase("seed-honorer-jkm-42jt-a") { object in
            var participant = object["participant"] as! [String: Any]
            var memberships = participant["memberships"] as! [[String: Any]]
            var contributions = memberships[0]["contributions"] as! [[String: Any]]
            contributions[3]["wage"] = 1_600_000
            memberships[0]["contributions"] = contributions
            participant["memberships"] = memberships
            object["participant"] = participant
        }
        let refused = try cli.run(["claim", "submit", corrected, "--as", "ani"] + database)
        #expect(refused.status == 65)
        #expect(
            refused.stderr.hasPrefix(
                "error: participant.memberships[0].contributions[3].wage: differs from the case stored as submission 1")
        )
        #expect(refused.stderr.contains("santunan claim amend 1 CASE.json --reason TEXT"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let stored = try Self.value(
            String.self,
            "SELECT case_document #>> '{participant,memberships,0,contributions,3,wage}' FROM submissions",
            conninfo)
        #expect(stored == "1500000", "the stored case is unchanged")
    }

    @Test func amendRecomputesKeepsTheEarlierVersionAndRecordsWhoAndWhy() throws {
        let (conninfo, database) = try Self.database()
        let submitted = try cli.run(
            ["claim", "submit", "cases/jkk-stmb-15-months.case.json", "--as", "ani"] + database)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        #expect(try cli.run(["worker", "run", "--until-empty"] + database).status == 0)
        #expect(try Self.value(Int64.self, "SELECT total FROM claims", conninfo) == 54_000_000)

        let corrected = try Self.changedCase("jkk-stmb-15-months") { object in
            object = Self.doubledWages(object) as! [String: Any]
        }
        let noReason = try cli.run(["claim", "amend", "1", corrected, "--reason", " ", "--as", "budi"] + database)
        #expect(noReason.status == 64)
        #expect(noReason.stderr.hasPrefix("error: --reason: "))

        let amended = try cli.run(
            [
                "claim", "amend", "1", corrected, "--reason", "wage per the payslips", "--as", "budi", "--json",
            ] + database)
        #expect(amended.status == 0, "\(amended.stderr)")
        #expect(amended.stdout.contains("\"version\": 2"))
        #expect(amended.stdout.contains("\"total\": 108000000"))
        #expect(try cli.run(["worker", "run", "--until-empty"] + database).status == 0)

        #expect(try Self.value(Int64.self, "SELECT total FROM claims WHERE id = 1", conninfo) == 108_000_000)
        #expect(
            try Self.value(
                String.self,
                "SELECT version || '|' || claim_total || '|' || amended_by || '|' || reason FROM submission_versions",
                conninfo) == "1|54000000|budi|wage per the payslips")
        // The earlier case is kept as it was; the submission holds the corrected one.
        #expect(
            try Self.value(
                Bool.self,
                """
                SELECT (v.case_document -> 'participant' -> 'memberships' -> 0 ->> 'reported_wage')::bigint * 2
                    = (s.case_document -> 'participant' -> 'memberships' -> 0 ->> 'reported_wage')::bigint
                    AND s.amended_by = 'budi'
                FROM submission_versions v JOIN submissions s ON s.id = v.submission_id
                """, conninfo) == true)
        #expect(
            try Self.value(
                String.self,
                "SELECT changed_by || '|' || note FROM claim_status_history WHERE status = 'amended'", conninfo)
                == "budi|version 2: wage per the payslips")

        // `claim show` lists the earlier version with who and why.
        let shown = try cli.run(["claim", "show", "1"] + database)
        #expect(shown.stdout.contains("Earlier versions (claim amend):"))  // the readable page of issue 18
        #expect(shown.stdout.contains("budi"))
        #expect(shown.stdout.contains("wage per the payslips"))
        let shownJSON = try cli.run(["claim", "show", "1", "--json"] + database)
        #expect(
            shownJSON.stdout.contains(
                "\"versions\": [{\"version\": 1, \"claim_status\": \"payable\", \"claim_total\": 54000000"))

        // The earlier version is insert-only.
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        #expect(throws: PostgresError.self) { try connection.execute("DELETE FROM submission_versions") }
    }

    @Test func anAmendmentThroughAPersonalLoginRecordsTheLoginNotTheClaimedName() throws {
        let (conninfo, database) = try Self.database()
        #expect(
            try cli.run(["claim", "submit", "cases/seed-honorer-jkm-42jt-a.case.json", "--as", "ani"] + database)
                .status == 0)
        let login = "officer_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { admin.close() }
        try admin.execute("CREATE ROLE \(identifier: login) LOGIN IN ROLE santunan_officer")
        let officer = try Connection(
            conninfo.replacingOccurrences(of: "user=postgres", with: "user=\(login)"),
            logger: TestLogging.logger("test"))
        defer { officer.close() }
        let corrected = try Self.changedCase("seed-honorer-jkm-42jt-a") { object in
            object = Self.doubledWages(object) as! [String: Any]
        }
        let document = try String(contentsOfFile: corrected, encoding: .utf8)
        func amend(claiming name: String) throws(PostgresError) {
            try officer.execute(
                """
                SELECT santunan_amend_submission(1, \(document)::json, '1272030206880011', '21038812001', 'death',
                    '2022-01-18', '2022-02-08', 'payslip', \(name))
                """)
        }
        // Claiming to be someone else is refused; the row records the login.
        do {
            try amend(claiming: "budi")
            Issue.record("a personal login amended as another user")
        } catch {
            #expect(error.sqlState == "SI002")
        }
        try amend(claiming: "")
        #expect(try Self.value(String.self, "SELECT amended_by FROM submission_versions", conninfo) == login)
        #expect(try Self.value(String.self, "SELECT amended_by FROM submissions", conninfo) == login)
        // The officer cannot write the versions table directly.
        #expect(throws: PostgresError.self) {
            try officer.execute(
                """
                INSERT INTO submission_versions (submission_id, version, case_document, reason, amended_by)
                VALUES (1, 9, '{}', 'x', 'x')
                """)
        }
    }

    @Test func amendOnceALineIsInAnApprovedBatchIsRefusedAndOutRefusesAFIFO() throws {
        let (conninfo, database) = try Self.database()
        #expect(
            try cli.run(["claim", "submit", "cases/seed-honorer-jkm-42jt-a.case.json", "--as", "ani"] + database)
                .status == 0)
        #expect(try cli.run(["worker", "run", "--until-empty"] + database).status == 0)
        #expect(try cli.run(["payouts", "due", "--on", "2022-02-08", "--as", "ani"] + database).status == 0)
        let prepared = try cli.run(["batch", "prepare", "--as", "ani", "--json"] + database)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let batchID = try #require(prepared.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))
        #expect(try cli.run(["batch", "approve", batchID, "--as", "budi"] + database).status == 0)

        let corrected = try Self.changedCase("seed-honorer-jkm-42jt-a") { object in
            object = Self.doubledWages(object) as! [String: Any]
        }
        let refused = try cli.run(
            ["claim", "amend", "PMS-2022-0001", corrected, "--reason", "x", "--as", "cici"]
                + database)
        #expect(refused.status == 65)
        #expect(refused.stderr.hasPrefix("error: claim 1: payout line PL-"))
        #expect(refused.stderr.contains("is in approved batch \(batchID); an approved claim is not amended"))
        #expect(try Self.value(Int64.self, "SELECT count(*) FROM submission_versions", conninfo) == 0)
        #expect(try Self.value(Int64.self, "SELECT total FROM claims", conninfo) == 42_000_000)

        // The database refuses it too, whoever calls the function.
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        let document = try String(contentsOfFile: corrected, encoding: .utf8)
        do {
            try connection.execute(
                """
                SELECT santunan_amend_submission(1, \(document)::json, 'x', 'x', 'death', '2022-01-18', '2022-02-08',
                    'direct', 'cici')
                """)
            Issue.record("the function amended a claim in an approved batch")
        } catch {
            #expect(error.sqlState == "SV001")
        }

        // `--out` writes only a regular file: a FIFO stays a FIFO (it was replaced by a regular file).
        let directory = try ScratchDirectory(prefix: "santunan-out-")
        defer { directory.remove() }
        let fifo = directory.url.appendingPathComponent("transfer.xml").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let export = try cli.run(["batch", "export", batchID, "--format", "pain001", "--out", fifo] + database)
        #expect(export.status == 64)
        #expect(export.stderr == "error: --out: \(fifo) is a FIFO, not a regular file; name a file to write\n")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        let intoDirectory = try cli.run(
            [
                "batch", "export", batchID, "--format", "csv", "--out", directory.url.path,
            ] + database)
        #expect(intoDirectory.status == 64)
        #expect(intoDirectory.stderr.contains("is a directory, not a regular file"))
        // A device node (made in the scratch directory, never the real /dev/full: the old code replaced it).
        let device = directory.url.appendingPathComponent("full").path
        if geteuid() == 0, mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0 {
            let refused = try cli.run(["batch", "export", batchID, "--format", "pain001", "--out", device] + database)
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("is a character device, not a regular file"))
            #expect(lstat(device, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
            unlink(device)
        }
        // A regular file is written whole, and no temporary file is left beside it.
        let file = directory.url.appendingPathComponent("transfer.csv").path
        let csv = try cli.run(["batch", "export", batchID, "--format", "csv", "--out", file] + database)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("PL-"))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(left == ["transfer.csv", "transfer.xml"])
    }

    @Test(arguments: [
        ("ani\nerror: forged", "must not contain control characters (line breaks, tabs, terminal escapes)"),
        ("\u{1B}[31mani", "must not contain control characters (line breaks, tabs, terminal escapes)"),
        (" ani", "must not begin or end with a blank"),
        ("ani ", "must not begin or end with a blank"),
        (String(repeating: "a", count: 100_000), "is 100000 characters long; at most 64"),
    ])
    func actingUserIsCheckedBeforeAnythingHappens(name: String, reason: String) throws {
        let outcome = try cli.run([
            "claim", "submit", "cases/seed-honorer-jkm-42jt-a.case.json", "--as", name, "--database-url",
            "host=/nonexistent",
        ])
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "error: --as: the acting user \(reason)\n")
    }

    @Test func errorLinesEscapeControlCharactersOfTheInputTheyQuote() throws {
        let outcome = try cli.run(["claim", "compute", "/tmp/no-such\n\u{1B}[2Jcase.json"])
        #expect(outcome.status == 66)
        #expect(
            outcome.stderr
                == "error: /tmp/no-such\\n\\u{1B}[2Jcase.json: cannot read the case file (missing or unreadable)\n")
    }

    @Test func usageErrorsEscapeTheArgumentsTheyQuote() throws {
        let outcome = try cli.run(["claim", "submit", "x.json", "--bogus\n\u{1B}[2J"])
        #expect(outcome.status == 64)
        #expect(!outcome.stderr.contains("\u{1B}"))
        #expect(outcome.stderr.hasPrefix("error: Unknown option '--bogus\\n\\u{1B}[2J'\n"))
        #expect(outcome.stderr.contains("--bogus\\n\\u{1B}[2J"))
    }

    @Test func aTenMegabyteCaseIDExits65NamingCaseID() throws {
        let (conninfo, database) = try Self.database()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let huge = "X" + String((0..<10 * 1024 * 1024).map { _ in alphabet.randomElement(using: &generator)! })
        let file = try Self.changedCase("seed-honorer-jkm-42jt-b") { $0["case_id"] = huge }
        defer { try? FileManager.default.removeItem(atPath: file) }
        let outcome = try cli.run(["claim", "submit", file, "--as", "ani"] + database)
        #expect(outcome.status == 65)
        #expect(outcome.stderr.hasPrefix("error: case_id: "))
        #expect(outcome.stderr.count < 500)
        #expect(try Self.value(Int64.self, "SELECT count(*) FROM submissions", conninfo) == 0)
    }
}
