import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim …`: claims officers' commands.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: t("claims.help.claim"),
        subcommands: [
            ClaimComputeCommand.self, ClaimSubmitCommand.self, ClaimShowCommand.self, ClaimListCommand.self,
            ClaimDocumentsCommand.self, ClaimAmendCommand.self, ClaimNewCommand.self, ClaimEventCommand.self,
            ClaimPayeeCommand.self,
        ]
    )
}

/// A command's help discussion: its paragraphs from the catalog (one line each, so help wraps them at words) and its
/// examples, commands that read the same in every language.
func helpDiscussion(_ keys: [String], examples: [String]) -> String {
    (keys.map { t($0) } + [t("claims.help.examples") + "\n" + examples.map { "  " + $0 }.joined(separator: "\n")])
        .joined(separator: "\n\n")
}

/// What the commands that change a stored claim take (`claim amend`, `claim documents`, `claim event`), in this
/// order in their help: the acting user, the database and `--json`.
struct ClaimChangeOptions: ParsableArguments {
    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: ArgumentHelp(t("claims.help.json")))
    var json = false

    /// The claims' use cases on the chosen database.
    func claims() throws(AppError) -> ClaimsUseCases {
        try ClaimsUseCases(databaseURL: database.databaseURL)
    }
}

/// `santunan claim compute CASE.json [--json]`.
struct ClaimComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: t("claims.help.compute"),
        discussion: helpDiscussion(
            ["claims.help.compute.discussion"],
            examples: [
                "santunan claim compute cases/seed-honorer-jkm-42jt-a.case.json",
                "santunan claim compute cases/seed-sttc-composite-384jt.case.json --json",
                "santunan --lang id claim compute cases/seed-honorer-jkm-42jt-a.case.json",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.case-file")))
    var caseFile: String

    @Flag(help: ArgumentHelp(t("claims.help.compute.json")))
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let computed = try ClaimsUseCases(databaseURL: database.databaseURL).compute(caseFile: caseFile)
        if json {
            FileHandle.standardOutput.write(Data(computed.json))
            say("")
        } else {
            FileHandle.standardOutput.write(Data(computed.text.utf8))
        }
    }
}
