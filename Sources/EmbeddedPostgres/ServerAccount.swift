import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The OS user that owns the cluster's files and runs `initdb`, `pg_ctl` and the server.
///
/// As a normal user that is the user itself. As root it cannot be: `initdb` and `pg_ctl` refuse to run as root, so
/// the tools run through `runuser -u NAME --` as the owner of an existing data directory, else the `postgres` system
/// user, else a `santunan` system user created with `useradd --system`.
struct ServerAccount: Sendable {
    /// The user to switch to, or nil when the tools run as the current user.
    var switchedUser: String?
    var uid: uid_t
    var gid: gid_t
    var runner: ToolRunner

    static let createdUserName = "santunan"

    static var isRoot: Bool { geteuid() == 0 }

    /// Chooses the account for a cluster whose data directory is `dataDirectory`.
    ///
    /// With `mayCreateUser`, root creates the `santunan` system user when neither an owner nor `postgres` exists.
    static func resolve(dataDirectory: URL, mayCreateUser: Bool, logger: Logger) throws -> ServerAccount {
        guard isRoot else {
            return ServerAccount(
                switchedUser: nil,
                uid: geteuid(),
                gid: getegid(),
                runner: ToolRunner(runAsUser: nil, runuser: nil, logger: logger)
            )
        }
        guard let runuser = locateRunuser() else {
            throw LocalClusterError(
                step: .prepare,
                reason: "running as root needs runuser (util-linux) to start PostgreSQL as an unprivileged user: "
                    + "run apt-get install -y util-linux"
            )
        }

        let name: String
        if let owner = existingOwner(of: dataDirectory) {
            guard owner != 0 else {
                throw LocalClusterError(
                    step: .prepare,
                    reason: "\(dataDirectory.path) is owned by root, but PostgreSQL cannot run as root: "
                        + "chown -R it to an unprivileged user (e.g. postgres)"
                )
            }
            guard let entry = getpwuid(owner) else {
                throw LocalClusterError(
                    step: .prepare,
                    reason: "\(dataDirectory.path) is owned by uid \(owner), which has no user name"
                )
            }
            name = String(cString: entry.pointee.pw_name)
        } else if getpwnam("postgres") != nil {
            name = "postgres"
        } else if getpwnam(createdUserName) != nil {
            name = createdUserName
        } else if mayCreateUser {
            try createSystemUser(createdUserName, logger: logger)
            name = createdUserName
        } else {
            throw LocalClusterError(
                step: .prepare,
                reason: "no unprivileged user to run PostgreSQL: neither postgres nor \(createdUserName) exists"
            )
        }

        guard let entry = getpwnam(name) else {
            throw LocalClusterError(step: .prepare, reason: "user \(name) vanished while preparing the cluster")
        }
        return ServerAccount(
            switchedUser: name,
            uid: entry.pointee.pw_uid,
            gid: entry.pointee.pw_gid,
            runner: ToolRunner(runAsUser: name, runuser: runuser, logger: logger)
        )
    }

    /// Gives a freshly created directory to this account (root only) and makes it private.
    func takeOwnership(of directory: URL) throws {
        if switchedUser != nil, chown(directory.path, uid, gid) != 0 {
            throw LocalClusterError(
                step: .prepare,
                reason: "cannot chown \(directory.path) to uid \(uid): \(String(cString: strerror(errno)))"
            )
        }
        if chmod(directory.path, 0o700) != 0 {
            throw LocalClusterError(
                step: .prepare,
                reason: "cannot chmod \(directory.path): \(String(cString: strerror(errno)))"
            )
        }
    }

    /// Fails with an actionable error when the switched-to user cannot reach `directory`.
    ///
    /// A checkout under `/root` (mode 700) is the usual case: the server user cannot enter it, and `initdb` would
    /// fail later with a bare "Permission denied". The check asks the kernel as that user (`test -x`), so ACLs and
    /// group membership count, then walks the ancestors to name the first one that blocks.
    func requireAccess(to directory: URL) throws {
        guard let switchedUser else { return }
        guard !canSearch(directory) else { return }

        var blocking = directory.path
        var path = ""
        for component in directory.standardizedFileURL.pathComponents.dropFirst() {
            path += "/" + component
            if !canSearch(URL(fileURLWithPath: path)) {
                blocking = path
                break
            }
        }
        var mode = ""
        if let permissions = try? FileManager.default.attributesOfItem(atPath: blocking)[.posixPermissions] as? Int {
            mode = " (mode \(String(permissions, radix: 8)))"
        }
        throw LocalClusterError(
            step: .prepare,
            reason: "PostgreSQL runs as the unprivileged user \(switchedUser) when started by root, and "
                + "\(switchedUser) cannot enter \(blocking)\(mode), so it cannot reach \(directory.path). "
                + "Either let it pass (chmod o+x \(blocking), or setfacl -m u:\(switchedUser):x \(blocking)), "
                + "or put the cluster in a directory it can reach (a project root outside /root, "
                + "or DATABASE_URL pointing at another server)"
        )
    }

    private func canSearch(_ directory: URL) -> Bool {
        let test = ["/usr/bin/test", "/bin/test"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "test"
        guard let output = try? runner.run(URL(fileURLWithPath: test), ["-x", directory.path]) else {
            return false
        }
        return output.succeeded
    }

    private static func existingOwner(of dataDirectory: URL) -> uid_t? {
        let versionFile = dataDirectory.appendingPathComponent("PG_VERSION").path
        guard FileManager.default.fileExists(atPath: versionFile) else { return nil }
        var info = stat()
        guard stat(dataDirectory.path, &info) == 0 else { return nil }
        return info.st_uid
    }

    private static func locateRunuser() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] + path.split(separator: ":").map(String.init)
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent("runuser") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    private static func createSystemUser(_ name: String, logger: Logger) throws {
        let candidates = ["/usr/sbin/useradd", "/sbin/useradd", "/usr/bin/useradd"]
        guard let useradd = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw LocalClusterError(
                step: .prepare,
                reason: "no postgres user and no useradd to create the \(name) system user: "
                    + "run apt-get install -y postgresql (it creates the postgres user)"
            )
        }
        let shell =
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/nologin") ? "/usr/sbin/nologin" : "/bin/false"
        logger.notice("creating system user to run PostgreSQL", metadata: ["user": "\(name)"])
        let output = try ToolRunner.launch(
            URL(fileURLWithPath: useradd),
            ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", shell, name]
        )
        // Exit status 9 means another process created the same user first, which is what we wanted.
        guard output.succeeded || getpwnam(name) != nil else {
            throw LocalClusterError(
                step: .prepare,
                reason: "useradd could not create the \(name) system user",
                exitStatus: output.exitStatus,
                toolOutput: output.standardError.lastLines(5)
            )
        }
    }
}
