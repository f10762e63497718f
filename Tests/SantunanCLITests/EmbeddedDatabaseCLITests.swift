import Foundation
import Testing

/// The embedded cluster as a user meets it: `santunan demo` twice, `db status`, `db stop` (CONTRACT §5).
@Suite(.serialized) struct EmbeddedDatabaseCLITests {
    @Test func demoRunsTwiceOnTheSameClusterAndDbStopStopsIt() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-cli-\(UUID().uuidString)")
        defer {
            _ = try? CLIRunner(environment: ["SANTUNAN_PGDATA": data.appendingPathComponent("pg").path]).run([
                "db", "stop",
            ])
            try? FileManager.default.removeItem(at: data)
        }
        let cli = CLIRunner(environment: ["SANTUNAN_PGDATA": data.appendingPathComponent("pg").path])

        let first = try cli.run(["demo"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("embedded cluster"))
        let running = try cli.run(["db", "status"])
        #expect(running.stdout.contains("running"))
        let pidBefore = running.stdout

        let second = try cli.run(["demo"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try cli.run(["db", "status"]).stdout == pidBefore, "the second demo reuses the running server")

        let url = try cli.run(["db", "url"])
        #expect(url.stdout.contains("host=\(data.appendingPathComponent("pg").path)"))

        let stop = try cli.run(["db", "stop"])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try cli.run(["db", "status"]).stdout.contains("stopped"))
    }
}
