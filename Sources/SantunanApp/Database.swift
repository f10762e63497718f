import ClaimStore
public import EmbeddedPostgres
public import Foundation
public import Logging
public import Postgres

/// Where a command's database is: `--database-url`, else `DATABASE_URL`, else the embedded cluster (CONTRACT §5).
public struct DatabaseTarget: Sendable {
    /// Where the URL came from; errors name it, so a user fixes the right thing (CONTRACT §1 `error: <field>`).
    public enum Source: Sendable, Hashable {
        case option
        case environment
        case embedded

        /// `--database-url`, `DATABASE_URL` or `embedded database`.
        public var name: String {
            switch self {
            case .option: "--database-url"
            case .environment: "DATABASE_URL"
            case .embedded: "embedded database"
            }
        }
    }

    /// The libpq conninfo or `postgresql://` URI to connect with.
    public let conninfo: String
    /// The embedded cluster, when no URL was given.
    public let embedded: LocalCluster?
    /// Where ``conninfo`` came from.
    public let source: Source
    /// How long ``openMigrated(paths:logger:)`` waits for a database that is down or restarting.
    public var wait: DatabaseWait

    public init(conninfo: String, embedded: LocalCluster?, source: Source? = nil, wait: DatabaseWait = .standard) {
        self.conninfo = conninfo
        self.embedded = embedded
        self.source = source ?? (embedded == nil ? .option : .embedded)
        self.wait = wait
    }

    /// Resolves the target without touching the database; the wait comes from `SANTUNAN_DB_WAIT` (seconds).
    public static func resolve(
        explicitURL: String?, paths: ProjectPaths, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DatabaseTarget {
        let wait = DatabaseWait(environment: environment)
        if let url = explicitURL, !url.isEmpty {
            return DatabaseTarget(conninfo: url, embedded: nil, source: .option, wait: wait)
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return DatabaseTarget(conninfo: url, embedded: nil, source: .environment, wait: wait)
        }
        let cluster = embeddedCluster(paths: paths, logger: logger, environment: environment)
        return DatabaseTarget(conninfo: cluster.conninfo, embedded: cluster, source: .embedded, wait: wait)
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
    ///
    /// A database that is down, starting, shutting down or restarting (the embedded cluster's `pg_ctl` meeting a
    /// server still on its way out: "another server might be running") is waited for, with a doubling pause up to
    /// ``DatabaseWait/maxPause``, for ``wait``'s limit; stderr says so once. A refusal that waiting cannot cure (a
    /// wrong password, an unknown database, a bad URL) fails at once.
    public func openMigrated(paths: ProjectPaths, logger: Logger, force: Bool = false) throws(AppError) -> Connection {
        let clock = ContinuousClock()
        let deadline = wait.limit.map { clock.now + $0 }
        var pause = Duration.milliseconds(100)
        var announced = false
        while true {
            do {
                let connection = try connectOnce(logger: logger)
                if announced {
                    FileHandle.standardError.write(Data("database: \(source.name) is available\n".utf8))
                }
                try migrate(connection, paths: paths, logger: logger, force: force)
                return connection
            } catch let failure as Unreachable {
                let now = clock.now
                guard failure.transient, deadline.map({ now < $0 }) ?? true else { throw failure.error }
                if !announced {
                    announced = true
                    let limit = wait.limit.map { "up to \(Int($0.components.seconds)) s" } ?? "until it is back"
                    FileHandle.standardError.write(
                        Data(
                            ("waiting for the database (\(source.name)), \(limit): "
                                + PrintableText.escaped(failure.error.reason) + "\n").utf8))
                }
                var sleep = pause
                if let deadline, deadline - now < sleep { sleep = deadline - now }
                Thread.sleep(forTimeInterval: Double(sleep / .milliseconds(1)) / 1000)
                pause = min(pause * 2, wait.maxPause)
            } catch let error as AppError {
                throw error
            } catch {
                throw AppError(.internalError, field: source.name, reason: "\(error)")
            }
        }
    }

    /// Why a database could not be reached, and whether waiting may cure it.
    private struct Unreachable: Error {
        var error: AppError
        var transient: Bool
    }

    /// One attempt: start the embedded cluster (if any) and connect.
    private func connectOnce(logger: Logger) throws -> Connection {
        if let embedded {
            do {
                try embedded.start()
            } catch let error as LocalClusterError {
                // Starting fails while a server on the same directory is still stopping or starting; finding the
                // binaries, paths and permissions does not get better by waiting.
                let transient = [LocalClusterError.Step.start, .lock, .createDatabase, .status].contains(error.step)
                throw Unreachable(
                    error: AppError(
                        .databaseUnavailable, field: source.name,
                        reason: OneLine.text("\(error)") + "; see \(embedded.configuration.logFile.path)"),
                    transient: transient)
            } catch {
                throw Unreachable(
                    error: AppError(.databaseUnavailable, field: source.name, reason: OneLine.text("\(error)")),
                    transient: false)
            }
        }
        do {
            return try Connection(conninfo, logger: logger)
        } catch {
            let hint =
                source == .embedded
                ? "check `santunan db status` and the server log" : "check that the server runs and the URL is right"
            throw Unreachable(
                error: AppError(
                    .databaseUnavailable, field: source.name,
                    reason: "cannot connect: \(error.oneLineMessage); \(hint)"),
                transient: Self.mayRecover(error))
        }
    }

    /// Whether a failed connection may succeed later: a server down, starting, stopping or full, not a refusal of
    /// the URL or the credentials.
    static func mayRecover(_ error: PostgresError) -> Bool {
        let message = error.message.lowercased()
        let permanent = [
            "authentication failed", "does not exist", "invalid", "password", "pg_hba.conf", "permission denied",
            "not permitted", "ssl", "missing \"=\"", "unrecognized", "could not translate host name",
        ]
        return !permanent.contains { message.contains($0) }
    }

    /// Applies the migrations of `Schema/` on `connection` when the database lacks one of them (issue 17: migrate
    /// on `db migrate`, `demo` and first use, not on every command).
    ///
    /// A database that has every migration's version recorded is left alone: the full check (checksums of what was
    /// applied against the files, under the migration lock) runs on `db migrate`, `db status` and `demo`, which pass
    /// `force`. A command therefore costs one small query, not a read and hash of every migration under a lock.
    public func migrate(_ connection: Connection, paths: ProjectPaths, logger: Logger, force: Bool = false)
        throws(AppError)
    {
        do {
            let migrations = try Migration.load(from: paths.schema)
            if !force, try Migrator.recordsEveryVersion(of: migrations, on: connection) { return }
            try Migrator(migrations: migrations, logger: logger).migrate(connection)
        } catch let error as MigrationError {
            throw AppError(.internalError, field: "Schema/\(error.file ?? "")", reason: error.reason)
        } catch let error as PostgresError {
            throw AppError(
                .databaseUnavailable, field: source.name, reason: "migration failed: \(error.oneLineMessage)")
        } catch {
            throw AppError(.internalError, field: "Schema", reason: "\(error)")
        }
    }
}

extension DatabaseTarget {
    /// How many migrations the database records, for the HTTP service's readiness (which compares it with the files
    /// of `Schema/`); a database never migrated is the database's fault (``SubmissionService/appError(_:input:)``).
    public static func appliedMigrations(on connection: Connection) throws(AppError) -> Int {
        do {
            return try Migrator.appliedCount(on: connection)
        } catch {
            throw SubmissionService.appError(error)
        }
    }
}

/// How long a command waits for its database (issue 15): commands up to 30 s by default, `worker run` until it is
/// back; `SANTUNAN_DB_WAIT=SECONDS` changes the limit of every command (0: do not wait).
public struct DatabaseWait: Sendable, Hashable {
    /// nil: wait until the database is back.
    public var limit: Duration?
    /// The longest pause between two attempts.
    public var maxPause: Duration

    public init(limit: Duration?, maxPause: Duration = .seconds(5)) {
        self.limit = limit
        self.maxPause = maxPause
    }

    /// 30 s, the default of commands.
    public static let standard = DatabaseWait(limit: .seconds(30))
    /// Until the database is back, attempts at most 30 s apart (`worker run`).
    public static let forever = DatabaseWait(limit: nil, maxPause: .seconds(30))

    /// `SANTUNAN_DB_WAIT` (whole seconds, 0 to 86400) when set and valid, else ``standard``.
    public init(environment: [String: String]) {
        if let text = environment["SANTUNAN_DB_WAIT"], let seconds = Int(text), (0...86_400).contains(seconds) {
            self.init(limit: .seconds(seconds))
        } else {
            self = .standard
        }
    }
}

/// Text made one line: line breaks and the blanks around them become `; `, so a multi-line message (libpq's
/// "connection ... failed\n\tIs the server running ...", a tool's output) prints as the contract's one line.
public enum OneLine {
    public static func text(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
