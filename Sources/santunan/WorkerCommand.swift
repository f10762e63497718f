import ArgumentParser
import Foundation
import SantunanApp

/// `santunan worker …`.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: t("ops.help.worker.abstract"),
        discussion: helpDiscussion([], examples: ["santunan worker run --until-empty"]),
        subcommands: [Run.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.worker.run.abstract"),
            discussion: helpDiscussion(
                ["ops.help.worker.run.discussion", "ops.help.worker.run.wait"],
                examples: ["santunan worker run --until-empty", "santunan worker run --workers 4 --batch 200"]))

        @Option(help: ArgumentHelp(t("ops.help.worker.workers")))
        var workers = 2

        @Option(help: ArgumentHelp(t("ops.help.worker.batch")))
        var batch = 100

        @Flag(help: ArgumentHelp(t("ops.help.worker.until-empty")))
        var untilEmpty = false

        @Option(help: ArgumentHelp(t("ops.help.worker.lease")))
        var lease = 30

        @Option(help: ArgumentHelp(t("ops.help.worker.max-attempts")))
        var maxAttempts = 20

        @Option(help: ArgumentHelp(t("ops.help.worker.poll-interval")))
        var pollInterval: Double = 1

        @Option(help: ArgumentHelp(t("ops.help.worker.wait-for-database")))
        var waitForDatabase: Int?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...64).contains(workers) else {
                throw ValidationError(t("ops.worker.error.range", ["option": .text("--workers"), "low": .number(1), "high": .number(64)]))
            }
            guard (1...5000).contains(batch) else {
                throw ValidationError(t("ops.worker.error.range", ["option": .text("--batch"), "low": .number(1), "high": .number(5000)]))
            }
            guard lease >= 1 else { throw ValidationError(t("ops.worker.error.lease")) }
            guard pollInterval > 0 else { throw ValidationError(t("ops.worker.error.poll-interval")) }
            if let waitForDatabase, !(0...86_400).contains(waitForDatabase) {
                throw ValidationError(
                    t("ops.worker.error.range", ["option": .text("--wait-for-database"), "low": .number(0), "high": .number(86_400)]))
            }
        }

        func run() throws {
            let session = try AppSession(label: "santunan.worker", databaseURL: database.databaseURL)
            let options = WorkerRunner.Options(
                workers: workers, batchSize: batch, untilEmpty: untilEmpty, leaseSeconds: lease,
                maxAttempts: maxAttempts, pollMilliseconds: Int64(pollInterval * 1000), waitSeconds: waitForDatabase)
            let totals = try OpsUseCases(session).runWorkers(options)
            FileHandle.standardError.write(
                Data(
                    (t(
                        "ops.worker.done",
                        [
                            "completed": .number(totals.completed), "failed": .number(totals.failed),
                            "reconnects": .number(totals.reconnects),
                        ]) + "\n").utf8))
        }
    }
}
