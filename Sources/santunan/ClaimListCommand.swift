import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan claim list [--status S] [--json]`.
struct ClaimListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List stored claims, one per row.",
        discussion: """
            STATUS is payable, incomplete, rejected, or pending (submitted, not computed yet).

            Examples:
              santunan claim list
              santunan claim list --status incomplete --json
            """
    )

    @Option(
        help: "Only claims with this status (payable, incomplete, rejected, pending).",
        completion: Completions.claimStatus)
    var status: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print a JSON array of {claim_id, case_id, status, total, payable_now, ...}.")
    var json = false

    @Flag(help: "Print CSV.")
    var csv = false

    func run() throws {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let claims = try SubmissionService.list(status: status, on: connection)
        if json {
            let objects = claims.map { claim in
                "{\"claim_id\": \(claim.id), \"case_id\": \(JSONString.quote(claim.caseID)), "
                    + "\"status\": \(JSONString.quote(claim.status ?? "pending")), "
                    + "\"total\": \(claim.total.map(String.init) ?? "null"), "
                    + "\"payable_now\": \(claim.payableNow.map(String.init) ?? "null"), "
                    + "\"kpj\": \(JSONString.quote(claim.kpj)), \"event_type\": \(JSONString.quote(claim.eventType)), "
                    + "\"event_date\": \(JSONString.quote(claim.eventDate)), "
                    + "\"submitted_by\": \(JSONString.quote(claim.submittedBy))}"
            }
            say("[" + objects.joined(separator: ",\n ") + "]")
            return
        }
        let header = ["claim", "case_id", "event", "date", "status", "total", "payable_now"]
        let rows = claims.map { claim in
            [
                String(claim.id), claim.caseID, claim.eventType, claim.eventDate, claim.status ?? "pending",
                claim.total.map { csv ? String($0) : Money.text($0) } ?? "",
                claim.payableNow.map { csv ? String($0) : Money.text($0) } ?? "",
            ]
        }
        if csv {
            say(header.joined(separator: ","))
            for row in rows { say(row.map(CSV.field).joined(separator: ",")) }
        } else {
            say(TextTable.render(header: header, rows: rows))
        }
    }
}
