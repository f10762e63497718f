import ArgumentParser
import Foundation
import SantunanApp
import SantunanServer

/// `santunan user …`: the users of the HTTP API (Schema/0016_api_users.sql).
///
/// The users are the HTTP service's (`APIUsers`, SantunanServer): this door reaches them through the session's
/// database like every other command, and names no lower module.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: t("ops.help.user.abstract"),
        discussion: helpDiscussion(
            [], examples: ["santunan user add ani --role officer", "santunan user list", "santunan user revoke ani"]),
        subcommands: [Add.self, Revoke.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.user.add.abstract"),
            discussion: helpDiscussion(
                ["ops.help.user.add.discussion"], examples: ["santunan user add ani --role officer"]))

        @Argument(help: ArgumentHelp(t("ops.help.user.name")))
        var name: String

        @Option(help: ArgumentHelp(t("ops.help.user.role")), completion: .list(APIRole.allCases.map(\.rawValue)))
        var role: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            guard let role = APIRole(rawValue: role) else {
                throw AppError(
                    .usage, field: "--role",
                    reason: t(
                        "ops.user.error.role",
                        ["given": .text(role), "roles": .text(APIRole.allCases.map(\.rawValue).joined(separator: ", "))]))
            }
            let session = try AppSession(label: "santunan.user", databaseURL: database.databaseURL)
            let issued = try APIUsers.add(name: name, role: role, on: try session.database())
            say(issued.token)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.user.revoke.abstract"),
            discussion: helpDiscussion([], examples: ["santunan user revoke ani"]))

        @Argument(help: ArgumentHelp(t("ops.help.user.name")))
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let session = try AppSession(label: "santunan.user", databaseURL: database.databaseURL)
            try APIUsers.revoke(name: name, on: try session.database())
            say(t("ops.user.revoked", ["name": .text(name)]))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: t("ops.help.user.list.abstract"),
            discussion: helpDiscussion([], examples: ["santunan user list", "santunan user list --csv"]))

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let session = try AppSession(label: "santunan.user", databaseURL: database.databaseURL)
            let users = try APIUsers.list(on: try session.database())
            try output.print(
                OutputTable(
                    columns: [
                        .init(name: "name", title: t("ops.user.col.name")),
                        .init(name: "role", title: t("ops.user.col.role")),
                        .init(name: "state", title: t("ops.user.col.state")),
                    ],
                    rows: users.map { entry in
                        [
                            .text(entry.user.name), .text(entry.user.role.rawValue),
                            .text(
                                output.json || output.csv
                                    ? (entry.revoked ? "revoked" : "active")
                                    : t(entry.revoked ? "ops.user.revoked-state" : "ops.user.active-state")),
                        ]
                    }))
        }
    }
}
