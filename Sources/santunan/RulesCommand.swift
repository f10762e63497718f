import ArgumentParser
import BenefitRules
import Foundation
import SantunanApp

/// `santunan rules …`: the effective-dated parameters.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show the rule parameters and their legal basis.",
        subcommands: [RulesShowCommand.self, RulesDiffCommand.self]
    )
}

/// `santunan rules show [--program P] [--on DATE]`.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The parameters in force on a date, with value, dates, citation and confirmation status.",
        discussion: """
            Without --on, every dated value of every parameter is listed. Values marked unconfirmed make every
            result that reads them carry a warning.

            Examples:
              santunan rules show --on 2022-01-18
              santunan rules show --program JKK --on 2017-10-12 --json
            """
    )

    @Option(help: "Only this program's file (JKK, JKM, JHT, JP, scholarship, regimes).")
    var program: String?

    @Option(help: "The date (YYYY-MM-DD).")
    var on: String?

    @Flag(help: "Print one JSON document.")
    var json = false

    @Flag(help: "Print CSV.")
    var csv = false

    func run() throws {
        let parameters = try RuleConfig.load(from: try ProjectPaths.discover().config)
        var rows: [RuleRow] = []
        if let on {
            guard let date = CivilDate(iso: on) else {
                throw AppError(.usage, field: "--on", reason: "\"\(on)\" is not a date (YYYY-MM-DD)")
            }
            rows = parameters.inForce(on: date, program: program).map {
                RuleRow(key: $0.key, program: $0.program, unit: $0.unit, value: $0.value)
            }
        } else {
            for parameter in parameters.sorted
            where program == nil || parameter.program.lowercased() == program!.lowercased() {
                rows += parameter.values.map {
                    RuleRow(key: parameter.key, program: parameter.program, unit: parameter.unit, value: $0)
                }
            }
        }
        if rows.isEmpty, let program {
            throw AppError(.usage, field: "--program", reason: "no parameter of \"\(program)\" is in force")
        }
        if json {
            let objects: [[String: Any]] = rows.map(\.jsonObject)
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            FileHandle.standardOutput.write(data)
            say("")
        } else if csv {
            say("key,program,value,effective_from,effective_to,confirmed,basis")
            for row in rows { say(row.csvLine) }
        } else {
            say(
                TextTable.render(
                    header: ["parameter", "value", "from", "to", "confirmed", "basis"],
                    rows: rows.map {
                        [
                            $0.key, $0.valueText, "\($0.value.effectiveFrom)", $0.value.to.map { "\($0)" } ?? "",
                            $0.value.confirmed ? "yes" : "NO", $0.value.basis,
                        ]
                    }))
        }
    }
}

/// One dated value of a parameter, as `rules show` prints it.
struct RuleRow {
    var key: String
    var program: String
    var unit: String
    var value: DatedValue

    var valueText: String {
        if unit == "rupiah", let amount = value.value.integer { return Rupiah(amount).description }
        return value.value.text
    }

    var jsonObject: [String: Any] {
        [
            "key": key, "program": program, "unit": unit, "value": Self.json(value.value),
            "effective_from": "\(value.effectiveFrom)", "effective_to": value.to.map { "\($0)" } ?? NSNull(),
            "basis": value.basis, "confirmed": value.confirmed,
        ]
    }

    var csvLine: String {
        [
            key, program, value.value.text, "\(value.effectiveFrom)", value.to.map { "\($0)" } ?? "",
            value.confirmed ? "true" : "false", value.basis,
        ].map(CSV.field).joined(separator: ",")
    }

    static func json(_ value: ParameterValue) -> Any {
        switch value {
        case .integer(let integer): return integer
        case .text(let text): return text
        case .null: return NSNull()
        case .list(let items): return items.map(json)
        }
    }
}

/// `santunan rules diff --from DATE --to DATE`.
struct RulesDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Which parameters changed between two dates, with their citations.",
        discussion: """
            Example (what changed when PP 82/2019 came in):
              santunan rules diff --from 2019-12-01 --to 2019-12-02
            """
    )

    @Option(help: "The earlier date (YYYY-MM-DD).")
    var from: String

    @Option(help: "The later date (YYYY-MM-DD).")
    var to: String

    @Option(help: "Only this program's file (JKK, JKM, JHT, JP, scholarship, regimes).")
    var program: String?

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        guard let fromDate = CivilDate(iso: from) else {
            throw AppError(.usage, field: "--from", reason: "\"\(from)\" is not a date (YYYY-MM-DD)")
        }
        guard let toDate = CivilDate(iso: to) else {
            throw AppError(.usage, field: "--to", reason: "\"\(to)\" is not a date (YYYY-MM-DD)")
        }
        let parameters = try RuleConfig.load(from: try ProjectPaths.discover().config)
        let diff = RulesDiff(parameters, from: fromDate, to: toDate, program: program)
        if json {
            let objects: [[String: Any]] = diff.changes.map { change in
                [
                    "key": change.key, "program": change.program,
                    "before": change.before.map {
                        RuleRow(key: change.key, program: change.program, unit: change.unit, value: $0).jsonObject
                    } ?? NSNull(),
                    "after": change.after.map {
                        RuleRow(key: change.key, program: change.program, unit: change.unit, value: $0).jsonObject
                    } ?? NSNull(),
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            FileHandle.standardOutput.write(data)
            say("")
            return
        }
        say("\(diff.changes.count) parameter(s) changed between \(fromDate) and \(toDate)")
        func text(_ value: DatedValue?, _ change: RulesDiff.Change) -> String {
            guard let value else { return "(none)" }
            return RuleRow(key: change.key, program: change.program, unit: change.unit, value: value).valueText
        }
        say(
            TextTable.render(
                header: ["parameter", "before", "after", "basis (after)", "confirmed"],
                rows: diff.changes.map { change in
                    [
                        change.key, text(change.before, change), text(change.after, change),
                        change.after?.basis ?? "", change.after.map { $0.confirmed ? "yes" : "NO" } ?? "",
                    ]
                }))
    }
}
