import ArgumentParser
import SantunanApp

/// `santunan db start|stop|status|path|url`: the embedded cluster (CONTRACT §5).
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster.",
        discussion: """
            Examples:
              santunan db start
              santunan db status
              psql "$(santunan db url)"
            """,
        subcommands: []
    )
}
