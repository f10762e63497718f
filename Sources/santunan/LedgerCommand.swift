import ArgumentParser

/// `santunan ledger …`.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Query and verify the auditors' ledger.",
        subcommands: []
    )
}
