import ArgumentParser
import BenefitRules
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan claim event ID (--remarried DATE | --child-working NIK DATE | --child-married NIK DATE) --as U`.
struct ClaimEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Record what ends a JP survivor's pension share: a remarriage, a child's marriage or work.",
        discussion: """
            The next `santunan payouts due` honours it: the widow's or widower's pension stops from the month after
            the remarriage; a child's share stops from the month after the child marries or starts working (or turns
            23), and the other child sharing the pension then takes the whole. Months already paid past the event are
            recorded as recoveries. Each event is recorded once; exactly one of the options is given.

            Examples:
              santunan claim event PMS-2024-0007 --remarried 2026-05-10 --as officer1
              santunan claim event PMS-2024-0007 --child-working 6371010202070273 2026-08-01 --as officer1
            """
    )

    @Argument(help: "Claim id or case_id.")
    var id: String

    @Option(help: "The widow or widower remarried on this date (YYYY-MM-DD).")
    var remarried: String?

    @Option(parsing: .upToNextOption, help: "A child started working: NIK DATE.")
    var childWorking: [String] = []

    @Option(parsing: .upToNextOption, help: "A child married: NIK DATE.")
    var childMarried: [String] = []

    @OptionGroup var actingUser: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let given = [remarried != nil, !childWorking.isEmpty, !childMarried.isEmpty].filter { $0 }.count
        guard given == 1 else {
            throw AppError(
                .usage, field: "--remarried",
                reason: "give exactly one of --remarried DATE, --child-working NIK DATE, --child-married NIK DATE")
        }
        let kind: PensionInPayment.SurvivorEvent.Kind
        var nik: String?
        let dateText: String
        let option: String
        if let remarried {
            (kind, dateText, option) = (.remarried, remarried, "--remarried")
        } else {
            let values = childWorking.isEmpty ? childMarried : childWorking
            option = childWorking.isEmpty ? "--child-married" : "--child-working"
            kind = childWorking.isEmpty ? .childMarried : .childWorking
            guard values.count == 2 else {
                throw AppError(.usage, field: option, reason: "give the child's NIK and the date: \(option) NIK DATE")
            }
            nik = values[0]
            dateText = values[1]
            guard nik!.count == 16, nik!.allSatisfy(\.isASCII), nik!.allSatisfy(\.isNumber) else {
                throw AppError(.invalidData, field: option, reason: "the NIK must be 16 digits")
            }
        }
        guard let date = CivilDate(iso: dateText) else {
            throw AppError(.usage, field: option, reason: "\(dateText) is not a date (YYYY-MM-DD)")
        }
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let recorded = try ClaimEvents.record(
            reference: id, kind: kind, nik: nik, date: date, user: user, on: connection)
        if json {
            say(
                "{\"claim_id\": \(recorded.claimID), \"event\": \(JSONString.quote(recorded.kind.rawValue)), "
                    + "\"nik\": \(JSONString.quote(recorded.nik)), \"date\": \"\(recorded.date)\", "
                    + "\"recorded_by\": \(JSONString.quote(recorded.recordedBy))}")
        } else {
            say(
                "claim \(recorded.claimID): \(recorded.kind.rawValue) of \(recorded.nik) on \(recorded.date) recorded; "
                    + "the next `santunan payouts due` honours it")
        }
    }
}
