import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan batch approve ID --as U`.
struct BatchApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a prepared batch (the checker's step; never by its preparer).",
        discussion: """
            The preparer of a batch is refused with exit 77, here and by the database. Approval fixes the file's
            creation time (CreDtTm) and the requested execution date (the first working day from today).

            Example:
              santunan batch approve PB-2024-0001 --as budi
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: "The batch id, e.g. PB-2024-0001.", completion: Completions.batchID)
    var batchID: String

    @Flag(help: "Print the batch as JSON.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let batch = try service.approveBatch(batchID, by: user)
        if json {
            say(PayoutCLI.json(batch))
        } else {
            say(PayoutCLI.text(batch))
            say("next: santunan batch export \(batch.id) --format pain001 --out \(batch.id).xml")
        }
    }
}

/// `santunan batch reject ID --as U --reason TEXT`.
struct BatchRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a prepared batch with a reason; its lines become available for a new batch.",
        discussion: """
            The preparer of a batch is refused with exit 77, here and by the database.

            Example:
              santunan batch reject PB-2024-0001 --as budi --reason "JKM lines lack the heir certificate check"
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: "The batch id, e.g. PB-2024-0001.", completion: Completions.batchID)
    var batchID: String

    @Option(help: "Why the batch is rejected, for its preparer.")
    var reason: String

    @Flag(help: "Print the batch as JSON.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let batch = try service.rejectBatch(batchID, by: user, reason: reason)
        if json {
            say(PayoutCLI.json(batch))
        } else {
            say(PayoutCLI.text(batch))
            say("its lines are free again: prepare a new batch with `santunan batch prepare --as MAKER`")
        }
    }
}

/// `santunan batch list`.
struct BatchListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recent payout batches, newest first.",
        discussion: """
            Examples:
              santunan batch list
              santunan batch list --json
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many batches.")
    var limit = 50

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let batches = try service.batches(limit: limit)
        if json {
            say("[" + batches.map(PayoutCLI.json).joined(separator: ",\n ") + "]")
            return
        }
        let rows = batches.map {
            [
                $0.id, $0.state.rawValue, String($0.lineCount), PayoutCLI.rupiah($0.total), $0.preparedBy,
                $0.decidedBy ?? "",
            ]
        }
        say(TextTable.render(header: ["batch", "state", "lines", "total", "prepared by", "decided by"], rows: rows))
    }
}

/// `santunan batch show ID`.
struct BatchShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a batch's header, totals and decision.",
        discussion: """
            Example:
              santunan batch show PB-2024-0001 --json
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The batch id.", completion: Completions.batchID)
    var batchID: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let batch = try service.batch(batchID)
        say(json ? PayoutCLI.json(batch) : PayoutCLI.text(batch))
    }
}
