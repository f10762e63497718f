import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan claim submit CASE.json --as U [--json]`.
struct ClaimSubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Validate and store a case, and queue its heir submission.",
        discussion: """
            The case is validated (and computed once, so a case that cannot be computed is refused now), stored and
            queued in one transaction; `santunan worker run` then computes and stores its claim. Submitting the same
            case again prints the existing submission (exit 0); the same case_id with different content is refused
            (exit 65, naming the first differing field): correct a stored case with `santunan claim amend`. A second
            case for the same KPJ, event type and event date is refused (exit 65).

            Examples:
              santunan claim submit cases/seed-honorer-jkm-42jt-a.case.json --as officer1
              santunan claim submit cases/seed-sttc-composite-384jt.case.json --as officer1 --json
            """
    )

    @Argument(help: "The case file (JSON, CONTRACT §2).")
    var caseFile: String

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print {\"submission_id\": ..., \"case_id\": ...}.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let calculator = try ClaimFiles.calculator(paths: paths)
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let receipt = try SubmissionService.submit(
            caseFile: caseFile, user: user, calculator: calculator, queue: JobQueue(), on: connection)
        if json {
            say(receipt.json)
        } else if receipt.created {
            say("submitted \(receipt.caseID): submission \(receipt.submissionID), queued")
        } else {
            say("already submitted \(receipt.caseID): submission \(receipt.submissionID)")
        }
    }
}
