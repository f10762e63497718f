import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished tool printed and how it ended.
struct ToolOutput: Sendable {
    var exitStatus: Int32
    var standardOutput: String
    var standardError: String

    var succeeded: Bool { exitStatus == 0 }
}

/// Runs PostgreSQL's command-line tools as child processes, optionally as another OS user.
///
/// This is `posix_spawn` and `waitpid` rather than Foundation's `Process`, on purpose. `Process` on Linux learns that
/// a child exited when a socket the child inherits reaches end-of-file; `pg_ctl start` hands every inherited
/// descriptor on to the postmaster it daemonises, so that socket stays open for the server's lifetime and
/// `waitUntilExit()` never returns. Here the child inherits nothing but stdin (`/dev/null`) and the two output pipes,
/// and the exit is observed with `waitpid`, which does not care who else holds a descriptor.
///
/// The child's environment drops every `PG*` variable: `PGDATA`, `PGPORT` and friends in the caller's shell must not
/// redirect a tool away from the cluster it was pointed at. It runs in `/`, a directory any user can enter (the
/// caller's may be private, e.g. under `/root`).
struct ToolRunner: Sendable {
    /// Run tools through `runuser -u` as this user; `nil` runs them as the current user.
    var runAsUser: String?
    /// The `runuser` binary, required when `runAsUser` is set.
    var runuser: URL?
    var logger: Logger

    func run(_ executable: URL, _ arguments: [String]) throws -> ToolOutput {
        var launchPath = executable
        var launchArguments = arguments
        if let runAsUser {
            guard let runuser else {
                throw LocalClusterError(
                    step: .prepare,
                    reason: "runuser is needed to run \(executable.path) as \(runAsUser)"
                )
            }
            launchPath = runuser
            launchArguments = ["-u", runAsUser, "--", executable.path] + arguments
        }
        logger.debug(
            "running PostgreSQL tool",
            metadata: [
                "tool": "\(executable.lastPathComponent)",
                "arguments": "\(arguments.joined(separator: " "))",
                "user": "\(runAsUser ?? "current")",
            ]
        )
        return try Self.launch(launchPath, launchArguments)
    }

    /// Launches a program directly (no user switch), collects its output and waits for it to exit.
    static func launch(_ executable: URL, _ arguments: [String]) throws -> ToolOutput {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        let output = try OutputPipes()
        defer { output.closeAll() }

        let pid = try spawn(
            executable.path,
            arguments: [executable.path] + arguments,
            environment: environment.map { "\($0.key)=\($0.value)" },
            standardOutput: output.outputWrite,
            standardError: output.errorWrite
        )
        output.closeWriteEnds()
        let (standardOutput, standardError, status) = output.collect(until: pid)
        return ToolOutput(
            exitStatus: status,
            standardOutput: String(decoding: standardOutput, as: UTF8.self),
            standardError: String(decoding: standardError, as: UTF8.self)
        )
    }

    private static func spawn(
        _ path: String,
        arguments: [String],
        environment: [String],
        standardOutput: Int32,
        standardError: Int32
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        // Everything else stays behind, whatever the rest of the process opened without O_CLOEXEC.
        if let closeFrom = SpawnExtensions.closeFrom {
            closeFrom(&actions, 3)
        } else {
            for descriptor in SpawnExtensions.openDescriptors() where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
        SpawnExtensions.changeDirectory.map { _ = $0(&actions, "/") }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Ignored signals (the Swift runtime ignores SIGPIPE) and blocked ones would otherwise reach the server.
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw LocalClusterError(
                step: .prepare,
                reason: "could not launch \(path): \(String(cString: strerror(result)))"
            )
        }
        return pid
    }
}

/// The child's stdout and stderr pipes, read together with `poll` on the calling thread.
private final class OutputPipes {
    var outputRead: Int32 = -1
    var outputWrite: Int32 = -1
    var errorRead: Int32 = -1
    var errorWrite: Int32 = -1

    init() throws {
        var output: [Int32] = [-1, -1]
        var error: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else {
            throw LocalClusterError(step: .prepare, reason: "pipe: \(String(cString: strerror(errno)))")
        }
        (outputRead, outputWrite) = (output[0], output[1])
        guard pipe(&error) == 0 else {
            closeAll()
            throw LocalClusterError(step: .prepare, reason: "pipe: \(String(cString: strerror(errno)))")
        }
        (errorRead, errorWrite) = (error[0], error[1])
        // Other children spawned meanwhile (by any thread) must not inherit these.
        for descriptor in [outputRead, outputWrite, errorRead, errorWrite] {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    func closeWriteEnds() {
        Self.closeDescriptor(&outputWrite)
        Self.closeDescriptor(&errorWrite)
    }

    func closeAll() {
        closeWriteEnds()
        Self.closeDescriptor(&outputRead)
        Self.closeDescriptor(&errorRead)
    }

    /// Reads both pipes until the child has exited, and returns what it wrote and its exit status.
    ///
    /// Reading stops at end-of-file on both pipes, or once the child has exited and the pipes hold nothing more:
    /// a grandchild that kept a copy of a pipe must not keep us waiting.
    func collect(until pid: pid_t) -> (Data, Data, Int32) {
        var output = Data()
        var error = Data()
        var status: Int32?
        var open = [outputRead, errorRead]
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), status == nil ? 100 : 0)
            if ready < 0 && errno != EINTR { break }
            var progressed = false
            for descriptor in descriptors where descriptor.revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    progressed = true
                    if descriptor.fd == outputRead {
                        output.append(contentsOf: buffer[0..<count])
                    } else {
                        error.append(contentsOf: buffer[0..<count])
                    }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == descriptor.fd }
                }
            }
            if status == nil {
                status = Self.reap(pid, blocking: false)
            } else if !progressed {
                break
            }
        }
        return (output, error, status ?? Self.reap(pid, blocking: true) ?? 255)
    }

    /// The exit status (128 + signal for a signal) once `pid` has exited, nil while it runs.
    private static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
            if result == -1 && errno == EINTR { continue }
            guard result == pid else { return result == -1 ? 255 : nil }
            break
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    private static func closeDescriptor(_ descriptor: inout Int32) {
        if descriptor >= 0 {
            _ = close(descriptor)
            descriptor = -1
        }
    }
}

/// glibc's `posix_spawn` extensions, which Swift's Glibc module does not import (they need `_GNU_SOURCE`); looked
/// up at run time, with a fallback when the C library is too old (before glibc 2.34 / 2.29) or is not glibc.
private enum SpawnExtensions {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    /// The descriptors open in this process, from `/proc/self/fd`.
    static func openDescriptors() -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { Int32($0) }
    }
}
