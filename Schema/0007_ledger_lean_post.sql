-- 0007 ledger lean post: less server work per posting in `ledger_post` (docs/decisions/0006-ledger.md, "Posting
-- path"; docs/benchmarks.md, ledger).
--
-- Unchanged: the tables' columns, the canonical texts and so every stored hash (records of 0005, 0006 and this
-- migration form one chain), the lanes, the trusted writer role, append-only, the grants, the row triggers and the
-- deferred balance checks of inserts outside `ledger_post`.
--
-- What changes, measured in instructions per posting of the server (callgrind, 2-entry transfers):
--   * The canonical texts are built inline, in one `concat` each, instead of by calling
--     `ledger_transaction_canonical` / `ledger_entry_canonical`: a PL/pgSQL call sets up a frame and prepares its
--     RETURN expression again in every transaction (≈ 210 000 of 1 350 000 instructions for the three calls). The
--     functions stay: the row triggers use them, and the tests check that both give the same hashes.
--   * The accounts are counted in the statement that locks the lane's head (one statement instead of one per entry);
--     only a posting naming an account that is not in the chart yet takes the per-entry path that opens it.
--   * The lane is remembered with an assignment, not a PERFORM (which runs as a query).
--   * `ledger_chain_head` loses its three CHECK constraints: only the chain code writes it (the application roles
--     may only read it), and every UPDATE parsed the three expressions again (≈ 50 000 instructions).
--   * The CHECK constraints of headers (key, kind, recorded_by) and entries (side, amount) become checks in the two
--     places rows come from: `ledger_post`, in one test per header and per entry, and the 0005 row triggers that
--     chain every other insert. PostgreSQL parses a table's CHECK expressions again for every INSERT statement
--     (≈ 110 000 instructions per posting for the five). The error is the one the constraint raised: SQLSTATE 23514
--     and the constraint's name (`ledger_transaction_kind_check`, ...), from `ledger_check_transaction_fields` and
--     `ledger_check_entry_fields`, which state each rule once.

ALTER TABLE ledger_chain_head
    DROP CONSTRAINT ledger_chain_head_lane_check,
    DROP CONSTRAINT ledger_chain_head_last_seq_check,
    DROP CONSTRAINT ledger_chain_head_last_hash_check;

-- The rules of the former CHECK constraints of a header, raised as the constraints raised them.
CREATE FUNCTION ledger_check_transaction_fields(p_key text, p_kind text, p_recorded_by text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (p_key <> '' AND octet_length(p_key) <= 200) THEN
        RAISE EXCEPTION 'ledger transaction: the idempotency key must be 1 to 200 bytes'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_idempotency_key_check',
                TABLE = 'ledger_transaction';
    END IF;
    IF NOT (p_kind ~ '^[a-z][a-z0-9_.]*$') THEN
        RAISE EXCEPTION 'ledger transaction: kind "%" is not lower case letters, digits, "_" and "."', p_kind
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_kind_check',
                TABLE = 'ledger_transaction';
    END IF;
    IF NOT (p_recorded_by <> '') THEN
        RAISE EXCEPTION 'ledger transaction: recorded_by must name the acting user'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_recorded_by_check',
                TABLE = 'ledger_transaction';
    END IF;
END
$$;

-- The rules of the former CHECK constraints of an entry.
CREATE FUNCTION ledger_check_entry_fields(p_side "char", p_amount bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (p_side IN ('D', 'C')) THEN
        RAISE EXCEPTION 'ledger entry: side "%" is neither D nor C', p_side
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_side_check', TABLE = 'ledger_entry';
    END IF;
    IF NOT (p_amount > 0) THEN
        RAISE EXCEPTION 'ledger entry: the amount must be > 0, is %', p_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_amount_check', TABLE = 'ledger_entry';
    END IF;
END
$$;

ALTER TABLE ledger_transaction
    DROP CONSTRAINT ledger_transaction_idempotency_key_check,
    DROP CONSTRAINT ledger_transaction_kind_check,
    DROP CONSTRAINT ledger_transaction_recorded_by_check;
ALTER TABLE ledger_entry
    DROP CONSTRAINT ledger_entry_side_check,
    DROP CONSTRAINT ledger_entry_amount_check;

-- The 0005 chain triggers (every insert but ledger_post's), unchanged but for the field checks in front.
CREATE OR REPLACE FUNCTION ledger_chain_transaction() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    lane_setting text := current_setting('santunan.ledger_lane', true);
BEGIN
    PERFORM public.ledger_check_transaction_fields(NEW.idempotency_key, NEW.kind, NEW.recorded_by);
    IF lane_setting IS NULL OR lane_setting = '' THEN
        NEW.lane := (hashtext(NEW.idempotency_key) & 2147483647) % 16;
    ELSE
        NEW.lane := lane_setting::smallint;
    END IF;
    UPDATE public.ledger_chain_head AS h
    SET last_seq = h.last_seq + 1,
        last_hash = sha256(h.last_hash || convert_to(
            ledger_transaction_canonical(ROW(NEW.id, NEW.idempotency_key, NEW.kind, NEW.effective_date,
                NEW.recorded_at, NEW.recorded_by, NEW.participant_nik, NEW.participant_kpj, NEW.claim_id,
                NEW.batch_id, NEW.employer_npp, NEW.reverses, NEW.memo, NEW.lane, h.last_seq + 1, NULL)::public.ledger_transaction),
            'UTF8'))
    WHERE h.lane = NEW.lane
    RETURNING h.last_seq, h.last_hash INTO NEW.lane_seq, NEW.hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger chain lane % does not exist', NEW.lane USING ERRCODE = 'SL004';
    END IF;
    PERFORM set_config('santunan.ledger_lane', NEW.lane::text, true);
    PERFORM set_config('santunan.ledger_open_transaction', NEW.id::text, true);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION ledger_chain_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    open_transaction text := current_setting('santunan.ledger_open_transaction', true);
    account_prefix text;
BEGIN
    PERFORM public.ledger_check_entry_fields(NEW.side, NEW.amount);
    IF open_transaction IS NULL OR open_transaction = '' OR open_transaction::bigint <> NEW.transaction_id THEN
        RAISE EXCEPTION 'ledger entries must follow their own transaction header, inserted earlier in the same '
            'database transaction (entry for transaction %)', NEW.transaction_id
            USING ERRCODE = 'SL005';
    END IF;
    PERFORM 1 FROM public.ledger_account WHERE code = NEW.account;
    IF NOT FOUND THEN
        account_prefix := split_part(NEW.account, ':', 1);
        IF NEW.account NOT LIKE '%:_%' OR NOT EXISTS (
            SELECT 1 FROM public.ledger_account_class WHERE prefix = account_prefix AND opened_on_demand
        ) THEN
            RAISE EXCEPTION 'ledger account "%" does not exist and its class does not open accounts on demand',
                NEW.account USING ERRCODE = 'SL003';
        END IF;
        INSERT INTO public.ledger_account (code, class, subject)
        VALUES (NEW.account, account_prefix, substr(NEW.account, length(account_prefix) + 2))
        ON CONFLICT (code) DO NOTHING;
    END IF;
    NEW.lane := current_setting('santunan.ledger_lane')::smallint;
    UPDATE public.ledger_chain_head AS h
    SET last_seq = h.last_seq + 1,
        last_hash = sha256(h.last_hash || convert_to(
            ledger_entry_canonical(ROW(NEW.id, NEW.transaction_id, NEW.account, NEW.side, NEW.amount, NEW.lane,
                h.last_seq + 1, NULL)::public.ledger_entry),
            'UTF8'))
    WHERE h.lane = NEW.lane
    RETURNING h.last_seq, h.last_hash INTO NEW.lane_seq, NEW.hash;
    RETURN NEW;
END
$$;

-- Same contract as in 0005 and 0006: returns the transaction's id and whether it was created now (false: the key
-- was posted before, nothing was written); a retry whose kind or entries differ from the stored posting is refused
-- (SQLSTATE SL002); an unbalanced posting is refused before anything is written (SQLSTATE 23514).
CREATE OR REPLACE FUNCTION ledger_post(
    p_key text, p_kind text, p_effective_date date, p_recorded_by text,
    p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text,
    p_reverses_key text, p_memo text,
    p_accounts text[], p_sides "char"[], p_amounts bigint[],
    OUT transaction_id bigint, OUT created boolean
)
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    lane_setting text := current_setting('santunan.ledger_lane', true);
    lane_number smallint;
    seq bigint;
    previous bytea;
    known_accounts bigint;
    reverses_id bigint;
    header public.ledger_transaction;
    entry_id bigint;
    entries public.ledger_entry[];
    entry_count int := coalesce(cardinality(p_accounts), 0);
    net numeric := 0;
BEGIN
    -- Few statements and expressions on purpose: PL/pgSQL prepares each expression again in every transaction,
    -- and a posting is usually a transaction of its own.
    --
    -- The transaction's lane if it posted before (one lane lock per database transaction: posters cannot
    -- deadlock on lanes), else one from the key, so that two postings of the same key meet on one lock.
    IF coalesce(lane_setting, '') = '' THEN
        lane_number := (hashtext(p_key) & 2147483647) % 16;
        lane_setting := set_config('santunan.ledger_lane', lane_number::text, true);
    ELSE
        lane_number := lane_setting::smallint;
    END IF;
    -- The array is read through a sub-select so that the planner cannot see its length: with the array as a
    -- constant, the plan for two accounts looked cheaper than the cached generic one, and the statement was
    -- planned again on every call.
    SELECT h.last_seq, h.last_hash,
        (SELECT count(*) FROM public.ledger_account AS a WHERE a.code = ANY ((SELECT p_accounts)::text[]))
    INTO seq, previous, known_accounts
    FROM public.ledger_chain_head AS h WHERE h.lane = lane_number FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger chain lane % does not exist', lane_number USING ERRCODE = 'SL004';
    END IF;
    -- Under the lane's lock a concurrent posting of the same key has committed (or rolled back): one look-up, in
    -- a statement of its own so that its snapshot is taken after the lock was granted.
    SELECT t.id INTO transaction_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_key;
    IF FOUND THEN
        created := false;
        IF NOT EXISTS (
            SELECT 1 FROM public.ledger_transaction AS t
            WHERE t.id = transaction_id AND t.kind = p_kind
        ) OR (
            SELECT array_agg(e.account || '|' || e.side::text || '|' || e.amount ORDER BY e.account, e.side, e.amount)
            FROM public.ledger_entry AS e WHERE e.transaction_id = ledger_post.transaction_id
        ) IS DISTINCT FROM (
            SELECT array_agg(a || '|' || s::text || '|' || m ORDER BY a, s, m) FROM unnest(p_accounts, p_sides, p_amounts) AS x(a, s, m)
        ) THEN
            RAISE EXCEPTION 'idempotency key "%" was already posted with different content', p_key
                USING ERRCODE = 'SL002';
        END IF;
        RETURN;
    END IF;
    -- The rules of ledger_check_transaction_fields in one test; that function names the one broken.
    IF NOT (p_key <> '' AND octet_length(p_key) <= 200 AND p_kind ~ '^[a-z][a-z0-9_.]*$' AND p_recorded_by <> '') THEN
        PERFORM public.ledger_check_transaction_fields(p_key, p_kind, p_recorded_by);
    END IF;
    IF p_reverses_key IS NOT NULL THEN
        SELECT t.id INTO reverses_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_reverses_key;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the posting to reverse ("%") does not exist', p_reverses_key USING ERRCODE = 'SL006';
        END IF;
    END IF;
    -- The records as the 0005 triggers would chain them. The texts hashed are exactly those of
    -- ledger_transaction_canonical and ledger_entry_canonical (0005), field by field; recorded_at is now(), the
    -- transaction's start, in the row and in the text.
    transaction_id := nextval('public.ledger_transaction_id_seq'::regclass);
    header := ROW(transaction_id, p_key, p_kind, p_effective_date, now(), p_recorded_by, p_participant_nik,
        p_participant_kpj, p_claim_id, p_batch_id, p_employer_npp, reverses_id, p_memo, lane_number, seq + 1,
        sha256(previous || convert_to(concat(
            'T|', lane_number, '|', seq + 1, '|', transaction_id, '|', to_char(p_effective_date, 'YYYY-MM-DD'),
            '|', (extract(epoch FROM now()) * 1000000)::bigint,
            '|', octet_length(p_kind), ':', p_kind,
            '|', octet_length(p_key), ':', p_key,
            '|', octet_length(p_recorded_by), ':', p_recorded_by,
            '|', coalesce(octet_length(p_participant_nik) || ':' || p_participant_nik, '-'),
            '|', coalesce(octet_length(p_participant_kpj) || ':' || p_participant_kpj, '-'),
            '|', coalesce(octet_length(p_claim_id) || ':' || p_claim_id, '-'),
            '|', coalesce(octet_length(p_batch_id) || ':' || p_batch_id, '-'),
            '|', coalesce(octet_length(p_employer_npp) || ':' || p_employer_npp, '-'),
            '|', coalesce(reverses_id::text, '-'),
            '|', coalesce(octet_length(p_memo) || ':' || p_memo, '-')), 'UTF8')))::public.ledger_transaction;
    previous := header.hash;
    FOR i IN 1..entry_count LOOP
        IF NOT (p_sides[i] IN ('D', 'C') AND p_amounts[i] > 0) THEN
            PERFORM public.ledger_check_entry_fields(p_sides[i], p_amounts[i]);
        END IF;
        entry_id := nextval('public.ledger_entry_id_seq'::regclass);
        previous := sha256(previous || convert_to(concat(
            'E|', lane_number, '|', seq + 1 + i, '|', entry_id, '|', transaction_id,
            '|', octet_length(p_accounts[i]), ':', p_accounts[i], '|', p_sides[i], '|', p_amounts[i]), 'UTF8'));
        entries[i] := ROW(entry_id, transaction_id, p_accounts[i], p_sides[i], p_amounts[i], lane_number, seq + 1 + i,
            previous)::public.ledger_entry;
        net := net + CASE WHEN p_sides[i] = 'D' THEN p_amounts[i] ELSE -p_amounts[i] END;
    END LOOP;
    -- What the deferred check (0005) tests at commit, tested before anything is written; no other insert can add
    -- entries to this posting without queueing that check (ledger_entry_balanced).
    IF entry_count < 2 OR net IS DISTINCT FROM 0 THEN
        RAISE EXCEPTION 'ledger transaction % (%) is not balanced: % entries, debits - credits = %',
            transaction_id, p_key, entry_count, net
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
    END IF;
    -- An account not in the chart yet is opened if its class opens accounts on demand, else refused (as the 0005
    -- trigger does). Fewer accounts found than entries: some account is new (or the posting names one twice).
    IF known_accounts < entry_count THEN
        FOR i IN 1..entry_count LOOP
            IF NOT EXISTS (SELECT 1 FROM public.ledger_account AS a WHERE a.code = p_accounts[i]) THEN
                IF p_accounts[i] IS NULL OR p_accounts[i] NOT LIKE '%:_%' OR NOT EXISTS (
                    SELECT 1 FROM public.ledger_account_class AS c
                    WHERE c.prefix = split_part(p_accounts[i], ':', 1) AND c.opened_on_demand
                ) THEN
                    RAISE EXCEPTION 'ledger account "%" does not exist and its class does not open accounts on demand',
                        p_accounts[i] USING ERRCODE = 'SL003';
                END IF;
                INSERT INTO public.ledger_account (code, class, subject)
                VALUES (p_accounts[i], split_part(p_accounts[i], ':', 1),
                    substr(p_accounts[i], length(split_part(p_accounts[i], ':', 1)) + 2))
                ON CONFLICT (code) DO NOTHING;
            END IF;
        END LOOP;
    END IF;

    -- A header inserted before by a plain INSERT is closed now, as when the 0005 trigger chained a header: its
    -- entries could no longer follow it in the lane (SL005).
    IF coalesce(current_setting('santunan.ledger_open_transaction', true), '') <> '' THEN
        PERFORM set_config('santunan.ledger_open_transaction', '', true);
    END IF;
    INSERT INTO public.ledger_transaction OVERRIDING SYSTEM VALUE SELECT (header).*;
    INSERT INTO public.ledger_entry OVERRIDING SYSTEM VALUE SELECT * FROM unnest(entries);
    UPDATE public.ledger_chain_head AS h SET last_seq = seq + 1 + entry_count, last_hash = previous
    WHERE h.lane = lane_number;
    created := true;
END
$$;
