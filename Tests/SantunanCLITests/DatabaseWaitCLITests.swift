import Foundation
import SantunanTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Commands and workers wait for a database that is down or restarting, and say so; their error lines name where
/// the URL came from (issue 15). Each test stops and starts a real server of its own.
@Suite(.serialized) struct DatabaseWaitCLITests {
    /// An embedded cluster of its own, started, with the CLI pointed at it.
    final class Cluster {
        let directory: ScratchDirectory
        let cli: CLIRunner
        let conninfo: String

        init() throws {
            directory = try ScratchDirectory(prefix: "santunan-wait-")
            cli = CLIRunner(environment: ["SANTUNAN_PGDATA": directory.url.appendingPathComponent("pg").path])
            let started = try cli.run(["db", "start"])
            guard started.status == 0 else { throw CocoaError(.fileReadUnknown) }
            conninfo = try cli.run(["db", "url"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        deinit {
            _ = try? cli.run(["db", "stop"])
            directory.remove()
        }
    }

    /// Starts `santunan arguments…` without waiting for it.
    static func launch(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = CLIRunner.repository
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "DATABASE_URL")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, err)
    }

    @Test func workerRunStartedWhileTheDatabaseIsDownWaitsForIt() throws {
        let cluster = try Cluster()
        #expect(try cluster.cli.run(["db", "stop"]).status == 0)
        let (worker, err) = try Self.launch(
            ["worker", "run", "--until-empty"], environment: ["DATABASE_URL": cluster.conninfo])
        Thread.sleep(forTimeInterval: 2)
        #expect(worker.isRunning, "the worker exited while the database was down")
        #expect(try cluster.cli.run(["db", "start"]).status == 0)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 0, "\(stderr)")
        #expect(stderr.hasPrefix("waiting for the database (DATABASE_URL), until it is back: cannot connect: "))
        #expect(stderr.contains("database: DATABASE_URL is available"))
    }

    @Test func aCommandGivesUpAfterItsLimitWithOneLineNamingDatabaseURL() throws {
        let cluster = try Cluster()
        #expect(try cluster.cli.run(["db", "stop"]).status == 0)
        let started = Date()
        var cli = CLIRunner(environment: ["DATABASE_URL": cluster.conninfo, "SANTUNAN_DB_WAIT": "2"])
        let outcome = try cli.run(["claim", "list"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(outcome.status == 69)
        #expect(elapsed >= 1.5 && elapsed < 15, "waited \(elapsed) s")
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(outcome.stderr)")
        #expect(lines.first?.hasPrefix("waiting for the database (DATABASE_URL), up to 2 s: ") == true)
        #expect(lines.last?.hasPrefix("error: DATABASE_URL: cannot connect: ") == true)
        #expect(!outcome.stderr.contains("--database-url"))

        // Started before the server comes back, the same command waits and succeeds.
        cli.environment["SANTUNAN_DB_WAIT"] = "60"
        let (process, err) = try Self.launch(["claim", "list"], environment: cli.environment)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(try cluster.cli.run(["db", "start"]).status == 0)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
    }

    @Test func aCommandStartedWhileTheEmbeddedServerDiesWaitsAndRestartsIt() throws {
        let cluster = try Cluster()
        let pidFile = cluster.directory.url.appendingPathComponent("pg/postmaster.pid")
        let pid = try #require(
            Int32(try String(contentsOf: pidFile, encoding: .utf8).split(separator: "\n").first ?? ""))
        #expect(kill(pid, SIGKILL) == 0)
        let outcome = try cluster.cli.run(["claim", "list"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try cluster.cli.run(["db", "status"]).stdout.contains("running"))
    }
}
