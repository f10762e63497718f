import ArgumentParser

/// `santunan payouts …`.
struct PayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Create payout lines as they fall due.",
        subcommands: []
    )
}
