import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import SantunanTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Real `initdb`, `pg_ctl` and `postgres` processes, each test in a project directory of its own.
@Suite("LocalCluster")
struct LocalClusterTests {
    let logger = TestLogging.logger("santunan.test.local-cluster")

    @Test func aNewClusterInitializesStartsAndReportsRunning() throws {
        try withProject { cluster in
            #expect(try cluster.status() == .notInitialized)

            try cluster.ensureInitialized()
            #expect(try cluster.status() == .stopped)
            let data = cluster.configuration.dataDirectory
            #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("PG_VERSION").path))

            try cluster.start()
            guard case .running(let pid) = try cluster.status() else {
                Issue.record("status after start is \(try cluster.status())")
                return
            }
            #expect(pid > 0)
            #expect(FileManager.default.fileExists(atPath: cluster.configuration.socketFile.path))

            let connection = try Connection(cluster.conninfo, logger: logger)
            defer { connection.close() }
            let database: String = try connection.execute("SELECT current_database() AS name")[0, "name"]
            #expect(database == "santunan")
        }
    }

    @Test func theServerListensOnItsUnixSocketOnlyAndNeverOnTCP() throws {
        try withProject { cluster in
            try cluster.start()
            let connection = try Connection(cluster.conninfo, logger: logger)
            defer { connection.close() }
            let listen: String = try connection.execute("SHOW listen_addresses")[0, 0]
            #expect(listen == "")
            let socketDirectory: String = try connection.execute("SHOW unix_socket_directories")[0, 0]
            #expect(socketDirectory == cluster.configuration.dataDirectory.path)

            // Also for a server started without our options: the setting is in postgresql.conf.
            let conf = try String(
                contentsOf: cluster.configuration.dataDirectory.appendingPathComponent("postgresql.conf"),
                encoding: .utf8
            )
            #expect(conf.contains("listen_addresses = ''"))
        }
    }

    @Test func aSecondStartIsANoOpThatKeepsTheServerAndItsConnections() throws {
        try withProject { cluster in
            try cluster.start()
            let before = try cluster.status()
            let connection = try Connection(cluster.conninfo, logger: logger)
            defer { connection.close() }

            try cluster.start()

            #expect(try cluster.status() == before)
            let one: Int = try connection.execute("SELECT 1")[0, 0]
            #expect(one == 1)
        }
    }

    @Test func stopStopsExactlyThisClusterAndLeavesAnotherRunning() throws {
        try withProject { first in
            try withProject { second in
                try first.start()
                try second.start()
                let secondStatus = try second.status()

                try first.stop()

                #expect(try first.status() == .stopped)
                #expect(!FileManager.default.fileExists(atPath: first.configuration.socketFile.path))
                #expect(try second.status() == secondStatus)
                let connection = try Connection(second.conninfo, logger: logger)
                connection.close()
                #expect(throws: PostgresError.self) {
                    try Connection(first.conninfo, logger: logger)
                }
            }
        }
    }

    @Test func stoppingAStoppedOrMissingClusterIsFine() throws {
        try withProject { cluster in
            try cluster.stop()
            #expect(try cluster.status() == .notInitialized)
            try cluster.ensureInitialized()
            try cluster.stop()
            #expect(try cluster.status() == .stopped)
        }
    }

    @Test func dataWrittenBeforeAStopIsThereAfterTheNextStart() throws {
        try withProject { cluster in
            try cluster.start()
            do {
                let connection = try Connection(cluster.conninfo, logger: logger)
                defer { connection.close() }
                try connection.executeScript("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)")
            }
            try cluster.stop()
            try cluster.start()

            let connection = try Connection(cluster.conninfo, logger: logger)
            defer { connection.close() }
            let id: Int = try connection.execute("SELECT id FROM kept")[0, 0]
            #expect(id == 42)
        }
    }

    @Test func aPidFileLeftByACrashWhosePidWasReusedDoesNotBlockTheNextStart() throws {
        try withProject { cluster in
            try cluster.start()
            try cluster.stop()
            // After a reboot the recorded pid may belong to any process; this test process is such a one.
            let data = cluster.configuration.dataDirectory
            try "\(getpid())\n\(data.path)\n".write(
                to: data.appendingPathComponent("postmaster.pid"),
                atomically: false,
                encoding: .utf8
            )
            #expect(try cluster.status() == .stopped)

            try cluster.start()

            try expectOneHealthyCluster(cluster)
        }
    }

    @Test func twoThreadsStartingAtOnceEndWithOneHealthyCluster() throws {
        try withProject { cluster in
            let errors = runOnThreads(2) { _ in
                try cluster.ensureInitialized()
                try cluster.start()
            }
            #expect(errors.compactMap { $0 }.isEmpty, "\(errors)")
            try expectOneHealthyCluster(cluster)
        }
    }

    @Test func twoProcessesStartingAtOnceEndWithOneHealthyCluster() throws {
        try withProject { cluster in
            let data = cluster.configuration.dataDirectory.path
            let children = try (0..<2).map { _ in try ChildProcess.startCluster(dataDirectory: data) }
            for child in children {
                let (status, output) = child.wait()
                #expect(status == 0, "child process failed:\n\(output)")
            }
            try expectOneHealthyCluster(cluster)
        }
    }

    @Test func anInterruptedInitdbIsDiscardedAndDoneAgain() throws {
        try withProject { cluster in
            // What a crash in the middle of initdb leaves: a staging directory with part of a cluster.
            let data = cluster.configuration.dataDirectory
            let staging = data.deletingLastPathComponent().appendingPathComponent(data.lastPathComponent + ".initdb")
            try FileManager.default.createDirectory(
                at: staging.appendingPathComponent("base"),
                withIntermediateDirectories: true
            )
            try "15\n".write(to: staging.appendingPathComponent("PG_VERSION"), atomically: true, encoding: .utf8)
            #expect(try cluster.status() == .notInitialized)

            try cluster.start()

            #expect(!FileManager.default.fileExists(atPath: staging.path))
            try expectOneHealthyCluster(cluster)
        }
    }

    @Test func aDirectoryThatIsNotAClusterIsRefusedAndLeftAlone() throws {
        try withProject { cluster in
            let data = cluster.configuration.dataDirectory
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let notes = data.appendingPathComponent("notes.txt")
            try "mine".write(to: notes, atomically: true, encoding: .utf8)

            let error = #expect(throws: LocalClusterError.self) { try cluster.ensureInitialized() }
            #expect(error?.step == .initdb)
            #expect(error?.reason.contains(data.path) == true)
            #expect(FileManager.default.fileExists(atPath: notes.path))
        }
    }

    @Test func aDirectoryWithoutServerProgramsIsReportedAtTheLocateStep() throws {
        try withProject { cluster in
            var configuration = cluster.configuration
            configuration.binaryDirectory = configuration.dataDirectory.deletingLastPathComponent()
            let broken = LocalCluster(configuration: configuration, logger: logger)

            let error = #expect(throws: LocalClusterError.self) { try broken.ensureInitialized() }
            #expect(error?.step == .locateServer)
            let status = try broken.status()
            #expect(status == .notInitialized)
        }
    }

    @Test func aSocketPathOverTheUnixLimitIsRefusedBeforeAnythingRuns() throws {
        let deep = "/tmp/" + String(repeating: "d", count: 100)
        let cluster = LocalCluster(
            configuration: .init(projectRoot: URL(fileURLWithPath: deep)),
            logger: logger
        )
        let error = #expect(throws: LocalClusterError.self) { try cluster.start() }
        #expect(error?.step == .prepare)
        #expect(!FileManager.default.fileExists(atPath: deep))
    }

    @Test func conninfoNamesTheSocketDirectoryPortSuperuserAndDatabase() {
        let cluster = LocalCluster(
            configuration: .init(projectRoot: URL(fileURLWithPath: "/srv/my repo"), port: 5999, superuser: "admin"),
            logger: logger
        )
        #expect(cluster.conninfo == "host='/srv/my repo/.santunan/pg' port=5999 user=admin dbname=santunan")
        #expect(cluster.conninfo(database: "postgres").hasSuffix("dbname=postgres"))
    }

    @Test(.enabled(if: geteuid() == 0, "only root runs the server as another user"))
    func asRootAProjectTheServerUserCannotEnterIsRefusedNamingTheDirectory() throws {
        let scratch = try ScratchDirectory(prefix: "santunan-private-")
        defer { scratch.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: scratch.url.path)
        let cluster = LocalCluster(
            configuration: .init(projectRoot: scratch.url.appendingPathComponent("repo")),
            logger: logger
        )

        let error = #expect(throws: LocalClusterError.self) { try cluster.ensureInitialized() }
        #expect(error?.step == .prepare)
        #expect(error?.reason.contains("cannot enter \(scratch.url.path)") == true)
        #expect(try cluster.status() == .notInitialized)
    }

    // MARK: - Helpers

    /// Runs `body` with a throwaway cluster in a new project directory, then stops it and deletes the directory.
    private func withProject(_ body: (LocalCluster) throws -> Void) throws {
        let scratch = try ScratchDirectory(prefix: "santunan-cluster-")
        var configuration = LocalCluster.Configuration(projectRoot: scratch.url)
        configuration.durability = .throwaway
        let cluster = LocalCluster(configuration: configuration, logger: logger)
        defer {
            try? cluster.stop()
            scratch.remove()
        }
        try body(cluster)
    }

    private func expectOneHealthyCluster(_ cluster: LocalCluster) throws {
        guard case .running = try cluster.status() else {
            Issue.record("the cluster is \(try cluster.status())")
            return
        }
        let data = cluster.configuration.dataDirectory
        let siblings = try FileManager.default.contentsOfDirectory(atPath: data.deletingLastPathComponent().path)
        #expect(siblings.sorted() == ["pg", "pg.lock"])
        let connection = try Connection(cluster.conninfo, logger: logger)
        defer { connection.close() }
        let databases: Int = try connection.execute(
            "SELECT count(*)::int FROM pg_database WHERE datname = 'santunan'"
        )[0, 0]
        #expect(databases == 1)
    }
}
