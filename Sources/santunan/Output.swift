import ArgumentParser
import Foundation
import SantunanApp

/// A plain-text table with columns padded to their widest cell.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

/// How a table-printing command prints (issue 18: one output convention for every command): a table for people
/// (headings in the chosen language, rupiah and dates as people read them), `--json` (an array of objects, the
/// style of ``printJSON(_:)``) or `--csv` (RFC 4180, `--csv-separator ';'` for spreadsheets in the Indonesian
/// locale). JSON and CSV use the columns' machine names and plain values, identical in every language.
struct OutputOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(t("common.output.json.help")))
    var json = false

    @Flag(help: ArgumentHelp(t("common.output.csv.help")))
    var csv = false

    @Option(name: .customLong("csv-separator"), help: ArgumentHelp(t("common.output.csv-separator.help")))
    var csvSeparator: String = ","

    func validate() throws {
        guard !(json && csv) else { throw AppError(.usage, field: "--json", reason: t("common.output.choose-one")) }
        guard csvSeparator == "," || csvSeparator == ";" else {
            throw AppError(.usage, field: "--csv-separator", reason: t("common.csv-separator.invalid"))
        }
    }

    /// Prints `table` in the chosen form.
    func print(_ table: OutputTable) throws {
        if json {
            try printJSON(table.rows.map { row in
                Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.name), row.map(\.json)))
            })
        } else if csv {
            let writer = CSVText(separator: csvSeparator.first ?? ",")
            say(writer.row(table.columns.map(\.name)))
            for row in table.rows { say(writer.row(row.map(\.machine))) }
        } else {
            say(TextTable.render(header: table.columns.map(\.title), rows: table.rows.map { $0.map(\.human) }))
        }
    }
}

/// A table a command prints: columns with a machine name (JSON key, CSV heading) and a heading for people.
struct OutputTable {
    struct Column {
        /// snake_case, the same in every language.
        var name: String
        /// The heading in the chosen language.
        var title: String
    }

    /// One cell: typed, so each form prints it its own way.
    enum Cell: Encodable {
        case text(String)
        /// Integer rupiah.
        case rupiah(Int64)
        /// A count or other integer.
        case number(Int64)
        /// An ISO date `YYYY-MM-DD` (printed for people in the chosen language).
        case date(String)
        case null

        var human: String {
            switch self {
            case .text(let text): text
            case .rupiah(let amount): Texts.format.rupiah(amount)
            case .number(let value): Texts.format.number(value)
            case .date(let iso): HumanDate.text(iso)
            case .null: ""
            }
        }

        var machine: String {
            switch self {
            case .text(let text), .date(let text): text
            case .rupiah(let value), .number(let value): String(value)
            case .null: ""
            }
        }

        var json: Cell { self }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text), .date(let text): try container.encode(text)
            case .rupiah(let value), .number(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    var columns: [Column]
    var rows: [[Cell]]
}

/// An ISO date (`2024-03-10`, or a date-time beginning with one) as people read it in the chosen language; text that
/// is not one is printed as it is.
enum HumanDate {
    static func text(_ iso: String) -> String {
        guard let date = CivilDate(iso: iso.prefix(10)) else { return iso }
        return Texts.format.date(date) + String(iso.dropFirst(10))
    }
}
