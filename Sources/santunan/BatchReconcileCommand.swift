import ArgumentParser
import SantunanApp

/// `santunan batch reconcile ID STATUS.xml --as U`.
struct BatchReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: t("payouts.reconcile.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.reconcile.discussion"), t("payouts.reconcile.discussion-bounds")],
            examples: ["santunan batch reconcile PB-2024-0001 bni-status-20240319.xml --as budi"]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.batch-id-help")), completion: Completions.batchID)
    var batchID: String

    @Argument(help: ArgumentHelp(t("payouts.reconcile.file-help")))
    var statusFile: String

    @Flag(help: ArgumentHelp(t("payouts.reconcile.json-help")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let outcome = try PayoutCLI.run(database) { try $0.reconcileBatch(batchID, reportPath: statusFile, by: user) }
        for warning in outcome.warnings {
            warn(warning)
        }
        if json {
            let lines = outcome.newLines.map(JSONText.quote).joined(separator: ", ")
            say(
                """
                {"report_id": \(JSONText.quote(outcome.reportID)), "already_imported": \(outcome.alreadyImported), \
                "paid": \(outcome.paid), "rejected": \(outcome.rejected), "pending": \(outcome.pending), \
                "unchanged": \(outcome.unchanged), "still_open": \(outcome.stillOpen), \
                "batch_state": \(JSONText.quote(outcome.batchState)), "new_lines": [\(lines)]}
                """)
        } else if outcome.alreadyImported {
            say(t("payouts.reconcile.already", ["report": .text(outcome.reportID), "id": .text(batchID)]))
        } else {
            say(
                t(
                    "payouts.reconcile.outcome",
                    [
                        "report": .text(outcome.reportID), "paid": .number(outcome.paid),
                        "rejected": .number(outcome.rejected), "pending": .number(outcome.pending),
                        "unchanged": .number(outcome.unchanged), "id": .text(batchID),
                        "state": .text(PayoutCLI.state(outcome.batchState)), "open": .number(outcome.stillOpen),
                    ]))
            if !outcome.newLines.isEmpty {
                say(t("payouts.reconcile.new-lines", ["lines": .text(outcome.newLines.joined(separator: ", "))]))
            }
        }
    }
}
