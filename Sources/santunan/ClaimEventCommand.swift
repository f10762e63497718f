import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim event ID (--remarried DATE | --child-working NIK DATE | --child-married NIK DATE) --as U`.
struct ClaimEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: t("claims.help.event"),
        discussion: helpDiscussion(
            ["claims.help.event.discussion"],
            examples: [
                "santunan claim event PMS-2024-0007 --remarried 2026-05-10 --as officer1",
                "santunan claim event PMS-2024-0007 --child-working 6371010202070273 2026-08-01 --as officer1",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.reference")))
    var id: String

    @Option(help: ArgumentHelp(t("claims.help.event.remarried")))
    var remarried: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp(t("claims.help.event.child-working")))
    var childWorking: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp(t("claims.help.event.child-married")))
    var childMarried: [String] = []

    @OptionGroup var change: ClaimChangeOptions

    func run() throws {
        let user = try change.actingUser.require()
        let recorded = try change.claims().recordEvent(
            id, remarried: remarried, childWorking: childWorking, childMarried: childMarried, user: user)
        say(change.json ? recorded.json : recorded.text)
    }
}
