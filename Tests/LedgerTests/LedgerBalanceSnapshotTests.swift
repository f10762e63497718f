import ClaimStore
import Foundation
import Postgres
import SantunanTestSupport
import SantunanValues
import Testing

@testable import Ledger

/// The day and total snapshots (Schema/0024): either way of summing a balance at a date (the months before it and
/// the days up to it, or the totals minus what follows it) equals a plain scan over every entry, whichever way the
/// entries were inserted; only the trigger writes them; a row changed behind its back is caught; and a participant's
/// one total row adds up when two lanes post to it at once.
@Suite struct LedgerBalanceSnapshotTests {
    /// Balances at `at` summed from the snapshots in `direction`, accounts without a row left out.
    static func summed(_ direction: Ledger.SnapshotDirection, at: CivilDate?, on connection: Connection) throws
        -> [AccountCode: (Int64, Int64)]
    {
        let result = try connection.execute(
            "SELECT x.account, x.debits::bigint, x.credits::bigint FROM (\(Ledger.snapshotSums(direction))) AS x",
            [at?.description])
        var balances: [AccountCode: (Int64, Int64)] = [:]
        for row in result {
            balances[AccountCode(try row[0])] = (try row[1], try row[2])
        }
        return balances
    }

    @Test func bothDirectionsEqualAScanOverEveryEntryAtEveryDate() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { connection.close() }
        try LedgerSnapshotTests.postAcrossMonths(on: connection)
        try LedgerSnapshotTests.insertAsTheBulkPathDoes(on: connection)
        #expect(try Ledger.balanceSnapshotDifference(on: connection) == nil)

        for at in LedgerSnapshotTests.dates {
            let expected = try LedgerSnapshotTests.scannedBalances(at: at, on: connection)
            for direction in [Ledger.SnapshotDirection.forward, .backward] {
                let summed = try Self.summed(direction, at: at, on: connection)
                for (account, scanned) in expected {
                    let sums = summed[account] ?? (0, 0)
                    #expect(
                        sums.0 == scanned.0 && sums.1 == scanned.1,
                        "\(account) at \(String(describing: at)) \(direction): \(sums) against \(scanned)")
                }
                #expect(Set(summed.keys).isSubset(of: Set(expected.keys)))
            }
        }
        // Nil (every posting) is the totals alone; forward with nil reads every month.
        let all = try LedgerSnapshotTests.scannedBalances(at: nil, on: connection)
        let forward = try Self.summed(.forward, at: nil, on: connection)
        for (account, scanned) in all where scanned != (0, 0) {
            #expect(forward[account]?.0 == scanned.0 && forward[account]?.1 == scanned.1, "\(account)")
        }
    }

    @Test func aParticipantsAccountHasOneTotalRowAndTheFixedAccountsOnePerLane() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { connection.close() }
        try LedgerSnapshotTests.postAcrossMonths(on: connection)
        try LedgerSnapshotTests.insertAsTheBulkPathDoes(on: connection)
        let stripes = try connection.execute(
            """
            SELECT account, count(*)::bigint, min(stripe)::int, max(stripe)::int FROM ledger_account_total
            WHERE account IN ('JHT:K1', 'JHT:K3', 'RECEIVABLE:NN1', 'BANK', 'FUND:JKK') GROUP BY account
            """)
        var byAccount: [String: (Int64, Int, Int)] = [:]
        for row in stripes {
            byAccount[try row[0]] = (try row[1], try row[2], try row[3])
        }
        // JHT:K1 was posted by ledger_post in several lanes and by the bulk insert in lane 2: still one row.
        for subject in ["JHT:K1", "JHT:K3", "RECEIVABLE:NN1"] {
            #expect(byAccount[subject]?.0 == 1 && byAccount[subject]?.1 == -1, "\(subject)")
        }
        for fixed in ["BANK", "FUND:JKK"] {
            #expect((byAccount[fixed]?.0 ?? 0) > 1 && (byAccount[fixed]?.1 ?? -1) >= 0, "\(fixed)")
        }
        let lanes = try connection.execute(
            "SELECT count(DISTINCT lane)::bigint FROM ledger_entry WHERE account = 'JHT:K1'")
        #expect(try lanes[0, 0] as Int64 > 1)
    }

    @Test func theDirectionReadsFewerMonths() {
        let first = LedgerFixtures.date("2022-01-03")
        let last = LedgerFixtures.date("2024-12-31")
        let cases: [(String, Ledger.SnapshotDirection)] = [
            ("2024-12-31", .backward),  // the last month end: the totals alone
            ("2024-12-15", .backward),  // its middle: the totals less half a month of days
            ("2024-06-15", .backward),  // 7 months after its last full month, 29 before
            ("2030-01-01", .backward),  // after the last posting
            ("2023-06-30", .forward),  // 18 before, 18 after: one more for the totals
            ("2022-03-31", .forward),
            ("2022-01-02", .forward),  // before the first posting
            ("2021-12-31", .forward),
        ]
        for (at, direction) in cases {
            #expect(
                Ledger.snapshotDirection(at: LedgerFixtures.date(at), first: first, last: last) == direction, "\(at)")
        }
    }

    @Test func aChangedDeletedOrAddedDayOrTotalRowIsCaught() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { connection.close() }
        try LedgerSnapshotTests.postAcrossMonths(on: connection)
        #expect(try Ledger.balanceSnapshotDifference(on: connection) == nil)

        // A superuser with the triggers off raises BANK's debits of one day (not a month's last) in one lane.
        let row = try connection.execute(
            """
            SELECT to_char(day, 'YYYY-MM-DD'), stripe::int, debit FROM ledger_account_day
            WHERE account = 'BANK' ORDER BY day, stripe LIMIT 1
            """)
        let day: String = try row[0, 0]
        let lane: Int = try row[0, 1]
        let debit: Int64 = try row[0, 2]
        let tampered = "WHERE account = 'BANK' AND day = '\(day)' AND stripe = \(lane)"
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            UPDATE ledger_account_day SET debit = debit + 1 \(tampered);
            SET session_replication_role = origin;
            """)
        let changed = try #require(try Ledger.balanceSnapshotDifference(on: connection))
        #expect(changed.table == .day && changed.account == .bank && changed.lane == lane)
        #expect(changed.day == LedgerFixtures.date(day))
        #expect(changed.snapshotDebit == "\(debit + 1)" && changed.entryDebit == "\(debit)")
        #expect(
            changed.description.hasPrefix(
                "day snapshot: account BANK, day \(day), lane \(lane): the snapshot says debits \(debit + 1)"))
        // The balance at that date read forward now differs from the entries: what the check is for.
        let at = LedgerFixtures.date(day)
        let scanned = try LedgerSnapshotTests.scannedBalances(at: at, on: connection)
        #expect(try Self.summed(.forward, at: at, on: connection)[.bank]?.0 == scanned[.bank]!.0 + 1)

        // Put back; then delete a participant's total: its entries have no row.
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            UPDATE ledger_account_day SET debit = debit - 1 \(tampered);
            DELETE FROM ledger_account_total WHERE account = 'JHT:K3';
            SET session_replication_role = origin;
            """)
        let deleted = try #require(try Ledger.balanceSnapshotDifference(on: connection))
        #expect(deleted.table == .total && deleted.account == .jht(participant: "K3") && deleted.lane == -1)
        #expect(deleted.day == nil && deleted.snapshotDebit == nil)
        #expect(
            deleted.description.hasPrefix(
                "total snapshot: account JHT:K3, every lane: the snapshot has no row; "
                    + "the entries sum to debits 0, credits "))

        // A day row without entries, in a fresh ledger.
        let other = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { other.close() }
        try LedgerSnapshotTests.postAcrossMonths(on: other)
        try other.executeScript(
            """
            SET session_replication_role = replica;
            INSERT INTO ledger_account_day VALUES ('FUND:JKK', '2020-01-01', 0, 0, 5);
            SET session_replication_role = origin;
            """)
        let added = try #require(try Ledger.balanceSnapshotDifference(on: other))
        #expect(added.table == .day && added.account == .fund(.jkk) && added.day == LedgerFixtures.date("2020-01-01"))
        #expect(added.description.hasSuffix("the snapshot says debits 0, credits 5; there are no entries"))
        // The month check (and verify's) does not look at these tables: the lead wires this one in (0015).
        #expect(try Ledger.snapshotDifference(on: other) == nil)
    }

    @Test func onlyTheTriggerWritesTheDayAndTotalSnapshotsAndAuditorsReadThem() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { connection.close() }
        try LedgerSnapshotTests.postAcrossMonths(on: connection)
        for table in ["ledger_account_day", "ledger_account_total"] {
            let insert =
                table == "ledger_account_day"
                ? "INSERT INTO ledger_account_day VALUES ('BANK', '2020-01-01', 0, 1, 0)"
                : "INSERT INTO ledger_account_total VALUES ('BANK', 0, 1, 0)"
            for statement in [
                "UPDATE \(table) SET debit = debit + 1", insert, "DELETE FROM \(table)", "TRUNCATE \(table)",
            ] {
                let error = #expect(throws: PostgresError.self) { try connection.execute(SQL(statement)) }
                #expect(error?.sqlState == "SL001", "\(statement)")
                #expect(error?.message.hasPrefix("\(table) is kept by the ledger's entry trigger alone") == true)
            }
            try connection.executeScript("SET ROLE santunan_officer")
            let update = "UPDATE \(table) SET debit = debit + 1"
            let officer = #expect(throws: PostgresError.self) { try connection.execute(SQL(update)) }
            #expect(officer?.sqlState == "42501")
            try connection.executeScript("RESET ROLE")
        }
        // The month table's refusal reads as before.
        let month = #expect(throws: PostgresError.self) {
            try connection.execute("UPDATE ledger_account_month SET debit = debit + 1")
        }
        #expect(month?.message.hasPrefix("ledger_account_month is kept by the ledger's entry trigger alone") == true)
        try connection.executeScript("SET ROLE santunan_auditor")
        #expect(try Ledger.balanceSnapshotDifference(on: connection) == nil)
        #expect(try Ledger.balances(.account(.bank), at: LedgerFixtures.date("2024-01-15"), on: connection).count == 1)
        try connection.executeScript("RESET ROLE")
    }

    /// Two transactions in two lanes post to one participant at once: the second waits on the participant's total
    /// row until the first commits, and the total is the sum of both.
    @Test func twoLanesPostingToOneParticipantAtOnceAddUp() throws {
        let conninfo = try LedgerFixtures.database()
        let first = try LedgerFixtures.connect(conninfo)
        defer { first.close() }
        // The account exists before (opening it is a row both would write), with 1 000 in it.
        try Ledger.post(
            LedgerFixtures.transfer("together:open", from: .bank, to: .jht(participant: "K8"), 1_000, on: "2023-12-01"),
            on: first)
        // Two keys in different lanes (ledger_post's lane is the key's hash).
        let keys = try first.execute(
            """
            SELECT k FROM (SELECT 'together:' || n AS k FROM generate_series(1, 64) AS n) AS x
            ORDER BY (hashtext(k) & 2147483647) % 16, k
            """)
        let firstKey: String = try keys[0, 0]
        let secondKey: String = try keys[keys.rowCount - 1, 0]
        let lanes = try first.execute(
            "SELECT (hashtext($1) & 2147483647) % 16 <> (hashtext($2) & 2147483647) % 16", [firstKey, secondKey])
        #expect(try lanes[0, 0] as Bool)

        try first.executeScript("BEGIN")
        try Ledger.post(
            LedgerFixtures.transfer(firstKey, from: .bank, to: .jht(participant: "K8"), 100, on: "2024-01-10"),
            on: first)
        let second = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let connection = try LedgerFixtures.connect(conninfo)
                defer { connection.close() }
                try Ledger.post(
                    LedgerFixtures.transfer(secondKey, from: .bank, to: .jht(participant: "K8"), 50, on: "2024-02-10"),
                    on: connection)
            } catch {
                second.error = "\(error)"
            }
            done.signal()
        }
        thread.start()
        let watcher = try LedgerFixtures.connect(conninfo)
        defer { watcher.close() }
        var waiting = false
        for _ in 0..<400 where !waiting {
            let result = try watcher.execute(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)
            waiting = try result[0, 0] as Int64 > 0
            if !waiting { usleep(25_000) }
        }
        #expect(waiting)
        try first.executeScript("COMMIT")
        done.wait()
        #expect(second.error == nil)
        let total = try watcher.execute(
            "SELECT stripe::int, debit, credit FROM ledger_account_total WHERE account = 'JHT:K8'")
        #expect(total.rowCount == 1)
        #expect(try total[0, 0] as Int == -1)
        #expect(try total[0, 2] as Int64 == 1_150)
        #expect(try Ledger.balanceSnapshotDifference(on: watcher) == nil)
        #expect(try Ledger.snapshotDifference(on: watcher) == nil)
        let balance = try Ledger.balances(
            .account(.jht(participant: "K8")), at: LedgerFixtures.date("2024-01-31"), on: watcher)
        #expect(balance.first?.credits == 1_100)
    }

    @Test func aMigratedLedgerGetsItsDaysAndTotalsFromTheEntriesAlreadyPosted() throws {
        // 0024 applied to a ledger posted under 0015: the new snapshots start equal to the entries.
        let conninfo = try TestDatabase.shared.freshDatabase()
        let connection = try LedgerFixtures.connect(conninfo)
        defer { connection.close() }
        let migrations = try Migration.load(from: LedgerFixtures.schemaDirectory)
        try Migrator(
            migrations: migrations.filter { [1, 5, 8, 14, 15].contains($0.version) }, logger: LedgerFixtures.logger
        )
        .migrate(connection)
        try LedgerSnapshotTests.postAcrossMonths(on: connection)
        try LedgerSnapshotTests.insertAsTheBulkPathDoes(on: connection)
        try Migrator(
            migrations: migrations.filter { [1, 5, 8, 14, 15, 24].contains($0.version) },
            logger: LedgerFixtures.logger
        ).migrate(connection)
        #expect(try Ledger.balanceSnapshotDifference(on: connection) == nil)
        #expect(try Ledger.snapshotDifference(on: connection) == nil)
        for at in LedgerSnapshotTests.dates {
            let expected = try LedgerSnapshotTests.scannedBalances(at: at, on: connection)
            for balance in try Ledger.balances(at: at, on: connection) {
                #expect(expected[balance.account]?.0 == balance.debits, "\(balance.account)")
                #expect(expected[balance.account]?.1 == balance.credits, "\(balance.account)")
            }
        }
        // And later postings keep them equal.
        try Ledger.post(
            LedgerFixtures.transfer("after-0024", from: .bank, to: .jht(participant: "K1"), 77, on: "2024-01-15"),
            on: connection)
        #expect(try Ledger.balanceSnapshotDifference(on: connection) == nil)
    }
}
