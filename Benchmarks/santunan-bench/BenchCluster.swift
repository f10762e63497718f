import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import SantunanApp

/// The throwaway PostgreSQL cluster a benchmark starts: one definition for every bench that needs a server (the
/// queue, payouts, service, ledger, ledger-queries and import benches wrote these lines each, issue 17).
///
/// The cluster lives in `<scratch>/pg`, `scratch` being `/tmp/santunan-<label>-bench-<pid>` opened to the server's
/// account (the cluster runs as another user when the bench runs as root); `admin` is a connection to `postgres`.
/// ``tearDown()`` stops the server and removes the scratch directory:
///
/// ```swift
/// let bench = try BenchCluster(label: "queue", logger: logger)
/// defer { bench.tearDown() }
/// let conninfo = try bench.createDatabase("bench_1", migratedWith: paths)
/// ```
///
/// The server's settings are its defaults (fsync and synchronous_commit on) unless `configure` changes them.
final class BenchCluster {
    let logger: Logger
    let scratch: URL
    let cluster: LocalCluster
    let admin: Connection

    /// Makes the scratch directory, starts the cluster configured by `configure` and connects to `postgres`.
    init(
        label: String, logger: Logger, configure: (inout LocalCluster.Configuration) -> Void = { _ in }
    ) throws {
        self.logger = logger
        scratch = try Self.scratchDirectory(label)
        var configuration = LocalCluster.Configuration(
            dataDirectory: scratch.appendingPathComponent("pg", isDirectory: true))
        configure(&configuration)
        cluster = LocalCluster(configuration: configuration, logger: logger)
        do {
            try cluster.start()
            admin = try Connection(cluster.conninfo(database: "postgres"), logger: logger)
        } catch {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
    }

    /// `/tmp/santunan-<label>-bench-<pid>`, made if missing and readable by the server's account; for a bench that
    /// writes its fixture files before it starts the cluster (the import bench's sample).
    static func scratchDirectory(_ label: String) throws -> URL {
        let scratch = URL(fileURLWithPath: "/tmp/santunan-\(label)-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        chmod(scratch.path, 0o755)
        return scratch
    }

    /// Stops the server and removes the scratch directory.
    func tearDown() {
        admin.close()
        try? cluster.stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// A server setting as `SHOW` prints it (`server_version`, `fsync`, …).
    func show(_ setting: String) throws -> String {
        try admin.execute("SHOW \(unescaped: setting)")[0].decode(String.self, column: 0)
    }

    /// Creates the database `name` (a copy of `template` when given) and returns its conninfo.
    @discardableResult
    func createDatabase(_ name: String, template: String? = nil) throws -> String {
        if let template {
            try admin.execute("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: template)")
        } else {
            try admin.execute("CREATE DATABASE \(identifier: name)")
        }
        return cluster.conninfo(database: name)
    }

    /// Creates the database `name` with every migration of `Schema/` applied, as the product migrates it, and
    /// returns its conninfo.
    @discardableResult
    func createDatabase(_ name: String, migratedWith paths: ProjectPaths) throws -> String {
        let conninfo = try createDatabase(name)
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        try DatabaseTarget(conninfo: "", embedded: nil).migrate(connection, paths: paths, logger: logger)
        return conninfo
    }
}
