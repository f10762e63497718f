import ArgumentParser
import Foundation
import SantunanApp

/// `santunan demo`: the end-to-end demonstration on the embedded database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: t("ops.help.demo.abstract"),
        discussion: helpDiscussion(
            ["ops.help.demo.discussion"], examples: ["santunan demo", "santunan demo --participants 2000 --lang id"])
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(t("ops.help.demo.participants")))
    var participants: Int = Demo.defaultRegionParticipants

    func validate() throws {
        guard (1_000...200_000).contains(participants) else {
            throw AppError(
                .usage, field: "--participants",
                reason: t("ops.demo.error.participants", ["given": .number(participants)]))
        }
    }

    /// `(Rp 384,3 juta)`: how a branch office quotes an amount, one decimal, rounded half-up.
    static func juta(_ amount: Int64) -> String {
        guard amount >= 1_000_000 else { return "" }
        let tenths = (amount + 50_000) / 100_000
        return t("ops.demo.juta", ["amount": .text("\(tenths / 10)" + (tenths % 10 == 0 ? "" : ",\(tenths % 10)"))])
    }

    func run() throws {
        let session = try AppSession(label: "santunan.demo", databaseURL: database.databaseURL)
        let summary = try OpsUseCases(session).demo(participants: participants) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        say(Self.text(summary))
        if !summary.ledgerVerified {
            throw AppError(
                .internalError, field: "ledger", reason: t("ops.demo.error.ledger", ["ledger": .text(summary.ledger)]))
        }
    }

    /// The closing summary a branch office reads (standard output; the progress went to standard error).
    static func text(_ summary: Demo.Summary) -> String {
        let format = Texts.format
        var lines: [String] = [""]
        lines.append(t("ops.demo.summary.title", ["database": .text(summary.database)]))
        lines.append(
            "  "
                + t(
                    "ops.demo.summary.region",
                    [
                        "participants": .number(summary.participants), "contributions": .number(summary.contributions),
                        "sponsored": .number(summary.sponsoredBPU),
                    ]))
        lines.append("")
        lines.append(
            TextTable.render(
                header: [t("ops.demo.col.seed-case"), t("ops.demo.col.status"), t("ops.demo.col.total"), ""],
                rows: summary.seedClaims.map {
                    [$0.caseID, Self.status($0.status), format.rupiah($0.total), Self.juta($0.total)]
                }))
        lines.append("")
        lines.append(
            TextTable.render(
                header: [
                    t("ops.demo.col.program"), t("ops.demo.col.claims"), t("ops.demo.col.lines"),
                    t("ops.demo.col.amount"),
                ],
                rows: summary.programs.map {
                    [
                        $0.program, format.number(Int64($0.claims)), format.number(Int64($0.lines)),
                        format.rupiah($0.amount),
                    ]
                }))
        lines.append("")
        lines.append(
            TextTable.render(
                header: [
                    t("ops.demo.col.batch"), t("ops.demo.col.state"), t("ops.demo.col.lines"),
                    t("ops.demo.col.total"),
                ],
                rows: summary.batches.map {
                    [$0.id, Self.status($0.state), format.number(Int64($0.lines)), format.rupiah($0.total)]
                }))
        for file in summary.exportedFiles { lines.append("  " + t("ops.demo.summary.file", ["path": .text(file)])) }
        lines.append("")
        lines.append("  " + t("ops.demo.summary.ledger", ["ledger": .text(summary.ledger)]))
        return lines.joined(separator: "\n")
    }

    /// A claim's or a batch's status word in the chosen language (`payable` → `dapat dibayar`); the English
    /// catalog keeps the stored word.
    static func status(_ stored: String) -> String {
        CodeWords.text(stored, in: "ops.demo.status")
    }
}
