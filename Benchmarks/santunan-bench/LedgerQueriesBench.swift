import ArgumentParser
import ClaimStore
import EmbeddedPostgres
import Foundation
import Ledger
import Logging
import Postgres
import SantunanApp
import SantunanValues

/// `santunan-bench ledger-queries`: balance at a date and the trial balance on a region-sized ledger, read from the
/// snapshots (Schema/0015 months; Schema/0024 days and totals), next to the queries they replace in the same run:
/// session 6's (the months plus a month of entries joined to their headers) and the plain scan over every entry.
/// Target (issue 19): under 1 s each. Then the snapshot trigger's share of a chunk: months generated with 0024's
/// trigger, 0015's and none, alternately.
struct LedgerQueriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-queries",
        abstract: "Balance-at-date and trial-balance times on a generated region-sized ledger.",
        discussion: """
            Starts a throwaway PostgreSQL cluster (fsync off), generates a region's contributions straight into the
            ledger's tables with generate_series, one INSERT … SELECT per month for the headers and one for the
            entries, as the trusted writer role: the chain triggers skip those rows (their hashes are placeholders,
            `ledger verify` would fail: the chain is not what is measured), the snapshot trigger maintains
            the months, days and totals as it does for every insert. Each participant-month is a contribution due (5
            entries) and its payment (2 entries); the defaults (6,400 participants, 120 months) give 1.54 M postings
            and 5.4 M entries, the demo region's 766,837 contribution rows. Then the queries are timed (today's, and
            session 6's in the same run), and the snapshot trigger's share of a chunk and of a single posting is
            measured: 0024's trigger, 0015's and none, alternately (--trigger-rounds).

            Examples:
              swift run -c release santunan-bench ledger-queries
              swift run -c release santunan-bench ledger-queries --participants 1600 --months 120
              swift run -c release santunan-bench ledger-queries --conninfo 'host=… dbname=santunan'

            With --conninfo only the queries are timed (nothing is written).
            """
    )

    @Option(help: "Participants (each with a JHT and a JP account; employers: one per 20 participants, at most 300).")
    var participants = 6_400

    @Option(help: "Months of contributions, from January 2015.")
    var months = 120

    @Option(help: "Runs of each query; the median is printed.")
    var runs = 5

    @Option(help: "Only time the queries against this existing, loaded database (conninfo); no cluster is started.")
    var conninfo: String?

    @Option(help: "Rounds of the trigger comparison (each: one month with 0024's trigger, 0015's, none); 0 skips it.")
    var triggerRounds = 3

    func run() throws {
        let logger = Logger(label: "santunan.bench.ledger-queries")
        print("machine: \(machineDescription())")
        if let conninfo {
            try timeQueries(conninfo: conninfo, logger: logger)
            return
        }
        let bench = try BenchCluster(label: "ledger-queries", logger: logger) { $0.durability = .throwaway }
        defer { bench.tearDown() }
        let conninfo = try bench.createDatabase("ledger_queries_bench")
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let schema = try ProjectPaths.discover().schema
        let migrations = try Migration.load(from: schema).filter { [1, 5, 8, 15, 24].contains($0.version) }
        try Migrator(migrations: migrations, logger: logger).migrate(connection)

        let employers = max(1, min(300, participants / 20))
        print("generating \(participants) participants × \(months) months (\(employers) employers)...")
        let started = monotonicSeconds()
        try connection.executeScript(
            """
            SET ROLE santunan_ledger_writer;
            INSERT INTO ledger_account (code, class, subject)
            SELECT 'JHT:K' || p, 'JHT', 'K' || p FROM generate_series(0, \(participants - 1)) AS p
            UNION ALL SELECT 'JP:K' || p, 'JP', 'K' || p FROM generate_series(0, \(participants - 1)) AS p
            UNION ALL SELECT 'RECEIVABLE:N' || n, 'RECEIVABLE', 'N' || n FROM generate_series(0, \(employers - 1)) AS n;
            """)
        for month in 0..<months {
            try connection.transaction { connection in
                try connection.executeScript(Self.monthScript(month, participants: participants, employers: employers))
            }
        }
        try connection.executeScript("RESET ROLE")
        let generated = monotonicSeconds() - started
        try connection.execute("VACUUM ANALYZE ledger_entry")
        try connection.execute("VACUUM ANALYZE ledger_transaction")
        try connection.execute("VACUUM ANALYZE ledger_account_month")
        try connection.execute("VACUUM ANALYZE ledger_account_day")
        try connection.execute("VACUUM ANALYZE ledger_account_total")
        let counts = try connection.execute(
            """
            SELECT (SELECT count(*) FROM ledger_transaction), (SELECT count(*) FROM ledger_entry),
                (SELECT count(*) FROM ledger_account_month), (SELECT count(*) FROM ledger_account_day),
                (SELECT count(*) FROM ledger_account_total), (SELECT count(*) FROM ledger_account)
            """)
        let postings: Int64 = try counts[0, 0]
        let entries: Int64 = try counts[0, 1]
        print(
            "  \(postings) postings, \(entries) entries in \(String(format: "%.1f", generated)) s "
                + "(\(Int(Double(entries) / generated)) entries/s with the snapshot trigger)")
        print(
            "  snapshot rows: \(try counts[0, 2] as Int64) months, \(try counts[0, 3] as Int64) days, "
                + "\(try counts[0, 4] as Int64) totals (\(try counts[0, 5] as Int64) accounts)")
        try timeQueries(conninfo: conninfo, logger: logger)
        if triggerRounds > 0 {
            try compareTriggers(connection, firstMonth: months, employers: employers)
        }
    }

    /// The snapshot trigger's share of a chunk: further months generated one transaction each (a chunk of
    /// `participants` × 7 entries in one INSERT, as a bulk chunk inserts its entries), alternately with 0024's
    /// trigger (months, days and totals), 0015's (months only, recreated here under another name) and no snapshot
    /// trigger. Run last: the months written with 0015's trigger or none leave the days and totals behind.
    func compareTriggers(_ connection: Connection, firstMonth: Int, employers: Int) throws {
        try connection.executeScript(
            """
            CREATE FUNCTION bench_snapshot_0015() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN
                INSERT INTO public.ledger_account_month AS m (account, month, lane, debit, credit)
                SELECT e.account, coalesce(d.month, public.ledger_snapshot_orphan(e.transaction_id)), e.lane,
                    coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
                    coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
                FROM new_entries AS e
                LEFT JOIN (
                    SELECT h.id, date_trunc('month', (
                        SELECT t.effective_date FROM public.ledger_transaction AS t WHERE t.id = h.id)::timestamp)::date
                        AS month
                    FROM (SELECT DISTINCT n.transaction_id AS id FROM new_entries AS n) AS h
                ) AS d ON d.id = e.transaction_id
                GROUP BY 1, 2, 3
                ORDER BY 1, 2, 3
                ON CONFLICT (account, month, lane) DO UPDATE
                SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit;
                RETURN NULL;
            END
            $$;
            ALTER FUNCTION bench_snapshot_0015() OWNER TO santunan_ledger_snapshot;
            CREATE TRIGGER bench_entry_snapshot_0015 AFTER INSERT ON ledger_entry
            REFERENCING NEW TABLE AS new_entries
            FOR EACH STATEMENT EXECUTE FUNCTION bench_snapshot_0015();
            ALTER TABLE ledger_entry DISABLE TRIGGER bench_entry_snapshot_0015;
            """)
        let variants = [
            (
                "0024 (months, days, totals)", "ENABLE TRIGGER ledger_entry_snapshot",
                "DISABLE TRIGGER ledger_entry_snapshot"
            ),
            ("0015 (months)", "ENABLE TRIGGER bench_entry_snapshot_0015", "DISABLE TRIGGER bench_entry_snapshot_0015"),
            ("no snapshot trigger", "", ""),
        ]
        try connection.executeScript("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_snapshot")
        var seconds = Array(repeating: [Double](), count: variants.count)
        var month = firstMonth
        print(
            "snapshot trigger's share of a chunk (\(participants * 7) entries, \(participants * 2) postings, one "
                + "transaction per month), \(triggerRounds) rounds:")
        for _ in 0..<triggerRounds {
            for (index, variant) in variants.enumerated() {
                if !variant.1.isEmpty { try connection.executeScript("ALTER TABLE ledger_entry \(variant.1)") }
                let started = monotonicSeconds()
                try connection.transaction { connection in
                    try connection.executeScript(
                        "SET ROLE santunan_ledger_writer;"
                            + Self.monthScript(month, participants: participants, employers: employers)
                            + "RESET ROLE;")
                }
                seconds[index].append(monotonicSeconds() - started)
                if !variant.2.isEmpty { try connection.executeScript("ALTER TABLE ledger_entry \(variant.2)") }
                month += 1
            }
        }
        let none = median(seconds[2])
        for (index, variant) in variants.enumerated() {
            let figure = median(seconds[index])
            print(
                "  \(variant.0): median \(String(format: "%.2f", figure)) s per chunk "
                    + "(\(seconds[index].map { String(format: "%.2f", $0) }.joined(separator: ", "))); "
                    + "trigger share \(String(format: "%.2f", figure - none)) s")
        }

        // Single postings (ledger_post, a contribution's five entries, one transaction each), the same variants. The
        // generated rows took their ids and positions by hand: move the sequences and the lanes' heads past them.
        try connection.executeScript(
            """
            SELECT setval(pg_get_serial_sequence('ledger_transaction', 'id'), (SELECT max(id) FROM ledger_transaction));
            SELECT setval(pg_get_serial_sequence('ledger_entry', 'id'), (SELECT max(id) FROM ledger_entry));
            UPDATE ledger_chain_head SET last_seq = 4000000000000;
            """)
        let singles = 300
        var single = Array(repeating: [Double](), count: variants.count)
        var key = 0
        for _ in 0..<triggerRounds {
            for (index, variant) in variants.enumerated() {
                if !variant.1.isEmpty { try connection.executeScript("ALTER TABLE ledger_entry \(variant.1)") }
                let started = monotonicSeconds()
                for _ in 0..<singles {
                    key += 1
                    let participant = "S\(key % participants)"
                    try Ledger.post(
                        Posting(
                            idempotencyKey: "bench-single:\(key)", kind: .transfer,
                            effectiveDate: CivilDate(year: 2030, month: 1 + key % 12, day: 1 + key % 28)!,
                            recordedBy: "bench",
                            entries: [
                                .debit(.receivable(employer: "N\(key % employers)"), 1_000), .credit(.fund(.jkk), 100),
                                .credit(.fund(.jkm), 100), .credit(.jht(participant: participant), 500),
                                .credit(.jp(participant: participant), 300),
                            ]), on: connection)
                }
                single[index].append((monotonicSeconds() - started) / Double(singles))
                if !variant.2.isEmpty { try connection.executeScript("ALTER TABLE ledger_entry \(variant.2)") }
            }
        }
        try connection.executeScript("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_snapshot")
        print("single postings (ledger_post, 5 entries, one transaction each, \(singles) per round):")
        let singleNone = median(single[2])
        for (index, variant) in variants.enumerated() {
            let figure = median(single[index])
            print(
                "  \(variant.0): median \(String(format: "%.0f", figure * 1e6)) µs per posting "
                    + "(\(single[index].map { String(format: "%.0f", $0 * 1e6) }.joined(separator: ", "))); "
                    + "trigger share \(String(format: "%.0f", (figure - singleNone) * 1e6)) µs")
        }
    }

    /// One month of contributions: the due and paid headers in one INSERT … SELECT, their entries in another, lanes
    /// and positions made up (unique per lane), hashes placeholders.
    static func monthScript(_ month: Int, participants: Int, employers: Int) -> String {
        let perMonth = participants * 2
        let id = "\(month * perMonth) + p * 2 + k + 1"
        return """
            INSERT INTO ledger_transaction (id, idempotency_key, kind, effective_date, recorded_by, participant_kpj,
                employer_npp, lane, lane_seq, hash)
            OVERRIDING SYSTEM VALUE
            SELECT \(id),
                CASE k WHEN 0 THEN 'contribution.due:K' ELSE 'contribution.paid:K' END || p || ':' || \(month),
                CASE k WHEN 0 THEN 'contribution.due' ELSE 'contribution.paid' END,
                CASE k WHEN 0 THEN (date '2015-01-01' + make_interval(months => \(month + 1)) - interval '1 day')::date
                    ELSE (date '2015-01-01' + make_interval(months => \(month + 1)) + interval '14 days')::date END,
                'bench', 'K' || p, 'N' || (p % \(employers)), ((\(id)) % 16)::smallint, \(id), '\\x00'::bytea
            FROM generate_series(0, \(participants - 1)) AS p, generate_series(0, 1) AS k;
            INSERT INTO ledger_entry (id, transaction_id, account, side, amount, lane, lane_seq, hash)
            OVERRIDING SYSTEM VALUE
            SELECT t * 8 + j, t, x.account, x.side, x.amount, (t % 16)::smallint, 1000000000 + t * 8 + j, '\\x00'::bytea
            FROM (
                SELECT \(id) AS t, p, k FROM generate_series(0, \(participants - 1)) AS p, generate_series(0, 1) AS k
            ) AS h
            CROSS JOIN LATERAL (VALUES
                (0, 'RECEIVABLE:N' || (h.p % \(employers)), 'D'::"char", 500000 + h.p),
                (1, 'FUND:JKK', 'C'::"char", 24000),
                (2, 'FUND:JKM', 'C'::"char", 30000),
                (3, 'JHT:K' || h.p, 'C'::"char", 300000 + h.p),
                (4, 'JP:K' || h.p, 'C'::"char", 146000),
                (5, 'BANK', 'D'::"char", 500000 + h.p),
                (6, 'RECEIVABLE:N' || (h.p % \(employers)), 'C'::"char", 500000 + h.p)
            ) AS x (j, account, side, amount)
            WHERE (h.k = 0 AND x.j < 5) OR (h.k = 1 AND x.j >= 5);
            """
    }

    /// Times the auditors' queries at a date in the middle of the ledger's last year (mid-month) and at that month's
    /// end, which read the totals less the months after (0024), and at the middle of the ledger, where the months
    /// before and after are as many (the worst case of 0024's choice); then session 6's queries at the first two and
    /// the plain scan they replaced.
    func timeQueries(conninfo: String, logger: Logger) throws {
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let range = try connection.execute(
            """
            SELECT to_char(max(effective_date) - 180, 'YYYY-MM-DD'),
                to_char(min(effective_date) + (max(effective_date) - min(effective_date)) / 2, 'YYYY-MM-DD')
            FROM ledger_transaction
            """)
        guard let last = CivilDate(iso: try range[0, 0] as String),
            let middle = CivilDate(iso: try range[0, 1] as String)
        else {
            throw ValidationError("the ledger holds no postings")
        }
        let midMonth = CivilDate(year: last.year, month: last.month, day: 15)!
        let monthEnd = midMonth.yearMonth.lastDay
        let ledgerMiddle = CivilDate(year: middle.year, month: middle.month, day: 15)!
        let participant = try connection.execute(
            "SELECT code FROM ledger_account WHERE class = 'JHT' ORDER BY code LIMIT 1")
        let jht = AccountCode(try participant[0, 0] as String)

        func time(_ label: String, target: Double? = 1.0, once: Bool = false, _ body: () throws -> Void) rethrows {
            var seconds: [Double] = []
            for _ in 0..<(once ? 1 : max(1, runs)) {
                let started = monotonicSeconds()
                try body()
                seconds.append(monotonicSeconds() - started)
            }
            let figure = median(seconds)
            let verdictText = target.map { "; target: under \($0) s) \(verdict(figure < $0))" } ?? ")"
            print("  \(label): \(String(format: "%.3f", figure)) s (median of \(seconds.count)\(verdictText)")
        }
        print(
            "queries (snapshots), at \(midMonth) and \(monthEnd) (totals less the months and days after) and at "
                + "\(ledgerMiddle), the ledger's middle (the months before plus the days up to it):")
        for at in [midMonth, monthEnd, ledgerMiddle] {
            try time("balance of BANK at \(at)") { _ = try Ledger.balances(.account(.bank), at: at, on: connection) }
            try time("balance of \(jht) at \(at)") { _ = try Ledger.balances(.account(jht), at: at, on: connection) }
            try time("balances of every JHT account at \(at)") {
                _ = try Ledger.balances(.accountClass("JHT"), at: at, on: connection)
            }
            try time("trial balance by class at \(at)") {
                _ = try Ledger.trialBalanceByClass(at: at, on: connection)
            }
            try time("trial balance per account (--detail) at \(at)") {
                _ = try Ledger.trialBalance(at: at, on: connection)
            }
        }
        print("session 6's queries (0015: the months, plus the month's entries joined to their headers), same dates:")
        for at in [midMonth, monthEnd] {
            try time("balance of BANK at \(at), session 6", target: nil) {
                _ = try connection.execute(
                    "SELECT x.account FROM (\(Self.session6Sums(filter: "AND %.account = $2"))) AS x",
                    [at.description, "BANK"])
            }
            let jhtSums = Self.session6Sums(
                filter: "AND %.account IN (SELECT code FROM ledger_account WHERE class = $2)")
            try time("balances of every JHT account at \(at), session 6", target: nil) {
                _ = try connection.execute(
                    """
                    SELECT a.code, x.debits FROM ledger_account AS a LEFT JOIN (\(jhtSums)) AS x
                        ON x.account = a.code WHERE a.class = $2
                    """, [at.description, "JHT"])
            }
            try time("trial balance per account at \(at), session 6", target: nil) {
                _ = try connection.execute(
                    """
                    SELECT a.code, x.debits FROM ledger_account AS a LEFT JOIN (\(Self.session6Sums(filter: ""))) AS x
                        ON x.account = a.code
                    """, [at.description])
            }
        }
        print("the plain scan over every entry they replace (0005's query), for comparison:")
        try time("trial balance per account by scan at \(midMonth)", target: nil, once: true) {
            _ = try connection.execute(
                """
                SELECT a.code, coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
                    coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
                FROM ledger_account AS a
                LEFT JOIN (
                    ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
                        AND t.effective_date <= $1::date
                ) ON e.account = a.code
                GROUP BY a.code
                """, [midMonth.description])
        }
        try time("snapshot check (ledger_snapshot_check, for verify)", target: nil, once: true) {
            if let difference = try Ledger.snapshotDifference(on: connection) {
                print("  snapshot differs: \(difference)")
            }
        }
        try time("day and total check (ledger_balance_snapshot_check)", target: nil, once: true) {
            if let difference = try Ledger.balanceSnapshotDifference(on: connection) {
                print("  snapshot differs: \(difference)")
            }
        }
    }

    /// Session 6's sub-query (Ledger.snapshotSums before 0024): the months before the date's last full month, plus
    /// the entries after it up to the date joined to their headers. `filter` is an `AND %.…` condition, `%` standing
    /// for the table's alias.
    static func session6Sums(filter: String) -> String {
        let cutoff = "date_trunc('month', ($1::date + 1)::timestamp)::date"
        let s = filter.replacingOccurrences(of: "%", with: "s")
        let e = filter.replacingOccurrences(of: "%", with: "e")
        return """
            SELECT y.account, sum(y.debit) AS debits, sum(y.credit) AS credits
                FROM (
                    SELECT s.account, s.debit, s.credit FROM ledger_account_month AS s
                    WHERE s.month < \(cutoff) \(s)
                    UNION ALL
                    SELECT e.account, CASE WHEN e.side = 'D' THEN e.amount ELSE 0 END,
                        CASE WHEN e.side = 'C' THEN e.amount ELSE 0 END
                    FROM ledger_transaction AS t JOIN ledger_entry AS e ON e.transaction_id = t.id
                    WHERE t.effective_date >= \(cutoff) AND t.effective_date <= $1::date \(e)
                ) AS y
                GROUP BY y.account
            """
    }
}
