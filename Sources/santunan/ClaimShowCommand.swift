import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim show ID [--json]`.
struct ClaimShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: t("claims.help.show"),
        discussion: helpDiscussion(
            ["claims.help.show.discussion"],
            examples: [
                "santunan claim show 1",
                "santunan claim show pms-2022-0002",
                "santunan claim show PMS-2022-0002 --json",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.reference")))
    var id: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: ArgumentHelp(t("claims.help.show.json")))
    var json = false

    func run() throws {
        let page = try ClaimsUseCases(databaseURL: database.databaseURL).show(id)
        say(json ? page.json : page.text)
    }
}
