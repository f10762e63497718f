import ArgumentParser
import Foundation
import SantunanApp

/// `santunan participant show|find`: the claims office's look-up (issue 18).
struct ParticipantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: "Find a participant and see their memberships, contributions, JHT balance and claims.",
        subcommands: [ParticipantShowCommand.self, ParticipantFindCommand.self]
    )
}

/// `--json`, `--csv`, `--csv-separator` of the table-printing commands.
struct TableFormatOptions: ParsableArguments {
    @Flag(help: "Print one JSON document.")
    var json = false

    @Flag(help: "Print the table as CSV (RFC 4180).")
    var csv = false

    @Option(
        name: .customLong("csv-separator"),
        help: "The CSV field separator: ',' (default) or ';' (for spreadsheets set to the Indonesian locale).")
    var csvSeparator: String = ","

    func validate() throws {
        guard csvSeparator == "," || csvSeparator == ";" else {
            throw ValidationError("--csv-separator: \"\(csvSeparator)\" is not ',' or ';'")
        }
        guard !(json && csv) else { throw ValidationError("--json and --csv: choose one") }
    }

    /// One CSV line: a field is quoted when it holds the separator, a quote or a line break.
    func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            guard cell.contains(where: { String($0) == csvSeparator || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: csvSeparator)
    }
}

/// `santunan participant show KPJ|NIK|NAME [--json|--csv]`.
struct ParticipantShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "A participant: identity, memberships, contribution summary, JHT balance and claims.",
        discussion: """
            PARTICIPANT is a NIK (16 digits), a KPJ (other digits) or a name (case-insensitive; a part of a \
            name is enough when it matches one participant, else the matches are listed: use `participant \
            find`). Arrears are the unpaid months whose due date has passed; the JHT balance is computed today \
            from the stored history. `--csv` prints the memberships table (the claims are in `--json`).

            Examples:
              santunan participant show 22109900411
              santunan participant show 1222012501790041 --json
              santunan participant show ponijan --csv --csv-separator ';'
            """
    )

    @Argument(help: "KPJ, NIK or name.")
    var participant: String

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let profile = try FrontDoor.show(participant, databaseURL: database.databaseURL)
        if format.json {
            say(profile.json)
            return
        }
        if format.csv {
            say(format.csvLine(ParticipantProfile.membershipHeader))
            for row in profile.membershipRows(money: { String($0) }) { say(format.csvLine(row)) }
            return
        }
        for line in profile.identityLines { say(line) }
        say("")
        for line in profile.membershipLines(money: Money.text) { say(line) }
        say("")
        if profile.claims.isEmpty {
            say("Claims: none")
        } else {
            say("Claims")
            say(TextTable.render(header: ParticipantProfile.claimHeader, rows: profile.claimRows(money: Money.text)))
        }
    }
}

/// `santunan participant find TEXT [--json|--csv]`.
struct ParticipantFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Participants whose name contains TEXT, or whose NIK or KPJ is TEXT.",
        discussion: """
            The name match is case-insensitive and partial; at most 50 participants are listed, by name.

            Examples:
              santunan participant find ponijan
              santunan participant find 22109900411 --json
            """
    )

    @Argument(help: "Part of a name, a NIK or a KPJ.")
    var text: String

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let found = try FrontDoor.find(text, databaseURL: database.databaseURL)
        if format.json {
            say("[" + found.map(\.json).joined(separator: ",\n ") + "]")
            return
        }
        let header = ["nik", "name", "birth_date", "kpj"]
        let rows = found.map { [$0.nik, $0.name, $0.birthDate, $0.kpjs.joined(separator: " ")] }
        if format.csv {
            say(format.csvLine(header))
            for row in rows { say(format.csvLine(row)) }
        } else if rows.isEmpty {
            say("no participant matches")
        } else {
            say(TextTable.render(header: header, rows: rows))
        }
    }
}
