import ClaimStore
public import EmbeddedPostgres
public import Foundation
public import Logging
public import Postgres

/// Where a command's database is: `--database-url`, else `DATABASE_URL`, else the embedded cluster (CONTRACT §5).
public struct DatabaseTarget: Sendable {
    /// The libpq conninfo or `postgresql://` URI to connect with.
    public let conninfo: String
    /// The embedded cluster, when no URL was given.
    public let embedded: LocalCluster?

    public init(conninfo: String, embedded: LocalCluster?) {
        self.conninfo = conninfo
        self.embedded = embedded
    }

    /// Resolves the target without touching the database.
    public static func resolve(
        explicitURL: String?, paths: ProjectPaths, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DatabaseTarget {
        if let url = explicitURL ?? environment["DATABASE_URL"], !url.isEmpty {
            return DatabaseTarget(conninfo: url, embedded: nil)
        }
        let cluster = embeddedCluster(paths: paths, logger: logger, environment: environment)
        return DatabaseTarget(conninfo: cluster.conninfo, embedded: cluster)
    }

    /// The project's embedded cluster (`SANTUNAN_PGDATA`, else `<root>/.santunan/pg`).
    ///
    /// As root, the server runs as an unprivileged user, who cannot reach a project under a private directory such
    /// as `/root` (mode 700). Rather than loosen that directory's permissions, the cluster then lives in
    /// `/var/lib/santunan/<project path>/pg` (docs/decisions/0003-embedded-postgres.md).
    public static func embeddedCluster(
        paths: ProjectPaths, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> LocalCluster {
        var directory = paths.clusterDirectory(environment: environment)
        if geteuid() == 0, environment["SANTUNAN_PGDATA"]?.isEmpty ?? true,
            !othersCanTraverse(directory.deletingLastPathComponent())
        {
            let flattened = paths.root.path.split(separator: "/").joined(separator: "-")
            directory = URL(fileURLWithPath: "/var/lib/santunan/\(flattened)/pg", isDirectory: true)
            logger.notice(
                "the project directory is private to root; the embedded cluster lives in \(directory.path)")
        }
        return LocalCluster(configuration: LocalCluster.Configuration(dataDirectory: directory), logger: logger)
    }

    /// Whether every existing ancestor of `directory` lets other users through (`o+x`).
    static func othersCanTraverse(_ directory: URL) -> Bool {
        var current = directory.standardizedFileURL
        while true {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: current.path),
                let permissions = attributes[.posixPermissions] as? Int, permissions & 0o001 == 0
            {
                return false
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return true }
            current = parent
        }
    }

    /// Starts the embedded cluster if this target is one (creating it on first use), connects, and applies the
    /// migrations of `Schema/`. Failures become the contract's exit statuses: 69 when the database cannot be reached.
    public func openMigrated(paths: ProjectPaths, logger: Logger) throws(AppError) -> Connection {
        if let embedded {
            do {
                try embedded.start()
            } catch {
                throw AppError(
                    .databaseUnavailable, field: "embedded database",
                    reason: "\(error); see \(embedded.configuration.logFile.path)")
            }
        }
        let connection: Connection
        do {
            connection = try Connection(conninfo, logger: logger)
        } catch {
            throw AppError(
                .databaseUnavailable, field: embedded == nil ? "--database-url" : "embedded database",
                reason: "cannot connect: \(error.message); check that the server runs and the URL is right")
        }
        try migrate(connection, paths: paths, logger: logger)
        return connection
    }

    /// Applies the migrations of `Schema/` on `connection`.
    public func migrate(_ connection: Connection, paths: ProjectPaths, logger: Logger) throws(AppError) {
        do {
            let migrations = try Migration.load(from: paths.schema)
            try Migrator(migrations: migrations, logger: logger).migrate(connection)
        } catch let error as MigrationError {
            throw AppError(.internalError, field: "Schema/\(error.file ?? "")", reason: error.reason)
        } catch let error as PostgresError {
            throw AppError(.databaseUnavailable, field: "database", reason: "migration failed: \(error)")
        } catch {
            throw AppError(.internalError, field: "Schema", reason: "\(error)")
        }
    }
}
