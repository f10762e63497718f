import ArgumentParser
import Foundation
import SantunanApp

/// `santunan rules …`: the effective-dated parameters.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: t("ops.help.rules.abstract"),
        discussion: helpDiscussion(
            [], examples: ["santunan rules show --program JKM --on 2022-01-18", "santunan rules diff --from 2019-12-01 --to 2019-12-02"]),
        subcommands: [RulesShowCommand.self, RulesDiffCommand.self]
    )

    /// The program files `--program` takes.
    static let programs = ["JKK", "JKM", "JHT", "JP", "scholarship", "regimes"]
}

/// `santunan rules show [--program P] [--on DATE] [--json|--csv]`.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: t("ops.help.rules.show.abstract"),
        discussion: helpDiscussion(
            ["ops.help.rules.show.discussion"],
            examples: [
                "santunan rules show --on 2022-01-18",
                "santunan rules show --program JKK --on 2017-10-12 --json",
            ])
    )

    @Option(help: ArgumentHelp(t("ops.help.rules.program")), completion: .list(RulesCommand.programs))
    var program: String?

    @Option(help: ArgumentHelp(t("ops.help.rules.on")))
    var on: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try AppSession(label: "santunan.rules")
        let rows = try OpsUseCases(session).rules(program: program, on: on)
        if output.json {
            try printJSON(rows)
            return
        }
        let columns: [(String, String)] = [
            ("key", "ops.rules.col.parameter"), ("program", "ops.rules.col.program"), ("value", "ops.rules.col.value"),
            ("effective_from", "ops.rules.col.from"), ("effective_to", "ops.rules.col.to"),
            ("confirmed", "ops.rules.col.confirmed"), ("basis", "ops.rules.col.basis"),
        ]
        try output.print(
            OutputTable(
                columns: columns.map { OutputTable.Column(name: $0.0, title: t($0.1)) },
                rows: rows.map { row in
                    [
                        .text(row.key), .text(row.program), .text(output.csv ? row.value.text : row.valueText),
                        .date(row.effectiveFrom), row.effectiveTo.map { .date($0) } ?? .null,
                        .text(output.csv ? (row.confirmed ? "true" : "false") : Self.confirmed(row.confirmed)),
                        .text(row.basis),
                    ]
                }))
    }

    /// `yes` / `NO` (shouted: an unconfirmed value makes every result that reads it carry a warning).
    static func confirmed(_ confirmed: Bool) -> String {
        confirmed ? t("common.yes") : t("ops.rules.unconfirmed")
    }
}

/// `santunan rules diff --from DATE --to DATE [--program P] [--json|--csv]`.
struct RulesDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: t("ops.help.rules.diff.abstract"),
        discussion: helpDiscussion(
            ["ops.help.rules.diff.discussion"], examples: ["santunan rules diff --from 2019-12-01 --to 2019-12-02"])
    )

    @Option(help: ArgumentHelp(t("ops.help.rules.diff.from")))
    var from: String

    @Option(help: ArgumentHelp(t("ops.help.rules.diff.to")))
    var to: String

    @Option(help: ArgumentHelp(t("ops.help.rules.program")), completion: .list(RulesCommand.programs))
    var program: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try AppSession(label: "santunan.rules")
        let changes = try OpsUseCases(session).rulesDiff(from: from, to: to, program: program)
        if output.json {
            try printJSON(changes)
            return
        }
        if !output.csv {
            say(t("ops.rules.diff.count", ["count": .number(changes.count), "from": CoverageOutput.isoDate(from), "to": CoverageOutput.isoDate(to)]))
        }
        let columns: [(String, String)] = [
            ("key", "ops.rules.col.parameter"), ("before", "ops.rules.col.before"), ("after", "ops.rules.col.after"),
            ("basis_after", "ops.rules.col.basis-after"), ("confirmed", "ops.rules.col.confirmed"),
        ]
        try output.print(
            OutputTable(
                columns: columns.map { OutputTable.Column(name: $0.0, title: t($0.1)) },
                rows: changes.map { change in
                    func value(_ view: RuleView?) -> OutputTable.Cell {
                        guard let view else { return output.csv ? .null : .text(t("ops.rules.none")) }
                        return .text(output.csv ? view.value.text : view.valueText)
                    }
                    let confirmed: OutputTable.Cell =
                        change.after.map {
                            .text(output.csv ? ($0.confirmed ? "true" : "false") : RulesShowCommand.confirmed($0.confirmed))
                        } ?? .null
                    return [.text(change.key), value(change.before), value(change.after), .text(change.after?.basis ?? ""), confirmed]
                }))
    }
}
