import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan report sla [--json]`.
struct ReportSLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Claims at risk of missing, or past, their service-level deadline.",
        discussion: """
            Deadlines count working days after the claim's completeness date: JKK 7, JKM 3, JHT 5 (weekends and the
            holidays of config/payments/holidays.yaml skipped). At risk = unpaid with at most --margin working days
            left. A late JKK payment (and a JAKON JKM one) carries 1 % of the santunan per day late (PP 44/2015
            Pasal 37(3)).

            Examples:
              santunan report sla
              santunan report sla --on 2024-04-22 --json
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The day to judge on (YYYY-MM-DD; default: today in WIB).")
    var on: String?

    @Option(help: "Unpaid claims with this many working days left or fewer are at risk.")
    var margin = 1

    @Flag(help: "Also list claims that are on time.")
    var all = false

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() throws {
        var day: BankDate?
        if let on {
            guard let parsed = BankDate(iso: on) else {
                throw AppError(.usage, field: "--on", reason: "\(on) is not a date (YYYY-MM-DD)")
            }
            day = parsed
        }
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let entries = try service.serviceLevels(today: day, includeOnTime: all)
        if json {
            let objects = entries.map { entry in
                var fields = [
                    "\"claim_id\": \(entry.claimID)", "\"case_id\": \(PayoutCLI.json(entry.caseID))",
                    "\"program\": \(PayoutCLI.json(entry.program.rawValue))", "\"lines\": \(entry.lines)",
                    "\"amount\": \(entry.amount)", "\"complete_on\": \"\(entry.completeOn)\"",
                    "\"deadline\": \"\(entry.deadline)\"", "\"paid_on\": \(PayoutCLI.json(entry.paidOn?.description))",
                    "\"standing\": \"\(entry.standing.label)\"",
                ]
                switch entry.standing {
                case .late(let days): fields.append("\"days_late\": \(days)")
                case .atRisk(let left): fields.append("\"working_days_left\": \(left)")
                case .onTime: break
                }
                fields.append("\"penalty\": \(entry.penalty)")
                fields.append("\"holidays_known\": \(entry.holidaysKnown)")
                return "{" + fields.joined(separator: ", ") + "}"
            }
            say("[" + objects.joined(separator: ",\n ") + "]")
            return
        }
        guard !entries.isEmpty else {
            say("no claim is at risk or late")
            return
        }
        let rows = entries.map { entry -> [String] in
            let detail: String =
                switch entry.standing {
                case .late(let days): "\(days) days late"
                case .atRisk(let left): "\(left) working days left"
                case .onTime: "on time"
                }
            return [
                entry.caseID, entry.program.rawValue, PayoutCLI.rupiah(entry.amount), entry.completeOn.description,
                entry.deadline.description + (entry.holidaysKnown ? "" : " *"), entry.paidOn?.description ?? "unpaid",
                detail, entry.penalty > 0 ? PayoutCLI.rupiah(entry.penalty) : "",
            ]
        }
        say(
            TextTable.render(
                header: ["case", "program", "amount", "complete", "deadline", "paid", "standing", "penalty"],
                rows: rows))
        if entries.contains(where: { !$0.holidaysKnown }) {
            say("* no holiday list for that year in config/payments/holidays.yaml: weekends only")
        }
    }
}
