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
        // The record 0005_ledger.sql had before the fold.
        try connection.execute(
            """
            UPDATE schema_migrations
            SET checksum = '9db865486889614f22d42cc90b7b83a92458132be751475f9429146b76b82533' WHERE version = 5
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
