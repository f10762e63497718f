import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan claim documents ID --add NAME... --as U`.
struct ClaimDocumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Add handed-in documents to a stored case; an incomplete claim is recomputed.",
        discussion: """
            The documents are added to the heir marked payee (or --heir NIK). If the claim is incomplete (or not
            computed yet) it goes back into the queue and the next worker recomputes it.

            Examples:
              santunan claim documents PMS-2024-0007 --add death_certificate heir_certificate --as officer1
            """
    )

    @Argument(help: "Claim id or case_id.")
    var id: String

    @Option(parsing: .upToNextOption, help: "Documents handed in (death_certificate, family_card, ...).")
    var add: [String] = []

    @Option(help: "NIK of the heir who hands them in (default: the heir marked payee).")
    var heir: String?

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        guard !add.isEmpty else {
            throw AppError(.usage, field: "--add", reason: "name at least one document")
        }
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let receipt = try SubmissionService.addDocuments(
            reference: id, documents: add, heirNIK: heir, user: user, queue: JobQueue(), on: connection)
        if json {
            say(
                "{\"claim_id\": \(receipt.submissionID), \"added\": ["
                    + receipt.added.map(JSONString.quote).joined(separator: ", ")
                    + "], \"requeued\": \(receipt.requeued)}")
        } else {
            say(
                "claim \(receipt.submissionID): added \(receipt.added.joined(separator: ", "))"
                    + (receipt.requeued
                        ? "; queued for recomputation" : "; claim is \(receipt.status ?? "?"), not recomputed"))
        }
    }
}
