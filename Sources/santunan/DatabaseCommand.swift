import ArgumentParser
import Foundation
import SantunanApp

/// `santunan db start|stop|status|migrate|path|url`: the embedded cluster (CONTRACT §5) and the migrations.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: t("ops.help.db.abstract"),
        discussion: helpDiscussion(
            ["ops.help.db.discussion"],
            examples: [
                "santunan db start", "santunan db status", "santunan db migrate", "psql \"$(santunan db url)\"",
                "santunan db stop",
            ]),
        subcommands: [Start.self, Stop.self, Status.self, Migrate.self, Path.self, URL.self]
    )

    static func useCases() throws -> OpsUseCases {
        OpsUseCases(try AppSession(label: "santunan.db"))
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.db.start.abstract"), discussion: helpDiscussion([], examples: ["santunan db start"]))

        func run() throws {
            say(t("ops.db.status", ["status": .text(try DatabaseCommand.useCases().startDatabase().status)]))
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.db.stop.abstract"), discussion: helpDiscussion([], examples: ["santunan db stop"]))

        func run() throws {
            say(t("ops.db.status", ["status": .text(try DatabaseCommand.useCases().stopDatabase().status)]))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.db.status.abstract"), discussion: helpDiscussion([], examples: ["santunan db status"]))

        func run() throws {
            let database = try DatabaseCommand.useCases().databaseStatus()
            say(t("ops.db.status", ["status": .text(database.status)]))
            say(t("ops.db.data-directory", ["path": .text(database.dataDirectory)]))
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.db.migrate.abstract"),
            discussion: helpDiscussion(
                ["ops.help.db.migrate.discussion"],
                examples: ["santunan db migrate", "santunan db migrate --database-url postgresql://santunan@db/santunan"]))

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let session = try AppSession(label: "santunan.db", databaseURL: database.databaseURL)
            let count = try OpsUseCases(session).migrate()
            say(t("ops.db.migrated", ["count": .number(count)]))
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.db.path.abstract"), discussion: helpDiscussion([], examples: ["santunan db path"]))

        func run() throws {
            say(try DatabaseCommand.useCases().embeddedDataDirectory)
        }
    }

    struct URL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: t("ops.help.db.url.abstract"),
            discussion: helpDiscussion([], examples: ["psql \"$(santunan db url)\""]))

        func run() throws {
            say(try DatabaseCommand.useCases().embeddedConninfo)
        }
    }
}
