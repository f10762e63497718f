import ArgumentParser
import Foundation
import SantunanApp

/// `santunan claim list [filters] [--json|--csv]`.
struct ClaimListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: t("claims.help.list"),
        discussion: helpDiscussion(
            ["claims.help.list.discussion"],
            examples: [
                "santunan claim list",
                "santunan claim list --participant 22109900777",
                "santunan claim list --name lubis --status incomplete",
                "santunan claim list --program JKK --from 2022-01-01 --to 2022-12-31",
                "santunan claim list --status payable --csv --csv-separator ';'",
            ])
    )

    @Option(help: ArgumentHelp(t("claims.help.list.participant")))
    var participant: String?

    @Option(help: ArgumentHelp(t("claims.help.list.nik")))
    var nik: String?

    @Option(help: ArgumentHelp(t("claims.help.list.kpj")))
    var kpj: String?

    @Option(help: ArgumentHelp(t("claims.help.list.name")))
    var name: String?

    @Option(help: ArgumentHelp(t("claims.help.list.status")), completion: Completions.claimStatus)
    var status: String?

    @Option(help: ArgumentHelp(t("claims.help.list.program")))
    var program: String?

    @Option(help: ArgumentHelp(t("claims.help.list.from")))
    var from: String?

    @Option(help: ArgumentHelp(t("claims.help.list.to")))
    var to: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        var query = ClaimsUseCases.ListQuery()
        query.participant = participant
        query.nik = nik
        query.kpj = kpj
        query.name = name
        query.status = status
        query.program = program
        query.from = from
        query.to = to
        let claims = try ClaimsUseCases(databaseURL: database.databaseURL).list(query)
        // JSON and CSV carry the codes, identical in every language; the table the words.
        let machine = output.json || output.csv
        if claims.isEmpty && !machine {
            say(t("claims.list.none"))
            return
        }
        try output.print(ClaimTable.table(claims, machine: machine))
    }
}

/// The table of claims `claim list` and `participant show` print.
enum ClaimTable {
    /// `machine`: for JSON and CSV (codes, identical in every language), else for people.
    static func table(_ claims: [ClaimsUseCases.ListedClaim], machine: Bool) -> OutputTable {
        let names = [
            "claim_id", "case_id", "name", "nik", "kpj", "event_type", "event_date", "status", "total", "payable_now",
            "submitted_by",
        ]
        return OutputTable(
            columns: names.map { OutputTable.Column(name: $0, title: t("claims.column.\($0)")) },
            rows: claims.map { claim in
                // "Payable now" is shown to people only when something can be paid (issue 18).
                let payableNow = machine || claim.status == "payable" ? claim.payableNow : nil
                return [
                    .number(claim.claimID), .text(claim.caseID), .text(claim.name), .text(claim.nik), .text(claim.kpj),
                    .text(machine ? claim.eventType : t("claims.event-type.\(claim.eventType)")),
                    .date(claim.eventDate), .text(machine ? claim.status : t("claims.status.\(claim.status)")),
                    claim.total.map(OutputTable.Cell.rupiah) ?? .null,
                    payableNow.map(OutputTable.Cell.rupiah) ?? .null, .text(claim.submittedBy),
                ]
            })
    }
}
