-- 0024 ledger balance snapshots: balances at any date and the trial balance without reading every month of every
-- account, nor a month of entries joined to their headers (issue 19, session 7;
-- docs/decisions/0015-ledger-snapshots.md, "Session 7").
--
-- Unchanged: the ledger's tables, records, canonical texts and hashes, `ledger_post`, the bulk path, the chain
-- triggers, the lanes; `ledger_account_month` keeps its meaning (the sums of one account's entries per month of
-- effective date and lane) and `ledger_snapshot_check()` and verify's in-pass comparison check it as before.
--
-- What is added, kept by the same statement-level trigger in the statement that inserts the entries:
--   * `ledger_account_total (account, stripe, debit, credit)`: each account's sums over every date. For the chart's
--     fixed accounts (BANK, FUND, DEVELOPMENT, DJS: written by almost every posting) one row per chain lane
--     (stripe = lane), as the monthly rows, so that postings of different lanes never wait for each other; for the
--     accounts opened per subject (JHT, JP, RECEIVABLE, PAYABLE, CLEARING: one per participant, employer, claim or
--     batch) one row (stripe = -1): a subject's postings are few and rarely concurrent, and one row per account is
--     what makes a balance at a recent date cost about one row per account.
--   * `ledger_account_day (account, day, stripe, debit, credit)`: the sums per day of effective date, striped the
--     same way, for every day but a month's last. The part of a month up to a date is read from here instead of the
--     month's entries joined to their headers; a month's last day is never read (a balance at a month's end reads
--     that month whole from `ledger_account_month`), and it is the day of most month-end postings (development).
--   * The balance at D: with C the first day after D's last full month (D + 1 truncated to its month), either the
--     months before C plus the days from C up to D ("forward"), or the totals minus the months from C on plus the
--     days from C up to D ("backward"): the same figures; the query reads the direction with fewer months.
--   * An index on `ledger_account_month (month)` and on `ledger_account_day (day)`: both directions read a range of
--     months and of days for every account.
--   * `ledger_balance_snapshot_check()`: the first day or total row that is not the sums of its entries (as
--     `ledger_snapshot_check()` for the months); `ledger verify` is to compare them as it compares the months.
--
-- Written only by the trigger: the same role, guards and grants as `ledger_account_month` (0015).

-- Day and total sums; no CHECK constraints (the trigger alone writes here), bigint sums (overflow raises 22003).
-- fillfactor 70 as for the months: the current day's and the totals' rows are updated by every statement of their
-- lane (or subject).
CREATE TABLE ledger_account_day (
    account text NOT NULL,
    -- Never a month's last day.
    day date NOT NULL,
    -- As ledger_account_total.stripe.
    stripe smallint NOT NULL,
    debit bigint NOT NULL,
    credit bigint NOT NULL,
    PRIMARY KEY (account, day, stripe)
) WITH (fillfactor = 70);

COMMENT ON TABLE ledger_account_day IS
    'Debits and credits of each account per day of effective date but a month''s last (per lane for the chart''s fixed accounts), kept by the ledger_entry_snapshot trigger.';

CREATE TABLE ledger_account_total (
    account text NOT NULL,
    -- The chain lane for an account of a fixed class; -1 for an account of a class opened per subject.
    stripe smallint NOT NULL,
    debit bigint NOT NULL,
    credit bigint NOT NULL,
    PRIMARY KEY (account, stripe)
) WITH (fillfactor = 70);

COMMENT ON TABLE ledger_account_total IS
    'Debits and credits of each account over every date (per lane for the chart''s fixed accounts, one row for an account opened per subject), kept by the ledger_entry_snapshot trigger.';

-- The refusal names the table written (it named ledger_account_month alone, the only table it guarded).
CREATE OR REPLACE FUNCTION ledger_snapshot_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is kept by the ledger''s entry trigger alone: % by % is not allowed',
        TG_TABLE_NAME, TG_OP, current_user USING ERRCODE = 'SL001';
END
$$;

-- The stripe of an account's total and day rows: -1 for a class opened per subject, else the entry's lane. An
-- account whose class is not in the chart (an owner's hand-written entry) counts as fixed: striped, always safe.
CREATE FUNCTION ledger_snapshot_stripe(p_opened_on_demand boolean, p_lane smallint) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_opened_on_demand THEN -1::smallint ELSE p_lane END
$$;

-- One statement per inserting statement, as before: the entries are summed per (account, day, lane) once (each
-- distinct transaction's date looked up by primary key, SL015 for an entry without header; the stripe from the
-- account's class), and the months, the days and the totals are upserted from those sums by three data-modifying
-- sub-statements, each in key order. Rows of the months and the fixed accounts' days and totals of lane L are only
-- written by statements inserting entries of lane L (under lane L's head); a subject's day and total rows by any
-- lane, so two transactions posting to one participant at once wait for each other there (two transactions that
-- each post to two subjects in opposite orders, in separate statements, deadlock: PostgreSQL rolls one back,
-- SQLSTATE 40P01, retryable; a bulk chunk holds every lane before it inserts, so it never waits on them).
CREATE OR REPLACE FUNCTION ledger_snapshot_entries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    WITH sums AS MATERIALIZED (
        SELECT e.account, coalesce(d.day, public.ledger_snapshot_orphan(e.transaction_id)) AS day, e.lane,
            public.ledger_snapshot_stripe(c.opened_on_demand, e.lane) AS stripe,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0) AS debit,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0) AS credit
        FROM new_entries AS e
        LEFT JOIN (
            SELECT h.id, (SELECT t.effective_date FROM public.ledger_transaction AS t WHERE t.id = h.id) AS day
            FROM (SELECT DISTINCT n.transaction_id AS id FROM new_entries AS n) AS h
        ) AS d ON d.id = e.transaction_id
        LEFT JOIN public.ledger_account_class AS c ON c.prefix = split_part(e.account, ':', 1)
        GROUP BY 1, 2, 3, 4
    ),
    months AS (
        INSERT INTO public.ledger_account_month AS m (account, month, lane, debit, credit)
        SELECT s.account, date_trunc('month', s.day::timestamp)::date, s.lane, sum(s.debit)::bigint,
            sum(s.credit)::bigint
        FROM sums AS s
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (account, month, lane) DO UPDATE
        SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit
    ),
    days AS (
        INSERT INTO public.ledger_account_day AS a (account, day, stripe, debit, credit)
        SELECT s.account, s.day, s.stripe, sum(s.debit)::bigint, sum(s.credit)::bigint
        FROM sums AS s
        WHERE extract(day FROM s.day + 1) <> 1
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (account, day, stripe) DO UPDATE
        SET debit = a.debit + excluded.debit, credit = a.credit + excluded.credit
    )
    INSERT INTO public.ledger_account_total AS t (account, stripe, debit, credit)
    SELECT s.account, s.stripe, sum(s.debit)::bigint, sum(s.credit)::bigint
    FROM sums AS s
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (account, stripe) DO UPDATE
    SET debit = t.debit + excluded.debit, credit = t.credit + excluded.credit;
    RETURN NULL;
END
$$;

-- Existing entries (a database whose ledger was posted before this migration ran): the days from the entries, the
-- totals from the months (0015 keeps them equal to the entries).
INSERT INTO ledger_account_day (account, day, stripe, debit, credit)
SELECT e.account, t.effective_date, ledger_snapshot_stripe(c.opened_on_demand, e.lane),
    coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
    coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
FROM ledger_entry AS e
JOIN ledger_transaction AS t ON t.id = e.transaction_id
LEFT JOIN ledger_account_class AS c ON c.prefix = split_part(e.account, ':', 1)
WHERE extract(day FROM t.effective_date + 1) <> 1
GROUP BY 1, 2, 3;

INSERT INTO ledger_account_total (account, stripe, debit, credit)
SELECT m.account, ledger_snapshot_stripe(c.opened_on_demand, m.lane), sum(m.debit)::bigint, sum(m.credit)::bigint
FROM ledger_account_month AS m
LEFT JOIN ledger_account_class AS c ON c.prefix = split_part(m.account, ':', 1)
GROUP BY 1, 2;

CREATE INDEX ledger_account_month_by_month ON ledger_account_month (month);
CREATE INDEX ledger_account_day_by_day ON ledger_account_day (day);

CREATE TRIGGER ledger_account_day_guard BEFORE INSERT OR UPDATE ON ledger_account_day
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_snapshot') EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_day_no_delete BEFORE DELETE ON ledger_account_day
FOR EACH ROW EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_day_no_truncate BEFORE TRUNCATE ON ledger_account_day
FOR EACH STATEMENT EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_total_guard BEFORE INSERT OR UPDATE ON ledger_account_total
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_snapshot') EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_total_no_delete BEFORE DELETE ON ledger_account_total
FOR EACH ROW EXECUTE FUNCTION ledger_snapshot_refuse();
CREATE TRIGGER ledger_account_total_no_truncate BEFORE TRUNCATE ON ledger_account_total
FOR EACH STATEMENT EXECUTE FUNCTION ledger_snapshot_refuse();

REVOKE ALL ON ledger_account_day, ledger_account_total FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON ledger_account_day, ledger_account_total TO santunan_ledger_snapshot;
GRANT SELECT ON ledger_account_class TO santunan_ledger_snapshot;
GRANT SELECT ON ledger_account_day, ledger_account_total TO santunan_officer, santunan_approver, santunan_auditor;

-- The first day row, then the first total row, that is not the sums of its entries (no row: they agree). Like
-- `ledger_snapshot_check()`: a row without entries, or entries without a row, differ too (a day row on a month's
-- last day is a row without entries); entries without a header are left to the chain check. `day` is NULL for a
-- total row; `lane` is the row's stripe (-1: an account opened per subject, every lane).
CREATE FUNCTION ledger_balance_snapshot_check()
RETURNS TABLE (snapshot text, account text, day date, lane smallint, snapshot_debit numeric,
    snapshot_credit numeric, entry_debit numeric, entry_credit numeric)
LANGUAGE sql STABLE AS $$
    WITH x AS MATERIALIZED (
        SELECT e.account, t.effective_date AS day, public.ledger_snapshot_stripe(c.opened_on_demand, e.lane) AS stripe,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0) AS debit,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0) AS credit
        FROM public.ledger_entry AS e
        JOIN public.ledger_transaction AS t ON t.id = e.transaction_id
        LEFT JOIN public.ledger_account_class AS c ON c.prefix = split_part(e.account, ':', 1)
        GROUP BY 1, 2, 3
    ),
    totals AS (
        SELECT x.account, x.stripe, sum(x.debit) AS debit, sum(x.credit) AS credit FROM x GROUP BY 1, 2
    )
    (
        SELECT 'ledger_account_day'::text, coalesce(s.account, y.account), coalesce(s.day, y.day),
            coalesce(s.stripe, y.stripe), s.debit::numeric, s.credit::numeric, y.debit, y.credit
        FROM public.ledger_account_day AS s
        FULL JOIN (SELECT * FROM x WHERE extract(day FROM x.day + 1) <> 1) AS y
            ON y.account = s.account AND y.day = s.day AND y.stripe = s.stripe
        WHERE s.debit IS DISTINCT FROM y.debit OR s.credit IS DISTINCT FROM y.credit
        ORDER BY 3, 2, 4
        LIMIT 1
    )
    UNION ALL
    (
        SELECT 'ledger_account_total'::text, coalesce(s.account, y.account), NULL::date, coalesce(s.stripe, y.stripe),
            s.debit::numeric, s.credit::numeric, y.debit, y.credit
        FROM public.ledger_account_total AS s
        FULL JOIN totals AS y ON y.account = s.account AND y.stripe = s.stripe
        WHERE s.debit IS DISTINCT FROM y.debit OR s.credit IS DISTINCT FROM y.credit
        ORDER BY 2, 4
        LIMIT 1
    )
$$;

REVOKE EXECUTE ON FUNCTION ledger_balance_snapshot_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_balance_snapshot_check() TO santunan_officer, santunan_approver, santunan_auditor;

-- Point-in-time balances (0015's signature and results): the months before p_at's last full month from the months,
-- the days after it up to p_at from the days; no entry is read.
CREATE OR REPLACE FUNCTION ledger_balances_at(p_at date)
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
            SELECT d.account, d.debit, d.credit FROM public.ledger_account_day AS d
            WHERE d.day >= date_trunc('month', (p_at + 1)::timestamp)::date AND d.day <= p_at
        ) AS y
        GROUP BY y.account
    ) AS x ON x.account = a.code
$$;
