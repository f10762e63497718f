import ArgumentParser
import Foundation
import Postgres

/// `santunan-bench ledger --layouts` (issue 19, session 7): which record layout could bring `ledger
/// post-contributions` within 10× of `psql \copy`.
///
/// Run right after the region's contributions are posted, in the same database and the same run as the `\copy`
/// floor. The very postings just written are staged once (untimed) in unindexed tables, then copied by
/// `INSERT … SELECT` into empty scratch tables of each layout: the time of a layout is its own heap, index and WAL
/// writes, nothing of the chain's checks, the triggers or the round trips — its *storage floor*, which the full path
/// can only add to. Each layout starts after a `CHECKPOINT`, so none pays for the dirty pages of the one before.
/// The product's tables are only read; every scratch table is dropped at the end.
///
/// The layouts (docs/decisions/0014, "Session 7"):
/// - (0) one unindexed row per contribution row, by the same `INSERT … SELECT`: the method's own floor;
/// - (a) today's tables and indexes (the session-6 storage floor, measured again here);
/// - (b) today's tables with only the indexes the chain and the idempotency need: `(lane, lane_seq)` on both, the key;
/// - (b2) (b) plus what the statements and joins read: the ids and `(account, transaction_id)`;
/// - (c) packed: one row per transaction, its entries as arrays (account numbers, signed amounts: a debit positive,
///   a credit negative, so the side is the sign), the chain hash, keyed by id, `(lane, lane_seq)` and key; the
///   per-account reads by nothing (c0), a GIN on the accounts, or a narrow `(account, transaction_id)` table;
/// - (d) (c) chained per chunk: no position or hash per transaction, one chain record per chunk of
///   ``chunkTransactions`` holding the chunk's id range and the root over its transactions;
/// - (e) whatever the layout, the monthly snapshot's upserts, one grouped upsert per chunk as the 0015 trigger runs.
struct LedgerLayouts {
    let connection: Connection
    /// The region's contribution rows: every figure is per contribution row, as the `\copy` floor is.
    let contributionRows: Int
    /// `psql \copy` of the contributions CSV into an unindexed table, same run (seconds).
    let copyFloor: Double
    /// `ledger post-contributions` of the same rows, same run (seconds).
    let post: Double
    /// The session-6 storage floor of the same run (today's layout, seconds), printed beside this one's (a).
    let storageFloor: Double
    /// Transactions per chunk for (d) and (e): a `post-contributions` chunk is 5,000 contribution rows, each a due
    /// and (mostly) a paid posting.
    var chunkTransactions = 10_000

    /// The staged postings' counts, which give each layout's rows, hashes and index entries.
    struct Shape {
        var transactions = 0
        var entries = 0
        /// Distinct (account, transaction) pairs: the GIN keys or the narrow table's rows.
        var accountPairs = 0
        var chunks = 0
        /// One past the highest chunk number (chunk numbers come from id ranges, which may have gaps).
        var chunkNumbers = 0
        /// Headers' non-NULL NIK, KPJ, claim and batch: the entries of today's four partial indexes.
        var references = 0
        /// JHT accounts (number, code) whose history each layout reads back: what `ledger statement` costs on it.
        var probeAccounts: [(number: Int, code: String)] = []
    }

    /// One layout: its tables created empty with their indexes, then filled (the timed part).
    struct Layout {
        var label: String
        var create: [String]
        var fill: [String]
        var tables: [String]
        var rows: Int
        var hashes: Int
        var btreeEntries: Int
        var ginKeys = 0
        /// One account's history (date, key, signed amount) on this layout: `$1` is the account's code, or its number
        /// when `probeByNumber`. Nil: the layout has no per-account read.
        var probe: String? = nil
        var probeByNumber = false
    }

    /// One layout's figure.
    struct Figure {
        var label: String
        var seconds: Double
    }

    func run() throws {
        print("layouts (issue 19, session 7): the same postings copied into scratch tables of each layout")
        let started = monotonicSeconds()
        let shape = try stage()
        print(
            "  staged \(shape.transactions) transactions, \(shape.entries) entries, \(shape.accountPairs) "
                + "(account, transaction) pairs, \(shape.chunks) chunks of \(chunkTransactions) transactions "
                + String(format: "(not timed as a layout: %.1f s)", monotonicSeconds() - started))
        var figures: [Figure] = []
        for layout in layouts(shape) {
            figures.append(try measure(layout, probeAccounts: shape.probeAccounts))
        }
        let snapshot = try measureSnapshot(chunkNumbers: shape.chunkNumbers)
        print(
            "  (e) the monthly snapshot's upserts, one grouped upsert per chunk (\(shape.chunks) statements), "
                + "whatever the layout: " + String(format: "%.2f s = %.1f× the floor", snapshot, snapshot / copyFloor))
        let path = try measurePackedPath(chunkNumbers: shape.chunkNumbers)
        print(
            "  (f) (d)'s path on the server, one transaction per chunk (keys looked up; sizes, ≥ 2 entries, balance, "
                + "bounds and accounts checked; rows, chunk record and snapshot written; commit): "
                + String(format: "%.2f s = %.1f× the floor", path, path / copyFloor)
                + " (without the client's validation and hashes, and the chunk's transfer and parsing)")
        try connection.execute(
            "DROP TABLE layout_source, layout_source_account, layout_source_chunk, layout_source_month, layout_account")
        estimate(figures, snapshot: snapshot, path: path)
    }

    /// Stages the region's postings once, in every shape the layouts copy from: the packed rows (with their chunk),
    /// the distinct (account, transaction) pairs, the chunks' records, and the snapshot's rows per chunk.
    func stage() throws -> Shape {
        try connection.execute("SET work_mem = '256MB'")
        defer { _ = try? connection.execute("RESET work_mem") }
        // Accounts by number: a packed row carries 4-byte numbers, not codes (the chart would map them back).
        try connection.execute(
            """
            CREATE TABLE layout_account AS
            SELECT (row_number() OVER (ORDER BY code))::int AS id, code FROM ledger_account
            """)
        try connection.execute(
            SQL(
                """
                CREATE TABLE layout_source AS
                SELECT t.id, t.idempotency_key, t.kind, t.effective_date, t.recorded_at, t.recorded_by,
                    t.participant_nik, t.participant_kpj, t.claim_id, t.batch_id, t.employer_npp, t.reverses, t.memo,
                    t.lane, t.lane_seq, t.hash, e.accounts, e.amounts,
                    (t.id - f.first_id) / \(chunkTransactions) AS chunk
                FROM ledger_transaction AS t
                CROSS JOIN (SELECT min(id) AS first_id FROM ledger_transaction) AS f
                JOIN (
                    SELECT e.transaction_id, array_agg(a.id ORDER BY e.id) AS accounts,
                        array_agg(CASE WHEN e.side = 'D' THEN e.amount ELSE -e.amount END ORDER BY e.id) AS amounts
                    FROM ledger_entry AS e JOIN layout_account AS a ON a.code = e.account
                    GROUP BY e.transaction_id
                ) AS e ON e.transaction_id = t.id
                ORDER BY t.id
                """))
        try connection.execute(
            """
            CREATE TABLE layout_source_account AS
            SELECT DISTINCT x.account, s.id AS transaction_id
            FROM layout_source AS s CROSS JOIN LATERAL unnest(s.accounts) AS x(account)
            ORDER BY 2, 1
            """)
        // A chunk's chain record: its lane and position, the range of its transactions, the root over their
        // contents (here a hash of their hashes: what is stored, not how it is computed, is measured) and its link.
        try connection.execute(
            """
            CREATE TABLE layout_source_chunk AS
            SELECT c.chunk AS id, (c.chunk % 16)::smallint AS lane, (c.chunk / 16 + 1)::bigint AS lane_seq,
                c.first_id, c.last_id, c.transactions, c.root, sha256(c.root) AS hash
            FROM (
                SELECT chunk, min(id) AS first_id, max(id) AS last_id, count(*)::int AS transactions,
                    sha256(string_agg(hash, ''::bytea ORDER BY id)) AS root
                FROM layout_source GROUP BY chunk
            ) AS c
            ORDER BY c.chunk
            """)
        try connection.execute(
            """
            CREATE TABLE layout_source_month AS
            SELECT s.chunk, a.code AS account, date_trunc('month', s.effective_date::timestamp)::date AS month, s.lane,
                coalesce(sum(x.amount) FILTER (WHERE x.amount > 0), 0)::bigint AS debit,
                coalesce(-sum(x.amount) FILTER (WHERE x.amount < 0), 0)::bigint AS credit
            FROM layout_source AS s
            CROSS JOIN LATERAL unnest(s.accounts, s.amounts) AS x(account, amount)
            JOIN layout_account AS a ON a.id = x.account
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            """)
        try connection.execute("CREATE INDEX layout_source_month_chunk ON layout_source_month (chunk)")
        try connection.execute("CREATE INDEX layout_source_chunk_number ON layout_source (chunk)")
        try connection.execute("ALTER TABLE layout_account ADD PRIMARY KEY (id)")
        let counts = try connection.execute(
            """
            SELECT (SELECT count(*) FROM layout_source),
                (SELECT coalesce(sum(cardinality(accounts)), 0) FROM layout_source),
                (SELECT count(*) FROM layout_source_account),
                (SELECT count(*) FROM layout_source_chunk),
                (SELECT coalesce(max(chunk) + 1, 0) FROM layout_source),
                (SELECT count(participant_nik) + count(participant_kpj) + count(claim_id) + count(batch_id)
                    FROM ledger_transaction)
            """)
        var shape = Shape(
            transactions: try counts[0, 0], entries: try counts[0, 1], accountPairs: try counts[0, 2],
            chunks: try counts[0, 3], chunkNumbers: try counts[0, 4], references: try counts[0, 5])
        for row in try connection.execute(
            "SELECT id, code FROM layout_account WHERE code LIKE 'JHT:%' ORDER BY id LIMIT 50")
        {
            let number: Int = try row[0]
            let code: String = try row[1]
            shape.probeAccounts.append((number, code))
        }
        return shape
    }

    /// The packed row's columns, in the staging table's names.
    static let packedColumns = """
        id, idempotency_key, kind, effective_date, recorded_at, recorded_by, participant_nik, participant_kpj, \
        claim_id, batch_id, employer_npp, reverses, memo
        """

    /// A packed table's DDL: the header's columns, then (with a chain per transaction) its position and hash, then
    /// the entries as arrays.
    static func packedTable(_ name: String, chained: Bool) -> String {
        """
        CREATE TABLE \(name) (
            id bigint PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, kind text NOT NULL,
            effective_date date NOT NULL, recorded_at timestamptz NOT NULL, recorded_by text NOT NULL,
            participant_nik text, participant_kpj text, claim_id text, batch_id text, employer_npp text,
            reverses bigint, memo text,
            \(chained ? "lane smallint NOT NULL, lane_seq bigint NOT NULL, hash bytea NOT NULL," : "")
            accounts integer[] NOT NULL, amounts bigint[] NOT NULL
            \(chained ? ", UNIQUE (lane, lane_seq)" : "")
        )
        """
    }

    /// An account's history on today's tables (or a copy with the same columns): the statement's read.
    static func entriesProbe(_ transactions: String, _ entries: String) -> String {
        """
        SELECT t.effective_date, t.idempotency_key, CASE WHEN e.side = 'D' THEN e.amount ELSE -e.amount END
        FROM \(entries) AS e JOIN \(transactions) AS t ON t.id = e.transaction_id
        WHERE e.account = $1 ORDER BY t.effective_date, e.transaction_id, e.id
        """
    }

    /// An account's history on a packed table, through the GIN on its accounts.
    static func packedProbe(_ table: String) -> String {
        """
        SELECT p.effective_date, p.idempotency_key, x.amount
        FROM \(table) AS p CROSS JOIN LATERAL unnest(p.accounts, p.amounts) WITH ORDINALITY AS x(account, amount, n)
        WHERE p.accounts @> ARRAY[$1::int] AND x.account = $1::int ORDER BY p.effective_date, p.id, x.n
        """
    }

    /// The layouts in the order they are measured.
    func layouts(_ shape: Shape) -> [Layout] {
        let t = shape.transactions
        let e = shape.entries
        let pairs = shape.accountPairs
        let chunks = shape.chunks
        let packedChained = "INSERT INTO layout_c SELECT \(Self.packedColumns), lane, lane_seq, hash, accounts, amounts "
            + "FROM layout_source"
        let packedUnchained = "INSERT INTO layout_d SELECT \(Self.packedColumns), accounts, amounts FROM layout_source"
        let chunkRecords = """
            CREATE TABLE layout_d_chunk (
                id bigint PRIMARY KEY, lane smallint NOT NULL, lane_seq bigint NOT NULL, first_id bigint NOT NULL,
                last_id bigint NOT NULL, transactions integer NOT NULL, root bytea NOT NULL, hash bytea NOT NULL,
                UNIQUE (lane, lane_seq)
            )
            """
        let narrow = "CREATE TABLE layout_c_account (account integer, transaction_id bigint, "
            + "PRIMARY KEY (account, transaction_id))"
        return [
            Layout(
                label: "(0) one unindexed row per contribution row, same INSERT … SELECT (the method's floor)",
                create: ["CREATE TABLE layout_floor (LIKE floor_copy)"],
                fill: ["INSERT INTO layout_floor SELECT * FROM floor_copy"],
                tables: ["layout_floor"], rows: contributionRows, hashes: 0, btreeEntries: 0),
            Layout(
                label: "(a) today's tables and indexes",
                create: [
                    "CREATE TABLE layout_a_t (LIKE ledger_transaction INCLUDING DEFAULTS INCLUDING INDEXES)",
                    "CREATE TABLE layout_a_e (LIKE ledger_entry INCLUDING DEFAULTS INCLUDING INDEXES)",
                ],
                fill: [
                    "INSERT INTO layout_a_t SELECT * FROM ledger_transaction",
                    "INSERT INTO layout_a_e SELECT * FROM ledger_entry",
                ],
                tables: ["layout_a_t", "layout_a_e"], rows: t + e, hashes: t + e,
                btreeEntries: 4 * t + shape.references + 4 * e, probe: Self.entriesProbe("layout_a_t", "layout_a_e")),
            Layout(
                label: "(b) today's tables, only the chain's and the idempotency's indexes",
                create: [
                    "CREATE TABLE layout_b_t (LIKE ledger_transaction INCLUDING DEFAULTS)",
                    "ALTER TABLE layout_b_t ADD UNIQUE (idempotency_key), ADD UNIQUE (lane, lane_seq)",
                    "CREATE TABLE layout_b_e (LIKE ledger_entry INCLUDING DEFAULTS)",
                    "ALTER TABLE layout_b_e ADD UNIQUE (lane, lane_seq)",
                ],
                fill: [
                    "INSERT INTO layout_b_t SELECT * FROM ledger_transaction",
                    "INSERT INTO layout_b_e SELECT * FROM ledger_entry",
                ],
                tables: ["layout_b_t", "layout_b_e"], rows: t + e, hashes: t + e, btreeEntries: 2 * t + e),
            Layout(
                label: "(b2) (b) + the ids and (account, transaction_id)",
                create: [
                    "CREATE TABLE layout_b2_t (LIKE ledger_transaction INCLUDING DEFAULTS)",
                    "ALTER TABLE layout_b2_t ADD PRIMARY KEY (id), ADD UNIQUE (idempotency_key), "
                        + "ADD UNIQUE (lane, lane_seq)",
                    "CREATE TABLE layout_b2_e (LIKE ledger_entry INCLUDING DEFAULTS)",
                    "ALTER TABLE layout_b2_e ADD PRIMARY KEY (id), ADD UNIQUE (lane, lane_seq)",
                    "CREATE INDEX layout_b2_e_account ON layout_b2_e (account, transaction_id)",
                ],
                fill: [
                    "INSERT INTO layout_b2_t SELECT * FROM ledger_transaction",
                    "INSERT INTO layout_b2_e SELECT * FROM ledger_entry",
                ],
                tables: ["layout_b2_t", "layout_b2_e"], rows: t + e, hashes: t + e, btreeEntries: 3 * t + 3 * e,
                probe: Self.entriesProbe("layout_b2_t", "layout_b2_e")),
            Layout(
                label: "(c0) packed, one row per transaction, no per-account index",
                create: [Self.packedTable("layout_c", chained: true)], fill: [packedChained],
                tables: ["layout_c"], rows: t, hashes: t, btreeEntries: 3 * t),
            Layout(
                label: "(c) packed + GIN on the accounts",
                create: [
                    Self.packedTable("layout_c", chained: true),
                    "CREATE INDEX layout_c_accounts ON layout_c USING gin (accounts)",
                ],
                // The GIN's pending list is merged into its tree by the insert that fills it, or later; merged here,
                // inside the timing, so no layout leaves work for after its figure.
                fill: [packedChained, "SELECT gin_clean_pending_list('layout_c_accounts')"],
                tables: ["layout_c"], rows: t, hashes: t, btreeEntries: 3 * t, ginKeys: pairs,
                probe: Self.packedProbe("layout_c"), probeByNumber: true),
            Layout(
                label: "(c') packed + a narrow (account, transaction_id) table",
                create: [Self.packedTable("layout_c", chained: true), narrow],
                fill: [
                    packedChained,
                    "INSERT INTO layout_c_account SELECT account, transaction_id FROM layout_source_account",
                ],
                tables: ["layout_c", "layout_c_account"], rows: t + pairs, hashes: t, btreeEntries: 3 * t + pairs,
                probe: """
                    SELECT p.effective_date, p.idempotency_key, x.amount
                    FROM layout_c_account AS a JOIN layout_c AS p ON p.id = a.transaction_id
                    CROSS JOIN LATERAL unnest(p.accounts, p.amounts) WITH ORDINALITY AS x(account, amount, n)
                    WHERE a.account = $1::int AND x.account = $1::int ORDER BY p.effective_date, p.id, x.n
                    """,
                probeByNumber: true),
            Layout(
                label: "(d0) packed, a chain record per chunk, no per-account index",
                create: [Self.packedTable("layout_d", chained: false), chunkRecords],
                fill: [packedUnchained, "INSERT INTO layout_d_chunk SELECT * FROM layout_source_chunk"],
                tables: ["layout_d", "layout_d_chunk"], rows: t + chunks, hashes: 2 * chunks,
                btreeEntries: 2 * t + 2 * chunks),
            Layout(
                label: "(d) packed, a chain record per chunk, GIN on the accounts",
                create: [
                    Self.packedTable("layout_d", chained: false), chunkRecords,
                    "CREATE INDEX layout_d_accounts ON layout_d USING gin (accounts)",
                ],
                fill: [
                    packedUnchained, "INSERT INTO layout_d_chunk SELECT * FROM layout_source_chunk",
                    "SELECT gin_clean_pending_list('layout_d_accounts')",
                ],
                tables: ["layout_d", "layout_d_chunk"], rows: t + chunks, hashes: 2 * chunks,
                btreeEntries: 2 * t + 2 * chunks, ginKeys: pairs, probe: Self.packedProbe("layout_d"),
                probeByNumber: true),
        ]
    }

    /// Creates a layout's tables empty, checkpoints, times the fill, prints the figure and drops the tables.
    func measure(_ layout: Layout, probeAccounts: [(number: Int, code: String)]) throws -> Figure {
        for statement in layout.create {
            try connection.execute(SQL(statement))
        }
        try connection.execute("CHECKPOINT")
        let started = monotonicSeconds()
        for statement in layout.fill {
            try connection.execute(SQL(statement))
        }
        let seconds = monotonicSeconds() - started
        var history = ""
        if let probe = layout.probe, !probeAccounts.isEmpty {
            try connection.execute(SQL("ANALYZE " + layout.tables.joined(separator: ", ")))
            var entries = 0
            let probeStarted = monotonicSeconds()
            for account in probeAccounts {
                let value: any PostgresBindable
                if layout.probeByNumber { value = account.number } else { value = account.code }
                entries += try connection.execute(probe, [value]).rowCount
            }
            let perAccount = (monotonicSeconds() - probeStarted) / Double(probeAccounts.count)
            history = String(
                format: "; an account's history %.2f ms (%ld JHT accounts, %.1f entries each)", perAccount * 1000,
                probeAccounts.count, Double(entries) / Double(probeAccounts.count))
        }
        let bytes: Int64 = try connection.execute(
            SQL("SELECT " + layout.tables.map { "pg_total_relation_size('\($0)')" }.joined(separator: " + ")))[0, 0]
        try connection.execute(SQL("DROP TABLE " + layout.tables.joined(separator: ", ")))
        let perRow = { (count: Int) in String(format: "%.1f", Double(count) / Double(max(self.contributionRows, 1))) }
        print(
            "  \(layout.label): " + String(format: "%.2f s", seconds)
                + " = \(Int(Double(contributionRows) / seconds)) contribution rows/s = "
                + String(format: "%.1f× the floor", seconds / copyFloor)
                + "; per contribution row \(perRow(layout.rows)) rows, \(perRow(layout.hashes)) hashes, "
                + "\(perRow(layout.btreeEntries)) B-tree entries"
                + (layout.ginKeys > 0 ? ", \(perRow(layout.ginKeys)) GIN keys" : "")
                + "; \(bytes / 1_048_576) MB (\(Int(bytes) / max(contributionRows, 1)) B per contribution row)"
                + history)
        return Figure(label: layout.label, seconds: seconds)
    }

    /// (e): the snapshot rows of each chunk upserted into an empty copy of `ledger_account_month`, one statement per
    /// chunk, in key order, as the 0015 trigger does for each chunk's entries.
    func measureSnapshot(chunkNumbers: Int) throws -> Double {
        try connection.execute(
            """
            CREATE TABLE layout_month (
                account text NOT NULL, month date NOT NULL, lane smallint NOT NULL, debit bigint NOT NULL,
                credit bigint NOT NULL, PRIMARY KEY (account, month, lane)
            ) WITH (fillfactor = 70)
            """)
        try connection.execute("CHECKPOINT")
        let started = monotonicSeconds()
        for chunk in 0..<chunkNumbers {
            try connection.execute(
                """
                INSERT INTO layout_month AS m (account, month, lane, debit, credit)
                SELECT account, month, lane, debit, credit FROM layout_source_month WHERE chunk = \(chunk)
                ORDER BY account, month, lane
                ON CONFLICT (account, month, lane) DO UPDATE
                SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit
                """)
        }
        let seconds = monotonicSeconds() - started
        try connection.execute("DROP TABLE layout_month")
        return seconds
    }

    /// (f): what the server would do per chunk on layout (d), in SQL, one database transaction per chunk as the bulk
    /// path commits: look the chunk's keys up, check its rows as `ledger_post_chunk` checks today's (key size, ≥ 2
    /// entries, as many amounts as accounts, debits = credits, amounts within bounds, accounts known), insert the
    /// rows and the chunk's chain record, upsert the snapshot from the rows just inserted (as a statement trigger
    /// reads its transition table), commit. The rows come from the staging table, not from the wire.
    func measurePackedPath(chunkNumbers: Int) throws -> Double {
        // Seconds per step, summed over the chunks: look-ups, checks, rows, chunk records, snapshot.
        var steps = [Double](repeating: 0, count: 5)
        var mark = 0.0
        func step(_ index: Int) {
            let now = monotonicSeconds()
            steps[index] += now - mark
            mark = now
        }
        try connection.execute(SQL(Self.packedTable("layout_f", chained: false)))
        try connection.execute("CREATE INDEX layout_f_accounts ON layout_f USING gin (accounts)")
        try connection.execute(
            """
            CREATE TABLE layout_f_chunk (
                id bigint PRIMARY KEY, lane smallint NOT NULL, lane_seq bigint NOT NULL, first_id bigint NOT NULL,
                last_id bigint NOT NULL, transactions integer NOT NULL, root bytea NOT NULL, hash bytea NOT NULL,
                UNIQUE (lane, lane_seq)
            )
            """)
        try connection.execute(
            """
            CREATE TABLE layout_f_month (
                account integer NOT NULL, month date NOT NULL, lane smallint NOT NULL, debit bigint NOT NULL,
                credit bigint NOT NULL, PRIMARY KEY (account, month, lane)
            ) WITH (fillfactor = 70)
            """)
        try connection.execute("CHECKPOINT")
        let started = monotonicSeconds()
        for chunk in 0..<chunkNumbers {
            try connection.transaction { connection in
                // Probes by index, as the path's look-ups are: the scratch tables have no statistics yet, and a hash
                // of the whole growing table per chunk would measure the planner, not the layout.
                try connection.execute("SET LOCAL enable_seqscan = off")
                mark = monotonicSeconds()
                let posted: Int = try connection.execute(
                    """
                    SELECT count(*) FROM layout_source AS s
                    CROSS JOIN LATERAL (
                        SELECT 1 FROM layout_f AS p WHERE p.idempotency_key = s.idempotency_key LIMIT 1) AS p
                    WHERE s.chunk = \(chunk)
                    """)[0, 0]
                step(0)
                let refused: Int = try connection.execute(
                    """
                    SELECT count(*) FROM layout_source AS s
                    WHERE s.chunk = \(chunk) AND NOT (octet_length(s.idempotency_key) BETWEEN 1 AND 200
                        AND cardinality(s.accounts) >= 2 AND cardinality(s.amounts) = cardinality(s.accounts)
                        AND (SELECT sum(v) = 0 AND bool_and(v <> 0 AND abs(v) <= 1000000000000)
                            FROM unnest(s.amounts) AS v))
                    """)[0, 0]
                let unknown: Int = try connection.execute(
                    """
                    SELECT count(*) FROM layout_source AS s CROSS JOIN LATERAL unnest(s.accounts) AS x(account)
                    WHERE s.chunk = \(chunk) AND NOT EXISTS (SELECT 1 FROM layout_account AS a WHERE a.id = x.account)
                    """)[0, 0]
                step(1)
                guard posted == 0, refused == 0, unknown == 0 else {
                    throw ValidationError(
                        "layouts: chunk \(chunk): \(posted) keys posted, \(refused) rows refused, \(unknown) unknown")
                }
                try connection.execute(
                    SQL(
                        "INSERT INTO layout_f SELECT \(Self.packedColumns), accounts, amounts FROM layout_source "
                            + "WHERE chunk = $1 ORDER BY id", binds: [chunk]))
                step(2)
                try connection.execute(
                    "INSERT INTO layout_f_chunk SELECT * FROM layout_source_chunk WHERE id = \(chunk)")
                step(3)
                try connection.execute(
                    """
                    INSERT INTO layout_f_month AS m (account, month, lane, debit, credit)
                    SELECT x.account, date_trunc('month', s.effective_date::timestamp)::date, c.lane,
                        coalesce(sum(x.amount) FILTER (WHERE x.amount > 0), 0)::bigint,
                        coalesce(-sum(x.amount) FILTER (WHERE x.amount < 0), 0)::bigint
                    FROM layout_source_chunk AS c
                    JOIN layout_f AS s ON s.id BETWEEN c.first_id AND c.last_id
                    CROSS JOIN LATERAL unnest(s.accounts, s.amounts) AS x(account, amount)
                    WHERE c.id = \(chunk)
                    GROUP BY 1, 2, 3
                    ORDER BY 1, 2, 3
                    ON CONFLICT (account, month, lane) DO UPDATE
                    SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit
                    """)
                step(4)
            }
        }
        let seconds = monotonicSeconds() - started
        print(
            String(
                format: "  (f) by step: keys %.2f s, checks %.2f s, rows %.2f s, chunk records %.2f s, snapshot %.2f s, "
                    + "BEGIN/SET/COMMIT %.2f s",
                steps[0], steps[1], steps[2], steps[3], steps[4], seconds - steps.reduce(0, +)))
        try connection.execute("DROP TABLE layout_f, layout_f_chunk, layout_f_month")
        return seconds
    }

    /// The full path's ratio on the best layout that still serves an account's history, three ways: today's overhead
    /// over its storage floor kept as a ratio (the checks, hashing and round trips scale with the storage), only the
    /// snapshot's upserts added to the storage, and (f), the server's part of the path measured on (d).
    func estimate(_ figures: [Figure], snapshot: Double, path: Double) {
        guard let today = figures.first(where: { $0.label.hasPrefix("(a)") }) else { return }
        let overhead = post / today.seconds
        print(
            String(
                format: "  today: post-contributions %.2f s = %.1f× the floor, %.2f× its storage floor (a) "
                    + "(%.2f× the session-6 storage floor of this run, %.2f s)",
                post, post / copyFloor, overhead, post / storageFloor, storageFloor))
        let candidates = figures.filter { figure in
            ["(c)", "(c')", "(d)"].contains { figure.label.hasPrefix($0 + " ") }
        }
        guard let best = candidates.min(by: { $0.seconds < $1.seconds }) else { return }
        print(
            "  estimate for the best layout that keeps a per-account read, \(best.label): "
                + String(
                    format: "storage %.1f× the floor; with only the snapshot's upserts on top %.1f×; "
                        + "with today's overhead ratio (%.2f×) %.1f× (target: within 10×)",
                    best.seconds / copyFloor, (best.seconds + snapshot) / copyFloor, overhead,
                    best.seconds * overhead / copyFloor))
        print(
            String(
                format: "  (d)'s path on the server (f) %.1f× the floor; today's client share (0.15 of a chunk, "
                    + "docs/benchmarks.md) would add %.1f× if it stayed, %.1f× if it shrank with the records (2 of 9)",
                path / copyFloor, 0.15 * post / copyFloor, 0.15 * post * 2 / 9 / copyFloor))
    }
}
