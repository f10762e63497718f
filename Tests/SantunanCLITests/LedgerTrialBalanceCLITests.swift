import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// `santunan ledger trial-balance`: the summary by account class by default, `--detail` per account (issue 19).
@Suite struct LedgerTrialBalanceCLITests {
    @Test func theTrialBalanceIsSummarisedByClassAndDetailedOnRequest() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let cli = CLIRunner(environment: ["DATABASE_URL": conninfo])
        // The first command migrates the database.
        let empty = try cli.run(["ledger", "trial-balance"])
        #expect(empty.status == 0, "\(empty.stderr)")

        let connection = try Connection(conninfo, logger: TestLogging.logger("santunan.cli-tests"))
        defer { connection.close() }
        // Contributions of two participants in January; K2's JHT account then runs below zero (a withdrawal
        // larger than the savings), which the JHT class's net hides and the summary counts.
        for (key, date, accounts, sides, amounts) in [
            (
                "t:1", "2024-01-31", "{RECEIVABLE:N1,JHT:K1,JHT:K2,FUND:JKK}", "{D,C,C,C}",
                "{1000,500,300,200}"
            ),
            ("t:2", "2024-02-10", "{BANK,RECEIVABLE:N1}", "{D,C}", "{1000,1000}"),
            ("t:3", "2024-02-20", "{JHT:K2,BANK}", "{D,C}", "{800,800}"),
        ] {
            try connection.execute(
                """
                SELECT * FROM ledger_post($1, 'transfer', $2::date, 'tester', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                    $3::text[], $4::"char"[], $5::bigint[])
                """, [key, date, accounts, sides, amounts])
        }

        let summary = try cli.run(["ledger", "trial-balance", "--at", "2024-02-29"])
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("Trial balance by account class at 2024-02-29"))
        let jhtLine = summary.stdout.split(separator: "\n").first { $0.hasPrefix("JHT ") }
        // JHT: K1 500 credit, K2 −500 (debit) → net 0, one account against its normal side.
        #expect(
            jhtLine.map { $0.contains("fund") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("1") } == true,
            "\(summary.stdout)")
        #expect(!summary.stdout.contains("JHT:K1"), "the summary lists classes, not accounts")
        #expect(summary.stdout.contains("balanced"))

        // JSON: the table's rows (issue 18's one convention: an array of objects), the totals last.
        let json = try cli.run(["ledger", "trial-balance", "--at", "2024-02-29", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let classes = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        let jht = classes.first { $0["class"] as? String == "JHT" }
        #expect(jht?["accounts"] as? Int == 2)
        #expect(jht?["accounts_against_normal_side"] as? Int == 1)
        #expect(jht?["debit"] as? Int == 0 && jht?["credit"] as? Int == 0)
        let bank = classes.first { $0["class"] as? String == "BANK" }
        #expect(bank?["debit"] as? Int == 200)
        let total = classes.last
        #expect(total?["class"] as? String == "TOTAL")
        #expect(total?["debit"] as? Int == 200 && total?["credit"] as? Int == 200)

        // At the end of January only the first posting counts.
        let january = try cli.run(["ledger", "trial-balance", "--at", "2024-01-31", "--csv"])
        #expect(january.status == 0, "\(january.stderr)")
        let rows = january.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "class,type,accounts,debit,credit,accounts_against_normal_side")
        #expect(rows.contains("RECEIVABLE,asset,1,1000,0,0"))
        #expect(rows.contains("JHT,fund,2,0,800,0"))
        #expect(rows.last == "TOTAL,,,1000,1000,")

        let detail = try cli.run(["ledger", "trial-balance", "--at", "2024-02-29", "--detail", "--csv"])
        #expect(detail.status == 0, "\(detail.stderr)")
        let detailRows = detail.stdout.split(separator: "\n").map(String.init)
        #expect(detailRows.first == "account,debit,credit")
        #expect(detailRows.contains("JHT:K1,0,500"))
        #expect(detailRows.contains("JHT:K2,500,0"))
        #expect(detailRows.contains("BANK,200,0"))
        #expect(detailRows.last == "TOTAL,700,700")
    }
}
