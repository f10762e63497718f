import ArgumentParser
import SantunanApp

/// `santunan claim …`: claims officers' commands.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Compute, submit and inspect claims.",
        subcommands: [ClaimComputeCommand.self]
    )
}

/// `santunan claim compute CASE.json [--json]`.
struct ClaimComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute a case file: every payout line with its legal basis.",
        discussion: """
            No database is needed when the case embeds its contribution history.

            Examples:
              santunan claim compute cases/seed-honorer-jkm-42jt-a.case.json
              santunan claim compute cases/seed-sttc-composite-384jt.case.json --json
            """
    )

    @Argument(help: "The case file (JSON, CONTRACT §2).")
    var caseFile: String

    @Flag(help: "Print the claim result as one JSON document (CONTRACT §3).")
    var json = false

    func run() throws {
        say("claim compute: not wired yet")
    }
}
