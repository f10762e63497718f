import ArgumentParser
import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanServer

/// `santunan user …`: the users of the HTTP API (Schema/0016_api_users.sql).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, revoke and list the users of the HTTP API (santunan serve).",
        subcommands: [Add.self, Revoke.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print their bearer token once.",
            discussion: """
                The token is printed once on standard output and stored only as its SHA-256: keep it, it cannot be
                shown again. A lost token is revoked and the person added under another name.

                Example:
                  santunan user add ani --role officer
                """)

        @Argument(help: "The user's name: recorded as the acting user of what they do (1-64 printable characters).")
        var name: String

        @Option(help: "officer, approver or auditor.")
        var role: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let role = APIRole(rawValue: role) else {
                throw AppError(.usage, field: "--role", reason: "\"\(role)\" is not one of officer, approver, auditor")
            }
            let connection = try UserCommand.open(database)
            defer { connection.close() }
            let issued = try APIUsers.add(name: name, role: role, on: connection)
            say(issued.token)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a user's token (refused with 401 from then on).",
            discussion: "Example:\n  santunan user revoke ani")

        @Argument(help: "The user's name.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try UserCommand.open(database)
            defer { connection.close() }
            try APIUsers.revoke(name: name, on: connection)
            say("revoked \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users (never their tokens).")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try UserCommand.open(database)
            defer { connection.close() }
            let rows = try APIUsers.list(on: connection).map { entry in
                [entry.user.name, entry.user.role.rawValue, entry.revoked ? "revoked" : "active"]
            }
            say(TextTable.render(header: ["name", "role", "state"], rows: rows))
        }
    }

    static func open(_ database: DatabaseOptions) throws(AppError) -> Postgres.Connection {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.user")
        return try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
    }
}
