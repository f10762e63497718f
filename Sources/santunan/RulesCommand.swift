import ArgumentParser
import SantunanApp

/// `santunan rules …`: the effective-dated parameters.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Show the rule parameters in force.",
        subcommands: [RulesShowCommand.self]
    )
}

/// `santunan rules show [--program P] [--on DATE]`.
struct RulesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The parameters in force on a date, with value, dates, citation and confirmation status.",
        discussion: """
            Examples:
              santunan rules show --on 2022-01-18
              santunan rules show --program JKK --on 2017-10-12 --json
            """
    )

    @Option(help: "Only this program (JKK, JKM, JHT, JP, scholarship).")
    var program: String?

    @Option(help: "The date (YYYY-MM-DD); default: every value of every parameter.")
    var on: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        say("rules show: not wired yet")
    }
}
