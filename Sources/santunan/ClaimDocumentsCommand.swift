import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim documents ID --add NAME... --as U`.
struct ClaimDocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: t("claims.help.documents"),
        discussion: helpDiscussion(
            ["claims.help.documents.discussion"],
            examples: [
                "santunan claim documents PMS-2024-0007 --add death_certificate heir_certificate --as officer1",
                "santunan claim documents 12 --add police_report --as officer1",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.reference")))
    var id: String

    @Option(parsing: .upToNextOption, help: ArgumentHelp(t("claims.help.documents.add")))
    var add: [String] = []

    @Option(help: ArgumentHelp(t("claims.help.documents.heir")))
    var heir: String?

    @OptionGroup var change: ClaimChangeOptions

    func run() throws {
        let user = try change.actingUser.require()
        guard !add.isEmpty else {
            throw AppError(.usage, field: "--add", reason: t("claims.documents.name-one"))
        }
        let receipt = try change.claims().addDocuments(id, documents: add, heirNIK: heir, user: user)
        say(change.json ? receipt.json : receipt.text)
    }
}
