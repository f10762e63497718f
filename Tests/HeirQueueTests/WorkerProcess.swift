import Foundation
import SantunanTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A `santunan worker run` child process, for the tests that really kill and stop workers.
final class WorkerProcess {
    /// The `santunan` binary beside the test bundle (SwiftPM builds every product before running tests).
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("santunan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return QueueFixtures.repository.appendingPathComponent(".build/debug/santunan")
    }

    let process = Process()

    /// Starts `santunan worker run ARGUMENTS --database-url CONNINFO`, its stderr appended to `log`.
    init(conninfo: String, arguments: [String], log: URL) throws {
        process.executableURL = Self.executable
        process.arguments = ["worker", "run"] + arguments + ["--database-url", conninfo]
        process.currentDirectoryURL = QueueFixtures.repository
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        environment["SANTUNAN_LOG_LEVEL"] = "info"
        process.environment = environment
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the exit and returns its status (128 + n for a signal, like a shell).
    @discardableResult
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Waits at most `seconds`; nil when still running.
    func wait(atMost seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        return process.isRunning ? nil : wait()
    }
}

/// A PostgreSQL cluster of the test's own, for tests that restart the server (the shared one serves other tests).
final class PrivateCluster {
    let directory: ScratchDirectory
    let cluster: LocalClusterHandle

    init() throws {
        directory = try ScratchDirectory(prefix: "santunan-crash-")
        cluster = try LocalClusterHandle(directory: directory.url)
    }

    deinit {
        try? cluster.stop()
        directory.remove()
    }
}
