import ArgumentParser
import SantunanApp

/// `santunan demo`: the end-to-end demonstration on the embedded database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demonstration on the embedded database.",
        discussion: """
            Starts (and on first use creates and migrates) the embedded PostgreSQL cluster, then prints its status.
            Idempotent: a second run reuses what is there.

            Example:
              santunan demo
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        say("santunan demo: not wired yet")
    }
}
