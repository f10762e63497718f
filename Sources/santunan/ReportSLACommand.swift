import ArgumentParser
import Foundation
import SantunanApp

/// `santunan report sla [--on DATE] [--margin N] [--all] [--json|--csv [--csv-separator ';']]`.
struct ReportSLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: t("ops.help.sla.abstract"),
        discussion: helpDiscussion(
            ["ops.help.sla.discussion"],
            examples: [
                "santunan report sla",
                "santunan report sla --on 2024-04-22 --json",
                "santunan report sla --all --csv --csv-separator ';' > sla.csv",
            ]))

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(t("ops.help.sla.on")))
    var on: String?

    @Option(help: ArgumentHelp(t("ops.help.sla.margin")))
    var margin = 1

    @Flag(help: ArgumentHelp(t("ops.help.sla.all")))
    var all = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try AppSession(label: "santunan.report", databaseURL: database.databaseURL)
        let entries = try OpsUseCases(session).serviceLevels(on: on, margin: margin, includeOnTime: all)
        if output.json {
            try printJSON(entries)
            return
        }
        if output.csv {
            try output.print(Self.machineTable(entries))
            return
        }
        guard !entries.isEmpty else {
            say(t("ops.sla.none"))
            return
        }
        try output.print(Self.humanTable(entries))
        if entries.contains(where: { !$0.holidaysKnown }) {
            say(t("ops.sla.no-holidays"))
        }
    }

    /// Every field under its machine name: the same bytes in every language.
    static func machineTable(_ entries: [ServiceLevelView]) -> OutputTable {
        let names = [
            "claim_id", "case_id", "program", "lines", "amount", "complete_on", "deadline", "paid_on", "standing",
            "days_late", "working_days_left", "penalty", "holidays_known",
        ]
        return OutputTable(
            columns: names.map { OutputTable.Column(name: $0, title: $0) },
            rows: entries.map { entry in
                [
                    .number(entry.claimID), .text(entry.caseID), .text(entry.program), .number(Int64(entry.lines)),
                    .rupiah(entry.amount), .date(entry.completeOn), .date(entry.deadline),
                    entry.paidOn.map { .date($0) } ?? .null, .text(entry.standing),
                    entry.daysLate.map { .number(Int64($0)) } ?? .null,
                    entry.workingDaysLeft.map { .number(Int64($0)) } ?? .null, .rupiah(entry.penalty),
                    .text(entry.holidaysKnown ? "true" : "false"),
                ]
            })
    }

    /// The table a person reads: standing in words, `*` on a deadline counted without the year's holidays.
    static func humanTable(_ entries: [ServiceLevelView]) -> OutputTable {
        let columns: [(String, String)] = [
            ("case_id", "ops.sla.col.case"), ("program", "ops.sla.col.program"), ("amount", "ops.sla.col.amount"),
            ("complete_on", "ops.sla.col.complete"), ("deadline", "ops.sla.col.deadline"),
            ("paid_on", "ops.sla.col.paid"), ("standing", "ops.sla.col.standing"), ("penalty", "ops.sla.col.penalty"),
        ]
        return OutputTable(
            columns: columns.map { OutputTable.Column(name: $0.0, title: t($0.1)) },
            rows: entries.map { entry in
                let standing: String =
                    if let days = entry.daysLate {
                        t("ops.sla.late", ["count": .number(days)])
                    } else if let left = entry.workingDaysLeft {
                        t("ops.sla.at-risk", ["count": .number(left)])
                    } else {
                        t("ops.sla.on-time")
                    }
                return [
                    .text(entry.caseID), .text(entry.program), .rupiah(entry.amount), .date(entry.completeOn),
                    .text(HumanDate.text(entry.deadline) + (entry.holidaysKnown ? "" : " *")),
                    entry.paidOn.map { .date($0) } ?? .text(t("ops.sla.unpaid")), .text(standing),
                    entry.penalty > 0 ? .rupiah(entry.penalty) : .null,
                ]
            })
    }
}
