@testable import ClaimStore
import Foundation
import Logging
import Postgres
import SantunanTestSupport
import Testing

/// The migrator against a real PostgreSQL: every test gets a fresh database of the shared test cluster.
@Suite("Migrator")
struct MigratorTests {
    let logger = TestLogging.logger("santunan.test.migrator")

    let createJournal = Migration(
        version: 1,
        name: "journal",
        sql: "CREATE TABLE journal (step serial PRIMARY KEY, entry text NOT NULL);"
    )
    let writeSecond = Migration(version: 2, name: "second", sql: "INSERT INTO journal (entry) VALUES ('second');")
    let writeThird = Migration(version: 3, name: "third", sql: "INSERT INTO journal (entry) VALUES ('third');")

    @Test func migrationsApplyInVersionOrderAndRecordOneRowEach() throws {
        let connection = try freshConnection()
        defer { connection.close() }

        let applied = try Migrator(migrations: [writeThird, createJournal, writeSecond], logger: logger)
            .migrate(connection)

        #expect(applied.map(\.version) == [1, 2, 3])
        #expect(try journal(connection) == ["second", "third"])
        let recorded = try connection.execute("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        #expect(recorded.rowCount == 3)
        for (row, migration) in [createJournal, writeSecond, writeThird].enumerated() {
            #expect(try recorded[row, "version"] as Int == migration.version)
            #expect(try recorded[row, "name"] as String == migration.name)
            let checksum: String = try recorded[row, "checksum"]
            #expect(checksum.count == 64 && checksum.allSatisfy(\.isHexDigit))
        }
    }

    @Test func theRecordedChecksumIsTheSHA256OfTheFile() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        let empty = Migration(version: 1, name: "empty", sql: "")

        try Migrator(migrations: [empty], logger: logger).migrate(connection)

        let checksum: String = try connection.execute("SELECT checksum FROM schema_migrations")[0, 0]
        #expect(checksum == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func runningAgainAppliesNothing() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        let migrator = Migrator(migrations: [createJournal, writeSecond, writeThird], logger: logger)
        try migrator.migrate(connection)

        let second = try migrator.migrate(connection)

        #expect(second.isEmpty)
        #expect(try journal(connection) == ["second", "third"])
        let rows: Int = try connection.execute("SELECT count(*)::int FROM schema_migrations")[0, 0]
        #expect(rows == 3)
    }

    @Test func onlyMigrationsAddedSinceTheLastRunAreApplied() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        try Migrator(migrations: [createJournal, writeSecond], logger: logger).migrate(connection)

        let applied = try Migrator(migrations: [createJournal, writeSecond, writeThird], logger: logger)
            .migrate(connection)

        #expect(applied.map(\.fileName) == ["0003_third.sql"])
        #expect(try journal(connection) == ["second", "third"])
    }

    @Test func anAppliedMigrationWhoseFileChangedIsRefusedNamingTheFile() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        try Migrator(migrations: [createJournal, writeSecond], logger: logger).migrate(connection)
        var edited = writeSecond
        edited.sql = "INSERT INTO journal (entry) VALUES ('2nd');"

        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [createJournal, edited, writeThird], logger: logger).migrate(connection)
        }

        #expect(error?.code == .checksumMismatch)
        #expect(error?.file == "0002_second.sql")
        #expect(error?.description.contains("0002_second.sql") == true)
        // Nothing after the refusal ran, not even the new migration 3.
        #expect(try journal(connection) == ["second"])
    }

    @Test func aFailingMigrationLeavesNothingBehindAndNamesItsFileAndSQLState() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        let broken = Migration(
            version: 2,
            name: "broken",
            sql: """
                CREATE TABLE half_done (id int);
                INSERT INTO journal (entry) VALUES ('from the broken migration');
                SELECT * FROM no_such_table;
                """
        )

        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [createJournal, broken, writeThird], logger: logger).migrate(connection)
        }

        #expect(error?.code == .migrationFailed)
        #expect(error?.file == "0002_broken.sql")
        #expect(error?.sqlState == "42P01")
        #expect(error?.description.contains("0002_broken.sql") == true)
        #expect(error?.description.contains("42P01") == true)
        let halfDone: String? = try connection.execute("SELECT to_regclass('half_done')::text")[0, 0]
        #expect(halfDone == nil)
        #expect(try journal(connection).isEmpty)
        let versions = try connection.execute("SELECT version FROM schema_migrations ORDER BY version")
        #expect(versions.rowCount == 1)
        #expect(connection.transactionStatus == .idle)

        // Fixing the file lets the next run continue where the failed one stopped.
        let fixed = Migration(version: 2, name: "broken", sql: "CREATE TABLE half_done (id int);")
        let applied = try Migrator(migrations: [createJournal, fixed, writeThird], logger: logger).migrate(connection)
        #expect(applied.map(\.version) == [2, 3])
    }

    @Test func twoMigratorsRunningAtOnceApplyEachMigrationExactlyOnce() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let slow = Migration(version: 2, name: "slow", sql: "SELECT pg_sleep(0.3);")
        let migrations = [createJournal, slow, writeThird]
        let appliedCounts = AppliedCounts()
        let logger = logger

        let errors = runOnThreads(2) { index in
            let connection = try Connection(conninfo, logger: logger)
            defer { connection.close() }
            let applied = try Migrator(migrations: migrations, logger: logger).migrate(connection)
            appliedCounts.add(applied.count)
        }

        #expect(errors.compactMap { $0 }.isEmpty, "\(errors)")
        #expect(appliedCounts.total == 3)
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        #expect(try journal(connection) == ["third"])
    }

    @Test func aConnectionInsideATransactionIsRefused() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        try connection.executeScript("BEGIN")

        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [createJournal], logger: logger).migrate(connection)
        }
        #expect(error?.code == .connectionBusy)
    }

    @Test func theRepositorySchemaAppliesAndCreatesTheProductRoles() throws {
        let schema = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schema", isDirectory: true)
        let migrations = try Migration.load(from: schema)
        #expect(migrations.first?.fileName == "0001_foundation.sql")
        let connection = try freshConnection()
        defer { connection.close() }

        let applied = try Migrator(migrations: migrations, logger: logger).migrate(connection)

        #expect(applied.map(\.version) == migrations.map(\.version))
        let roles: Int = try connection.execute(
            """
            SELECT count(*)::int FROM pg_roles
            WHERE rolname IN ('santunan_officer', 'santunan_approver', 'santunan_auditor') AND NOT rolcanlogin
            """
        )[0, 0]
        #expect(roles == 3)
        let installation = try connection.execute("SELECT value FROM santunan_meta WHERE key = 'installation_id'")
        #expect(installation.rowCount == 1)
    }

    @Test func aDatabaseMigratedWithTheFilesBeforeTheFoldIsRefusedNamingTheFileAndWhatToDo() throws {
        let connection = try freshConnection()
        defer { connection.close() }
        try Migrator(migrations: [createJournal, writeSecond], logger: logger).migrate(connection)
        // The record of migration 2 is that of a file as it was before the fold.
        let old = "5a0c1d3e9f0e2b6d7c8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6"
        try connection.execute("UPDATE schema_migrations SET checksum = \(old) WHERE version = 2")
        let superseded = [Migrator.SupersededFile(version: 2, fileName: "0002_second_before_fold.sql", checksum: old)]

        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: [createJournal, writeSecond, writeThird], logger: logger, superseded: superseded)
                .migrate(connection)
        }

        #expect(error?.code == .migratedBeforeFold)
        #expect(error?.file == "0002_second_before_fold.sql")
        #expect(error?.reason.contains("recreate the development database") == true)
        #expect(error?.reason.contains("docs/decisions/0020-schema-fold-and-table-owners.md") == true)
        #expect(try journal(connection) == ["second"])
    }

    /// The real list: a database whose record of 0005 is the pre-fold file's is refused through the repository's
    /// schema, and the list names no current file (else every fresh database would be refused on its second run).
    @Test func theRepositorySchemaRefusesARecordOfTheLedgerAsItWasBeforeTheFold() throws {
        let migrations = try Migration.load(from: Self.schema)
        let connection = try freshConnection()
        defer { connection.close() }
        try Migrator(migrations: migrations, logger: logger).migrate(connection)
        #expect(try Migrator(migrations: migrations, logger: logger).migrate(connection).isEmpty)
        let preFold = try #require(Migrator.supersededFiles.first { $0.version == 5 })
        try connection.execute("UPDATE schema_migrations SET checksum = \(preFold.checksum) WHERE version = 5")

        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: migrations, logger: logger).migrate(connection)
        }

        #expect(error?.code == .migratedBeforeFold)
        #expect(error?.file == "0005_ledger.sql")
        #expect(
            error?.description.hasPrefix(
                "0005_ledger.sql: the database was migrated with the schema files as they were before") == true)
    }

    // MARK: - Helpers

    static let schema = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schema", isDirectory: true)

    private func freshConnection() throws -> Connection {
        try Connection(TestDatabase.shared.freshDatabase(), logger: logger)
    }

    private func journal(_ connection: Connection) throws -> [String] {
        let exists: String? = try connection.execute("SELECT to_regclass('journal')::text")[0, 0]
        guard exists != nil else { return [] }
        let result = try connection.execute("SELECT entry FROM journal ORDER BY step")
        return try (0..<result.rowCount).map { try result[$0, 0] }
    }
}

private final class AppliedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = 0

    func add(_ count: Int) {
        lock.lock()
        sum += count
        lock.unlock()
    }

    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return sum
    }
}
