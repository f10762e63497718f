import ArgumentParser
import Foundation
import SantunanApp

/// `santunan participant show|find`: the claims office's look-up (issue 18).
struct ParticipantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: t("claims.help.participant"),
        subcommands: [ParticipantShowCommand.self, ParticipantFindCommand.self]
    )
}

/// `santunan participant show KPJ|NIK|NAME [--json|--csv]`.
struct ParticipantShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: t("claims.help.participant.show"),
        discussion: helpDiscussion(
            ["claims.help.participant.show.discussion"],
            examples: [
                "santunan participant show 22109900411", "santunan participant show 1222012501790041 --json",
                "santunan participant show ponijan --csv --csv-separator ';'",
            ])
    )

    @Argument(help: ArgumentHelp(t("claims.help.participant.reference")))
    var participant: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let profile = try ClaimsUseCases(databaseURL: database.databaseURL).participant(participant)
        if output.json {
            say(profile.json)
            return
        }
        if output.csv {
            // The memberships table (the claims are in `--json` and `claim list --participant`).
            let writer = CSVText(separator: output.csvSeparator.first ?? ",")
            say(writer.row(ParticipantProfile.membershipHeader))
            for row in profile.membershipRows(money: { String($0) }) { say(writer.row(row)) }
            return
        }
        for line in profile.identityLines { say(line) }
        say("")
        for line in profile.membershipLines { say(line) }
        say("")
        let claims = profile.listedClaims
        if claims.isEmpty {
            say(t("claims.participant.claims-none"))
        } else {
            say(t("claims.participant.claims"))
            try output.print(ClaimTable.table(claims, machine: false))
        }
    }
}

/// `santunan participant find TEXT [--json|--csv]`.
struct ParticipantFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: t("claims.help.participant.find"),
        discussion: helpDiscussion(
            ["claims.help.participant.find.discussion"],
            examples: ["santunan participant find ponijan", "santunan participant find 22109900411 --json"])
    )

    @Argument(help: ArgumentHelp(t("claims.help.participant.text")))
    var text: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let found = try ClaimsUseCases(databaseURL: database.databaseURL).findParticipants(text)
        if output.json {
            // Each participant's KPJs as an array: a document, not a flat table.
            say("[" + found.map(\.json).joined(separator: ",\n ") + "]")
            return
        }
        if found.isEmpty && !output.csv {
            say(t("claims.participant.none-match"))
            return
        }
        if found.count >= ParticipantLookup.findLimit && !output.csv {
            // The list stops at the limit: say so (on stderr, the table stays the result) and how to narrow it.
            FileHandle.standardError.write(
                Data((t("claims.participant.find-cut", ["count": .number(found.count)]) + "\n").utf8))
        }
        try output.print(
            OutputTable(
                columns: ["nik", "name", "birth_date", "kpj"].map {
                    OutputTable.Column(name: $0, title: t("claims.column.\($0)"))
                },
                rows: found.map {
                    [.text($0.nik), .text($0.name), .date($0.birthDate), .text($0.kpjs.joined(separator: " "))]
                }))
    }
}