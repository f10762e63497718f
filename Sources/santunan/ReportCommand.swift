import ArgumentParser
import Foundation
import SantunanApp

/// `santunan report …`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: t("ops.help.report.abstract"),
        discussion: helpDiscussion([], examples: ["santunan report coverage --branch Pematangsiantar --on 2024-12-15"]),
        subcommands: [CoverageReportCommand.self, ReportSLACommand.self]
    )
}

/// `santunan report coverage [--branch B] [--on DATE] [--json|--csv [--csv-separator ';']]`.
struct CoverageReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: t("ops.help.coverage.abstract"),
        discussion: helpDiscussion(
            ["ops.help.coverage.discussion"],
            examples: [
                "santunan report coverage",
                "santunan report coverage --branch Rantauprapat --on 2022-12-15",
                "santunan report coverage --on 2024-12-15 --json",
                "santunan report coverage --csv --csv-separator ';' > coverage.csv",
            ])
    )

    @Option(help: ArgumentHelp(t("ops.help.coverage.branch")))
    var branch: String?

    @Option(help: ArgumentHelp(t("ops.help.coverage.on")))
    var on: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let session = try AppSession(label: "santunan.report", databaseURL: database.databaseURL)
        let report = try OpsUseCases(session).coverage(on: on, branch: branch)
        if output.json {
            try printJSON(report)
        } else if output.csv {
            say(CoverageOutput.csv(report, separator: output.csvSeparator.first ?? ","))
        } else {
            say(CoverageOutput.text(report))
        }
    }
}

/// The human and CSV renderings of a coverage report (JSON is the view itself).
enum CoverageOutput {
    /// The report as a branch office reads it, in the chosen language.
    static func text(_ report: CoverageView) -> String {
        let format = Texts.format
        var parts: [String] = []
        parts.append(
            report.branch.map { t("ops.coverage.title.branch", ["on": isoDate(report.on), "branch": .text($0)]) }
                ?? t("ops.coverage.title.all", ["on": isoDate(report.on)]))
        parts.append("")
        parts.append(t("ops.coverage.active", ["count": .number(report.activeParticipants)]))
        parts.append(
            TextTable.render(
                header: [
                    t("ops.coverage.col.segment"), t("ops.coverage.col.employer-kind"),
                    t("ops.coverage.col.participants"), t("ops.coverage.col.memberships"),
                ],
                rows: report.active.map {
                    [
                        $0.segment, CodeWords.text($0.employerKind, in: "common.kind"),
                        format.number(Int64($0.participants)),
                        format.number(Int64($0.memberships)),
                    ]
                }))
        parts.append("")
        let notEnrolled = report.governmentUnits.filter { !$0.registered }.count
        parts.append(
            t(
                "ops.coverage.opd",
                ["units": .number(report.governmentUnits.count), "unregistered": .number(notEnrolled)]))
        parts.append(
            TextTable.render(
                header: [
                    t("ops.coverage.col.npp"), t("ops.coverage.col.name"), t("ops.coverage.col.branch"),
                    t("ops.coverage.col.honorer"), t("ops.coverage.col.registered"),
                ],
                rows: report.governmentUnits.map {
                    [
                        $0.npp, $0.name, $0.branchOffice, format.number(Int64($0.activeWorkers)),
                        $0.registered ? t("common.yes") : t("common.no"),
                    ]
                }))
        parts.append("")
        parts.append(t("ops.coverage.windows", ["count": .number(report.sponsorWindowsEnding.count)]))
        for window in report.sponsorWindowsEnding {
            parts.append(
                "  "
                    + t(
                        "ops.coverage.window",
                        [
                            "sponsor": .text(window.sponsor),
                            "kind": .text(CodeWords.text(window.kind, in: "common.kind")),
                            "programs": .text(window.programs.joined(separator: "+")), "from": isoDate(window.from),
                            "to": isoDate(window.to), "count": .number(window.participants),
                            "losing": .number(window.losingCover.count),
                        ]))
        }
        parts.append("")
        parts.append(t("ops.coverage.arrears", ["count": .number(report.employersInArrears.count)]))
        parts.append(
            TextTable.render(
                header: [
                    t("ops.coverage.col.npp"), t("ops.coverage.col.name"), t("ops.coverage.col.kind"),
                    t("ops.coverage.col.branch"), t("ops.coverage.col.months"), t("ops.coverage.col.since"),
                    t("ops.coverage.col.outstanding"),
                ],
                rows: report.employersInArrears.map {
                    [
                        $0.npp, $0.name, CodeWords.text($0.kind, in: "common.kind"), $0.branchOffice,
                        format.number(Int64($0.months)),
                        monthText($0.oldestMonth), format.rupiah($0.outstanding),
                    ]
                }))
        return parts.joined(separator: "\n")
    }

    /// One CSV of every section (`section,key,name,kind,branch,count,detail`), the same in every language.
    static func csv(_ report: CoverageView, separator: Character) -> String {
        let writer = CSVText(separator: separator)
        var lines = [writer.row(["section", "key", "name", "kind", "branch", "count", "detail"])]
        func row(_ cells: [String]) { lines.append(writer.row(cells)) }
        row(["active_total", "", "", "", report.branch ?? "", "\(report.activeParticipants)", report.on])
        for count in report.active {
            row([
                "active", count.segment, "", count.employerKind, report.branch ?? "", "\(count.participants)",
                "\(count.memberships)",
            ])
        }
        for unit in report.governmentUnits {
            row([
                "opd", unit.npp, unit.name, "government_unit", unit.branchOffice, "\(unit.activeWorkers)",
                unit.registered ? "registered" : "not_registered",
            ])
        }
        for window in report.sponsorWindowsEnding {
            row([
                "sponsor_window_ending", window.to, window.sponsor, window.kind, report.branch ?? "",
                "\(window.participants)", "\(window.losingCover.count) lose cover",
            ])
            for person in window.losingCover {
                row(["loses_cover", person.kpj, person.name, window.sponsor, "", "", person.nik])
            }
        }
        for employer in report.employersInArrears {
            row([
                "arrears", employer.npp, employer.name, employer.kind, employer.branchOffice, "\(employer.months)",
                "\(employer.outstanding)",
            ])
        }
        return lines.joined(separator: "\n")
    }

    /// An ISO date as a message argument (`10 Maret 2024` / `2024-03-10`); text that is not one stays text.
    static func isoDate(_ iso: String) -> MessageArgument {
        let parts = iso.split(separator: "-")
        guard iso.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2])
        else { return .text(iso) }
        return .date(year: year, month: month, day: day)
    }

    /// `YYYY-MM` as people read a month (`Maret 2024` / `2024-03`).
    static func monthText(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]) else { return iso }
        return Texts.format.month(year: year, month: month)
    }
}
