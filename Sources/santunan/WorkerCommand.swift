import ArgumentParser

/// `santunan worker …`.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the worker pool that drains heir submissions.",
        subcommands: []
    )
}
