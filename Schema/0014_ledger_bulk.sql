-- 0014 ledger bulk: postings by the chunk for the flows that post many at once (contributions due and paid,
-- development crediting), issue 19; docs/decisions/0014-ledger-bulk.md.
--
-- Unchanged: the tables, the canonical texts and so every stored hash and `ledger verify`, the lanes, append-only,
-- `ledger_post` for single postings, the identity (santunan_actor) and the key namespaces.
--
-- The client (Swift) validates a chunk, computes each record's position and hash in chain order, and sends the
-- chunk to one function, `ledger_post_chunk`, as arrays: set-based checks and two INSERT … SELECT statements
-- instead of one PL/pgSQL call, five statements and three SHA-256 per posting. A chunk is one database
-- transaction:
--   1. `ledger_bulk_begin(actor, keys, entry counts)` locks every lane's head (in lane order, so two chunks never
--      deadlock), returns the actor, the server's time (recorded_at of every header), the keys already posted and
--      the ids reserved for the new postings (a contiguous range of each sequence: every other writer takes its
--      ids after a lane's lock, which this transaction holds). The client then reads the heads
--      (`ledger_chain_head`, stable under the locks) and computes the records.
--   2. `ledger_post_chunk(...)` checks and writes them.
--
-- What the database refuses, per chunk rather than per row (set-based):
--   * any write but through these functions: the application roles have no INSERT on the tables (0005);
--   * keys outside the caller's namespaces (the rules of `ledger_check_key`, 0005, for the kinds a chunk may
--     carry: contribution.due, contribution.paid, development.credited, and in the single-user set-up the
--     owner's own kinds); for a personal login, a contribution key without an imported row of that total;
--   * ids outside the range reserved by step 1 of the same transaction;
--   * a field out of its rules (key 1-200 bytes, kind, side D/C; amount 1 .. 10^12 by the table's CHECK);
--   * a transaction with fewer than two entries or debits ≠ credits (SQLSTATE 23514, ledger_transaction_balanced);
--   * records not contiguous per transaction (each entry right after its header or its header's entries, in the
--     header's lane) or positions in a lane not exactly head+1 … head+n (SL005);
--   * a chunk whose first record in a lane does not extend that lane's head: its hash must be
--     sha256(head's hash ‖ its canonical text), recomputed here (SL008);
--   * an account whose class does not open accounts on demand (SL003); new ones are opened.
-- The hashes of the records after a lane's first are the client's: a wrong one is found by `ledger verify` (which
-- recomputes every record) and refused by `ledger checkpoint`, as a record edited by a superuser is.
-- A plain INSERT … SELECT into ledger_transaction / ledger_entry: statement-level triggers see every chunk.

-- Every lane locked, the keys already posted, the ids reserved. `p_entry_counts[i]` is the number of entries of
-- the posting keyed `p_keys[i]`.
CREATE FUNCTION ledger_bulk_begin(
    p_recorded_by text, p_keys text[], p_entry_counts int[],
    OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint,
    OUT existing int[]
)
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    new_transactions bigint;
    new_entries bigint;
BEGIN
    actor := public.santunan_actor(p_recorded_by);
    IF cardinality(p_keys) IS DISTINCT FROM cardinality(p_entry_counts) THEN
        RAISE EXCEPTION 'ledger chunk: % keys but % entry counts', cardinality(p_keys), cardinality(p_entry_counts)
            USING ERRCODE = 'SL005';
    END IF;
    PERFORM 1 FROM public.ledger_chain_head AS h ORDER BY h.lane FOR UPDATE;
    -- Under the locks: every concurrent posting of these keys has committed or rolled back.
    SELECT coalesce(array_agg(k.n ORDER BY k.n) FILTER (WHERE t.id IS NOT NULL), '{}'),
        count(*) FILTER (WHERE t.id IS NULL), coalesce(sum(k.c) FILTER (WHERE t.id IS NULL), 0)
    INTO existing, new_transactions, new_entries
    FROM unnest(p_keys, p_entry_counts) WITH ORDINALITY AS k(key, c, n)
    LEFT JOIN public.ledger_transaction AS t ON t.idempotency_key = k.key;
    first_transaction_id := nextval('public.ledger_transaction_id_seq'::regclass);
    IF new_transactions > 1 THEN
        PERFORM setval('public.ledger_transaction_id_seq'::regclass, first_transaction_id + new_transactions - 1);
    END IF;
    first_entry_id := nextval('public.ledger_entry_id_seq'::regclass);
    IF new_entries > 1 THEN
        PERFORM setval('public.ledger_entry_id_seq'::regclass, first_entry_id + new_entries - 1);
    END IF;
    PERFORM set_config('santunan.ledger_bulk',
        concat_ws(',', first_transaction_id, new_transactions, first_entry_id, new_entries), true);
    recorded_at_us := (extract(epoch FROM now()) * 1000000)::bigint;
END
$$;

-- Writes one chunk computed by the client: headers in chunk order (their ids are the reserved range in that
-- order), entries in chunk order (ids likewise), each entry naming its header by its 1-based index in the chunk.
-- Returns the number of postings written.
CREATE FUNCTION ledger_post_chunk(
    p_recorded_by text,
    p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[],
    p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[],
    p_entry_transactions int[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[],
    p_entry_hashes bytea[]
) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    reserved text[] := string_to_array(current_setting('santunan.ledger_bulk', true), ',');
    first_transaction bigint;
    first_entry bigint;
    header_count int := coalesce(cardinality(p_keys), 0);
    entry_count int := coalesce(cardinality(p_accounts), 0);
    who text;
    single boolean;
    bad text;
BEGIN
    who := public.santunan_actor(p_recorded_by);
    single := public.santunan_single_user();
    -- The ids reserved by ledger_bulk_begin in this transaction (one chunk per reservation). A caller can set the
    -- setting itself; the ids must then still be ids the sequences have issued (so later postings never meet
    -- them), and the primary keys refuse a second use.
    IF reserved IS NULL OR cardinality(reserved) <> 4 OR reserved[2]::int <> header_count
        OR reserved[4]::int <> entry_count THEN
        RAISE EXCEPTION 'ledger chunk: % postings and % entries were not reserved by ledger_bulk_begin in this '
            'transaction', header_count, entry_count USING ERRCODE = 'SL005';
    END IF;
    first_transaction := reserved[1]::bigint;
    first_entry := reserved[3]::bigint;
    PERFORM set_config('santunan.ledger_bulk', '', true);
    IF header_count = 0 THEN
        RETURN 0;
    END IF;
    IF first_transaction + header_count - 1 > (SELECT s.last_value FROM public.ledger_transaction_id_seq AS s)
        OR first_entry + entry_count - 1 > (SELECT s.last_value FROM public.ledger_entry_id_seq AS s) THEN
        RAISE EXCEPTION 'ledger chunk: ids beyond those issued' USING ERRCODE = 'SL005';
    END IF;
    IF cardinality(p_kinds) <> header_count OR cardinality(p_dates) <> header_count
        OR cardinality(p_niks) <> header_count OR cardinality(p_kpjs) <> header_count
        OR cardinality(p_claims) <> header_count OR cardinality(p_batches) <> header_count
        OR cardinality(p_npps) <> header_count OR cardinality(p_memos) <> header_count
        OR cardinality(p_lanes) <> header_count OR cardinality(p_seqs) <> header_count
        OR cardinality(p_hashes) <> header_count OR cardinality(p_entry_transactions) <> entry_count
        OR cardinality(p_sides) <> entry_count OR cardinality(p_amounts) <> entry_count
        OR cardinality(p_entry_seqs) <> entry_count OR cardinality(p_entry_hashes) <> entry_count THEN
        RAISE EXCEPTION 'ledger chunk: the arrays of headers or of entries differ in length' USING ERRCODE = 'SL005';
    END IF;

    -- Fields and namespaces, per kind.
    SELECT h.key INTO bad FROM unnest(p_keys, p_kinds) AS h(key, kind)
    WHERE NOT (h.key <> '' AND octet_length(h.key) <= 200 AND h.kind ~ '^[a-z][a-z0-9_.]*$') LIMIT 1;
    IF FOUND THEN
        PERFORM public.ledger_check_transaction_fields(bad, p_kinds[array_position(p_keys, bad)], who);
    END IF;
    FOR bad IN SELECT DISTINCT h.kind FROM unnest(p_kinds) AS h(kind) LOOP
        IF bad IN ('contribution.due', 'contribution.paid', 'development.credited') THEN
            IF NOT single AND NOT EXISTS (
                SELECT 1 FROM public.ledger_key_namespace AS n, unnest(n.roles) AS r(role)
                WHERE n.kind = bad AND pg_has_role(session_user, r.role, 'MEMBER')
            ) THEN
                RAISE EXCEPTION 'login % may not post % keys', session_user, bad USING ERRCODE = 'SL007';
            END IF;
        ELSIF EXISTS (SELECT 1 FROM public.ledger_key_namespace AS n WHERE n.kind = bad) THEN
            RAISE EXCEPTION 'ledger kind % is posted one by one (ledger_post), not by the chunk', bad
                USING ERRCODE = 'SL007';
        ELSIF NOT single THEN
            RAISE EXCEPTION 'ledger kind % is not a flow a login may post (only the owner may)', bad
                USING ERRCODE = 'SL007';
        END IF;
    END LOOP;
    SELECT h.key INTO bad FROM unnest(p_keys, p_kinds) AS h(key, kind)
    WHERE CASE WHEN h.kind IN ('contribution.due', 'contribution.paid', 'development.credited')
        THEN left(h.key, length(h.kind) + 1) <> h.kind || ':'
        ELSE EXISTS (SELECT 1 FROM public.ledger_key_namespace AS n WHERE h.key LIKE n.kind || ':%') END
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger key "%" is not in the namespace of its kind', bad USING ERRCODE = 'SL007';
    END IF;
    SELECT e.side::text INTO bad FROM unnest(p_sides) AS e(side) WHERE e.side IS NULL OR e.side NOT IN ('D', 'C')
    LIMIT 1;
    IF FOUND THEN
        PERFORM public.ledger_check_entry_fields(bad::"char", 1);
    END IF;

    -- Every transaction: two or more entries, debits = credits; every entry names a header of the chunk.
    SELECT concat(t.n, ' (', p_keys[t.n], '): ', coalesce(e.c, 0), ' entries, debits - credits = ', coalesce(e.net, 0))
    INTO bad
    FROM generate_series(1, header_count) AS t(n)
    FULL JOIN (
        SELECT x.t, count(*) AS c, sum(CASE WHEN x.side = 'D' THEN x.amount ELSE -x.amount END) AS net
        FROM unnest(p_entry_transactions, p_sides, p_amounts) AS x(t, side, amount) GROUP BY x.t
    ) AS e ON e.t = t.n
    WHERE t.n IS NULL OR e.t IS NULL OR e.c < 2 OR e.net <> 0
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
    END IF;

    -- Contiguous: each entry within (its header's position, + its header's entry count], in its header's lane;
    -- with every position of a lane distinct and the lane's positions exactly head+1 … head+n, each posting's
    -- records are its header followed by its own entries.
    SELECT concat('entry ', x.n, ' of transaction ', x.t) INTO bad
    FROM (
        SELECT y.t, y.seq, y.n, count(*) OVER (PARTITION BY y.t) AS c
        FROM unnest(p_entry_transactions, p_entry_seqs) WITH ORDINALITY AS y(t, seq, n)
    ) AS x
    WHERE NOT (x.seq > p_seqs[x.t] AND x.seq <= p_seqs[x.t] + x.c)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: % does not follow its header', bad USING ERRCODE = 'SL005';
    END IF;
    SELECT concat('lane ', r.lane, ': positions ', r.low, '…', r.high, ' (', r.c, ' records, ', r.d,
        ' distinct) after head ', h.last_seq) INTO bad
    FROM (
        SELECT a.lane, count(*) AS c, count(DISTINCT a.seq) AS d, min(a.seq) AS low, max(a.seq) AS high
        FROM (
            SELECT l.lane, l.seq FROM unnest(p_lanes, p_seqs) AS l(lane, seq)
            UNION ALL
            SELECT p_lanes[x.t], x.seq FROM unnest(p_entry_transactions, p_entry_seqs) AS x(t, seq)
        ) AS a GROUP BY a.lane
    ) AS r
    LEFT JOIN public.ledger_chain_head AS h ON h.lane = r.lane
    WHERE h.lane IS NULL OR r.low <> h.last_seq + 1 OR r.high <> h.last_seq + r.c OR r.d <> r.c
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: % are not the lane''s next positions', bad USING ERRCODE = 'SL005';
    END IF;

    -- Chain linkage: each lane's first record of the chunk (a header, by the checks above) extends the lane's head.
    PERFORM 1 FROM public.ledger_chain_head AS h ORDER BY h.lane FOR UPDATE;
    SELECT concat('lane ', h.lane, ', position ', h.last_seq + 1) INTO bad
    FROM public.ledger_chain_head AS h
    JOIN unnest(p_lanes, p_seqs) WITH ORDINALITY AS l(lane, seq, n) ON l.lane = h.lane AND l.seq = h.last_seq + 1
    WHERE p_hashes[l.n] IS DISTINCT FROM sha256(h.last_hash || convert_to(concat(
            'T|', l.lane, '|', l.seq, '|', first_transaction + l.n - 1, '|', to_char(p_dates[l.n], 'YYYY-MM-DD'),
            '|', (extract(epoch FROM now()) * 1000000)::bigint,
            '|', octet_length(p_kinds[l.n]), ':', p_kinds[l.n],
            '|', octet_length(p_keys[l.n]), ':', p_keys[l.n],
            '|', octet_length(who), ':', who,
            '|', coalesce(octet_length(p_niks[l.n]) || ':' || p_niks[l.n], '-'),
            '|', coalesce(octet_length(p_kpjs[l.n]) || ':' || p_kpjs[l.n], '-'),
            '|', coalesce(octet_length(p_claims[l.n]) || ':' || p_claims[l.n], '-'),
            '|', coalesce(octet_length(p_batches[l.n]) || ':' || p_batches[l.n], '-'),
            '|', coalesce(octet_length(p_npps[l.n]) || ':' || p_npps[l.n], '-'),
            '|-|', coalesce(octet_length(p_memos[l.n]) || ':' || p_memos[l.n], '-')), 'UTF8'))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: the record at % does not extend the lane''s head (its hash is not '
            'sha256(head ‖ its canonical text))', bad USING ERRCODE = 'SL008';
    END IF;

    -- A personal login's contribution keys: an imported row (a paid one, for a payment) whose total the debits are.
    IF NOT single AND EXISTS (SELECT 1 FROM unnest(p_kinds) AS k(kind) WHERE k.kind LIKE 'contribution.%') THEN
        SELECT h.key INTO bad
        FROM unnest(p_keys, p_kinds) WITH ORDINALITY AS h(key, kind, n)
        JOIN (
            SELECT x.t, sum(x.amount) AS total FROM unnest(p_entry_transactions, p_sides, p_amounts) AS x(t, side, amount)
            WHERE x.side = 'D' GROUP BY x.t
        ) AS d ON d.t = h.n
        LEFT JOIN public.membership AS m
            ON m.kpj = split_part(substr(h.key, length(h.kind) + 2), ':', 1)
        LEFT JOIN public.contribution AS c
            ON c.membership_id = m.id
            AND c.month = to_date(split_part(substr(h.key, length(h.kind) + 2), ':', 2) || '-01', 'YYYY-MM-DD')
            AND (h.kind = 'contribution.due' OR c.paid_on IS NOT NULL)
        WHERE h.kind LIKE 'contribution.%'
            AND (c.membership_id IS NULL OR c.amount_jkk + c.amount_jkm + c.amount_jht + c.amount_jp <> d.total
                OR split_part(substr(h.key, length(h.kind) + 2), ':', 2) !~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'ledger key "%": no imported contribution row (paid, for a payment) with this total', bad
                USING ERRCODE = 'SL007';
        END IF;
    END IF;

    -- Accounts: opened when their class opens accounts on demand, else refused (as ledger_post does).
    SELECT a.code INTO bad
    FROM (SELECT DISTINCT x.code FROM unnest(p_accounts) AS x(code)) AS a
    WHERE NOT EXISTS (SELECT 1 FROM public.ledger_account AS k WHERE k.code = a.code)
        AND (a.code IS NULL OR a.code NOT LIKE '%:_%' OR NOT EXISTS (
            SELECT 1 FROM public.ledger_account_class AS c
            WHERE c.prefix = split_part(a.code, ':', 1) AND c.opened_on_demand))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger account "%" does not exist and its class does not open accounts on demand', bad
            USING ERRCODE = 'SL003';
    END IF;
    INSERT INTO public.ledger_account (code, class, subject)
    SELECT a.code, split_part(a.code, ':', 1), substr(a.code, length(split_part(a.code, ':', 1)) + 2)
    FROM (SELECT DISTINCT x.code FROM unnest(p_accounts) AS x(code)) AS a
    WHERE NOT EXISTS (SELECT 1 FROM public.ledger_account AS k WHERE k.code = a.code)
    ON CONFLICT (code) DO NOTHING;

    -- A header inserted before by a plain INSERT is closed now: no entry may follow it any more (SL005).
    IF coalesce(current_setting('santunan.ledger_open_transaction', true), '') <> '' THEN
        PERFORM set_config('santunan.ledger_open_transaction', '', true);
    END IF;
    INSERT INTO public.ledger_transaction OVERRIDING SYSTEM VALUE
    SELECT first_transaction + h.n - 1, h.key, h.kind, h.effective, now(), who, h.nik, h.kpj, h.claim, h.batch, h.npp,
        NULL, h.memo, h.lane, h.seq, h.hash
    FROM unnest(p_keys, p_kinds, p_dates, p_niks, p_kpjs, p_claims, p_batches, p_npps, p_memos, p_lanes, p_seqs,
        p_hashes) WITH ORDINALITY AS h(key, kind, effective, nik, kpj, claim, batch, npp, memo, lane, seq, hash, n);
    INSERT INTO public.ledger_entry OVERRIDING SYSTEM VALUE
    SELECT first_entry + e.n - 1, first_transaction + e.t - 1, e.account, e.side, e.amount, p_lanes[e.t], e.seq,
        e.hash
    FROM unnest(p_entry_transactions, p_accounts, p_sides, p_amounts, p_entry_seqs, p_entry_hashes) WITH ORDINALITY
        AS e(t, account, side, amount, seq, hash, n);
    -- Each lane's new head: its last record of the chunk.
    UPDATE public.ledger_chain_head AS h SET last_seq = r.seq, last_hash = r.hash
    FROM (
        SELECT DISTINCT ON (a.lane) a.lane, a.seq, a.hash
        FROM (
            SELECT l.lane, l.seq, l.hash FROM unnest(p_lanes, p_seqs, p_hashes) AS l(lane, seq, hash)
            UNION ALL
            SELECT p_lanes[x.t], x.seq, x.hash FROM unnest(p_entry_transactions, p_entry_seqs, p_entry_hashes)
                AS x(t, seq, hash)
        ) AS a ORDER BY a.lane, a.seq DESC
    ) AS r
    WHERE h.lane = r.lane;
    RETURN header_count;
END
$$;

-- setval of the reservation, last_value of its check.
-- Planned with the chunk's arrays as constants, so that the planner knows their lengths (a generic plan assumes
-- 10 elements per unnest and joined two arrays of 10,000 in a nested loop: 80 % of a chunk's time). One setting
-- per chunk, not per posting.
ALTER FUNCTION ledger_post_chunk(text, text[], text[], date[], text[], text[], text[], text[], text[], text[],
    smallint[], bigint[], bytea[], int[], text[], "char"[], bigint[], bigint[], bytea[])
    SET plan_cache_mode = force_custom_plan;
GRANT SELECT, UPDATE ON SEQUENCE ledger_transaction_id_seq, ledger_entry_id_seq TO santunan_ledger_writer;
ALTER FUNCTION ledger_bulk_begin(text, text[], int[]) OWNER TO santunan_ledger_writer;
ALTER FUNCTION ledger_post_chunk(text, text[], text[], date[], text[], text[], text[], text[], text[], text[],
    smallint[], bigint[], bytea[], int[], text[], "char"[], bigint[], bigint[], bytea[]) OWNER TO santunan_ledger_writer;
REVOKE EXECUTE ON FUNCTION ledger_bulk_begin(text, text[], int[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION ledger_post_chunk(text, text[], text[], date[], text[], text[], text[], text[], text[],
    text[], smallint[], bigint[], bytea[], int[], text[], "char"[], bigint[], bigint[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_bulk_begin(text, text[], int[]) TO santunan_officer;
GRANT EXECUTE ON FUNCTION ledger_post_chunk(text, text[], text[], date[], text[], text[], text[], text[], text[],
    text[], smallint[], bigint[], bytea[], int[], text[], "char"[], bigint[], bigint[], bytea[]) TO santunan_officer;
