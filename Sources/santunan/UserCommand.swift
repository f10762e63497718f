import ArgumentParser
import Foundation
import SantunanApp

/// `santunan user …`: the users of the HTTP API (Schema/0016_api_users.sql).
///
/// The users are the HTTP service's; their management is ``OpsUseCases``' (SantunanApp's `APIUsers`, which the
/// server's authentication calls too), so this door names no lower module and not the server.
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
            let session = try AppSession(label: "santunan.user", databaseURL: database.databaseURL)
            let issued = try OpsUseCases(session).addUser(name, role: role)
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
            try OpsUseCases(session).revokeUser(name)
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
            let users = try OpsUseCases(session).users()
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
