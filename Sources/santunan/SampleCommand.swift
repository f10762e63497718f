import ArgumentParser

/// `santunan sample …`.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Generate realistic sample data.",
        subcommands: []
    )
}
