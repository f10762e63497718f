import ArgumentParser

/// `santunan import …`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-load employers, participants, contributions and sponsors from CSV.",
        subcommands: []
    )
}
