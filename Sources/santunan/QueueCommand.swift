import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan queue …`.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and repair the heir-submission queue.",
        discussion: """
            Examples:
              santunan queue status --json
              santunan queue dead
              santunan queue retry 42 --as officer1
            """,
        subcommands: [Status.self, Dead.self, Retry.self]
    )

    static func open(_ database: DatabaseOptions) throws -> Connection {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.queue")
        return try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the jobs in each state.",
            discussion: """
                --json prints exactly {"available":..,"running":..,"retryable":..,"completed":..,"discarded":..}.

                Example:
                  santunan queue status --json
                """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print one JSON object.")
        var json = false

        func run() throws {
            let connection = try QueueCommand.open(database)
            defer { connection.close() }
            let counts: QueueCounts
            do {
                counts = try JobQueue().counts(on: connection)
            } catch {
                throw SubmissionService.appError(error)
            }
            if json {
                say(counts.json)
            } else {
                say(
                    TextTable.render(
                        header: ["state", "jobs"],
                        rows: [
                            ["available", String(counts.available)], ["running", String(counts.running)],
                            ["retryable", String(counts.retryable)], ["completed", String(counts.completed)],
                            ["discarded", String(counts.discarded)],
                        ]))
            }
        }
    }

    struct Dead: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List dead (discarded) jobs with their last error.",
            discussion: "Example:\n  santunan queue dead --json")

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print a JSON array.")
        var json = false

        func run() throws {
            let connection = try QueueCommand.open(database)
            defer { connection.close() }
            let jobs: [DeadJob]
            do {
                jobs = try JobQueue().dead(on: connection)
            } catch {
                throw SubmissionService.appError(error)
            }
            if json {
                say(
                    "["
                        + jobs.map { job in
                            "{\"job_id\": \(job.id), \"kind\": \(JSONString.quote(job.kind)), "
                                + "\"case_id\": \(job.caseID.map(JSONString.quote) ?? "null"), "
                                + "\"attempts\": \(job.attempts), "
                                + "\"last_error\": \(job.lastError.map(JSONString.quote) ?? "null"), "
                                + "\"discarded_at\": \(JSONString.quote(job.discardedAt))}"
                        }.joined(separator: ",\n ") + "]")
            } else if jobs.isEmpty {
                say("no dead jobs")
            } else {
                say(
                    TextTable.render(
                        header: ["job", "case_id", "attempts", "discarded_at", "last error"],
                        rows: jobs.map {
                            [String($0.id), $0.caseID ?? "-", String($0.attempts), $0.discardedAt, $0.lastError ?? ""]
                        }))
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a dead job back in the queue with a fresh set of attempts.",
            discussion: "Example:\n  santunan queue retry 42 --as officer1")

        @Argument(help: "The job id (from `queue dead`).")
        var id: Int64

        @OptionGroup var actingUser: ActingUserOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let user = try actingUser.require()
            let connection = try QueueCommand.open(database)
            defer { connection.close() }
            do {
                try connection.transaction { connection in
                    try JobQueue().retry(jobID: id, on: connection)
                    let submission = try connection.execute("SELECT submission_id FROM heir_jobs WHERE id = \(id)")
                    if let claimID = try submission[0].decode(Int64?.self, column: 0) {
                        let computed: Bool = try connection.execute(
                            "SELECT EXISTS (SELECT 1 FROM claims WHERE id = \(claimID))")[0].decode(Bool.self, column: 0)
                        if !computed {
                            try SubmissionStore.appendHistory(
                                claimID: claimID, status: "submitted", note: "job \(id) retried by hand",
                                changedBy: user, on: connection)
                        }
                    }
                }
            } catch {
                throw SubmissionService.appError(error)
            }
            say("job \(id) is available again")
        }
    }
}
