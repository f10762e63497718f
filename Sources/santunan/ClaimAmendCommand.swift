import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim amend ID CASE.json --reason TEXT --as U [--json]`.
struct ClaimAmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: t("claims.help.amend"),
        discussion: helpDiscussion(
            ["claims.help.amend.discussion"],
            examples: [
                "santunan claim amend PMS-2024-0007 PMS-2024-0007.corrected.json --reason \"wage per payslip\" --as officer1",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.reference")))
    var id: String

    @Argument(help: ArgumentHelp(t("claims.help.amend.case-file")))
    var caseFile: String

    @Option(help: ArgumentHelp(t("claims.help.amend.reason")))
    var reason: String

    @OptionGroup var change: ClaimChangeOptions

    func run() throws {
        let user = try change.actingUser.require()
        let receipt = try change.claims().amend(id, caseFile: caseFile, reason: reason, user: user)
        say(change.json ? receipt.json : receipt.text)
    }
}
