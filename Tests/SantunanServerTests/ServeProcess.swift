import Foundation
import SantunanTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The built `santunan serve` as a separate process, as an operator runs it: for the tests that signal it (SIGKILL,
/// SIGTERM), which an in-process server cannot survive or observe.
final class ServeProcess: @unchecked Sendable {
    let conninfo: String
    let arguments: [String]
    /// Variables set for the process besides the test's own (`SANTUNAN_LANG`).
    let environment: [String: String]
    private(set) var port: Int
    private var process: Process?
    private let log: URL

    /// `extra` are more `serve` options (`--with-workers 2`); port 0 picks a free port, kept across restarts.
    init(conninfo: String, port: Int = 0, extra: [String] = [], environment: [String: String] = [:]) {
        self.conninfo = conninfo
        self.port = port
        self.arguments = extra
        self.environment = environment
        log = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-serve-\(UUID()).log")
    }

    deinit { try? FileManager.default.removeItem(at: log) }

    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Starts the server and waits until it listens (its `listening on` line); a restart reuses the first port.
    func start() throws {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments =
            ["serve", "--port", String(port), "--database-url", conninfo, "--rate-limit", "0"] + arguments
        process.currentDirectoryURL = CLIRunner.repository
        var environment = ProcessInfo.processInfo.environment
        environment["SANTUNAN_LOG_LEVEL"] = "warning"
        environment.removeValue(forKey: "DATABASE_URL")
        environment.merge(self.environment) { _, given in given }
        process.environment = environment
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        self.process = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // `santunan serve: listening on HOST:PORT`, or in Indonesian `… mendengarkan di HOST:PORT`.
            if let line = text.split(separator: "\n").first(where: {
                $0.contains("listening on") || $0.contains("mendengarkan di")
            }),
                let value = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                port = value
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw Failure(description: "serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    func signal(_ signal: Int32) {
        if let process, process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to end; its exit status (or 128 + the signal).
    @discardableResult
    func wait() -> Int32 {
        guard let process else { return -1 }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}
