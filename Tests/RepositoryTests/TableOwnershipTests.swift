import Foundation
import Testing

/// Each table is written and read by one store module; another module reads it through the owner's views and
/// functions (Schema/0017), so that no module's SQL names another module's table, and there is no SQL text outside
/// the store modules and `Schema/` (issue 17; docs/decisions/0020-schema-fold-and-table-owners.md).
///
/// The scan reads the string literals of every Swift file under `Sources/` and takes a table or view name where SQL
/// puts one (after FROM, JOIN, INTO, UPDATE, TABLE, COPY, TRUNCATE). It is a reading aid, not a SQL parser: a name
/// built at run time escapes it, so write table names out in the SQL text.
@Suite struct TableOwnershipTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The store modules: the only ones whose Swift holds SQL about the product's tables.
    static let storeModules: Set<String> = ["ClaimStore", "HeirQueue", "Payouts", "Ledger"]

    /// The database plumbing, whose SQL names no product table (`SELECT 1`, `CREATE DATABASE`, `LISTEN`, snapshots).
    static let plumbingModules: Set<String> = ["Postgres", "EmbeddedPostgres", "SantunanTestSupport"]

    /// Who owns each table and view: the module that creates its rows (or, for the foundation, the migrator's module).
    static let owners: [String: String] = [
        // ClaimStore: the foundation (migrations, installation), participants and contributions, submissions, claims.
        "schema_migrations": "ClaimStore", "santunan_meta": "ClaimStore",
        "employer": "ClaimStore", "participant": "ClaimStore", "membership": "ClaimStore", "wage_report": "ClaimStore",
        "contribution": "ClaimStore", "contribution_other": "ClaimStore", "sponsor": "ClaimStore",
        "sponsor_window": "ClaimStore", "sponsor_cover": "ClaimStore", "import_file": "ClaimStore",
        "submissions": "ClaimStore", "submission_versions": "ClaimStore", "claims": "ClaimStore",
        "claim_lines": "ClaimStore", "claim_installments": "ClaimStore", "claim_status_history": "ClaimStore",
        "claim_events": "ClaimStore",
        // The HTTP service's logins (APIUserStore, used by SantunanApp's APIUsers) and idempotency keys.
        "api_users": "ClaimStore", "api_idempotency_keys": "ClaimStore",
        // HeirQueue: the job queue.
        "heir_jobs": "HeirQueue",
        // Payouts: lines, batches, bank reports, pension payments.
        "payout_lines": "Payouts", "payout_batches": "Payouts", "payout_batch_lines": "Payouts",
        "payout_batch_history": "Payouts", "payout_status_reports": "Payouts", "payout_line_statuses": "Payouts",
        "pension_recoveries": "Payouts", "pension_payout_bases": "Payouts", "jp_award_year_bounds": "Payouts",
        "payout_payee_accounts": "Payouts", "payout_batch_numbers": "Payouts",
        // Ledger.
        "ledger_account_class": "Ledger", "ledger_chart_head": "Ledger", "ledger_account": "Ledger",
        "ledger_chain_head": "Ledger", "ledger_transaction": "Ledger", "ledger_entry": "Ledger",
        "ledger_key_namespace": "Ledger", "ledger_account_month": "Ledger",
    ]

    /// The views an owner offers the other modules (Schema/0017): any store module may read them.
    static let views: [String: String] = [
        "payable_claim_lines": "ClaimStore", "claim_installments_all": "ClaimStore",
        "payable_child_pension_heirs": "ClaimStore", "survivor_events": "ClaimStore",
        "submission_summaries": "ClaimStore", "heir_job_latest": "HeirQueue", "payout_waiting_lines": "Payouts",
    ]

    // MARK: - Tests

    @Test func everyTableAndViewOfTheSchemaHasAnOwner() throws {
        let declared = try Self.schemaRelations()
        #expect(!declared.isEmpty)
        let listed = Set(Self.owners.keys).union(Self.views.keys)
        let unowned = declared.subtracting(listed).sorted()
        #expect(unowned.isEmpty, "tables or views without an owner in TableOwnershipTests.owners / views: \(unowned)")
        let gone = listed.subtracting(declared).subtracting(["schema_migrations"]).sorted()
        #expect(gone.isEmpty, "owners listed for tables or views the schema no longer has: \(gone)")
    }

    @Test func noStoreModuleNamesATableItDoesNotOwn() throws {
        var foreign: [String] = []
        for file in try Self.sourceFiles() where Self.storeModules.contains(file.module) {
            for (table, owner) in Self.foreignTables(in: file.text, module: file.module) {
                foreign.append("\(file.path) names \(table) (owned by \(owner)): read it through \(owner)'s views")
            }
        }
        #expect(foreign.isEmpty, "\(foreign.joined(separator: "\n"))")
    }

    @Test func noSQLOutsideTheStoreModules() throws {
        var found: Set<String> = []
        for file in try Self.sourceFiles()
        where !Self.storeModules.contains(file.module) && !Self.plumbingModules.contains(file.module) {
            if Self.literals(in: file.text).contains(where: Self.looksLikeSQL) {
                found.insert(file.path)
            }
        }
        // Session 7 emptied the list of files allowed to hold SQL outside the stores (docs/decisions/0020): none is.
        #expect(
            found.isEmpty,
            "SQL outside the store modules (move it into ClaimStore, HeirQueue, Payouts or Ledger): \(found.sorted())")
    }

    /// The leak issue 17 found in Payouts (main 6a4971f) is one this test reports; the view that replaced it is not.
    @Test func theJoinPayoutsUsedToWriteIsReportedAndTheViewIsNot() {
        let before = #"""
            static let payableClaimLines = """
                FROM claim_lines cl JOIN claims c ON c.id = cl.claim_id JOIN submissions s ON s.id = c.id
                """
            """#
        let after = #"""
            let lines = "SELECT cl.id FROM payable_claim_lines cl WHERE cl.schedule = 'lump_sum'"
            """#
        let reported = Self.foreignTables(in: before, module: "Payouts").map(\.table)
        #expect(reported == ["claim_lines", "claims", "submissions"])
        #expect(Self.foreignTables(in: after, module: "Payouts").isEmpty)
        #expect(Self.foreignTables(in: before, module: "ClaimStore").isEmpty)
    }

    @Test func theScannerFindsTablesOnlyWhereSQLPutsThem() {
        let text = #"""
            // SELECT * FROM commented_out
            let a = "SELECT x FROM claims c JOIN public.claim_lines cl ON true"
            let b = """
                INSERT INTO heir_jobs (id) VALUES (1);
                UPDATE payout_lines SET status = 'paid'
                """
            let c = "the claims of a participant"
            """#
        #expect(Self.tablesNamed(in: text) == ["claims", "claim_lines", "heir_jobs", "payout_lines"])
        #expect(Self.looksLikeSQL("SELECT x FROM t"))
        #expect(!Self.looksLikeSQL("select a case file"))
    }

    // MARK: - The scan

    struct SourceFile {
        var module: String
        var path: String
        var text: String
    }

    /// The Swift files of `Sources/`, without the OpenAPI code generated for the server.
    static func sourceFiles() throws -> [SourceFile] {
        let sources = repository.appendingPathComponent("Sources")
        guard let enumerator = FileManager.default.enumerator(atPath: sources.path) else { return [] }
        var files: [SourceFile] = []
        for case let path as String in enumerator where path.hasSuffix(".swift") && !path.contains("/Generated/") {
            let module = String(path.split(separator: "/")[0])
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            files.append(SourceFile(module: module, path: path, text: text))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The tables and views `Schema/` creates.
    static func schemaRelations() throws -> Set<String> {
        let schema = repository.appendingPathComponent("Schema")
        var names: Set<String> = []
        let pattern = try Regex(#"(?m)^CREATE (?:TABLE|VIEW) ([a-z_][a-z0-9_]*)"#)
        for file in try FileManager.default.contentsOfDirectory(atPath: schema.path) where file.hasSuffix(".sql") {
            let text = try String(contentsOf: schema.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                if let name = match.output[1].substring {
                    names.insert(String(name))
                }
            }
        }
        return names
    }

    /// The tables of other owners that the file's SQL names, sorted, with their owners.
    static func foreignTables(in text: String, module: String) -> [(table: String, owner: String)] {
        tablesNamed(in: text).sorted().compactMap { table in
            guard let owner = owners[table], owner != module else { return nil }
            return (table, owner)
        }
    }

    /// The tables and views SQL puts after FROM, JOIN, INTO, UPDATE, TABLE, COPY or TRUNCATE in the file's literals.
    static func tablesNamed(in text: String) -> Set<String> {
        let pattern = #/
            (?i) \b (?: FROM | JOIN | INTO | UPDATE | TABLE | COPY | TRUNCATE ) \s+ (?: ONLY \s+ )? (?: public\. )?
            ([a-z_][a-z0-9_]*)
            /#
        var names: Set<String> = []
        for literal in literals(in: text) {
            for match in literal.matches(of: pattern) {
                let name = match.output.1.lowercased()
                if owners[name] != nil || views[name] != nil {
                    names.insert(name)
                }
            }
        }
        return names
    }

    /// Whether a literal reads as a SQL statement (upper-case keywords, as the code base writes SQL).
    static func looksLikeSQL(_ literal: String) -> Bool {
        literal.contains(
            #/
            \b (?: SELECT \b [\s\S]* \b FROM \b | SELECT \x20 [a-z_]+ \( | INSERT \x20 INTO
                | UPDATE \x20 [a-z_]+ \x20 SET
                | DELETE \x20 FROM | CREATE \x20 (?: TABLE | DATABASE | ROLE | INDEX ) | ALTER \x20 (?: TABLE | ROLE )
                | LISTEN \x20 | NOTIFY \x20 | GRANT \x20 | REVOKE \x20 )
            /#
        )
    }

    /// The string literals of a Swift file: `"…"` and `"""…"""` (raw `#"…"#` too), without comments.
    static func literals(in text: String) -> [String] {
        let characters = Array(text.unicodeScalars)
        var result: [String] = []
        var index = 0
        func starts(_ token: String, at position: Int) -> Bool {
            let scalars = Array(token.unicodeScalars)
            guard position + scalars.count <= characters.count else { return false }
            return Array(characters[position..<position + scalars.count]) == scalars
        }
        func slice(_ range: Range<Int>) -> String {
            var string = String.UnicodeScalarView()
            string.append(contentsOf: characters[range])
            return String(string)
        }
        while index < characters.count {
            if starts("//", at: index) {
                while index < characters.count && characters[index] != "\n" { index += 1 }
            } else if starts("/*", at: index) {
                index += 2
                while index < characters.count && !starts("*/", at: index) { index += 1 }
                index += 2
            } else if starts("\"\"\"", at: index) {
                let start = index + 3
                var end = start
                while end < characters.count && !starts("\"\"\"", at: end) { end += 1 }
                result.append(slice(start..<min(end, characters.count)))
                index = end + 3
            } else if characters[index] == "\"" {
                let start = index + 1
                var end = start
                while end < characters.count && characters[end] != "\"" && characters[end] != "\n" {
                    end += characters[end] == "\\" ? 2 : 1
                }
                result.append(slice(start..<min(end, characters.count)))
                index = end + 1
            } else {
                index += 1
            }
        }
        return result
    }
}
