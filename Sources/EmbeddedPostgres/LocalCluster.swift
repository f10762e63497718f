import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A project-local PostgreSQL cluster, created with `initdb` and run with `pg_ctl`.
///
/// The cluster lives in one data directory (by default `./.santunan/pg` under the project root) and is reached only
/// through a unix socket in that directory: the server is started with `listen_addresses=''`, so it never opens a
/// TCP port. Creating, starting and stopping are serialised across threads and processes by an exclusive `flock` on
/// ``Configuration/lockFile``, so two commands started at once end with one healthy cluster. `initdb` builds the
/// cluster in a staging directory that is renamed into place only when complete, so a crash during `initdb` never
/// leaves a half-made cluster behind.
///
/// As root, the tools and the server run as an unprivileged user (see `docs/decisions/0003-embedded-postgres.md`).
public struct LocalCluster: Sendable {
    /// What a cluster is doing, read from its data directory.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// No cluster exists in the data directory yet.
        case notInitialized
        /// The cluster exists and no server runs on it.
        case stopped
        /// A server runs on the cluster; `pid` is the postmaster's process id.
        case running(pid: Int32)

        public var description: String {
            switch self {
            case .notInitialized: "not initialized"
            case .stopped: "stopped"
            case .running(let pid): "running (pid \(pid))"
            }
        }
    }

    /// Where the cluster lives and how it is reached.
    public let configuration: Configuration
    let logger: Logger

    /// A cluster with the given configuration; nothing happens on disk until a method is called.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "pg.data"] = "\(configuration.dataDirectory.path)"
        self.logger = logger
    }

    /// The superuser's libpq conninfo for the application database, e.g.
    /// `host=/repo/.santunan/pg port=5432 user=postgres dbname=santunan`.
    public var conninfo: String {
        conninfo(database: configuration.database)
    }

    /// The superuser's libpq conninfo for any database of this cluster.
    public func conninfo(database: String) -> String {
        [
            ("host", configuration.socketDirectory.path),
            ("port", String(configuration.port)),
            ("user", configuration.superuser),
            ("dbname", database),
        ]
        .map { "\($0.0)=\(Self.conninfoValue($0.1))" }
        .joined(separator: " ")
    }

    /// Creates the cluster with `initdb` unless it exists; safe to call from concurrent threads and processes.
    public func ensureInitialized() throws {
        try validatePaths()
        try FileLock.withExclusiveLock(at: try lockFileReady(), logger: logger) {
            try initializeLocked()
        }
    }

    /// Initialises the cluster when needed, starts the server unless it runs, and creates the application
    /// database when it is missing. Calling it on a running cluster is a no-op.
    public func start() throws {
        try validatePaths()
        try FileLock.withExclusiveLock(at: try lockFileReady(), logger: logger) {
            try initializeLocked()
            if case .running(let pid) = try status() {
                logger.debug("PostgreSQL already running", metadata: ["pid": "\(pid)"])
            } else {
                try startLocked()
            }
            try createDatabaseIfMissing()
        }
    }

    /// Stops the server on exactly this data directory (`pg_ctl stop -m fast`); a stopped cluster is left alone.
    public func stop() throws {
        guard FileManager.default.fileExists(atPath: configuration.dataDirectory.path) else { return }
        try FileLock.withExclusiveLock(at: try lockFileReady(), logger: logger) {
            guard case .running(let pid) = try status() else { return }
            let binaries = try locateBinaries()
            let account = try ServerAccount.resolve(
                dataDirectory: configuration.dataDirectory,
                mayCreateUser: false,
                logger: logger
            )
            logger.info("stopping PostgreSQL", metadata: ["pid": "\(pid)"])
            let output = try account.runner.run(
                binaries.pgCtl,
                ["stop", "-D", configuration.dataDirectory.path, "-m", "fast", "-w", "-t", "60"]
            )
            // pg_ctl fails when the server went away on its own in the meantime, which is the state we wanted.
            guard try output.succeeded || !isRunning(status()) else {
                throw LocalClusterError(
                    step: .stop,
                    reason: "pg_ctl stop failed for \(configuration.dataDirectory.path)",
                    exitStatus: output.exitStatus,
                    toolOutput: output.standardError.lastLines(10)
                )
            }
        }
    }

    /// Whether the cluster exists and whether a server runs on it.
    ///
    /// Reads `postmaster.pid` and checks that its process is alive and is a PostgreSQL server working in this data
    /// directory, so a pid file left by a crash (and a pid since reused) reads as stopped.
    public func status() throws -> Status {
        let data = configuration.dataDirectory
        try requireReadable(data, step: .status)
        guard FileManager.default.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) else {
            return .notInitialized
        }
        let pidFile = data.appendingPathComponent("postmaster.pid")
        guard FileManager.default.fileExists(atPath: pidFile.path) else {
            return .stopped
        }
        let contents: String
        do {
            contents = try String(contentsOf: pidFile, encoding: .utf8)
        } catch {
            // The server removes the file on shutdown; losing that race means it stopped.
            if !FileManager.default.fileExists(atPath: pidFile.path) { return .stopped }
            throw LocalClusterError(step: .status, reason: "cannot read \(pidFile.path): \(error.localizedDescription)")
        }
        guard let firstLine = contents.split(separator: "\n").first, let pid = Int32(firstLine), pid > 0 else {
            // postmaster.pid is written in steps at startup; an incomplete one belongs to a server still starting.
            return .stopped
        }
        return Self.isServerProcess(pid, dataDirectory: data) ? .running(pid: pid) : .stopped
    }

    // MARK: - Steps, called with the lock held

    private func initializeLocked() throws {
        let data = configuration.dataDirectory
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path) {
            return
        }
        if fileManager.fileExists(atPath: data.path) {
            try requireReadable(data, step: .initdb)
            let contents = (try? fileManager.contentsOfDirectory(atPath: data.path)) ?? []
            guard contents.isEmpty else {
                throw LocalClusterError(
                    step: .initdb,
                    reason: "\(data.path) exists but is not a PostgreSQL data directory (no PG_VERSION): "
                        + "move it aside and run again"
                )
            }
            // An empty directory (made by hand) is replaced by the staged cluster.
            try fileManager.removeItem(at: data)
        }

        let binaries = try locateBinaries()
        let account = try ServerAccount.resolve(dataDirectory: data, mayCreateUser: true, logger: logger)
        let staging = configuration.stagingDirectory
        try account.requireAccess(to: staging.deletingLastPathComponent())

        if fileManager.fileExists(atPath: staging.path) {
            logger.warning(
                "removing an interrupted initdb",
                metadata: ["staging": "\(staging.path)"]
            )
            try fileManager.removeItem(at: staging)
        }
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw LocalClusterError(
                step: .initdb,
                reason: "cannot create \(staging.path): \(error.localizedDescription)"
            )
        }
        try account.takeOwnership(of: staging)

        logger.info("creating PostgreSQL cluster")
        var arguments = [
            "--pgdata=\(staging.path)",
            "--username=\(configuration.superuser)",
            "--encoding=UTF8",
            "--locale=\(Self.preferredLocale())",
            "--auth-local=trust",
            "--auth-host=reject",
        ]
        if configuration.durability == .throwaway {
            arguments.append("--no-sync")
        }
        let output = try account.runner.run(binaries.initdb, arguments)
        guard output.succeeded else {
            try? fileManager.removeItem(at: staging)
            throw LocalClusterError(
                step: .initdb,
                reason: "initdb failed for \(data.path)",
                exitStatus: output.exitStatus,
                toolOutput: output.standardError.lastLines(10)
            )
        }

        // Even a server started by hand (pg_ctl without our -c options) must not listen on TCP.
        let settings = """

            # Added by santunan: this cluster is reached through its unix socket only (docs/decisions/0003).
            listen_addresses = ''

            """
        do {
            let handle = try FileHandle(forWritingTo: staging.appendingPathComponent("postgresql.conf"))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(settings.utf8))
            try handle.synchronize()
        } catch {
            throw LocalClusterError(
                step: .initdb,
                reason: "cannot write postgresql.conf in \(staging.path): \(error.localizedDescription)"
            )
        }

        // The rename is the commit point: the data directory exists only once initdb has finished.
        guard rename(staging.path, data.path) == 0 else {
            throw LocalClusterError(
                step: .initdb,
                reason: "cannot rename \(staging.path) to \(data.path): \(String(cString: strerror(errno)))"
            )
        }
        Self.synchronizeDirectory(data.deletingLastPathComponent())
        logger.info("created PostgreSQL cluster")
    }

    private func startLocked() throws {
        let binaries = try locateBinaries()
        let account = try ServerAccount.resolve(
            dataDirectory: configuration.dataDirectory,
            mayCreateUser: false,
            logger: logger
        )
        try account.requireAccess(to: configuration.dataDirectory.deletingLastPathComponent())
        if configuration.socketDirectory != configuration.dataDirectory {
            try account.requireAccess(to: configuration.socketDirectory)
        }

        removeStalePidFile()
        logger.info("starting PostgreSQL", metadata: ["socket": "\(configuration.socketFile.path)"])
        let output = try account.runner.run(
            binaries.pgCtl,
            [
                "start", "-D", configuration.dataDirectory.path, "-l", configuration.logFile.path,
                "-w", "-t", "60", "-o", serverOptions(),
            ]
        )
        guard output.succeeded else {
            let log = (try? String(contentsOf: configuration.logFile, encoding: .utf8)) ?? ""
            throw LocalClusterError(
                step: .start,
                reason: "pg_ctl start failed for \(configuration.dataDirectory.path); "
                    + "server log: \(configuration.logFile.path)",
                exitStatus: output.exitStatus,
                toolOutput: (output.standardError.lastLines(5) + "\n" + log.lastLines(10))
            )
        }
    }

    /// Deletes a `postmaster.pid` left by a crash or a reboot.
    ///
    /// The server refuses to start while the pid in that file belongs to a live process, and after a reboot that
    /// pid may well have been reused by an unrelated one. `status()` already established that the process is not a
    /// PostgreSQL server in this data directory.
    private func removeStalePidFile() {
        let pidFile = configuration.dataDirectory.appendingPathComponent("postmaster.pid")
        guard
            let contents = try? String(contentsOf: pidFile, encoding: .utf8),
            let firstLine = contents.split(separator: "\n").first,
            let pid = Int32(firstLine), pid > 0,
            !Self.isServerProcess(pid, dataDirectory: configuration.dataDirectory)
        else { return }
        logger.warning("removing the postmaster.pid of a server that is gone", metadata: ["pid": "\(pid)"])
        try? FileManager.default.removeItem(at: pidFile)
    }

    /// The postgres options for `pg_ctl -o`, which hands them to `/bin/sh`, hence the shell quoting.
    func serverOptions() -> String {
        var settings: [(String, String)] = [
            ("listen_addresses", ""),
            ("unix_socket_directories", configuration.socketDirectory.path),
            ("port", String(configuration.port)),
        ]
        if configuration.durability == .throwaway {
            settings += [("fsync", "off"), ("synchronous_commit", "off"), ("full_page_writes", "off")]
        }
        settings += configuration.serverSettings.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return settings.map { "-c " + Self.shellQuoted("\($0.0)=\($0.1)") }.joined(separator: " ")
    }

    // MARK: - Helpers

    private func locateBinaries() throws -> ServerBinaries {
        let versionFile = configuration.dataDirectory.appendingPathComponent("PG_VERSION")
        let version = (try? String(contentsOf: versionFile, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return try ServerBinaries.locate(configured: configuration.binaryDirectory, requiredVersion: version)
    }

    /// Creates the lock file's directory (the data directory's parent) and returns the lock file.
    private func lockFileReady() throws -> URL {
        let parent = configuration.dataDirectory.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(
                at: parent,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
        } catch {
            throw LocalClusterError(
                step: .prepare,
                reason: "cannot create \(parent.path): \(error.localizedDescription)"
            )
        }
        return configuration.lockFile
    }

    private func validatePaths() throws {
        // pg_ctl puts the data directory and log file in double quotes inside a /bin/sh command line.
        let unsafe: Set<Character> = ["\"", "$", "`", "\\", "\n"]
        for path in [configuration.dataDirectory.path, configuration.socketDirectory.path]
        where path.contains(where: unsafe.contains) {
            throw LocalClusterError(
                step: .prepare,
                reason: "\(path) contains a character that pg_ctl cannot pass to the shell (\", $, `, \\ or newline)"
            )
        }
        // sockaddr_un.sun_path holds 107 bytes plus the terminating NUL.
        let socketPathLength = configuration.socketFile.path.utf8.count
        guard socketPathLength <= 107 else {
            throw LocalClusterError(
                step: .prepare,
                reason: "the socket path \(configuration.socketFile.path) is \(socketPathLength) bytes, "
                    + "over the 107 a unix socket allows: use a shorter project path or socket directory"
            )
        }
        guard (1...65535).contains(configuration.port) else {
            throw LocalClusterError(step: .prepare, reason: "port \(configuration.port) is not in 1...65535")
        }
    }

    /// Fails when `directory` exists but this user cannot look inside, which would otherwise read as "no cluster".
    private func requireReadable(_ directory: URL, step: LocalClusterError.Step) throws {
        guard FileManager.default.fileExists(atPath: directory.path), access(directory.path, R_OK | X_OK) != 0 else {
            return
        }
        var info = stat()
        let owner =
            stat(directory.path, &info) == 0 ? getpwuid(info.st_uid).map { String(cString: $0.pointee.pw_name) } : nil
        throw LocalClusterError(
            step: step,
            reason: "cannot read \(directory.path)\(owner.map { " (owned by \($0))" } ?? ""): "
                + "run the command as its owner or as root"
        )
    }

    private func isRunning(_ status: Status) -> Bool {
        if case .running = status { true } else { false }
    }

    /// Whether `pid` is alive and, where `/proc` tells, a PostgreSQL server whose working directory is `dataDirectory`
    /// (the postmaster changes into its data directory at startup).
    static func isServerProcess(_ pid: Int32, dataDirectory: URL) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        let proc = "/proc/\(pid)"
        guard FileManager.default.fileExists(atPath: proc) else { return true }
        if let name = try? String(contentsOfFile: proc + "/comm", encoding: .utf8) {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed == "postgres" || trimmed == "postmaster" else { return false }
        }
        if let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: proc + "/cwd") {
            return URL(fileURLWithPath: cwd).standardizedFileURL.resolvingSymlinksInPath().path
                == dataDirectory.standardizedFileURL.resolvingSymlinksInPath().path
        }
        return true
    }

    /// C.UTF-8 when the C library has it (stable byte-order collation with UTF-8 character classes), else C.
    static func preferredLocale() -> String {
        let locale = ["/usr/bin/locale", "/bin/locale"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let locale, let output = try? ToolRunner.launch(URL(fileURLWithPath: locale), ["-a"]) else {
            return "C"
        }
        let available = Set(output.standardOutput.split(whereSeparator: \.isNewline).map { $0.lowercased() })
        return available.contains("c.utf8") || available.contains("c.utf-8") ? "C.UTF-8" : "C"
    }

    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A conninfo value, quoted when it is empty or holds spaces, quotes or backslashes.
    static func conninfoValue(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) else {
            return value
        }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }

    private static func synchronizeDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
