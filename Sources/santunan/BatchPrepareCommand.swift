import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan batch prepare --as U [--program P] [--max-lines N] [--json]`.
struct BatchPrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Gather payable payout lines that are in no open batch into a new batch (the maker's step).",
        discussion: """
            Lines are taken oldest first. The batch records its header totals (count, sum, per program); another
            user must approve it. With nothing payable, nothing is created and the command still exits 0
            (--json prints {"batch_id": null, "lines": 0, "total": 0}). Create due lines first with
            `santunan payouts due`.

            Examples:
              santunan batch prepare --as ani
              santunan batch prepare --as ani --program JKK --max-lines 500 --json
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Option(help: "Only lines of this program: JKK, JKM, JHT or JP.")
    var program: String?

    @Option(name: .customLong("max-lines"), help: "At most this many lines.")
    var maxLines: Int?

    @Flag(help: "Print {\"batch_id\": ..., \"lines\": n, \"total\": amount}.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let program = try PayoutCLI.program(self.program)
        if let maxLines, maxLines < 1 {
            throw AppError(.usage, field: "--max-lines", reason: "must be at least 1")
        }
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let batch = try service.prepareBatch(by: user, program: program, maxLines: maxLines)
        if json {
            if let batch {
                say(
                    "{\"batch_id\": \(PayoutCLI.json(batch.id)), \"lines\": \(batch.lineCount), \"total\": \(batch.total)}"
                )
            } else {
                say("{\"batch_id\": null, \"lines\": 0, \"total\": 0}")
            }
        } else if let batch {
            say(PayoutCLI.text(batch))
            say("next: another user approves it with `santunan batch approve \(batch.id) --as CHECKER`")
        } else {
            say("no payable payout lines outside an open batch; create due lines with `santunan payouts due --on DATE`")
        }
    }
}
