-- 0005 ledger: the auditors' ledger. Append-only, double-entry, hash-chained (docs/decisions/0006-ledger.md).
--
-- Tables
--   ledger_account_class  the chart's account classes (prefix, type, normal side), seeded
--   ledger_account        the chart of accounts; fixed accounts seeded, per-subject accounts created on first use
--   ledger_transaction    one posting (header): idempotency key, kind, effective date, references
--   ledger_entry          the debit and credit lines of a posting
--   ledger_chain_head     the end of each hash-chain lane (sequence number and hash), one row per lane
--
-- Every header and entry is a record of the hash chain: a BEFORE INSERT trigger gives it the next position of its
-- lane and hash = sha256(previous record's hash || canonical text of the record). The lane's head row is updated in
-- the same statement, so it stays locked until the posting transaction ends and two postings can never take the same
-- position (UNIQUE (lane, lane_seq) backs that up). Entries may only follow their own header within the transaction
-- that inserted it, so a posting's records are contiguous in its lane. Debits = credits is checked at commit by a
-- deferred constraint trigger. UPDATE, DELETE and TRUNCATE are refused by triggers, for every role.

-- Account classes: the part of an account code before the first ':' (or the whole code) fixes its type.
CREATE TABLE ledger_account_class (
    prefix text PRIMARY KEY CHECK (prefix ~ '^[A-Z][A-Z_]*$'),
    account_type text NOT NULL CHECK (account_type IN ('asset', 'liability', 'fund', 'income', 'expense')),
    normal_side "char" NOT NULL CHECK (normal_side IN ('D', 'C')),
    program text CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP')),
    -- Whether accounts `PREFIX:<subject>` are opened on their first posting.
    opened_on_demand boolean NOT NULL,
    parent text,
    description text NOT NULL
);

CREATE TABLE ledger_account (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z_]*(:[^[:space:][:cntrl:]]{1,120})?$'),
    class text NOT NULL REFERENCES ledger_account_class (prefix),
    -- The NIK/KPJ, NPP, claim id, batch id or program after the ':'; NULL for a code without one.
    subject text,
    opened_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO ledger_account_class (prefix, account_type, normal_side, program, opened_on_demand, parent, description)
VALUES
    ('BANK', 'asset', 'D', NULL, false, NULL, 'The fund''s bank account: contributions arrive, payouts leave'),
    ('RECEIVABLE', 'asset', 'D', NULL, true, NULL, 'Contributions receivable from one employer (RECEIVABLE:<NPP>)'),
    ('FUND', 'fund', 'C', NULL, false, NULL, 'A program''s pooled fund (FUND:JKK, FUND:JKM; FUND:JHT, FUND:JP roll up the individual accounts)'),
    ('JHT', 'fund', 'C', 'JHT', true, 'FUND:JHT', 'A participant''s individual JHT (old-age savings) account (JHT:<KPJ or NIK>)'),
    ('JP', 'fund', 'C', 'JP', true, 'FUND:JP', 'A participant''s individual JP (pension) account (JP:<KPJ or NIK>)'),
    ('DEVELOPMENT', 'expense', 'D', NULL, false, NULL, 'Development (hasil pengembangan, investment returns) credited to JHT/JP accounts'),
    ('PAYABLE', 'liability', 'C', NULL, true, NULL, 'Benefits approved and not yet paid, per claim (PAYABLE:<claim id>)'),
    ('CLEARING', 'liability', 'C', NULL, true, NULL, 'Bank clearing of one payout batch: released, not yet confirmed paid (CLEARING:<batch id>)'),
    ('DJS', 'fund', 'C', NULL, false, NULL, 'Dana Jaminan Sosial: santunan left unclaimed (DJS:UNCLAIMED)');

INSERT INTO ledger_account (code, class, subject) VALUES
    ('BANK', 'BANK', NULL),
    ('FUND:JKK', 'FUND', 'JKK'),
    ('FUND:JKM', 'FUND', 'JKM'),
    ('FUND:JHT', 'FUND', 'JHT'),
    ('FUND:JP', 'FUND', 'JP'),
    ('DEVELOPMENT:JHT', 'DEVELOPMENT', 'JHT'),
    ('DEVELOPMENT:JP', 'DEVELOPMENT', 'JP'),
    ('DJS:UNCLAIMED', 'DJS', 'UNCLAIMED');

-- The end of each chain lane. Lanes let postings that do not share a lane commit (and wait for their WAL flush) in
-- parallel; each lane is a chain that cannot fork. 16 lanes: see docs/decisions/0006-ledger.md.
CREATE TABLE ledger_chain_head (
    lane smallint PRIMARY KEY CHECK (lane >= 0),
    last_seq bigint NOT NULL CHECK (last_seq >= 0),
    last_hash bytea NOT NULL CHECK (octet_length(last_hash) = 32)
) WITH (fillfactor = 10);

INSERT INTO ledger_chain_head (lane, last_seq, last_hash)
SELECT lane, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
FROM generate_series(0, 15) AS lane;

CREATE TABLE ledger_transaction (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE CHECK (idempotency_key <> '' AND octet_length(idempotency_key) <= 200),
    kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]*$'),
    effective_date date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by text NOT NULL CHECK (recorded_by <> ''),
    participant_nik text,
    participant_kpj text,
    claim_id text,
    batch_id text,
    employer_npp text,
    reverses bigint REFERENCES ledger_transaction (id),
    memo text,
    -- Set by the chain trigger; whatever the inserter writes here is replaced.
    lane smallint NOT NULL DEFAULT 0,
    lane_seq bigint NOT NULL DEFAULT 0,
    hash bytea NOT NULL DEFAULT '\x'::bytea,
    UNIQUE (lane, lane_seq)
);

CREATE INDEX ledger_transaction_effective_date ON ledger_transaction (effective_date);
CREATE INDEX ledger_transaction_claim ON ledger_transaction (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX ledger_transaction_batch ON ledger_transaction (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX ledger_transaction_nik ON ledger_transaction (participant_nik) WHERE participant_nik IS NOT NULL;
CREATE INDEX ledger_transaction_kpj ON ledger_transaction (participant_kpj) WHERE participant_kpj IS NOT NULL;

CREATE TABLE ledger_entry (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No foreign keys: the chain trigger checks the header and the account, without the row locks an RI check
    -- takes (every posting would share-lock BANK and the fund accounts).
    transaction_id bigint NOT NULL,
    account text NOT NULL,
    side "char" NOT NULL CHECK (side IN ('D', 'C')),
    amount bigint NOT NULL CHECK (amount > 0),
    lane smallint NOT NULL DEFAULT 0,
    lane_seq bigint NOT NULL DEFAULT 0,
    hash bytea NOT NULL DEFAULT '\x'::bytea,
    UNIQUE (lane, lane_seq)
);

CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account, transaction_id);

-- The canonical text of a header, hashed into the chain; `santunan ledger verify` rebuilds it in Swift. A text field
-- is '-' for NULL, else '<UTF-8 byte length>:<text>', so no separator inside a value can make two different records
-- read the same. (PL/pgSQL rather than SQL functions: their expressions are planned once per session.)
CREATE FUNCTION ledger_transaction_canonical(t ledger_transaction) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN 'T|' || t.lane || '|' || t.lane_seq || '|' || t.id || '|' || to_char(t.effective_date, 'YYYY-MM-DD')
        || '|' || (extract(epoch FROM t.recorded_at) * 1000000)::bigint
        || '|' || octet_length(t.kind) || ':' || t.kind
        || '|' || octet_length(t.idempotency_key) || ':' || t.idempotency_key
        || '|' || octet_length(t.recorded_by) || ':' || t.recorded_by
        || '|' || coalesce(octet_length(t.participant_nik) || ':' || t.participant_nik, '-')
        || '|' || coalesce(octet_length(t.participant_kpj) || ':' || t.participant_kpj, '-')
        || '|' || coalesce(octet_length(t.claim_id) || ':' || t.claim_id, '-')
        || '|' || coalesce(octet_length(t.batch_id) || ':' || t.batch_id, '-')
        || '|' || coalesce(octet_length(t.employer_npp) || ':' || t.employer_npp, '-')
        || '|' || coalesce(t.reverses::text, '-')
        || '|' || coalesce(octet_length(t.memo) || ':' || t.memo, '-');
END
$$;

-- The canonical text of an entry.
CREATE FUNCTION ledger_entry_canonical(e ledger_entry) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN 'E|' || e.lane || '|' || e.lane_seq || '|' || e.id || '|' || e.transaction_id
        || '|' || octet_length(e.account) || ':' || e.account || '|' || e.side::text || '|' || e.amount;
END
$$;

-- Chains a new header: picks its lane (the transaction's lane if it already posted, else one from the key), takes
-- the lane's next position and hashes the record onto the lane. Remembers the open header for its entries.
-- SECURITY DEFINER because the application roles may not touch ledger_chain_head themselves; every name is
-- schema-qualified instead of pinning search_path, which would cost a configuration change on every call.
CREATE FUNCTION ledger_chain_transaction() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    lane_setting text := current_setting('santunan.ledger_lane', true);
BEGIN
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

-- Chains a new entry right after its header (or its header's previous entries) and opens its account on demand.
CREATE FUNCTION ledger_chain_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    open_transaction text := current_setting('santunan.ledger_open_transaction', true);
    account_prefix text;
BEGIN
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

CREATE TRIGGER ledger_transaction_chain BEFORE INSERT ON ledger_transaction
FOR EACH ROW EXECUTE FUNCTION ledger_chain_transaction();

CREATE TRIGGER ledger_entry_chain BEFORE INSERT ON ledger_entry
FOR EACH ROW EXECUTE FUNCTION ledger_chain_entry();

-- Debits = credits, and at least two entries, for every posting, checked when the transaction commits.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    entry_count bigint;
    net numeric;
BEGIN
    SELECT count(*), coalesce(sum(CASE WHEN side = 'D' THEN amount ELSE -amount END), 0)
    INTO entry_count, net
    FROM public.ledger_entry WHERE transaction_id = NEW.id;
    IF entry_count < 2 OR net <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % (%) is not balanced: % entries, debits - credits = %',
            NEW.id, NEW.idempotency_key, entry_count, net
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. (A superuser can disable the triggers; the hash chain
-- is what then shows the tampering.)
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed; post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'SL001';
END
$$;

CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON ledger_transaction
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_append_only BEFORE UPDATE OR DELETE ON ledger_account
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON ledger_account
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_class_append_only BEFORE UPDATE OR DELETE ON ledger_account_class
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_class_no_truncate BEFORE TRUNCATE ON ledger_account_class
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
-- The chain heads change with every posting, but only through the chain triggers, never row by row.
CREATE TRIGGER ledger_chain_head_no_delete BEFORE DELETE ON ledger_chain_head
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_chain_head_no_truncate BEFORE TRUNCATE ON ledger_chain_head
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- One posting in one round trip: the idempotency check, the header and the entries (one INSERT). Returns the
-- transaction's id and whether it was created now (false: the key was posted before, nothing was written).
-- A retry whose kind or entries differ from the stored posting is refused (SQLSTATE SL002); its date may differ
-- (a flow retried on a later day), the stored posting stands.
CREATE FUNCTION ledger_post(
    p_key text, p_kind text, p_effective_date date, p_recorded_by text,
    p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text,
    p_reverses_key text, p_memo text,
    p_accounts text[], p_sides "char"[], p_amounts bigint[],
    OUT transaction_id bigint, OUT created boolean
)
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    lane_setting text;
    reverses_id bigint;
BEGIN
    SELECT t.id INTO transaction_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_key;
    IF NOT FOUND THEN
        -- Lock the lane first and look again: a concurrent posting of the same key took the same lane (unless
        -- this database transaction posted before) and has now committed or rolled back.
        lane_setting := current_setting('santunan.ledger_lane', true);
        IF lane_setting IS NULL OR lane_setting = '' THEN
            PERFORM 1 FROM public.ledger_chain_head AS h
            WHERE h.lane = (hashtext(p_key) & 2147483647) % 16 FOR UPDATE;
            SELECT t.id INTO transaction_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_key;
        END IF;
    END IF;
    IF transaction_id IS NOT NULL THEN
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
    INSERT INTO public.ledger_transaction (
        idempotency_key, kind, effective_date, recorded_by, participant_nik, participant_kpj, claim_id, batch_id,
        employer_npp, reverses, memo)
    VALUES (
        p_key, p_kind, p_effective_date, p_recorded_by, p_participant_nik, p_participant_kpj, p_claim_id, p_batch_id,
        p_employer_npp, reverses_id, p_memo)
    RETURNING id INTO transaction_id;
    INSERT INTO public.ledger_entry (transaction_id, account, side, amount)
    SELECT ledger_post.transaction_id, x.a, x.s, x.m
    FROM unnest(p_accounts, p_sides, p_amounts) WITH ORDINALITY AS x(a, s, m, n)
    ORDER BY x.n;
    created := true;
END
$$;

-- Point-in-time balances: debits and credits of each account over postings effective on or before a date.
CREATE FUNCTION ledger_balances_at(p_at date)
RETURNS TABLE (account text, account_type text, normal_side "char", debits numeric, credits numeric)
LANGUAGE sql STABLE AS $$
    SELECT a.code, c.account_type, c.normal_side,
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0),
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)
    FROM public.ledger_account AS a
    JOIN public.ledger_account_class AS c ON c.prefix = a.class
    LEFT JOIN (
        public.ledger_entry AS e JOIN public.ledger_transaction AS t ON t.id = e.transaction_id AND t.effective_date <= p_at
    ) ON e.account = a.code
    GROUP BY a.code, c.account_type, c.normal_side
$$;

-- Privileges: the application roles post (INSERT) and read; auditors read. Nobody but the owner may UPDATE or
-- DELETE, and the triggers refuse that even to the owner.
REVOKE ALL ON ledger_account_class, ledger_account, ledger_transaction, ledger_entry, ledger_chain_head FROM PUBLIC;
GRANT SELECT ON ledger_account_class, ledger_account, ledger_chain_head TO santunan_officer, santunan_approver, santunan_auditor;
GRANT SELECT, INSERT ON ledger_transaction, ledger_entry TO santunan_officer, santunan_approver;
GRANT SELECT ON ledger_transaction, ledger_entry TO santunan_auditor;
REVOKE EXECUTE ON FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[]) TO santunan_officer, santunan_approver;
