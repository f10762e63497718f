public import Logging
public import Postgres

/// Brings a database's schema up to date by applying numbered migrations in order.
///
/// Each migration runs in its own transaction together with the row that records it in `schema_migrations`
/// (version, name, SHA-256 of its SQL, time), so a migration is either applied and recorded or not there at all.
/// Migrations already recorded are skipped; one whose SQL changed since it was applied is refused, because the
/// database would no longer match the files; one whose records name a file as it was before the session 6 fold is
/// refused with what to do (``refuseMigratedBeforeFold(_:superseded:)``). Concurrent migrators of one database (two
/// commands starting at once) are serialised by a session-level advisory lock.
///
/// ```swift
/// let migrator = Migrator(migrations: try Migration.load(from: schemaDirectory), logger: logger)
/// let applied = try migrator.migrate(connection)
/// ```
public struct Migrator: Sendable {
    /// The advisory lock key: the ASCII bytes of "SANTUNAN" as a big-endian integer.
    static let advisoryLockKey: Int64 = 5_999_162_302_749_622_606

    /// The migrations to apply, ordered by version.
    public let migrations: [Migration]
    let logger: Logger
    /// The files as they were before the fold, whose records the migrator refuses (``supersededFiles``).
    let superseded: [SupersededFile]

    /// A migrator for `migrations` (any order; they are applied by version).
    public init(migrations: [Migration], logger: Logger) {
        self.init(migrations: migrations, logger: logger, superseded: Self.supersededFiles)
    }

    /// A migrator that refuses records of `superseded` files instead of the real ones: for the tests.
    init(migrations: [Migration], logger: Logger, superseded: [SupersededFile]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
        self.superseded = superseded
    }

    /// Applies every migration not yet recorded and returns those it applied, in order (empty when up to date).
    ///
    /// - Throws: ``MigrationError`` naming the file for a duplicate version, a changed applied migration, or a
    ///   failing one (with its SQLSTATE; its transaction is rolled back and the migrations after it are not run);
    ///   ``PostgresError`` when the bookkeeping itself fails, e.g. the connection is lost.
    @discardableResult
    public func migrate(_ connection: Connection) throws -> [Migration] {
        guard connection.transactionStatus == .idle else {
            throw MigrationError(
                code: .connectionBusy,
                reason: "migrations need a connection outside any transaction, so each can run in its own"
            )
        }
        try checkUniqueVersions()

        try connection.execute("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
        defer {
            do {
                try connection.execute("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
            } catch {
                // The server drops a session lock with the session, so a lost connection releases it anyway.
                logger.warning("could not release the migration lock", metadata: ["error": "\(error)"])
            }
        }

        // Created only when missing: a person's own login (docs/roles.md) opens the database through here too, and
        // may not create tables (even `IF NOT EXISTS` checks the right first); it only reads what was applied.
        let exists = try connection.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        if try !exists[0].decode(Bool.self, column: 0) {
            try connection.executeScript(
                """
                CREATE TABLE schema_migrations (
                    version int PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """
            )
        }
        let applied = try appliedChecksums(connection)
        try Self.refuseMigratedBeforeFold(applied, superseded: superseded)
        var pending: [(migration: Migration, checksum: String)] = []
        for migration in migrations {
            let checksum = try self.checksum(of: migration, connection)
            guard let recorded = applied[migration.version] else {
                pending.append((migration, checksum))
                continue
            }
            guard recorded == checksum else {
                throw MigrationError(
                    code: .checksumMismatch,
                    file: migration.fileName,
                    reason: "was changed after it was applied (recorded checksum \(recorded.prefix(12))…, "
                        + "file now \(checksum.prefix(12))…); restore it and put the change in a new migration"
                )
            }
        }
        let known = Set(migrations.map(\.version))
        let unknown = applied.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            logger.warning(
                "the database has migrations this build does not know; it was migrated by a newer version",
                metadata: ["versions": "\(unknown)"]
            )
        }

        for (migration, checksum) in pending {
            try apply(migration, checksum: checksum, connection)
        }
        return pending.map(\.migration)
    }

    private func apply(_ migration: Migration, checksum: String, _ connection: Connection) throws {
        let started = ContinuousClock.now
        do {
            try connection.transaction { connection in
                try connection.executeScript(migration.sql)
                try connection.execute(
                    """
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(checksum))
                    """
                )
            }
        } catch let error as PostgresError {
            throw MigrationError(
                code: .migrationFailed,
                file: migration.fileName,
                sqlState: error.sqlState,
                reason: "failed and was rolled back: \(error.message)",
                underlying: error
            )
        }
        logger.info(
            "applied migration",
            metadata: ["file": "\(migration.fileName)", "duration": "\(ContinuousClock.now - started)"]
        )
    }

    private func appliedChecksums(_ connection: Connection) throws -> [Int: String] {
        let result = try connection.execute("SELECT version, checksum FROM schema_migrations")
        var applied: [Int: String] = [:]
        for row in 0..<result.rowCount {
            let version: Int = try result[row, "version"]
            applied[version] = try result[row, "checksum"]
        }
        return applied
    }

    /// The SHA-256 of the migration's UTF-8 bytes in hex, computed by the server (no hashing library needed).
    private func checksum(of migration: Migration, _ connection: Connection) throws -> String {
        let result = try connection.execute("SELECT encode(sha256(\(Array(migration.sql.utf8))), 'hex') AS checksum")
        return try result[0, "checksum"]
    }

    private func checkUniqueVersions() throws {
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw MigrationError(
                code: .duplicateVersion,
                file: next.fileName,
                reason: "version \(next.version) is also used by \(previous.fileName)"
            )
        }
    }
}

extension Migrator {
    /// Whether `schema_migrations` records every version in `migrations` (a fresh database has no such table): the
    /// one small query a command pays when the database is up to date (issue 17: migrate on `db migrate`, `demo` and
    /// first use, not on every command). No lock and no checksums: ``migrate(_:)`` does that check.
    public static func recordsEveryVersion(of migrations: [Migration], on connection: Connection) throws -> Bool {
        let exists = try connection.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard try exists[0].decode(Bool.self, column: 0) else { return false }
        let rows = try connection.execute("SELECT version FROM schema_migrations")
        var applied: Set<Int> = []
        for row in 0..<rows.rowCount {
            let version: Int = try rows[row, "version"]
            applied.insert(version)
        }
        return migrations.allSatisfy { applied.contains($0.version) }
    }

    /// How many migrations `schema_migrations` records: the HTTP service's readiness compares it with the files.
    ///
    /// - Throws: ``PostgresError`` (`undefined_table` on a database never migrated).
    public static func appliedCount(on connection: Connection) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM schema_migrations")[0].decode(Int64.self, column: 0))
    }
}
