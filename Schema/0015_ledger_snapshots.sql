-- 0015 ledger snapshots: per-account monthly sums, so that balances at a date and the trial balance no longer scan
-- every entry (issue 19; docs/decisions/0015-ledger-snapshots.md).
--
-- Unchanged: the ledger's tables, records, canonical texts and hashes, `ledger_post`, the chain triggers, the lanes.
--
-- What is added:
--   * `ledger_account_month (account, month, lane, debit, credit)`: the debits and credits of the entries of one
--     account whose posting is effective in one month, per chain lane. Balance at D = the full months up to D from
--     this table + the entries of D's month up to D (none when D is the last day of its month).
--   * The table is maintained by a statement-level AFTER INSERT trigger on `ledger_entry` with a transition table
--     (`ledger_entry_snapshot`), in the transaction and statement that insert the entries: `ledger_post`'s INSERT,
--     the owner's plain INSERTs, a multi-row INSERT … SELECT and COPY all go through it, one upsert per statement.
--   * Striped by lane: a row of lane L is only written by a statement inserting entries of lane L, i.e. by a
--     transaction holding lane L's head (ledger_post locks it, the chain triggers update it). So the snapshot adds no
--     lock that another lane waits for, and no lock order that could deadlock: BANK and the funds are written by
--     every posting, and without the stripes every posting would hold their month's row until it commits.
--   * Written only by the trigger: its function runs as `santunan_ledger_snapshot` (NOLOGIN, granted to nobody), the
--     only role whose INSERT and UPDATE the table accepts; DELETE and TRUNCATE are refused for everyone (SL001).
--   * Entries whose header is not in the database yet are refused (SQLSTATE SL015): a snapshot row needs the
--     posting's effective date. A bulk writer inserts (COPYs) the headers before their entries.
--   * `ledger_snapshot_check()`: the first (month, account, lane) whose snapshot differs from the sums of its entries,
--     for `ledger verify`.
--   * `ledger_balances_at(date)`: point-in-time balances, read from the snapshot.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'santunan_ledger_snapshot') THEN
        BEGIN
            CREATE ROLE santunan_ledger_snapshot NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

-- No CHECK constraints: PostgreSQL parses them again for every INSERT statement (0005), and only the trigger writes
-- here. `month` is the first day of the month of the postings' effective date. Sums are bigint: an overflow raises
-- (22003) and rolls the posting back, it never wraps. fillfactor 70 keeps room for HOT updates of the busy rows
-- (BANK and the funds of the current month are updated by every posting of their lane).
CREATE TABLE ledger_account_month (
    account text NOT NULL,
    month date NOT NULL,
    lane smallint NOT NULL,
    debit bigint NOT NULL,
    credit bigint NOT NULL,
    PRIMARY KEY (account, month, lane)
) WITH (fillfactor = 70);

COMMENT ON TABLE ledger_account_month IS
    'Debits and credits of each account per month of effective date and chain lane, kept by the ledger_entry_snapshot trigger.';

-- Raised for an entry whose transaction header is missing when its statement ends.
CREATE FUNCTION ledger_snapshot_orphan(p_transaction_id bigint) RETURNS date
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entry of transaction % has no header: insert (COPY) the headers before their entries',
        p_transaction_id USING ERRCODE = 'SL015';
END
$$;

-- Adds the entries inserted by one statement to their months. One statement whatever the number of rows; the rows
-- are upserted in key order, so two statements of one lane (which cannot overlap anyway) lock in the same order.
-- Each distinct transaction's effective date is looked up by primary key in a sub-select: written as a plain join,
-- the planner hashed the whole of ledger_transaction for a chunk of a few thousand entries (3.5 s for 44 800 entries
-- against 1.6 M headers, growing with the ledger); the sub-select is one index probe per transaction whatever the
-- ledger's size (0.9 s for the same chunk, most of it the 14 000 upserts; both under a load of 14 on 2 cores).
CREATE FUNCTION ledger_snapshot_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO public.ledger_account_month AS m (account, month, lane, debit, credit)
    SELECT e.account, coalesce(d.month, public.ledger_snapshot_orphan(e.transaction_id)), e.lane,
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
    FROM new_entries AS e
    LEFT JOIN (
        SELECT h.id, date_trunc('month', (
            SELECT t.effective_date FROM public.ledger_transaction AS t WHERE t.id = h.id)::timestamp)::date AS month
        FROM (SELECT DISTINCT n.transaction_id AS id FROM new_entries AS n) AS h
    ) AS d ON d.id = e.transaction_id
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (account, month, lane) DO UPDATE
    SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit;
    RETURN NULL;
END
$$;

-- Refuses every write that is not the trigger's.
CREATE FUNCTION ledger_snapshot_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_account_month is kept by the ledger''s entry trigger alone: % by % is not allowed',
        TG_OP, current_user USING ERRCODE = 'SL001';
END
$$;

-- Existing entries (a database whose ledger was posted before this migration ran).
INSERT INTO ledger_account_month (account, month, lane, debit, credit)
SELECT e.account, date_trunc('month', t.effective_date::timestamp)::date, e.lane,
    coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
    coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
FROM ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
GROUP BY e.account, date_trunc('month', t.effective_date::timestamp), e.lane;

CREATE TRIGGER ledger_account_month_guard BEFORE INSERT OR UPDATE ON ledger_account_month
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_snapshot') EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_month_no_delete BEFORE DELETE ON ledger_account_month
FOR EACH ROW EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_month_no_truncate BEFORE TRUNCATE ON ledger_account_month
FOR EACH STATEMENT EXECUTE FUNCTION ledger_snapshot_refuse();

CREATE TRIGGER ledger_entry_snapshot AFTER INSERT ON ledger_entry
REFERENCING NEW TABLE AS new_entries
FOR EACH STATEMENT EXECUTE FUNCTION ledger_snapshot_entries();

REVOKE ALL ON ledger_account_month FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON ledger_account_month TO santunan_ledger_snapshot;
GRANT SELECT ON ledger_transaction TO santunan_ledger_snapshot;
GRANT SELECT ON ledger_account_month TO santunan_officer, santunan_approver, santunan_auditor;
ALTER FUNCTION ledger_snapshot_entries() OWNER TO santunan_ledger_snapshot;

-- The first (month, account, lane) whose snapshot is not the sums of its entries (no row: they agree). A snapshot
-- row without entries, or entries without a snapshot row, differ too. Entries without a header are not counted
-- here: the chain check of `ledger verify` reports them.
CREATE FUNCTION ledger_snapshot_check()
RETURNS TABLE (account text, month date, lane smallint, snapshot_debit numeric, snapshot_credit numeric,
    entry_debit numeric, entry_credit numeric)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(s.account, x.account), coalesce(s.month, x.month), coalesce(s.lane, x.lane),
        s.debit, s.credit, x.debit, x.credit
    FROM public.ledger_account_month AS s
    FULL JOIN (
        SELECT e.account, date_trunc('month', t.effective_date::timestamp)::date AS month, e.lane,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0) AS debit,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0) AS credit
        FROM public.ledger_entry AS e JOIN public.ledger_transaction AS t ON t.id = e.transaction_id
        GROUP BY e.account, date_trunc('month', t.effective_date::timestamp), e.lane
    ) AS x ON x.account = s.account AND x.month = s.month AND x.lane = s.lane
    WHERE s.debit IS DISTINCT FROM x.debit OR s.credit IS DISTINCT FROM x.credit
    ORDER BY 2, 1, 3
    LIMIT 1
$$;

REVOKE EXECUTE ON FUNCTION ledger_snapshot_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_snapshot_check() TO santunan_officer, santunan_approver, santunan_auditor;

-- Point-in-time balances: debits and credits of each account over postings effective on or before a date. From the
-- snapshot: the months that end on or before p_at, and the entries of p_at's month up to p_at.
CREATE FUNCTION ledger_balances_at(p_at date)
RETURNS TABLE (account text, account_type text, normal_side "char", debits numeric, credits numeric)
LANGUAGE sql STABLE AS $$
    SELECT a.code, c.account_type, c.normal_side, coalesce(x.debits, 0), coalesce(x.credits, 0)
    FROM public.ledger_account AS a
    JOIN public.ledger_account_class AS c ON c.prefix = a.class
    LEFT JOIN (
        SELECT y.account, sum(y.debit) AS debits, sum(y.credit) AS credits
        FROM (
            SELECT s.account, s.debit, s.credit FROM public.ledger_account_month AS s
            WHERE s.month < date_trunc('month', (p_at + 1)::timestamp)::date
            UNION ALL
            SELECT e.account, CASE WHEN e.side = 'D' THEN e.amount ELSE 0 END,
                CASE WHEN e.side = 'C' THEN e.amount ELSE 0 END
            FROM public.ledger_transaction AS t JOIN public.ledger_entry AS e ON e.transaction_id = t.id
            WHERE t.effective_date >= date_trunc('month', (p_at + 1)::timestamp)::date AND t.effective_date <= p_at
        ) AS y
        GROUP BY y.account
    ) AS x ON x.account = a.code
$$;
