import ArgumentParser
import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan db start|stop|status|path|url`: the embedded cluster (CONTRACT §5).
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster (used when no DATABASE_URL is given).",
        discussion: """
            The cluster lives in .santunan/pg under the project (SANTUNAN_PGDATA overrides it) and is reached only
            through a unix socket in that directory. As root, the server runs as an unprivileged user.

            Examples:
              santunan db start
              santunan db status
              psql "$(santunan db url)"
              santunan db stop
            """,
        subcommands: [Start.self, Stop.self, Status.self, Path.self, URL.self]
    )

    static func cluster() throws -> LocalCluster {
        DatabaseTarget.embeddedCluster(paths: try ProjectPaths.discover(), logger: Logger(label: "santunan.db"))
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (first time), start and migrate the embedded cluster.",
            discussion: "Example:\n  santunan db start")

        func run() throws {
            let paths = try ProjectPaths.discover()
            let logger = Logger(label: "santunan.db")
            let cluster = DatabaseTarget.embeddedCluster(paths: paths, logger: logger)
            let target = DatabaseTarget(conninfo: cluster.conninfo, embedded: cluster)
            try target.openMigrated(paths: paths, logger: logger, force: true).close()
            say("embedded PostgreSQL: \(try cluster.status())")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the embedded cluster's server (exactly the one in this project's data directory).",
            discussion: "Example:\n  santunan db stop")

        func run() throws {
            let cluster = try DatabaseCommand.cluster()
            do {
                try cluster.stop()
            } catch {
                throw AppError(.databaseUnavailable, field: "embedded database", reason: "\(error)")
            }
            say("embedded PostgreSQL: \(try cluster.status())")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the embedded cluster exists and runs.",
            discussion: "Example:\n  santunan db status")

        func run() throws {
            let cluster = try DatabaseCommand.cluster()
            say("embedded PostgreSQL: \(try cluster.status())")
            say("data directory: \(cluster.configuration.dataDirectory.path)")
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the embedded cluster's data directory.",
            discussion: "Example:\n  santunan db path")

        func run() throws {
            say(try DatabaseCommand.cluster().configuration.dataDirectory.path)
        }
    }

    struct URL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print the embedded cluster's superuser conninfo (for psql).",
            discussion: "Example:\n  psql \"$(santunan db url)\"")

        func run() throws {
            say(try DatabaseCommand.cluster().conninfo)
        }
    }
}
