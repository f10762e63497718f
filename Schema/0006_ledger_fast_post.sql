-- 0006 ledger fast post: one chain-head lock and one head update per posting instead of one per record
-- (docs/decisions/0006-ledger.md, "Posting path"; docs/benchmarks.md, ledger).
--
-- Unchanged: the tables' columns, the canonical texts and so every stored hash (records of 0005 and of this
-- migration form one chain), the lanes, append-only, the grants of the application roles.
--
-- What changes:
--   * `ledger_post` computes the header's and the entries' positions and hashes itself, under one lock of the lane's
--     head (SELECT … FOR UPDATE), inserts them as computed and writes the head once. It runs as the new role
--     `santunan_ledger_writer` (NOLOGIN, granted to nobody), the only role whose inserts the chain triggers trust.
--   * The chain triggers and the deferred balance check skip rows inserted by that role (`WHEN (current_user <>
--     'santunan_ledger_writer')`): any other INSERT, whoever runs it, the owner included, is still chained row by
--     row by the 0005 triggers and balance-checked at commit.
--   * `ledger_post` checks debits = credits (and two or more entries) before it inserts anything, raising the same
--     error the deferred check raises (SQLSTATE 23514, constraint ledger_transaction_balanced).
--   * An entry inserted outside `ledger_post` now also queues the deferred balance check of its transaction, so no
--     plain INSERT can add an unbalancing entry to a posting without failing at commit.
--   * The key is looked up once, after the lane's lock: a concurrent posting of the same key has then committed.

-- The role `ledger_post` runs as. Roles belong to the cluster: another database may have created it already, or be
-- creating it now.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'santunan_ledger_writer') THEN
        BEGIN
            CREATE ROLE santunan_ledger_writer NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

GRANT SELECT, INSERT ON ledger_transaction, ledger_entry, ledger_account TO santunan_ledger_writer;
GRANT SELECT ON ledger_account_class TO santunan_ledger_writer;
GRANT SELECT, UPDATE ON ledger_chain_head TO santunan_ledger_writer;
GRANT USAGE ON SEQUENCE ledger_transaction_id_seq, ledger_entry_id_seq TO santunan_ledger_writer;

-- The 0005 chain triggers, for every insert but `ledger_post`'s.
DROP TRIGGER ledger_transaction_chain ON ledger_transaction;
DROP TRIGGER ledger_entry_chain ON ledger_entry;
DROP TRIGGER ledger_transaction_balanced ON ledger_transaction;

CREATE TRIGGER ledger_transaction_chain BEFORE INSERT ON ledger_transaction
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_chain_transaction();

CREATE TRIGGER ledger_entry_chain BEFORE INSERT ON ledger_entry
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_chain_entry();

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_check_balanced();

-- The balance of the transaction an entry belongs to, checked at commit: for entries inserted outside ledger_post.
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    entry_count bigint;
    net numeric;
BEGIN
    SELECT count(*), coalesce(sum(CASE WHEN side = 'D' THEN amount ELSE -amount END), 0)
    INTO entry_count, net
    FROM public.ledger_entry WHERE transaction_id = NEW.transaction_id;
    IF entry_count < 2 OR net <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced: % entries, debits - credits = %',
            NEW.transaction_id, entry_count, net
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_entry';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_check_entry_balanced();

-- One posting in one round trip, chained here rather than row by row in the triggers. Same contract as in 0005:
-- returns the transaction's id and whether it was created now (false: the key was posted before, nothing was
-- written); a retry whose kind or entries differ from the stored posting is refused (SQLSTATE SL002).
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
    reverses_id bigint;
    header public.ledger_transaction;
    entry public.ledger_entry;
    entries public.ledger_entry[];
    entry_count int := coalesce(cardinality(p_accounts), 0);
    net numeric := 0;
BEGIN
    -- Few statements and expressions on purpose: PL/pgSQL prepares each expression again in every transaction,
    -- and a posting is usually a transaction of its own.
    --
    -- The transaction's lane if it posted before (one lane lock per database transaction: posters cannot
    -- deadlock on lanes), else one from the key, so that two postings of the same key meet on one lock.
    lane_number := CASE WHEN coalesce(lane_setting, '') = '' THEN (hashtext(p_key) & 2147483647) % 16
        ELSE lane_setting::smallint END;
    SELECT h.last_seq, h.last_hash INTO seq, previous
    FROM public.ledger_chain_head AS h WHERE h.lane = lane_number FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger chain lane % does not exist', lane_number USING ERRCODE = 'SL004';
    END IF;
    IF coalesce(lane_setting, '') = '' THEN
        PERFORM set_config('santunan.ledger_lane', lane_number::text, true);
    END IF;
    -- Under the lane's lock a concurrent posting of the same key has committed (or rolled back): one look-up.
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
    IF p_reverses_key IS NOT NULL THEN
        SELECT t.id INTO reverses_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_reverses_key;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the posting to reverse ("%") does not exist', p_reverses_key USING ERRCODE = 'SL006';
        END IF;
    END IF;
    -- The records as the 0005 triggers would chain them: the same canonical functions, positions and hashes.
    header := ROW(nextval('public.ledger_transaction_id_seq'::regclass), p_key, p_kind, p_effective_date, now(),
        p_recorded_by, p_participant_nik, p_participant_kpj, p_claim_id, p_batch_id, p_employer_npp, reverses_id,
        p_memo, lane_number, seq + 1, NULL)::public.ledger_transaction;
    header.hash := sha256(previous || convert_to(public.ledger_transaction_canonical(header), 'UTF8'));
    previous := header.hash;
    FOR i IN 1..entry_count LOOP
        entry := ROW(nextval('public.ledger_entry_id_seq'::regclass), header.id, p_accounts[i], p_sides[i],
            p_amounts[i], lane_number, seq + 1 + i, NULL)::public.ledger_entry;
        -- An account not in the chart yet is opened if its class opens accounts on demand, else refused (as the
        -- 0005 trigger does). One look-up per entry: a query over the whole array was planned again on every call.
        IF NOT EXISTS (SELECT 1 FROM public.ledger_account AS a WHERE a.code = entry.account) THEN
            IF entry.account IS NULL OR entry.account NOT LIKE '%:_%' OR NOT EXISTS (
                SELECT 1 FROM public.ledger_account_class AS c
                WHERE c.prefix = split_part(entry.account, ':', 1) AND c.opened_on_demand
            ) THEN
                RAISE EXCEPTION 'ledger account "%" does not exist and its class does not open accounts on demand',
                    entry.account USING ERRCODE = 'SL003';
            END IF;
            INSERT INTO public.ledger_account (code, class, subject)
            VALUES (entry.account, split_part(entry.account, ':', 1),
                substr(entry.account, length(split_part(entry.account, ':', 1)) + 2))
            ON CONFLICT (code) DO NOTHING;
        END IF;
        entry.hash := sha256(previous || convert_to(public.ledger_entry_canonical(entry), 'UTF8'));
        previous := entry.hash;
        entries[i] := entry;
        net := net + CASE WHEN entry.side = 'D' THEN entry.amount ELSE -entry.amount END;
    END LOOP;
    -- What the deferred check (0005) tests at commit, tested before anything is written; no other insert can add
    -- entries to this posting without queueing that check (ledger_entry_balanced).
    IF entry_count < 2 OR net IS DISTINCT FROM 0 THEN
        RAISE EXCEPTION 'ledger transaction % (%) is not balanced: % entries, debits - credits = %',
            header.id, p_key, entry_count, net
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
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
    transaction_id := header.id;
    created := true;
END
$$;

ALTER FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[])
    OWNER TO santunan_ledger_writer;
