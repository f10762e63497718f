import ArgumentParser
import ClaimStore
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan report …`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Branch reports: coverage and service levels.",
        discussion: """
            Example:
              santunan report coverage --branch Pematangsiantar --on 2024-12-15
            """,
        subcommands: [CoverageReportCommand.self, ReportSLACommand.self]
    )
}

/// `santunan report coverage [--branch B] [--on DATE] [--json|--csv]`.
struct CoverageReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Active participants by segment, OPD enrolment, sponsor windows ending, employers in arrears.",
        discussion: """
            Active on DATE: the membership has started and not ended; a BPU membership must also be covered (a
            sponsor window includes DATE, or the month of DATE or the month before was paid by DATE). Sponsor
            windows ending within 30 days list the participants who will lose cover (no other window pays the same
            program from the next day). Employers in arrears have 3 or more months due before DATE and unpaid on it.

            Examples:
              santunan report coverage
              santunan report coverage --branch Rantauprapat --on 2022-12-15
              santunan report coverage --on 2024-12-15 --json
              santunan report coverage --csv > coverage.csv
            """
    )

    @Option(help: "Only this branch office (default: all).")
    var branch: String?

    @Option(help: "The report date, YYYY-MM-DD (default: today).")
    var on: String?

    @Flag(help: "Print one JSON document.")
    var json = false

    @Flag(help: "Print CSV (section,key,...) instead of tables.")
    var csv = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let date = on ?? Self.today()
        guard date.utf8.count == 10, date.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil else {
            throw AppError(.usage, field: "--on", reason: "\"\(date)\" is not a date (YYYY-MM-DD)")
        }
        guard !(json && csv) else { throw AppError(.usage, field: "--json", reason: "choose one of --json and --csv") }
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.report")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let report: CoverageReport
        do {
            report = try CoverageReport.compute(connection, on: date, branch: branch)
        } catch let error as PostgresError where error.sqlState?.hasPrefix("22") == true {
            throw AppError(.usage, field: "--on", reason: "\"\(date)\" is not a date")
        } catch {
            throw AppError(.databaseUnavailable, field: "database", reason: "\(error)")
        }
        if json {
            say(CoverageOutput.json(report))
        } else if csv {
            say(CoverageOutput.csv(report))
        } else {
            say(CoverageOutput.text(report))
        }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

/// The three renderings of a coverage report.
enum CoverageOutput {
    static func text(_ report: CoverageReport) -> String {
        var parts: [String] = []
        parts.append("Coverage on \(report.on)" + (report.branch.map { ", branch \($0)" } ?? ", all branches"))
        parts.append("")
        parts.append("Active participants: \(report.activeParticipants)")
        parts.append(
            TextTable.render(
                header: ["segment", "employer kind", "participants", "memberships"],
                rows: report.active.map { [$0.segment, $0.employerKind, "\($0.participants)", "\($0.memberships)"] }))
        parts.append("")
        let notEnrolled = report.governmentUnits.filter { !$0.hasRegisteredWorkers }.count
        parts.append(
            "Government units (OPD): \(report.governmentUnits.count), without registered honorer workers: \(notEnrolled)"
        )
        parts.append(
            TextTable.render(
                header: ["npp", "name", "branch", "honorer workers", "registered"],
                rows: report.governmentUnits.map {
                    [$0.npp, $0.name, $0.branchOffice, "\($0.activeWorkers)", $0.hasRegisteredWorkers ? "yes" : "no"]
                }))
        parts.append("")
        parts.append("Sponsor windows ending within 30 days: \(report.endingWindows.count)")
        for window in report.endingWindows {
            parts.append(
                "  \(window.sponsor) (\(window.kind)) \(window.programs.joined(separator: "+")) \(window.from)..\(window.to): "
                    + "\(window.participants) participants, \(window.losingCover.count) will lose cover")
        }
        parts.append("")
        parts.append("Employers in arrears for 3 or more months: \(report.arrears.count)")
        parts.append(
            TextTable.render(
                header: ["npp", "name", "kind", "branch", "months", "since", "outstanding"],
                rows: report.arrears.map {
                    [
                        $0.npp, $0.name, $0.kind, $0.branchOffice, "\($0.months)", $0.oldestMonth,
                        rupiah($0.outstanding),
                    ]
                }))
        return parts.joined(separator: "\n")
    }

    static func csv(_ report: CoverageReport) -> String {
        var lines = ["section,key,name,kind,branch,count,detail"]
        func row(_ cells: [String]) { lines.append(cells.map(CSV.field).joined(separator: ",")) }
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
                unit.hasRegisteredWorkers ? "registered" : "not_registered",
            ])
        }
        for window in report.endingWindows {
            row([
                "sponsor_window_ending", window.to, window.sponsor, window.kind, report.branch ?? "",
                "\(window.participants)", "\(window.losingCover.count) lose cover",
            ])
            for person in window.losingCover {
                row(["loses_cover", person.kpj, person.name, window.sponsor, "", "", person.nik])
            }
        }
        for employer in report.arrears {
            row([
                "arrears", employer.npp, employer.name, employer.kind, employer.branchOffice, "\(employer.months)",
                "\(employer.outstanding)",
            ])
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: CoverageReport) -> String {
        func string(_ text: String?) -> String {
            guard let text else { return "null" }
            var escaped = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                case "\t": escaped += "\\t"
                default:
                    if scalar.value < 0x20 {
                        escaped += String(format: "\\u%04x", scalar.value)
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return escaped + "\""
        }
        func object(_ members: [(String, String)]) -> String {
            "{" + members.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        let active = report.active.map {
            object([
                ("segment", string($0.segment)), ("employer_kind", string($0.employerKind)),
                ("participants", "\($0.participants)"), ("memberships", "\($0.memberships)"),
            ])
        }
        let units = report.governmentUnits.map {
            object([
                ("npp", string($0.npp)), ("name", string($0.name)), ("branch_office", string($0.branchOffice)),
                ("active_workers", "\($0.activeWorkers)"), ("registered", $0.hasRegisteredWorkers ? "true" : "false"),
            ])
        }
        let windows = report.endingWindows.map { window in
            object([
                ("sponsor", string(window.sponsor)), ("kind", string(window.kind)),
                ("programs", array(window.programs.map { string($0) })), ("from", string(window.from)),
                ("to", string(window.to)), ("participants", "\(window.participants)"),
                (
                    "losing_cover",
                    array(
                        window.losingCover.map {
                            object([("kpj", string($0.kpj)), ("nik", string($0.nik)), ("name", string($0.name))])
                        })
                ),
            ])
        }
        let arrears = report.arrears.map {
            object([
                ("npp", string($0.npp)), ("name", string($0.name)), ("kind", string($0.kind)),
                ("branch_office", string($0.branchOffice)), ("months", "\($0.months)"),
                ("oldest_month", string($0.oldestMonth)), ("outstanding", "\($0.outstanding)"),
            ])
        }
        return object([
            ("on", string(report.on)), ("branch", string(report.branch)),
            ("active_participants", "\(report.activeParticipants)"), ("active", array(active)),
            ("government_units", array(units)), ("sponsor_windows_ending", array(windows)),
            ("employers_in_arrears", array(arrears)),
        ])
    }

    static func rupiah(_ value: Int64) -> String {
        let digits = String(value)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(".") }
            grouped.append(character)
        }
        return "Rp " + grouped
    }
}
