import Foundation
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

/// Issue 19: `ledger post-contributions` killed at random moments, run again, posts every contribution exactly once
/// and the ledger verifies (each chunk is one committed transaction; a chunk's keys are looked up under the lanes'
/// locks).
@Suite(.serialized) struct LedgerCrashCLITests {
    @Test func postContributionsKilledAtRandomPostsEveryRowOnceAndVerifies() throws {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let logger = TestLogging.logger("santunan.ledger-crash")
        let repository = CLIRunner.repository
        let directory = try ScratchDirectory(prefix: "santunan-crash-")
        defer { directory.remove() }
        _ = try SampleGenerator(participants: 400, years: 1, seed: 19).write(to: directory.url)
        let cli = CLIRunner()
        for kind in ["employers", "participants", "contributions"] {
            let imported = try cli.run([
                "import", kind, directory.url.appendingPathComponent("\(kind).csv").path, "--database-url", conninfo,
            ])
            #expect(imported.status == 0, "\(imported.stderr)")
        }

        // Killed at random moments until ten runs died while posting, or a run finished on its own (the posting is
        // done). Not "ten of twelve": how much a run posts before its kill depends on the machine's speed, and a
        // fixed count failed whenever the posting outran the kills (Session 8, a quiet machine: 8 of 12).
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        var finishedAlone = false
        for _ in 0..<30 where killedMidway < 10 && !finishedAlone {
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = [
                "ledger", "post-contributions", "--as", "ani", "--chunk-rows", "30", "--database-url", conninfo,
            ]
            process.currentDirectoryURL = repository
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 100_000...900_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidway += 1
            } else {
                finishedAlone = true
            }
            process.waitUntilExit()
        }
        let finish = try cli.run(["ledger", "post-contributions", "--as", "ani", "--database-url", conninfo])
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(killedMidway >= 3, "the runs were killed while posting (\(killedMidway) killed)")

        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let counts = try connection.execute(
            """
            SELECT (SELECT count(*) FROM contribution WHERE amount_jkk + amount_jkm + amount_jht + amount_jp > 0),
                (SELECT count(*) FROM contribution WHERE paid_on IS NOT NULL
                    AND amount_jkk + amount_jkm + amount_jht + amount_jp > 0),
                (SELECT count(*) FROM ledger_transaction WHERE kind = 'contribution.due'),
                (SELECT count(*) FROM ledger_transaction WHERE kind = 'contribution.paid'),
                (SELECT count(DISTINCT idempotency_key) FROM ledger_transaction)
                    = (SELECT count(*) FROM ledger_transaction)
            """)
        let rows: Int64 = try counts[0, 0]
        #expect(rows > 1_000)
        #expect(try counts[0, 2] as Int64 == rows, "every row due exactly once")
        #expect(try counts[0, 3] as Int64 == (try counts[0, 1] as Int64), "every paid row paid exactly once")
        #expect(try counts[0, 4] as Bool)
        let verify = try cli.run(["ledger", "verify", "--database-url", conninfo])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
