import ArgumentParser
import Foundation
import SantunanApp

/// `santunan batch export ID --format pain001|csv --out FILE`.
struct BatchExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: t("payouts.export.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.export.discussion")],
            examples: [
                "santunan batch export PB-2024-0001 --format pain001 --out PB-2024-0001.xml",
                "santunan batch export PB-2024-0001 --format csv --out PB-2024-0001.csv",
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.batch-id-help")), completion: Completions.batchID)
    var batchID: String

    @Option(help: ArgumentHelp(t("payouts.export.format-help")))
    var format: String

    @Option(help: ArgumentHelp(t("payouts.export.out-help")))
    var out: String

    func run() throws {
        let user =
            try actingUser.given() ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "unknown"
        let file = try PayoutCLI.run(database) { try $0.exportBatch(batchID, format: format, to: out, by: user) }
        FileHandle.standardError.write(
            Data(
                (t(
                    "payouts.export.wrote",
                    [
                        "file": .text(out), "count": .number(file.transfers), "total": .rupiah(file.controlSum),
                        "message": .text(file.messageID),
                    ]) + "\n").utf8))
    }
}
