import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim submit CASE.json --as U [--json]`.
struct ClaimSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: t("claims.help.submit"),
        discussion: helpDiscussion(
            ["claims.help.submit.discussion"],
            examples: [
                "santunan claim submit cases/seed-honorer-jkm-42jt-a.case.json --as officer1",
                "santunan claim submit cases/seed-sttc-composite-384jt.case.json --as officer1 --json",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.case-file")))
    var caseFile: String

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: ArgumentHelp(t("claims.help.submit.json")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let receipt = try ClaimsUseCases(databaseURL: database.databaseURL).submit(caseFile: caseFile, user: user)
        if json {
            say(receipt.json)
        } else {
            say(receipt.text)
        }
    }
}
