import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan worker …`.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the worker pool that drains heir submissions.",
        subcommands: [Run.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute and store the claims of queued heir submissions.",
            discussion: """
                Each worker is a dedicated thread with its own database connection; it claims a batch of jobs,
                computes their claims with the rules of config/, and commits the claims together with the jobs'
                completion. Any number of worker processes may work the same queue. SIGINT/SIGTERM stop it
                gracefully (the batches in hand are finished or given back; exit 0). With --until-empty it exits
                once nothing is runnable now and nothing is running anywhere; retries scheduled later are left for
                the next run.

                Examples:
                  santunan worker run --until-empty
                  santunan worker run --workers 4 --batch 200

                A database that is down when the worker starts is waited for (stderr says so), attempts at most
                30 s apart, unless --wait-for-database SECONDS sets a limit (then exit 69).
                """)

        @Option(help: "Worker threads, each with its own connection.")
        var workers = 2

        @Option(help: "Jobs claimed and committed together.")
        var batch = 100

        @Flag(help: "Exit when the queue has nothing runnable and nothing running.")
        var untilEmpty = false

        @Option(help: "Seconds a claimed job stays leased to its worker before others may take it.")
        var lease = 30

        @Option(help: "Attempts of a failing job before it is dead (for jobs enqueued from now on, in this process).")
        var maxAttempts = 20

        @Option(help: "Seconds between polls when no notification arrives.")
        var pollInterval: Double = 1

        @Option(
            help: "Seconds to wait for the database at start-up (default: until it is back, attempts 30 s apart).")
        var waitForDatabase: Int?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
            guard (1...5000).contains(batch) else { throw ValidationError("--batch must be between 1 and 5000") }
            guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
            guard pollInterval > 0 else { throw ValidationError("--poll-interval must be positive") }
            if let waitForDatabase, !(0...86_400).contains(waitForDatabase) {
                throw ValidationError("--wait-for-database must be between 0 and 86400 seconds")
            }
        }

        func run() throws {
            let paths = try ProjectPaths.discover()
            let logger = Logger(label: "santunan.worker")
            var options = WorkerRunner.Options()
            options.workers = workers
            options.batchSize = batch
            options.untilEmpty = untilEmpty
            options.settings.lease = .seconds(lease)
            options.settings.maxAttempts = maxAttempts
            options.settings.pollInterval = .milliseconds(Int64(pollInterval * 1000))
            if let waitForDatabase {
                options.databaseWait = DatabaseWait(limit: .seconds(waitForDatabase))
            }
            let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            let totals = try WorkerRunner.run(target: target, paths: paths, options: options, logger: logger)
            FileHandle.standardError.write(
                Data(
                    ("worker: done: \(totals.completed) jobs completed, \(totals.failed) failed attempts, "
                        + "\(totals.reconnects) reconnects\n").utf8))
        }
    }
}
