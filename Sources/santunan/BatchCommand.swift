import ArgumentParser

/// `santunan batch …`.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Prepare, approve, export and reconcile payout batches.",
        subcommands: []
    )
}
