import ArgumentParser
import Logging
import Postgres
import SantunanApp

/// `santunan demo`: the end-to-end demonstration on the embedded database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demonstration on the embedded database.",
        discussion: """
            Starts (creating and migrating it on first use) the embedded PostgreSQL cluster, or the database of
            --database-url / DATABASE_URL, and reports what it holds. Idempotent: a second run reuses what is there.

            Example:
              santunan demo
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.demo")
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        let connection = try target.openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let report = try DemoReport.collect(connection)
        say("Santunan demo")
        say(
            "  database: \(target.embedded == nil ? "DATABASE_URL" : "embedded cluster") (PostgreSQL \(report.serverVersion))"
        )
        say("  migrations applied: \(report.migrations)")
        say("  installation: \(report.installationID)")
    }
}
