import ArgumentParser
import Foundation
import SantunanApp

/// `santunan batch …`.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: t("payouts.batch.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.batch.discussion")],
            examples: [
                "santunan payouts due --on 2024-03-18 --as ani",
                "santunan batch prepare --as ani --json",
                "santunan batch show PB-2024-0001",
                "santunan batch approve PB-2024-0001 --as budi",
                "santunan batch export PB-2024-0001 --format pain001 --out PB-2024-0001.xml",
                "santunan batch reconcile PB-2024-0001 status-report.xml --as budi",
            ], heading: t("payouts.help.example-end-to-end")),
        subcommands: [
            BatchPrepareCommand.self, BatchApproveCommand.self, BatchRejectCommand.self, BatchExportCommand.self,
            BatchReconcileCommand.self, BatchListCommand.self, BatchShowCommand.self,
        ]
    )
}

/// What the payout family's commands share: the use cases on a session, help texts, the batch header for people.
enum PayoutCLI {
    /// Runs `body` with the payout use cases on a session for `database`, closing the session afterwards.
    static func run<T>(_ database: DatabaseOptions, _ body: (PayoutsUseCases) throws -> T) throws -> T {
        let session = try AppSession(label: "santunan.payouts", databaseURL: database.databaseURL)
        defer { session.close() }
        return try body(PayoutsUseCases(session))
    }

    /// A command's discussion: paragraphs (one line each, so the help wraps them at words) and its examples.
    static func help(_ paragraphs: [String], examples: [String], heading: String? = nil) -> String {
        let title = heading ?? (examples.count == 1 ? t("payouts.help.example") : t("payouts.help.examples"))
        return (paragraphs + [title + "\n" + examples.map { "  " + $0 }.joined(separator: "\n")])
            .joined(separator: "\n\n")
    }

    /// A batch state as people read it in the chosen language.
    static func state(_ state: String) -> String { t("payouts.state.\(state)") }

    /// An instant `2024-04-03T11:00:00+07:00` as people read it: ISO in English, `3 April 2024 11:00:00+07:00` in
    /// Indonesian (the offset stays: local time with its offset everywhere, issue 18).
    static func time(_ iso: String) -> String {
        Texts.language == .english ? iso : HumanDate.text(iso).replacingOccurrences(of: "T", with: " ")
    }

    /// The batch header for people.
    static func text(_ batch: BatchView) -> String {
        var lines = [
            t(
                "payouts.batch.header",
                [
                    "id": .text(batch.id), "state": .text(state(batch.state)), "count": .number(batch.lineCount),
                    "total": .rupiah(batch.total),
                ]),
            t("payouts.batch.prepared-by", ["user": .text(batch.preparedBy), "at": .text(time(batch.preparedAt))]),
        ]
        for total in batch.totals {
            lines.append(
                "  "
                    + t(
                        "payouts.batch.program-total",
                        ["program": .text(total.program), "count": .number(total.lines), "total": .rupiah(total.total)])
            )
        }
        if let decidedBy = batch.decidedBy, let decidedAt = batch.decidedAt {
            lines.append(
                t(
                    batch.state == "rejected" ? "payouts.batch.rejected-by" : "payouts.batch.approved-by",
                    ["user": .text(decidedBy), "at": .text(time(decidedAt))]))
        }
        if let reason = batch.rejectionReason { lines.append(t("payouts.batch.reason", ["reason": .text(reason)])) }
        if let date = batch.requestedExecutionDate {
            lines.append(t("payouts.batch.execution-date", ["date": .text(HumanDate.text(date))]))
        }
        return lines.joined(separator: "\n")
    }
}
