import ArgumentParser

/// `santunan queue …`.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and repair the heir-submission queue.",
        subcommands: []
    )
}
