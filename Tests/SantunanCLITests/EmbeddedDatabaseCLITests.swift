import Foundation
import Testing
import SantunanTestSupport

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

        // A region of 2,000 participants: the whole story, with the region's ledger postings in seconds, not minutes.
        let first = try cli.run(["demo", "--participants", "2000"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("embedded cluster"))
        // The seed figures of the brief: two honorer deaths at Rp 42.000.000 and the Rp 384,3 juta composite.
        #expect(first.stdout.contains("PMS-2022-0001   payable   Rp 42.000.000"))
        #expect(first.stdout.contains("PMS-2022-0002   payable   Rp 42.000.000"))
        #expect(first.stdout.contains("STTC-2022-0001  payable   Rp 384.293.015  (Rp 384,3 juta)"))
        #expect(first.stdout.contains("LBS-2023-0003   rejected  Rp 0"))
        #expect(first.stdout.contains("reconciled"))
        #expect(first.stdout.contains("ledger: verified"))
        #expect(first.stderr.contains("7/7 summary"), "progress goes to stderr")
        // Issue 19: the region's contributions and development are in the ledger before the claims draw on it.
        #expect(first.stderr.contains("    ledger: contributions "))
        #expect(first.stderr.contains("    ledger: development "))
        // The seed cases' histories are booked from their case files (issue 19): STTC-2022-0001's participant no
        // longer shows the withdrawal alone (−Rp 15.545.221), and no JHT account runs below zero.
        #expect(first.stderr.contains("ledger: seed cases' contribution histories, 6 memberships: 139 due, 120 paid"))
        let statement = try cli.run(["ledger", "statement", "--participant", "14007825461", "--json"])
        #expect(statement.status == 0, "\(statement.stderr)")
        // The statement's JSON is its table (issue 18): the last row's balance closes it.
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(statement.stdout.utf8)) as? [[String: Any]])
        let closingBalance = try #require((rows.last?["balance"] as? NSNumber)?.int64Value)
        #expect(closingBalance > 0, "\(statement.stdout)")
        let classes = try cli.run(["ledger", "trial-balance", "--csv"])
        let jht = try #require(classes.stdout.split(separator: "\n").first { $0.hasPrefix("JHT,") })
        #expect(jht.hasSuffix(",0"), "JHT accounts against their normal side: \(jht)")
        let running = try cli.run(["db", "status"])
        #expect(running.stdout.contains("running"))
        let pidBefore = running.stdout

        let second = try cli.run(["demo", "--participants", "2000"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("PMS-2022-0001: submission 1 (already submitted)"))
        #expect(second.stdout.contains("STTC-2022-0001  payable   Rp 384.293.015"))
        let batchLines = second.stdout.split(separator: "\n").filter { $0.hasPrefix("PB-") }
        #expect(batchLines.count == 1, "a second run prepares no second batch")
        #expect(try cli.run(["db", "status"]).stdout == pidBefore, "the second demo reuses the running server")

        // The month-end development run credits both savings programs and cites each rate; a bad program is a
        // usage error naming the option.
        let development = try cli.run(["ledger", "post-development", "--month", "2024-06", "--as", "ani"])
        #expect(development.status == 0, "\(development.stderr)")
        #expect(development.stdout.contains("JHT development 2024-06: "))
        #expect(development.stdout.contains("at jht.crediting_rate_bp "))
        #expect(development.stdout.contains("JP development 2024-06: "))
        #expect(development.stdout.contains("at jp.development_rate_bp 6,47 %/yr"))
        let wrongProgram = try cli.run([
            "ledger", "post-development", "--month", "2024-06", "--program", "JKM", "--as", "ani",
        ])
        #expect(wrongProgram.status == 64)
        #expect(wrongProgram.stderr.contains("error: --program: \"JKM\" is not JHT or JP"))

        let url = try cli.run(["db", "url"])
        #expect(url.stdout.contains("host=\(data.appendingPathComponent("pg").path)"))

        let stop = try cli.run(["db", "stop"])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try cli.run(["db", "status"]).stdout.contains("stopped"))
    }
}
