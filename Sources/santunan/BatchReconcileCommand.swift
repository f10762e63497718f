import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan batch reconcile ID STATUS.xml --as U`.
struct BatchReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Import a bank's pain.002.001.03 status report for an exported batch.",
        discussion: """
            The report is validated against schemas/pain.002.001.03.xsd. Settled lines (ACSC) become paid; rejected
            lines (RJCT) keep their reason code and their claim line is paid again by a NEW payout line in a later
            batch (after AC01, AC04, AC06, BE01 or RC01 it waits for corrected bank details: `santunan payouts
            release`); other statuses leave lines pending. An OrgnlEndToEndId that is not in the batch refuses the
            whole file (exit 65, nothing written). Importing the same report again changes nothing.
            Settlement dates (AccptncDtTm, else CreDtTm) must lie within the batch's life, from its approval day to
            today + 1 day, or the whole file is refused; a report larger than 64 MiB is refused before it is read.

            Example:
              santunan batch reconcile PB-2024-0001 bni-status-20240319.xml --as budi
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: "The batch id.", completion: Completions.batchID)
    var batchID: String

    @Argument(help: "The pain.002.001.03 file from the bank.")
    var statusFile: String

    @Flag(help: "Print the outcome as JSON.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let outcome = try service.reconcileBatch(batchID, reportPath: statusFile, by: user)
        for warning in outcome.warnings {
            warn(warning)
        }
        if json {
            let lines = outcome.newLines.map(PayoutCLI.json).joined(separator: ", ")
            say(
                """
                {"report_id": \(PayoutCLI.json(outcome.reportID)), "already_imported": \(outcome.alreadyImported), \
                "paid": \(outcome.paid), "rejected": \(outcome.rejected), "pending": \(outcome.pending), \
                "unchanged": \(outcome.unchanged), "still_open": \(outcome.pendingAfter), \
                "batch_state": \(PayoutCLI.json(outcome.batchState.rawValue)), "new_lines": [\(lines)]}
                """)
        } else if outcome.alreadyImported {
            say("report \(outcome.reportID) was already imported for \(batchID); nothing changed")
        } else {
            say(
                "report \(outcome.reportID): \(outcome.paid) paid, \(outcome.rejected) rejected, "
                    + "\(outcome.pending) pending, \(outcome.unchanged) unchanged; batch \(batchID) is "
                    + "\(outcome.batchState.rawValue) (\(outcome.pendingAfter) lines without a final status)")
            if !outcome.newLines.isEmpty {
                say("new payout lines (re-payments, penalties): \(outcome.newLines.joined(separator: ", "))")
            }
        }
    }
}
