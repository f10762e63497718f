import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan batch export ID --format pain001|csv --out FILE`.
struct BatchExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an approved batch as an ISO 20022 pain.001.001.03 transfer file or a CSV for people.",
        discussion: """
            Only approved batches are exported. The first pain.001 export marks the batch exported. Exporting again
            writes the same bytes (CreDtTm is the approval time). Counts and the control sum are checked before
            anything is written; the file is replaced atomically. The file holds names and account numbers: keep it
            out of logs and tickets.

            Examples:
              santunan batch export PB-2024-0001 --format pain001 --out PB-2024-0001.xml
              santunan batch export PB-2024-0001 --format csv --out PB-2024-0001.csv
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: "The batch id.", completion: Completions.batchID)
    var batchID: String

    @Option(help: "pain001 (for the bank) or csv (for people).")
    var format: String

    @Option(help: "The file to write.")
    var out: String

    func run() throws {
        let user =
            try actingUser.given() ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "unknown"
        guard let format = Batches.ExportFormat(rawValue: format) else {
            throw AppError(.usage, field: "--format", reason: "\(format) is not pain001 or csv")
        }
        // A device, directory or FIFO is refused before the batch is touched (OutputFile).
        _ = try OutputFile.check(out)
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let file = try service.exportBatch(batchID, format: format, to: out, by: user)
        FileHandle.standardError.write(
            Data(
                "wrote \(out): \(file.lines.count) transfers, \(PayoutCLI.rupiah(file.controlSum)), MsgId \(file.messageID)\n"
                    .utf8))
    }
}
