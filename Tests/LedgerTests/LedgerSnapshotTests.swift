import ClaimStore
import Foundation
import Ledger
import Postgres
import SantunanTestSupport
import SantunanValues
import Testing

/// The monthly snapshots (Schema/0015): balances and trial balances read from them equal a plain scan over every
/// entry, whichever way the entries were inserted, and a snapshot changed behind the trigger's back is caught.
@Suite struct LedgerSnapshotTests {
    /// The balances of every account at `at` (all postings when nil) by a scan over every entry: the reference the
    /// snapshot must reproduce.
    static func scannedBalances(at: CivilDate?, on connection: Connection) throws -> [AccountCode: (Int64, Int64)] {
        let result = try connection.execute(
            """
            SELECT a.code, coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
                coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
            FROM ledger_account AS a
            LEFT JOIN (
                ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
                    AND ($1::date IS NULL OR t.effective_date <= $1::date)
            ) ON e.account = a.code
            GROUP BY a.code
            """, [at?.description])
        var balances: [AccountCode: (Int64, Int64)] = [:]
        for row in result {
            balances[AccountCode(try row[0])] = (try row[1], try row[2])
        }
        return balances
    }

    /// Postings over five months through `ledger_post`, several in one database transaction (one lane), on the
    /// first, a middle and the last day of months.
    static func postAcrossMonths(on connection: Connection) throws {
        let days = [
            "2023-11-30", "2023-12-01", "2023-12-15", "2023-12-31", "2024-01-01", "2024-01-20", "2024-01-31",
            "2024-02-10", "2024-02-29", "2024-03-05",
        ]
        let accounts: [AccountCode] = [
            .bank, .fund(.jkk), .fund(.jkm), .receivable(employer: "NN1"), .receivable(employer: "NN2"),
            .jht(participant: "K1"), .jht(participant: "K2"), .jp(participant: "K1"), .development(.jht),
        ]
        var generator = SystemRandomNumberGenerator()
        for index in 0..<90 {
            let debit = accounts.randomElement(using: &generator)!
            let credit = accounts.filter { $0 != debit }.randomElement(using: &generator)!
            try Ledger.post(
                LedgerFixtures.transfer(
                    "snap\(index)", from: debit, to: credit, Int64.random(in: 1...5_000_000, using: &generator),
                    on: days[index % days.count]), on: connection)
        }
        // Several postings, several months, one database transaction.
        try connection.executeScript("BEGIN")
        for index in 0..<6 {
            try Ledger.post(
                Posting(
                    idempotencyKey: "snapshot-batch:\(index)", kind: .transfer,
                    effectiveDate: LedgerFixtures.date(days[(index * 3) % days.count]), recordedBy: "tester",
                    entries: [
                        .debit(.receivable(employer: "NN3"), 700 + Int64(index)), .credit(.fund(.jkk), 300),
                        .credit(.jht(participant: "K3"), 400 + Int64(index)),
                    ]), on: connection)
        }
        try connection.executeScript("COMMIT")
    }

    /// Three postings written as the bulk path writes them: the headers in one multi-row INSERT, then all their
    /// entries (two lanes, three months) in one INSERT … SELECT, after opening their new accounts, as the trusted
    /// writer role (whose rows the chain
    /// triggers do not touch; the chain of these rows is not what this test is about).
    static func insertAsTheBulkPathDoes(on connection: Connection) throws {
        try connection.executeScript(
            """
            SET ROLE santunan_ledger_writer;
            INSERT INTO ledger_account (code, class, subject) VALUES
                ('RECEIVABLE:NN9', 'RECEIVABLE', 'NN9'), ('JHT:K9', 'JHT', 'K9');
            INSERT INTO ledger_transaction (id, idempotency_key, kind, effective_date, recorded_by, lane, lane_seq, hash)
            OVERRIDING SYSTEM VALUE VALUES
                (900001, 'bulk:1', 'transfer', '2023-12-31', 'tester', 2, 100001, '\\x00'),
                (900002, 'bulk:2', 'transfer', '2024-01-15', 'tester', 2, 100002, '\\x00'),
                (900003, 'bulk:3', 'transfer', '2024-02-29', 'tester', 5, 100001, '\\x00');
            INSERT INTO ledger_entry (id, transaction_id, account, side, amount, lane, lane_seq, hash)
            OVERRIDING SYSTEM VALUE
            SELECT 900000 + n, t, a, s::"char", m, l, 200000 + n, '\\x00'::bytea
            FROM (VALUES
                (1, 900001, 'BANK', 'D', 1000, 2), (2, 900001, 'JHT:K1', 'C', 600, 2), (3, 900001, 'JP:K1', 'C', 400, 2),
                (4, 900002, 'BANK', 'D', 250, 2), (5, 900002, 'BANK', 'D', 50, 2), (6, 900002, 'FUND:JKM', 'C', 300, 2),
                (7, 900003, 'RECEIVABLE:NN9', 'D', 9000, 5), (8, 900003, 'JHT:K9', 'C', 9000, 5)
            ) AS v (n, t, a, s, m, l);
            RESET ROLE;
            """)
    }

    static let dates: [CivilDate?] = [
        nil, "2023-11-29", "2023-11-30", "2023-12-01", "2023-12-14", "2023-12-31", "2024-01-01", "2024-01-15",
        "2024-01-31", "2024-02-28", "2024-02-29", "2024-03-04", "2024-03-31", "2030-01-01",
    ].map { $0.map(LedgerFixtures.date) }

    @Test func balancesAndTrialBalancesEqualAScanOverEveryEntry() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        try Self.postAcrossMonths(on: connection)
        try Self.insertAsTheBulkPathDoes(on: connection)
        let months = try connection.execute(
            "SELECT count(DISTINCT month), count(DISTINCT lane) FROM ledger_account_month")
        #expect(try months[0, 0] as Int64 == 5)
        #expect(try months[0, 1] as Int64 > 1)

        for at in Self.dates {
            let expected = try Self.scannedBalances(at: at, on: connection)
            let balances = try Ledger.balances(at: at, on: connection)
            #expect(balances.count == expected.count)
            for balance in balances {
                let scanned = expected[balance.account]
                #expect(scanned?.0 == balance.debits, "\(balance.account) at \(String(describing: at))")
                #expect(scanned?.1 == balance.credits, "\(balance.account) at \(String(describing: at))")
            }
            // One account and one class read only their rows; same figures.
            for code in [AccountCode.bank, .jht(participant: "K1"), .receivable(employer: "NN9")] {
                let one = try Ledger.balances(.account(code), at: at, on: connection)
                #expect(one.count == 1 && one[0].debits == expected[code]?.0 && one[0].credits == expected[code]?.1)
            }
            let jht = try Ledger.balances(.accountClass("JHT"), at: at, on: connection)
            #expect(Set(jht.map(\.account)) == Set(expected.keys.filter { $0.prefix == "JHT" }))
            for balance in jht {
                #expect(expected[balance.account]?.0 == balance.debits)
                #expect(expected[balance.account]?.1 == balance.credits)
            }
            // The SQL function of 0005 reads the snapshot too (NULL: no postings counted, as before).
            if let at {
                let function = try connection.execute(
                    "SELECT account, debits::bigint, credits::bigint FROM ledger_balances_at($1::date)",
                    [at.description])
                #expect(function.rowCount == expected.count)
                for row in function {
                    let scanned = expected[AccountCode(try row[0])]
                    let debits: Int64 = try row[1]
                    let credits: Int64 = try row[2]
                    #expect(scanned?.0 == debits && scanned?.1 == credits)
                }
            }

            // The detailed trial balance, and the summary by class.
            let detail = try Ledger.trialBalance(at: at, on: connection)
            #expect(detail.isBalanced)
            let byClass = try Ledger.trialBalanceByClass(at: at, on: connection)
            #expect(byClass.isBalanced)
            #expect(
                byClass.classes.map(\.prefix).sorted() == [
                    "BANK", "CLEARING", "DEVELOPMENT", "DJS", "FUND", "JHT", "JP", "PAYABLE", "RECEIVABLE",
                ])
            for line in byClass.classes {
                let members = balances.filter { $0.account.prefix == line.prefix }
                #expect(line.accounts == members.count, "\(line.prefix)")
                #expect(line.debits == members.reduce(0) { $0 + $1.debits }, "\(line.prefix)")
                #expect(line.credits == members.reduce(0) { $0 + $1.credits }, "\(line.prefix)")
                #expect(line.accountsAgainstNormalSide == members.filter { $0.balance < 0 }.count, "\(line.prefix)")
            }
            let net = byClass.classes.reduce(0) { $0 + $1.debits - $1.credits }
            #expect(net == 0)
        }
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
    }

    @Test func entriesCopiedInAreCountedAsInsertedOnes() throws {
        // COPY fires the statement trigger with its transition table like an INSERT: the bulk path's way in.
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        try Self.postAcrossMonths(on: connection)
        try connection.executeScript("SET ROLE santunan_ledger_writer")
        let headers = try connection.copyIn(
            "COPY ledger_transaction (id, idempotency_key, kind, effective_date, recorded_by, lane, lane_seq, hash) FROM STDIN"
        ) { writer in
            for index in 0..<40 {
                let date = "2024-0\(1 + index % 3)-\(10 + index % 19)"
                try writer.writeRow([
                    "\(700_000 + index)", "copy:\(index)", "transfer", date, "tester", "7", "\(50_000 + index * 3)",
                    "\\x00",
                ])
            }
        }
        let entries = try connection.copyIn(
            "COPY ledger_entry (id, transaction_id, account, side, amount, lane, lane_seq, hash) FROM STDIN"
        ) { writer in
            for index in 0..<40 {
                let amount = 1_000 + index
                let rows: [(String, String)] = [("BANK", "D"), ("JHT:K\(1 + index % 3)", "C")]
                for (offset, row) in rows.enumerated() {
                    try writer.writeRow([
                        "\(700_000 + index * 2 + offset)", "\(700_000 + index)", row.0, row.1, "\(amount)", "7",
                        "\(50_000 + index * 3 + 1 + offset)", "\\x00",
                    ])
                }
            }
        }
        try connection.executeScript("RESET ROLE")
        #expect(headers == 40 && entries == 80)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
        for at in Self.dates {
            let expected = try Self.scannedBalances(at: at, on: connection)
            for balance in try Ledger.balances(at: at, on: connection) {
                #expect(expected[balance.account]?.0 == balance.debits, "\(balance.account)")
                #expect(expected[balance.account]?.1 == balance.credits, "\(balance.account)")
            }
        }
    }

    @Test func aChangedDeletedOrAddedSnapshotRowIsCaught() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerFixtures.connect(conninfo)
        try Self.postAcrossMonths(on: connection)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)

        // A superuser disables the guard and raises BANK's debits of December 2023 in one lane.
        let row = try connection.execute(
            "SELECT lane::int, debit FROM ledger_account_month WHERE account = 'BANK' AND month = '2023-12-01' LIMIT 1")
        let lane: Int = try row[0, 0]
        let debit: Int64 = try row[0, 1]
        try connection.executeScript(
            """
            ALTER TABLE ledger_account_month DISABLE TRIGGER ledger_account_month_guard;
            UPDATE ledger_account_month SET debit = debit + 1
            WHERE account = 'BANK' AND month = '2023-12-01' AND lane = \(lane);
            ALTER TABLE ledger_account_month ENABLE TRIGGER ledger_account_month_guard;
            """)
        let changed = try #require(try Ledger.snapshotDifference(on: connection))
        #expect(changed.account == .bank && changed.month == LedgerFixtures.date("2023-12-01") && changed.lane == lane)
        #expect(changed.snapshotDebit == "\(debit + 1)" && changed.entryDebit == "\(debit)")
        #expect(
            changed.description.hasPrefix(
                "account BANK, month 2023-12, lane \(lane): the snapshot says debits \(debit + 1)"))
        // The balance now differs from the entries: this is what verify must catch.
        let expected = try Self.scannedBalances(at: LedgerFixtures.date("2023-12-31"), on: connection)
        let bank = try Ledger.balances(.account(.bank), at: LedgerFixtures.date("2023-12-31"), on: connection)
        #expect(bank[0].debits == expected[.bank]!.0 + 1)
        // ...and it does: the chain is intact, yet `ledger verify` fails naming the snapshot row.
        let verified = try Ledger.verify(on: connection)
        let failure = try #require(verified.failure)
        #expect(failure.record == "ledger_account_month" && failure.location == "ledger")
        #expect(failure.reason.hasPrefix("account BANK, month 2023-12, lane \(lane)"))

        // Put back; then delete a row: its entries have no snapshot row.
        try connection.executeScript(
            """
            ALTER TABLE ledger_account_month DISABLE TRIGGER ledger_account_month_guard;
            UPDATE ledger_account_month SET debit = debit - 1
            WHERE account = 'BANK' AND month = '2023-12-01' AND lane = \(lane);
            ALTER TABLE ledger_account_month ENABLE TRIGGER ledger_account_month_guard;
            """)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
        try connection.executeScript(
            """
            ALTER TABLE ledger_account_month DISABLE TRIGGER ledger_account_month_no_delete;
            DELETE FROM ledger_account_month WHERE account = 'JHT:K3';
            ALTER TABLE ledger_account_month ENABLE TRIGGER ledger_account_month_no_delete;
            """)
        let deleted = try #require(try Ledger.snapshotDifference(on: connection))
        #expect(deleted.account == .jht(participant: "K3") && deleted.snapshotDebit == nil)
        #expect(deleted.description.contains("the snapshot has no row; the entries sum to debits 0, credits "))

        // A row for a month without entries, in a fresh ledger.
        let other = try LedgerFixtures.connect(try LedgerFixtures.database())
        try Self.postAcrossMonths(on: other)
        try other.executeScript(
            """
            ALTER TABLE ledger_account_month DISABLE TRIGGER ledger_account_month_guard;
            INSERT INTO ledger_account_month VALUES ('FUND:JKK', '2020-01-01', 0, 0, 5);
            ALTER TABLE ledger_account_month ENABLE TRIGGER ledger_account_month_guard;
            """)
        let added = try #require(try Ledger.snapshotDifference(on: other))
        #expect(added.account == .fund(.jkk) && added.month == LedgerFixtures.date("2020-01-01"))
        #expect(added.entryDebit == nil)
        #expect(added.description.hasSuffix("the snapshot says debits 0, credits 5; there are no entries"))
    }

    /// `ledger verify` sums the entries while it hashes them and compares the snapshot itself (docs/decisions/0014,
    /// "Verify"): on one connection and on two it names the same first difference as the SQL reference
    /// (`ledger_snapshot_check()`), for a changed row, a deleted row and a row in a lane that no verifier walks.
    @Test func verifyNamesTheSameSnapshotDifferenceAsTheSQLCheck() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerFixtures.connect(conninfo)
        defer { connection.close() }
        try Self.postAcrossMonths(on: connection)
        #expect(try Ledger.verify(on: connection).isValid)
        #expect(try LedgerLaneAndChartTests.verify(conninfo).isValid)
        for tamper in [
            """
            UPDATE ledger_account_month SET credit = credit + 7 WHERE account = 'JHT:K3'
                AND month = (SELECT max(month) FROM ledger_account_month WHERE account = 'JHT:K3')
            """,
            "DELETE FROM ledger_account_month WHERE account = 'BANK' AND month = '2023-12-01'",
            "INSERT INTO ledger_account_month VALUES ('FUND:JKK', '2019-01-01', 40, 0, 5)",
        ] {
            try connection.executeScript(
                "SET session_replication_role = replica; \(tamper); SET session_replication_role = origin;")
            let expected = try #require(try Ledger.snapshotDifference(on: connection)).description
            for report in [try Ledger.verify(on: connection), try LedgerLaneAndChartTests.verify(conninfo)] {
                #expect(report.failure?.record == "ledger_account_month", "\(tamper)")
                #expect(report.failure?.reason == expected, "\(tamper)")
            }
        }
    }

    @Test func onlyTheTriggerWritesTheSnapshotAndAuditorsReadIt() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        try Self.postAcrossMonths(on: connection)
        // The owner (here a superuser) is refused every write, as for the ledger's own tables.
        for statement in [
            "UPDATE ledger_account_month SET debit = debit + 1",
            "INSERT INTO ledger_account_month VALUES ('BANK', '2020-01-01', 0, 1, 0)",
            "DELETE FROM ledger_account_month", "TRUNCATE ledger_account_month",
        ] {
            let error = #expect(throws: PostgresError.self) { try connection.execute(SQL(statement)) }
            #expect(error?.sqlState == "SL001", "\(statement)")
        }
        // The application roles have no write privilege at all.
        try connection.executeScript("SET ROLE santunan_officer")
        let officer = #expect(throws: PostgresError.self) {
            try connection.execute("UPDATE ledger_account_month SET debit = debit + 1")
        }
        #expect(officer?.sqlState == "42501")
        // An auditor reads the balances and runs the check.
        try connection.executeScript("RESET ROLE; SET ROLE santunan_auditor")
        #expect(try Ledger.trialBalanceByClass(at: LedgerFixtures.date("2024-01-31"), on: connection).isBalanced)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
        try connection.executeScript("RESET ROLE")
    }

    @Test func entriesInsertedBeforeTheirHeaderAreRefused() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        let error = #expect(throws: PostgresError.self) {
            try connection.executeScript(
                """
                SET ROLE santunan_ledger_writer;
                INSERT INTO ledger_entry (id, transaction_id, account, side, amount, lane, lane_seq, hash)
                OVERRIDING SYSTEM VALUE VALUES
                    (800001, 800001, 'BANK', 'D', 5, 1, 2, '\\x00'), (800002, 800001, 'FUND:JKK', 'C', 5, 1, 3, '\\x00');
                """)
        }
        #expect(error?.sqlState == "SL015")
        #expect(error?.message.contains("ledger entry of transaction 800001 has no header") == true)
        try connection.executeScript("ROLLBACK; RESET ROLE")
        let count = try connection.execute("SELECT count(*) FROM ledger_entry")
        #expect(try count[0, 0] as Int64 == 0)
    }

    @Test func aMigratedLedgerGetsItsSnapshotFromTheEntriesAlreadyPosted() throws {
        // 0015 applied to a ledger with postings: the snapshot starts equal to the entries.
        let conninfo = try TestDatabase.shared.freshDatabase()
        let connection = try LedgerFixtures.connect(conninfo)
        let migrations = try Migration.load(from: LedgerFixtures.schemaDirectory)
        try Migrator(
            migrations: migrations.filter { [1, 5, 8].contains($0.version) }, logger: LedgerFixtures.logger
        )
        .migrate(connection)
        try Self.postAcrossMonths(on: connection)
        try Migrator(
            migrations: migrations.filter { [1, 5, 8, 15].contains($0.version) },
            logger: LedgerFixtures.logger
        ).migrate(connection)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
        let expected = try Self.scannedBalances(at: LedgerFixtures.date("2024-01-15"), on: connection)
        for balance in try Ledger.balances(at: LedgerFixtures.date("2024-01-15"), on: connection) {
            #expect(expected[balance.account]?.0 == balance.debits && expected[balance.account]?.1 == balance.credits)
        }
    }
}
