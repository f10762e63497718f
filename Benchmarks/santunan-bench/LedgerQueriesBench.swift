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
/// monthly snapshots (Schema/0015), next to the plain scan over every entry they replace. Target (issue 19): under
/// 1 s each.
struct LedgerQueriesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-queries",
        abstract: "Balance-at-date and trial-balance times on a generated region-sized ledger.",
        discussion: """
            Starts a throwaway PostgreSQL cluster (fsync off), generates a region's contributions straight into the
            ledger's tables with generate_series, one INSERT … SELECT per month for the headers and one for the
            entries, as the trusted writer role: the chain triggers skip those rows (their hashes are placeholders,
            `ledger verify` would fail: the chain is not what is measured), the snapshot trigger maintains
            `ledger_account_month` as it does for every insert. Each participant-month is a contribution due (5
            entries) and its payment (2 entries); the defaults (6,400 participants, 120 months) give 1.54 M postings
            and 5.4 M entries, the demo region's 766,837 contribution rows.

            Examples:
              swift run -c release santunan-bench ledger-queries
              swift run -c release santunan-bench ledger-queries --participants 1600 --months 120
              swift run -c release santunan-bench ledger-queries --conninfo 'host=… dbname=santunan'
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
        let migrations = try Migration.load(from: schema).filter { [1, 5, 8, 15].contains($0.version) }
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
        let counts = try connection.execute(
            """
            SELECT (SELECT count(*) FROM ledger_transaction), (SELECT count(*) FROM ledger_entry),
                (SELECT count(*) FROM ledger_account_month)
            """)
        let postings: Int64 = try counts[0, 0]
        let entries: Int64 = try counts[0, 1]
        print(
            "  \(postings) postings, \(entries) entries in \(String(format: "%.1f", generated)) s "
                + "(\(Int(Double(entries) / generated)) entries/s with the snapshot trigger)")
        try timeQueries(conninfo: conninfo, logger: logger)
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

    /// Times the auditors' queries at a date in the middle of the ledger's last year (mid-month: the snapshot plus a
    /// month of entries) and at a month's end (the snapshot alone), and the plain scan they replace.
    func timeQueries(conninfo: String, logger: Logger) throws {
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let range = try connection.execute(
            "SELECT to_char(max(effective_date) - 180, 'YYYY-MM-DD') FROM ledger_transaction")
        guard let last = CivilDate(iso: try range[0, 0] as String) else {
            throw ValidationError("the ledger holds no postings")
        }
        let midMonth = CivilDate(year: last.year, month: last.month, day: 15)!
        let monthEnd = midMonth.yearMonth.lastDay
        let participant = try connection.execute(
            "SELECT code FROM ledger_account WHERE class = 'JHT' ORDER BY code LIMIT 1")
        let jht = AccountCode(try participant[0, 0] as String)

        func time(_ label: String, target: Double? = 1.0, _ body: () throws -> Void) rethrows {
            var seconds: [Double] = []
            for _ in 0..<max(1, runs) {
                let started = monotonicSeconds()
                try body()
                seconds.append(monotonicSeconds() - started)
            }
            let figure = median(seconds)
            let verdictText = target.map { "; target: under \($0) s) \(verdict(figure < $0))" } ?? ")"
            print("  \(label): \(String(format: "%.3f", figure)) s (median of \(seconds.count)\(verdictText)")
        }
        print("queries (snapshot), at \(midMonth) (full months + that month's entries) and \(monthEnd) (full months):")
        for at in [midMonth, monthEnd] {
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
        print("the plain scan over every entry they replace (0005's query), for comparison:")
        try time("trial balance per account by scan at \(midMonth)", target: nil) {
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
        try time("snapshot check (ledger_snapshot_check, for verify)", target: nil) {
            if let difference = try Ledger.snapshotDifference(on: connection) {
                print("  snapshot differs: \(difference)")
            }
        }
    }
}
