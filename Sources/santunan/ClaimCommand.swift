import ArgumentParser
import BenefitRules
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan claim …`: claims officers' commands.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Compute, submit and inspect claims.",
        subcommands: [
            ClaimComputeCommand.self, ClaimSubmitCommand.self, ClaimShowCommand.self, ClaimListCommand.self,
            ClaimDocumentsCommand.self, ClaimAmendCommand.self, ClaimNewCommand.self, ClaimEventCommand.self,
            ClaimPayeeCommand.self,
        ]
    )
}

/// `santunan claim compute CASE.json [--json]`.
struct ClaimComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute a case file: every payout line with its legal basis.",
        discussion: """
            The claim is computed under the rules in force on the event date. No database is needed when the case
            embeds its contribution history; a membership without `contributions` whose history a program needs is
            read from the database (DATABASE_URL / --database-url, else the embedded cluster) by its KPJ. A claim computed as rejected is still a success (exit 0); an invalid
            case exits 65 with `error: <field path>: <reason>`.

            Examples:
              santunan claim compute cases/seed-honorer-jkm-42jt-a.case.json
              santunan claim compute cases/seed-sttc-composite-384jt.case.json --json
            """
    )

    @Argument(help: "The case file (JSON, CONTRACT §2).")
    var caseFile: String

    @Flag(help: "Print the claim result as one JSON document (CONTRACT §3).")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let paths = try ProjectPaths.discover()
        // The case's dates may reach a year past today (SANTUNAN_FIXED_CLOCK sets "today" for rehearsals).
        let today = ClaimFiles.today(try PayoutClock.fromEnvironment())
        let claim = try ClaimFiles.readCase(at: caseFile, today: today)
        let logger = Logger(label: "santunan.claim")
        let result = try ClaimFiles.compute(claim, with: try ClaimFiles.calculator(paths: paths)) {
            () throws(AppError) -> Connection in
            try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
                .openMigrated(paths: paths, logger: logger)
        }
        if json {
            FileHandle.standardOutput.write(Data(result.jsonBytes()))
            say("")
        } else {
            FileHandle.standardOutput.write(Data(result.humanText.utf8))
        }
    }
}
