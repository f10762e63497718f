import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// A database migrated with the schema files as they were before session 6 folded them is refused by every command
/// with one `error:` line that says what to do (docs/decisions/0020-schema-fold-and-table-owners.md).
@Suite struct SchemaFoldCLITests {
    @Test func aDatabaseMigratedBeforeTheFoldIsRefusedWithWhatToDo() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo])
        // The first command migrates the database with the folded files.
        let first = try cli.run(["claim", "list"])
        #expect(first.status == 0, "\(first.stderr)")
        let connection = try Connection(conninfo, logger: TestLogging.logger("santunan.cli-tests"))
        defer { connection.close() }
        // The records of a database migrated on main before the fold: 0005 as it was, 0006, 0007 and 0011, no 0017
        // (a command migrates only when a file's version is not recorded).
        try connection.executeScript(
            """
            UPDATE schema_migrations
            SET checksum = '9db865486889614f22d42cc90b7b83a92458132be751475f9429146b76b82533' WHERE version = 5;
            INSERT INTO schema_migrations (version, name, checksum) VALUES
                (6, 'ledger_fast_post', 'd3f52db10857c499b672489919692608b3c3a6079e372a7e70b54128e978c57a'),
                (7, 'ledger_lean_post', '175d48b03135b0a71374a85783c83b3605a0fe4c39150c14150f08f3eb8d5879'),
                (11, 'ledger_integrity', '1040e5d195f4631dc08a49f991e5002e22893c78c2dfe72e535495adc116b496');
            DELETE FROM schema_migrations WHERE version = 17;
            """)

        let refused = try cli.run(["claim", "list"])

        #expect(refused.status == 70)
        #expect(refused.stdout.isEmpty)
        #expect(
            refused.stderr == "error: Schema/0005_ledger.sql: the database was migrated with the schema files as they "
                + "were before they were folded (docs/decisions/0020-schema-fold-and-table-owners.md) and its records "
                + "no longer match them; recreate the development database: santunan db stop, delete the directory "
                + "santunan db path prints, santunan db start (an external database: drop and create it again)\n")
    }
}
