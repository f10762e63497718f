import ArgumentParser

/// `santunan report …`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Branch reports: coverage and service levels.",
        subcommands: []
    )
}
