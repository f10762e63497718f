import ArgumentParser
import Foundation
import SantunanApp

/// `santunan queue …`.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: t("ops.help.queue.abstract"),
        discussion: helpDiscussion(
            [], examples: ["santunan queue status --json", "santunan queue dead", "santunan queue retry 42 --as officer1"]),
        subcommands: [Status.self, Dead.self, Retry.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.queue.status.abstract"),
            discussion: helpDiscussion(
                ["ops.help.queue.status.discussion"],
                examples: ["santunan queue status", "santunan queue status --json"]))

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let session = try AppSession(label: "santunan.queue", databaseURL: database.databaseURL)
            let counts = try OpsUseCases(session).queueCounts()
            if output.json {
                // One object keyed by state (the documented form), not an array of rows.
                try printJSON(counts)
                return
            }
            try output.print(
                OutputTable(
                    columns: [
                        .init(name: "state", title: t("ops.queue.col.state")),
                        .init(name: "jobs", title: t("ops.queue.col.jobs")),
                    ],
                    rows: counts.states.map { [.text($0.state), .number(Int64($0.jobs))] }))
        }
    }

    struct Dead: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.queue.dead.abstract"),
            discussion: helpDiscussion([], examples: ["santunan queue dead", "santunan queue dead --json"]))

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let session = try AppSession(label: "santunan.queue", databaseURL: database.databaseURL)
            let jobs = try OpsUseCases(session).deadJobs()
            if jobs.isEmpty && !output.json && !output.csv {
                say(t("ops.queue.dead.none"))
                return
            }
            let columns: [(String, String)] = [
                ("job_id", "ops.queue.col.job"), ("kind", "ops.queue.col.kind"), ("case_id", "ops.queue.col.case"),
                ("attempts", "ops.queue.col.attempts"), ("discarded_at", "ops.queue.col.discarded-at"),
                ("last_error", "ops.queue.col.last-error"),
            ]
            try output.print(
                OutputTable(
                    columns: columns.map { OutputTable.Column(name: $0.0, title: t($0.1)) },
                    rows: jobs.map {
                        [
                            .number($0.jobID), .text($0.kind), $0.caseID.map { .text($0) } ?? .null,
                            .number(Int64($0.attempts)), .text($0.discardedAt), $0.lastError.map { .text($0) } ?? .null,
                        ]
                    }))
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.queue.retry.abstract"),
            discussion: helpDiscussion([], examples: ["santunan queue retry 42 --as officer1"]))

        @Argument(help: ArgumentHelp(t("ops.help.queue.retry.id")))
        var id: Int64

        @OptionGroup var actingUser: ActingUserOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let user = try actingUser.require()
            let session = try AppSession(label: "santunan.queue", databaseURL: database.databaseURL)
            try OpsUseCases(session).retryJob(id, by: user)
            say(t("ops.queue.retried", ["job": .text(String(id))]))
        }
    }
}
