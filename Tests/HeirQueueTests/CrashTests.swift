import BenefitRules
import Foundation
import HeirQueue
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Real worker processes, really stopped and really killed.
///
/// The crash tests run the 5,000 generated cases (about half a minute each in a debug build on 2 cores);
/// `SANTUNAN_CRASH_TEST_CASES=N` changes the number, `SANTUNAN_CRASH_SEED` replays a run's random kill moments.
@Suite(.serialized) struct CrashTests {
    static var caseCount: Int {
        ProcessInfo.processInfo.environment["SANTUNAN_CRASH_TEST_CASES"].flatMap { Int($0) } ?? 5000
    }

    let logger = QueueFixtures.logger

    static func submitAll(_ variants: [String], on connection: Connection) throws {
        let queue = JobQueue()
        for text in variants {
            try QueueFixtures.submit(text, queue: queue, on: connection)
        }
    }

    static func count(_ sql: SQL, on connection: Connection) throws -> Int {
        try connection.execute(sql)[0].decode(Int.self, column: 0)
    }

    @Test func sigtermStopsAWorkerGracefullyWithExitZeroAndNoJobLeftRunning() throws {
        let scratch = try ScratchDirectory(prefix: "santunan-stop-")
        defer { scratch.remove() }
        let conninfo = try QueueFixtures.migratedDatabase()
        let connection = try Connection(conninfo, logger: logger)
        let variants = CaseVariants.generate(count: 400, tag: "STOP")
        try Self.submitAll(variants, on: connection)

        let worker = try WorkerProcess(
            conninfo: conninfo, arguments: ["--workers", "2", "--batch", "4", "--poll-interval", "0.2"],
            log: scratch.url.appendingPathComponent("worker.log"))
        let deadline = Date().addingTimeInterval(60)
        while try Self.count("SELECT count(*) FROM claims", on: connection) < 20 && Date() < deadline {
            usleep(50_000)
        }
        worker.send(SIGTERM)
        let status = worker.wait(atMost: 20)
        #expect(status == 0, "a SIGTERM'd worker exits 0")
        #expect(try Self.count("SELECT count(*) FROM heir_jobs WHERE state = 'running'", on: connection) == 0)
        // Every job is either completed with its claim, or back in the queue without one.
        #expect(
            try Self.count(
                """
                SELECT count(*) FROM heir_jobs j
                WHERE (j.state = 'completed') <> EXISTS (SELECT 1 FROM claims c WHERE c.id = j.submission_id)
                """, on: connection) == 0)

        let finisher = try WorkerProcess(
            conninfo: conninfo, arguments: ["--until-empty", "--workers", "2"],
            log: scratch.url.appendingPathComponent("worker.log"))
        #expect(finisher.wait(atMost: 120) == 0)
        try ClaimChecks.expectExactlyOnce(variants: variants, on: connection)
    }

    @Test func aWorkerKilledAtRandomMomentsAndADatabaseRestartLoseAndDuplicateNothing() throws {
        try crashDrain(processes: 1, tag: "CRASH1")
    }

    @Test func twoCompetingWorkerProcessesKilledAtRandomLoseAndDuplicateNothing() throws {
        try crashDrain(processes: 2, tag: "CRASH2")
    }

    /// Submits the generated cases, runs `processes` worker processes, SIGKILLs one at a random moment at least 20
    /// times (restarting it each time), restarts PostgreSQL once mid-drain, then drains to the end and checks that
    /// every submission has exactly one claim equal to the calculator's and that no job is running or lost.
    func crashDrain(processes: Int, tag: String) throws {
        let scratch = try ScratchDirectory(prefix: "santunan-crash-")
        defer { scratch.remove() }
        let server = try LocalClusterHandle(directory: scratch.url)
        defer { try? server.stop() }
        let conninfo = server.conninfo
        try QueueFixtures.migrate(conninfo)
        var connection = try Connection(conninfo, logger: logger)
        let variants = CaseVariants.generate(count: Self.caseCount, tag: tag)
        try Self.submitAll(variants, on: connection)

        let log = scratch.url.appendingPathComponent("workers.log")
        let arguments = ["--workers", "2", "--batch", "5", "--lease", "2", "--poll-interval", "0.2"]
        var seed = UInt64.random(in: 1...UInt64.max)
        if let given = ProcessInfo.processInfo.environment["SANTUNAN_CRASH_SEED"], let value = UInt64(given) {
            seed = value
        }
        var random = SeededRandom(seed: seed)
        var workers: [WorkerProcess?] = Array(repeating: nil, count: processes)
        var kills = 0
        var claimsAtKill: [Int] = []
        var restarted = false
        while kills < 20 {
            for index in workers.indices where workers[index] == nil {
                workers[index] = try WorkerProcess(conninfo: conninfo, arguments: arguments, log: log)
            }
            if kills == 8 && !restarted {
                // Restart PostgreSQL while the workers run: they must reconnect and carry on.
                usleep(400_000)
                try server.restart()
                restarted = true
                connection = try Connection(conninfo, logger: logger)
            }
            usleep(UInt32.random(in: 50_000...400_000, using: &random))
            let victim = Int.random(in: 0..<processes, using: &random)
            workers[victim]?.send(SIGKILL)
            workers[victim]?.wait()
            workers[victim] = nil
            kills += 1
            claimsAtKill.append(try Self.count("SELECT count(*) FROM claims", on: connection))
        }
        for worker in workers {
            worker?.send(SIGKILL)
            worker?.wait()
        }
        let beforeFinish = try Self.count("SELECT count(*) FROM claims", on: connection)
        let finishers = try (0..<processes).map { _ in
            try WorkerProcess(
                conninfo: conninfo, arguments: ["--until-empty", "--workers", "2", "--batch", "50"], log: log)
        }
        for finisher in finishers {
            #expect(finisher.wait(atMost: 300) == 0)
        }
        print(
            "crash test \(tag): seed \(seed), \(variants.count) cases, \(processes) process(es), \(kills) SIGKILLs, "
                + "claims stored at each kill \(claimsAtKill), \(beforeFinish) before the final drain")
        #expect(restarted)
        #expect(kills >= 20)
        #expect(claimsAtKill.filter { $0 < variants.count }.count >= 10, "most kills land mid-drain")
        try ClaimChecks.expectExactlyOnce(variants: variants, on: connection)
    }
}
