import ArgumentParser
import SantunanApp

/// `santunan batch prepare --as U [--program P] [--max-lines N] [--json]`.
struct BatchPrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: t("payouts.prepare.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.prepare.discussion")],
            examples: [
                "santunan batch prepare --as ani",
                "santunan batch prepare --as ani --program JKK --max-lines 500 --json",
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Option(help: ArgumentHelp(t("payouts.prepare.program-help")))
    var program: String?

    @Option(name: .customLong("max-lines"), help: ArgumentHelp(t("payouts.prepare.max-lines-help")))
    var maxLines: Int?

    @Flag(help: ArgumentHelp(t("payouts.prepare.json-help")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let batch = try PayoutCLI.run(database) {
            try $0.prepareBatch(by: user, program: program, maxLines: maxLines)
        }
        if json {
            if let batch {
                say(
                    "{\"batch_id\": \(JSONText.quote(batch.id)), \"lines\": \(batch.lineCount), \"total\": \(batch.total)}"
                )
            } else {
                say("{\"batch_id\": null, \"lines\": 0, \"total\": 0}")
            }
        } else if let batch {
            say(PayoutCLI.text(batch))
            say(t("payouts.prepare.next", ["id": .text(batch.id)]))
        } else {
            say(t("payouts.prepare.nothing"))
        }
    }
}
