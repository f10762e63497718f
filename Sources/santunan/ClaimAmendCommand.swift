import ArgumentParser
import BenefitRules
import ClaimStore
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan claim amend ID CASE.json --reason TEXT --as U [--json]`.
struct ClaimAmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Correct a stored case: recompute its claim, keep the earlier version, record who and why.",
        discussion: """
            A case_id submitted again with different content is refused by claim submit (exit 65, naming the first
            differing field); the correction goes through this command. The corrected file must keep the case_id.
            The earlier case and the claim computed from it are kept (submission_versions), the status history
            records the amendment with its reason and the acting user, and the claim is queued for `worker run` to
            store again. Refused (exit 65) once payout lines exist for the claim, and in particular once a line of
            it is in an approved batch: money may have left, so a correction is a new payment, not an edit.
            Exit 75 when a worker computes the claim at that moment (retry).

            Examples:
              santunan claim amend PMS-2024-0007 PMS-2024-0007.corrected.json --reason "wage per payslip" --as officer1
            """
    )

    @Argument(help: "Claim id or case_id.")
    var id: String

    @Argument(help: "The corrected case file (JSON, CONTRACT §2).")
    var caseFile: String

    @Option(help: "Why the case is corrected (recorded with the earlier version).")
    var reason: String

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let calculator = try ClaimFiles.calculator(paths: paths)
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let receipt = try SubmissionService.amend(
            reference: id, caseFile: caseFile, reason: reason, user: user, calculator: calculator, on: connection)
        if json {
            say(
                "{\"claim_id\": \(receipt.submissionID), \"case_id\": \(JSONString.quote(receipt.caseID)), "
                    + "\"version\": \(receipt.version), "
                    + "\"status\": \(JSONString.quote(receipt.result.status.rawValue)), \"total\": \(receipt.result.total.value), \"queued\": true}")
        } else {
            say(
                "amended \(receipt.caseID): claim \(receipt.submissionID) version \(receipt.version), now "
                    + "\(receipt.result.status.rawValue) \(receipt.result.total); queued for recomputation")
        }
    }
}
