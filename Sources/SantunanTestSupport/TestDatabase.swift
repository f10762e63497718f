public import EmbeddedPostgres
import ClaimStore
import Foundation
import Logging
import Postgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL cluster shared by all tests of one test process.
///
/// The cluster is created and started on first use, in a fresh directory `<tmp>/santunan-test-XXXXXX`, with
/// durability switched off (`fsync`, `synchronous_commit`, `full_page_writes`) because its data is thrown away.
/// Its socket lives in that directory, so parallel test processes never meet. An `atexit` hook stops the server
/// and deletes the directory when the process exits; clusters left behind by a killed test process are cleaned up by
/// the next one.
///
/// Each test takes its own database from ``freshDatabase()``, so tests running concurrently (Swift Testing runs them
/// in parallel) never see each other's rows:
///
/// ```swift
/// @Test func migrationsApplyInOrder() throws {
///     let connection = try Connection(TestDatabase.shared.freshDatabase(), logger: logger)
/// }
/// ```
public final class TestDatabase: @unchecked Sendable {
    /// The cluster of this test process.
    public static let shared = TestDatabase()

    private static let directoryPrefix = "santunan-test-"
    private static let ownerFileName = "owner.pid"

    // Guards every stored property below; held while the cluster starts, so the first caller starts it and the
    // others wait for it.
    private let lock = NSLock()
    private var directory: ScratchDirectory?
    private var started: LocalCluster?
    private var startFailure: (any Error)?
    private var databaseCount = 0
    private var template: String?
    private let logger = TestLogging.logger("santunan.test-database")

    private init() {}

    /// The shared cluster, started if it is not yet; for tests that need its paths or conninfo.
    public func cluster() throws -> LocalCluster {
        try withLock { try startedCluster() }
    }

    /// Creates a new empty database and returns its superuser conninfo.
    ///
    /// The name is unique within this test process (`test_1`, `test_2`, ...); the database lives until the
    /// process exits.
    public func freshDatabase() throws -> String {
        try withLock {
            let cluster = try startedCluster()
            databaseCount += 1
            let name = "test_\(databaseCount)"
            let connection = try Connection(cluster.conninfo(database: "postgres"), logger: logger)
            defer { connection.close() }
            try connection.execute("CREATE DATABASE \(identifier: name)")
            return cluster.conninfo(database: name)
        }
    }

    /// Creates a new database with every migration of `Schema/` applied and returns its superuser conninfo.
    ///
    /// The migrations run once per test process, into a template database; each call copies the template
    /// (`CREATE DATABASE … TEMPLATE`), which takes a few milliseconds where migrating takes about a second, so every
    /// test that needs the schema gets its own database at almost no cost (issue 17: one migrated database for all
    /// the tests, not one helper per test target).
    public func migratedDatabase() throws -> String {
        try withLock {
            let cluster = try startedCluster()
            let admin = try Connection(cluster.conninfo(database: "postgres"), logger: logger)
            defer { admin.close() }
            if template == nil {
                let name = "santunan_template"
                try admin.execute("DROP DATABASE IF EXISTS \(identifier: name)")
                try admin.execute("CREATE DATABASE \(identifier: name)")
                let connection = try Connection(cluster.conninfo(database: name), logger: logger)
                defer { connection.close() }
                let schema = CLIRunner.repository.appendingPathComponent("Schema")
                try Migrator(migrations: try Migration.load(from: schema), logger: logger).migrate(connection)
                template = name
            }
            databaseCount += 1
            let name = "test_\(databaseCount)"
            try admin.execute("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: template!)")
            return cluster.conninfo(database: name)
        }
    }

    /// `conninfo` (of ``freshDatabase()``) for the same database, logging in as `login` instead of the superuser: a
    /// person's own role that the test created (`CREATE ROLE ani LOGIN; GRANT santunan_officer TO ani`). The cluster
    /// trusts local connections, so no password is needed; libpq takes the last `user=`.
    public static func conninfo(_ conninfo: String, asLogin login: String) -> String {
        conninfo + " user=" + login
    }

    /// Stops and starts the server again, for tests of what survives a database restart.
    ///
    /// Every open connection of the process is cut, including other tests' ones: tests that call this should be
    /// in a `.serialized` suite or use a cluster of their own.
    public func restartServer() throws {
        try withLock {
            let cluster = try startedCluster()
            try cluster.stop()
            try cluster.start()
        }
    }

    // MARK: - Lifecycle

    private func withLock<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Starts the cluster on first use; a failed start is remembered so later tests fail fast with the same error.
    private func startedCluster() throws -> LocalCluster {
        if let started { return started }
        if let startFailure { throw startFailure }
        do {
            Self.removeAbandonedClusters(logger: logger)
            let directory = try ScratchDirectory(prefix: Self.directoryPrefix)
            self.directory = directory
            try String(getpid()).write(
                to: directory.url.appendingPathComponent(Self.ownerFileName),
                atomically: true,
                encoding: .utf8
            )
            atexit { TestDatabase.shared.tearDown() }

            var configuration = LocalCluster.Configuration(
                dataDirectory: directory.url.appendingPathComponent("pg", isDirectory: true),
                // Only names the socket file, which is in this process's own directory anyway.
                port: 40000 + Int(getpid() % 20000)
            )
            configuration.durability = .throwaway
            let cluster = LocalCluster(configuration: configuration, logger: logger)
            try cluster.start()
            started = cluster
            return cluster
        } catch {
            startFailure = error
            throw error
        }
    }

    /// Stops the server and deletes the directory; runs from `atexit`.
    private func tearDown() {
        lock.lock()
        defer { lock.unlock() }
        if let started {
            do {
                try started.stop()
            } catch {
                logger.error("could not stop the test cluster", metadata: ["error": "\(error)"])
                if case .running(let pid) = try? started.status() {
                    kill(pid, SIGQUIT)
                }
            }
        }
        directory?.remove()
        started = nil
        directory = nil
    }

    /// Stops and deletes clusters whose test process died without running its `atexit` hook (killed, crashed).
    private static func removeAbandonedClusters(logger: Logger) {
        let fileManager = FileManager.default
        let environmentTemporary = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let roots = Set([environmentTemporary, "/tmp"])
        for root in roots {
            let entries = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
            for entry in entries where entry.hasPrefix(directoryPrefix) {
                let directory = URL(fileURLWithPath: root).appendingPathComponent(entry, isDirectory: true)
                let ownerFile = directory.appendingPathComponent(ownerFileName)
                guard
                    let owner = try? String(contentsOf: ownerFile, encoding: .utf8),
                    let ownerPID = Int32(owner.trimmingCharacters(in: .whitespacesAndNewlines)),
                    kill(ownerPID, 0) != 0, errno == ESRCH
                else { continue }

                let dataDirectory = directory.appendingPathComponent("pg", isDirectory: true)
                let cluster = LocalCluster(configuration: .init(dataDirectory: dataDirectory), logger: logger)
                if case .running(let pid) = try? cluster.status() {
                    // Immediate shutdown: the data is being deleted, nothing needs to be flushed.
                    kill(pid, SIGQUIT)
                    for _ in 0..<50 {
                        guard case .running = try? cluster.status() else { break }
                        usleep(100_000)
                    }
                }
                logger.info("removing abandoned test cluster", metadata: ["directory": "\(directory.path)"])
                try? fileManager.removeItem(at: directory)
            }
        }
    }
}
