import Foundation

/// The PostgreSQL server programs a ``LocalCluster`` drives: `initdb`, `pg_ctl` and `postgres`, from one directory.
struct ServerBinaries: Sendable {
    /// The directory holding all three programs.
    var directory: URL

    var initdb: URL { directory.appendingPathComponent("initdb") }
    var pgCtl: URL { directory.appendingPathComponent("pg_ctl") }
    var postgres: URL { directory.appendingPathComponent("postgres") }

    static let notInstalled = "PostgreSQL server not installed: run apt-get install -y postgresql"

    /// Finds the server programs.
    ///
    /// The order is: the configured directory, `pg_config --bindir`, the highest `/usr/lib/postgresql/*/bin`
    /// (Debian installs the server there and only the client tools on `PATH`), then `PATH`. A directory counts only
    /// when all three programs are in it; `pg_config` from `libpq-dev` alone points at `/usr/bin`, which has none.
    /// When the cluster already exists, `requiredVersion` (the content of its `PG_VERSION`) selects the first
    /// candidate of that major version, because a data directory only starts under the major version that made it.
    static func locate(configured: URL?, requiredVersion: String?) throws -> ServerBinaries {
        let candidates: [URL]
        if let configured {
            candidates = [configured]
        } else {
            candidates = [pgConfigBinDirectory()].compactMap { $0 } + debianServerDirectories() + pathDirectories()
        }
        var seen = Set<String>()
        let complete = candidates.filter { seen.insert($0.standardizedFileURL.path).inserted }.map(ServerBinaries.init)
            .filter(\.isComplete)

        guard let first = complete.first else {
            if let configured {
                throw LocalClusterError(
                    step: .locateServer,
                    reason: "\(configured.path) does not hold initdb, pg_ctl and postgres"
                )
            }
            throw LocalClusterError(step: .locateServer, reason: notInstalled)
        }
        guard let requiredVersion else {
            return first
        }
        var found: [String] = []
        for binaries in complete {
            guard let version = binaries.serverVersion() else { continue }
            if version == requiredVersion || version.hasPrefix(requiredVersion + ".") {
                return binaries
            }
            found.append(version)
        }
        throw LocalClusterError(
            step: .locateServer,
            reason: "the cluster was created by PostgreSQL \(requiredVersion) but only "
                + "\(found.isEmpty ? "an unknown version" : found.joined(separator: ", ")) is installed: "
                + "run apt-get install -y postgresql-\(requiredVersion), or move the data directory aside"
        )
    }

    private var isComplete: Bool {
        [initdb, pgCtl, postgres].allSatisfy { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The server's version number, e.g. `15.14`, from `postgres --version`.
    func serverVersion() -> String? {
        guard let output = try? ToolRunner.launch(postgres, ["--version"]), output.succeeded else {
            return nil
        }
        // "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"
        let words = output.standardOutput.split(whereSeparator: \.isWhitespace)
        return words.first { $0.first?.isNumber == true }.map(String.init)
    }

    private static func pgConfigBinDirectory() -> URL? {
        for directory in pathDirectories() {
            let pgConfig = directory.appendingPathComponent("pg_config")
            guard FileManager.default.isExecutableFile(atPath: pgConfig.path) else { continue }
            guard let output = try? ToolRunner.launch(pgConfig, ["--bindir"]), output.succeeded else {
                return nil
            }
            let path = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            return path.isEmpty ? nil : URL(fileURLWithPath: path, isDirectory: true)
        }
        return nil
    }

    private static func debianServerDirectories() -> [URL] {
        let root = "/usr/lib/postgresql"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else {
            return []
        }
        // Numeric order, so that 16 comes before 9.6.
        let versions = entries.compactMap { entry -> (Double, String)? in
            Double(entry).map { ($0, entry) }
        }
        return versions.sorted { $0.0 > $1.0 }.map {
            URL(fileURLWithPath: "\(root)/\($0.1)/bin", isDirectory: true)
        }
    }

    private static func pathDirectories() -> [URL] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0), isDirectory: true) }
    }
}
