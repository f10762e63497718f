-- 0005 ledger: the auditors' ledger. Append-only, double-entry, hash-chained (docs/decisions/0006-ledger.md,
-- docs/decisions/0013-identity-and-bounds.md). One definition of each table, function and trigger: what were the
-- migrations 0006 (fast post), 0007 (lean post) and 0011 (ledger integrity), each restating the one before, is folded
-- in here (docs/decisions/0020-schema-fold-and-table-owners.md). Bulk posting is Schema/0014, the monthly snapshots
-- and the point-in-time balances are Schema/0015.
--
-- Tables
--   ledger_account_class  the chart's account classes (prefix, type, normal side), seeded and hash-chained
--   ledger_chart_head     the end of the chart's chain (one row)
--   ledger_account        the chart of accounts; fixed accounts seeded, per-subject accounts created on first use
--   ledger_chain_head     the end of each hash-chain lane (sequence number and hash), one row per lane
--   ledger_transaction    one posting (header): idempotency key, kind, effective date, references
--   ledger_entry          the debit and credit lines of a posting
--   ledger_key_namespace  which roles may post the keys of a flow
--
-- The chain. Every header and entry is a record of a lane's hash chain: position lane_seq and hash = sha256(previous
-- record's hash || canonical text of the record). A posting's records are contiguous in its lane (its header, then
-- its own entries). Debits = credits, with two or more entries, for every posting. UPDATE, DELETE and TRUNCATE are
-- refused by triggers, for every role (a superuser can disable them; the hash chain then shows the tampering).
--
-- Two writers, one chain:
--   * `ledger_post` (the flows, one posting per call) computes the header's and the entries' positions and hashes
--     itself, under one lock of the lane's head (SELECT … FOR UPDATE), inserts them as computed and writes the head
--     once. It runs as `santunan_ledger_writer` (NOLOGIN, granted to nobody), the only role whose inserts the chain
--     triggers trust. It builds the canonical texts inline (a PL/pgSQL call per record cost ≈ 210 000 of 1 350 000
--     server instructions), counts the known accounts in the statement that locks the lane, and checks debits =
--     credits before it writes anything (SQLSTATE 23514, constraint ledger_transaction_balanced).
--   * Any other INSERT (the owner's own; the application roles have no INSERT) is chained row by row by the BEFORE
--     INSERT triggers (`WHEN (current_user <> 'santunan_ledger_writer')`), which update the lane's head in the same
--     statement, so two postings can never take the same position (UNIQUE (lane, lane_seq) backs that up); entries
--     may only follow their own header within the transaction that inserted it (SL005); debits = credits is checked
--     at commit by deferred constraint triggers on headers and on entries.
--
-- Field rules. The rules of a header (key 1-200 bytes, kind, recorded_by) and of an entry (side D/C, amount) are not
-- CHECK constraints, which PostgreSQL parses again for every INSERT statement (≈ 110 000 instructions per posting for
-- five): they are checked where rows come from, `ledger_post` and the chain triggers, through
-- `ledger_check_transaction_fields` / `ledger_check_entry_fields`, which raise what the constraints raised (SQLSTATE
-- 23514 and the constraint's name). `ledger_chain_head` has none either: only the chain code writes it. What the
-- schema keeps for every writer: lane 0-15 (the fixed lane count) on headers, entries and heads, and an entry's
-- amount 1 .. Rp 1.000.000.000.000 (the largest single amount, issue 15). These four are NOT VALID, as 0011 added them
-- to tables with rows: the schema is byte for byte the one migrated before the fold (the snapshot test compares it);
-- stored rows are `ledger verify`'s business.
--
-- Identity and key namespaces. `ledger_post` records `santunan_actor(p_recorded_by)` (Schema/0008: the login for a
-- personal login, the checked claimed name in the single-user set-up) and the server's time; the trigger path does
-- the same, whatever the row said. A key of a flow's kind starts with `<kind>:`, and only the roles the flow belongs
-- to may post it (`ledger_key_namespace`); a kind outside the table is the owner's (single-user set-up). For a
-- personal login the flows' keys are also checked against the flows' tables (`ledger_check_key`), so nobody can post
-- a key ahead of its flow with other content. Refusals: SQLSTATE SL007.
--
-- The chart. The account classes (type and normal side decide every balance) are hash-chained like the postings:
-- `chart_seq`, `hash`, one head (`ledger_chart_head`); the seeded classes are chained in prefix order. An account row
-- is a function of its code (class = the part before ':', subject = the rest), which `ledger verify` checks without a
-- chain: chaining account rows would serialise every posting that opens an account on one lock.

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

-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. (A superuser can disable the triggers; the hash chain
-- is what then shows the tampering.)
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed; post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'SL001';
END
$$;

-- MARK: the chart

-- Account classes: the part of an account code before the first ':' (or the whole code) fixes its type.
CREATE TABLE ledger_account_class (
    prefix text PRIMARY KEY CHECK (prefix ~ '^[A-Z][A-Z_]*$'),
    account_type text NOT NULL CHECK (account_type IN ('asset', 'liability', 'fund', 'income', 'expense')),
    normal_side "char" NOT NULL CHECK (normal_side IN ('D', 'C')),
    program text CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP')),
    -- Whether accounts `PREFIX:<subject>` are opened on their first posting.
    opened_on_demand boolean NOT NULL,
    parent text,
    description text NOT NULL,
    -- The class's place in the chart's chain and its hash, set by the chain trigger.
    chart_seq bigint NOT NULL UNIQUE,
    hash bytea NOT NULL
);

-- The end of the chart's chain.
CREATE TABLE ledger_chart_head (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint NOT NULL,
    last_hash bytea NOT NULL
);

-- The canonical text of a class, hashed into the chart's chain; `ledger verify` rebuilds it in Swift. Text fields
-- as in the postings' texts ('<byte length>:<text>', '-' for NULL).
CREATE FUNCTION ledger_class_canonical(c ledger_account_class) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN concat('K|', c.chart_seq,
        '|', octet_length(c.prefix), ':', c.prefix,
        '|', octet_length(c.account_type), ':', c.account_type,
        '|', c.normal_side::text,
        '|', coalesce(octet_length(c.program) || ':' || c.program, '-'),
        '|', CASE WHEN c.opened_on_demand THEN 't' ELSE 'f' END,
        '|', coalesce(octet_length(c.parent) || ':' || c.parent, '-'),
        '|', octet_length(c.description), ':', c.description);
END
$$;

-- Chains a new class onto the chart (classes come from migrations, run by the owner).
CREATE FUNCTION ledger_chain_class() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    UPDATE public.ledger_chart_head AS h
    SET last_seq = h.last_seq + 1,
        last_hash = sha256(h.last_hash || convert_to(public.ledger_class_canonical(ROW(NEW.prefix, NEW.account_type,
            NEW.normal_side, NEW.program, NEW.opened_on_demand, NEW.parent, NEW.description, h.last_seq + 1,
            NULL)::public.ledger_account_class), 'UTF8'))
    RETURNING h.last_seq, h.last_hash INTO NEW.chart_seq, NEW.hash;
    RETURN NEW;
END
$$;

CREATE TRIGGER ledger_account_class_chain BEFORE INSERT ON ledger_account_class
FOR EACH ROW EXECUTE FUNCTION ledger_chain_class();

INSERT INTO ledger_chart_head (last_seq, last_hash)
VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);

-- In prefix order (COLLATE "C"): the order the chart was first chained in, so chart_seq and every hash are those of
-- the databases migrated before the fold.
INSERT INTO ledger_account_class (prefix, account_type, normal_side, program, opened_on_demand, parent, description)
VALUES
    ('BANK', 'asset', 'D', NULL, false, NULL, 'The fund''s bank account: contributions arrive, payouts leave'),
    ('CLEARING', 'liability', 'C', NULL, true, NULL, 'Bank clearing of one payout batch: released, not yet confirmed paid (CLEARING:<batch id>)'),
    ('DEVELOPMENT', 'expense', 'D', NULL, false, NULL, 'Development (hasil pengembangan, investment returns) credited to JHT/JP accounts'),
    ('DJS', 'fund', 'C', NULL, false, NULL, 'Dana Jaminan Sosial: santunan left unclaimed (DJS:UNCLAIMED)'),
    ('FUND', 'fund', 'C', NULL, false, NULL, 'A program''s pooled fund (FUND:JKK, FUND:JKM; FUND:JHT, FUND:JP roll up the individual accounts)'),
    ('JHT', 'fund', 'C', 'JHT', true, 'FUND:JHT', 'A participant''s individual JHT (old-age savings) account (JHT:<KPJ or NIK>)'),
    ('JP', 'fund', 'C', 'JP', true, 'FUND:JP', 'A participant''s individual JP (pension) account (JP:<KPJ or NIK>)'),
    ('PAYABLE', 'liability', 'C', NULL, true, NULL, 'Benefits approved and not yet paid, per claim (PAYABLE:<claim id>)'),
    ('RECEIVABLE', 'asset', 'D', NULL, true, NULL, 'Contributions receivable from one employer (RECEIVABLE:<NPP>)');

CREATE TRIGGER ledger_account_class_append_only BEFORE UPDATE OR DELETE ON ledger_account_class
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_class_no_truncate BEFORE TRUNCATE ON ledger_account_class
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_chart_head_no_delete BEFORE DELETE ON ledger_chart_head
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_chart_head_no_truncate BEFORE TRUNCATE ON ledger_chart_head
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE TABLE ledger_account (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z_]*(:[^[:space:][:cntrl:]]{1,120})?$'),
    class text NOT NULL REFERENCES ledger_account_class (prefix),
    -- The NIK/KPJ, NPP, claim id, batch id or program after the ':'; NULL for a code without one.
    subject text,
    opened_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO ledger_account (code, class, subject) VALUES
    ('BANK', 'BANK', NULL),
    ('FUND:JKK', 'FUND', 'JKK'),
    ('FUND:JKM', 'FUND', 'JKM'),
    ('FUND:JHT', 'FUND', 'JHT'),
    ('FUND:JP', 'FUND', 'JP'),
    ('DEVELOPMENT:JHT', 'DEVELOPMENT', 'JHT'),
    ('DEVELOPMENT:JP', 'DEVELOPMENT', 'JP'),
    ('DJS:UNCLAIMED', 'DJS', 'UNCLAIMED');

CREATE TRIGGER ledger_account_append_only BEFORE UPDATE OR DELETE ON ledger_account
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON ledger_account
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- MARK: the postings

-- The end of each chain lane. Lanes let postings that do not share a lane commit (and wait for their WAL flush) in
-- parallel; each lane is a chain that cannot fork. 16 lanes: see docs/decisions/0006-ledger.md.
CREATE TABLE ledger_chain_head (
    lane smallint PRIMARY KEY,
    last_seq bigint NOT NULL,
    last_hash bytea NOT NULL
) WITH (fillfactor = 10);

INSERT INTO ledger_chain_head (lane, last_seq, last_hash)
SELECT lane, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
FROM generate_series(0, 15) AS lane;

CREATE TABLE ledger_transaction (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE,
    kind text NOT NULL,
    effective_date date NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    recorded_by text NOT NULL,
    participant_nik text,
    participant_kpj text,
    claim_id text,
    batch_id text,
    employer_npp text,
    reverses bigint REFERENCES ledger_transaction (id),
    memo text,
    -- Set by the chain (ledger_post or the chain trigger); whatever a plain inserter writes here is replaced.
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
    -- No foreign keys: the chain checks the header and the account, without the row locks an RI check takes (every
    -- posting would share-lock BANK and the fund accounts).
    transaction_id bigint NOT NULL,
    account text NOT NULL,
    side "char" NOT NULL,
    amount bigint NOT NULL,
    lane smallint NOT NULL DEFAULT 0,
    lane_seq bigint NOT NULL DEFAULT 0,
    hash bytea NOT NULL DEFAULT '\x'::bytea,
    UNIQUE (lane, lane_seq)
);

CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account, transaction_id);

-- Lanes and amounts, for every writer (see the header on NOT VALID).
ALTER TABLE ledger_transaction
    ADD CONSTRAINT ledger_transaction_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID;
ALTER TABLE ledger_entry
    ADD CONSTRAINT ledger_entry_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID,
    ADD CONSTRAINT ledger_entry_amount_check CHECK (amount > 0 AND amount <= 1000000000000) NOT VALID;
ALTER TABLE ledger_chain_head
    ADD CONSTRAINT ledger_chain_head_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID;

-- The canonical text of a header, hashed into the chain; `santunan ledger verify` rebuilds it in Swift, and
-- `ledger_post` and `ledger_post_chunk` (Schema/0014) build the same text inline. A text field is '-' for NULL, else
-- '<UTF-8 byte length>:<text>', so no separator inside a value can make two different records read the same.
-- (PL/pgSQL rather than SQL functions: their expressions are planned once per session.)
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

-- The rules of a header, raised as CHECK constraints would raise them (see the header).
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

-- The rules of an entry, with the upper bound of an amount.
CREATE FUNCTION ledger_check_entry_fields(p_side "char", p_amount bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (p_side IN ('D', 'C')) THEN
        RAISE EXCEPTION 'ledger entry: side "%" is neither D nor C', p_side
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_side_check', TABLE = 'ledger_entry';
    END IF;
    IF NOT (p_amount > 0 AND p_amount <= 1000000000000) THEN
        RAISE EXCEPTION 'ledger entry: the amount must be 1 to 1000000000000 rupiah, is %', p_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_amount_check', TABLE = 'ledger_entry';
    END IF;
END
$$;

-- The trigger path (every insert but ledger_post's): chains a new header, recording the actor and the server's time
-- whatever the row said. Picks its lane (the transaction's lane if it already posted, else one from the key), takes
-- the lane's next position and hashes the record onto the lane; remembers the open header for its entries.
-- SECURITY DEFINER because the application roles may not touch ledger_chain_head themselves; every name is
-- schema-qualified instead of pinning search_path, which would cost a configuration change on every call.
CREATE FUNCTION ledger_chain_transaction() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    lane_setting text := current_setting('santunan.ledger_lane', true);
BEGIN
    PERFORM public.ledger_check_transaction_fields(NEW.idempotency_key, NEW.kind, NEW.recorded_by);
    NEW.recorded_by := public.santunan_actor(NEW.recorded_by);
    NEW.recorded_at := now();
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

CREATE TRIGGER ledger_transaction_chain BEFORE INSERT ON ledger_transaction
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_chain_transaction();

CREATE TRIGGER ledger_entry_chain BEFORE INSERT ON ledger_entry
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_chain_entry();

-- Debits = credits, and at least two entries, for every posting inserted outside ledger_post, checked when the
-- transaction commits.
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
FOR EACH ROW WHEN (current_user <> 'santunan_ledger_writer') EXECUTE FUNCTION ledger_check_balanced();

-- The balance of the transaction an entry belongs to, checked at commit: no plain INSERT can add an unbalancing
-- entry to a posting without failing at commit.
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

CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON ledger_transaction
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
-- The chain heads change with every posting, but only through the chain code, never row by row.
CREATE TRIGGER ledger_chain_head_no_delete BEFORE DELETE ON ledger_chain_head
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_chain_head_no_truncate BEFORE TRUNCATE ON ledger_chain_head
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- MARK: who may post which keys

CREATE TABLE ledger_key_namespace (
    kind text PRIMARY KEY CHECK (kind ~ '^[a-z][a-z0-9_.]*$'),
    roles name[] NOT NULL,
    flow text NOT NULL
);

INSERT INTO ledger_key_namespace (kind, roles, flow) VALUES
    ('contribution.due', '{santunan_officer}', 'ledger post-contributions'),
    ('contribution.paid', '{santunan_officer}', 'ledger post-contributions'),
    ('development.credited', '{santunan_officer}', 'ledger post-development'),
    ('claim.approved', '{santunan_approver}', 'batch approve'),
    ('payout.released', '{santunan_approver}', 'batch approve'),
    ('payout.paid', '{santunan_approver,santunan_officer}', 'batch reconcile'),
    ('payout.rejected', '{santunan_approver,santunan_officer}', 'batch reconcile'),
    ('unclaimed.transferred', '{santunan_approver}', 'unclaimed santunan');

CREATE TRIGGER ledger_key_namespace_append_only BEFORE UPDATE OR DELETE ON ledger_key_namespace
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

COMMENT ON TABLE ledger_key_namespace IS
    'Which roles may post the keys of a flow; a key of a listed kind starts with "<kind>:". Other kinds: owner only.';

-- Refuses (SQLSTATE SL007) a key the caller may not post: see the header. `p_single` is santunan_single_user().
-- For a personal login: a release only for a line of a batch that is approved now, with the line's amount; paid /
-- rejected only for a line the bank report has just settled; a claim's approval only for a line of an approved
-- batch; a contribution's due / paid only for an imported row (paid: a paid one) with its total.
CREATE FUNCTION ledger_check_key(
    p_key text, p_kind text, p_batch_id text, p_claim_id text, p_sides "char"[], p_amounts bigint[], p_single boolean
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    allowed name[];
    rest text;
    batch text;
    line text;
    line_amount bigint;
BEGIN
    SELECT n.roles INTO allowed FROM public.ledger_key_namespace AS n WHERE n.kind = p_kind;
    IF NOT FOUND THEN
        IF p_single THEN
            -- The owner's kinds may not borrow a flow's prefix.
            IF EXISTS (SELECT 1 FROM public.ledger_key_namespace AS n WHERE p_key LIKE n.kind || ':%') THEN
                RAISE EXCEPTION 'ledger key "%" belongs to another flow than kind %', p_key, p_kind
                    USING ERRCODE = 'SL007';
            END IF;
            RETURN;
        END IF;
        RAISE EXCEPTION 'ledger kind % is not a flow a login may post (only the owner may)', p_kind
            USING ERRCODE = 'SL007';
    END IF;
    IF left(p_key, length(p_kind) + 1) <> p_kind || ':' THEN
        RAISE EXCEPTION 'ledger key "%" is not in the namespace of kind % ("%:…")', p_key, p_kind, p_kind
            USING ERRCODE = 'SL007';
    END IF;
    IF p_single THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM unnest(allowed) AS r(role) WHERE pg_has_role(session_user, r.role, 'MEMBER')) THEN
        RAISE EXCEPTION 'login % may not post % keys (roles %)', session_user, p_kind, array_to_string(allowed, ', ')
            USING ERRCODE = 'SL007';
    END IF;
    rest := substr(p_key, length(p_kind) + 2);
    IF p_kind IN ('payout.released', 'payout.paid', 'payout.rejected') THEN
        -- <batch>:<line>, the batch named in the posting's references too.
        batch := split_part(rest, ':', 1);
        line := substr(rest, length(batch) + 2);
        IF batch IS DISTINCT FROM p_batch_id THEN
            RAISE EXCEPTION 'ledger key "%" names batch % but the posting concerns %', p_key, batch, p_batch_id
                USING ERRCODE = 'SL007';
        END IF;
        SELECT bl.amount INTO line_amount
        FROM public.payout_batch_lines AS bl
        JOIN public.payout_batches AS b ON b.id = bl.batch_id
        JOIN public.payout_lines AS l ON l.id = bl.line_id
        WHERE bl.batch_id = batch AND bl.line_id = line
            AND CASE p_kind
                WHEN 'payout.released' THEN b.state = 'approved'
                WHEN 'payout.paid' THEN b.state IN ('exported', 'reconciled') AND l.status = 'paid'
                ELSE b.state IN ('exported', 'reconciled') AND l.status = 'rejected'
            END;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'ledger key "%": line % of batch % is not in the state this flow posts it in', p_key,
                line, batch USING ERRCODE = 'SL007';
        END IF;
    ELSIF p_kind = 'claim.approved' THEN
        -- <case>:<what the line pays>, for a line of a batch approved now.
        IF p_claim_id IS NULL OR left(rest, length(p_claim_id) + 1) <> p_claim_id || ':' THEN
            RAISE EXCEPTION 'ledger key "%" does not name the posting''s claim', p_key USING ERRCODE = 'SL007';
        END IF;
        line := substr(rest, length(p_claim_id) + 2);
        SELECT l.amount INTO line_amount
        FROM public.payout_lines AS l
        JOIN public.payout_batch_lines AS bl ON bl.line_id = l.id AND bl.open
        JOIN public.payout_batches AS b ON b.id = bl.batch_id AND b.state = 'approved'
        WHERE l.case_id = p_claim_id AND (l.source_key = line OR l.claim_line_id = line)
        LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'ledger key "%": no line of an approved batch pays it', p_key USING ERRCODE = 'SL007';
        END IF;
    ELSIF p_kind IN ('contribution.due', 'contribution.paid') THEN
        -- <KPJ>:<YYYY-MM> of an imported row; the debits are the row's total (the receivable, or the bank).
        line := split_part(rest, ':', 1);
        batch := substr(rest, length(line) + 2);
        IF batch !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
            RAISE EXCEPTION 'ledger key "%" does not end in a month', p_key USING ERRCODE = 'SL007';
        END IF;
        SELECT c.amount_jkk + c.amount_jkm + c.amount_jht + c.amount_jp INTO line_amount
        FROM public.contribution AS c JOIN public.membership AS m ON m.id = c.membership_id
        WHERE m.kpj = line AND c.month = to_date(batch || '-01', 'YYYY-MM-DD')
            AND (p_kind = 'contribution.due' OR c.paid_on IS NOT NULL);
        IF NOT FOUND OR line_amount IS DISTINCT FROM (
            SELECT sum(x.amount) FROM unnest(p_sides, p_amounts) AS x(side, amount) WHERE x.side = 'D'
        ) THEN
            RAISE EXCEPTION 'ledger key "%": no imported contribution row (paid, for a payment) with this total', p_key
                USING ERRCODE = 'SL007';
        END IF;
        RETURN;
    ELSE
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_amounts) AS a(amount) WHERE a.amount IS DISTINCT FROM line_amount) THEN
        RAISE EXCEPTION 'ledger key "%": the amounts differ from the payout line''s %', p_key, line_amount
            USING ERRCODE = 'SL007';
    END IF;
END
$$;

-- MARK: posting

-- One posting in one round trip, chained here rather than row by row in the triggers: returns the transaction's id
-- and whether it was created now (false: the key was posted before, nothing was written). A retry whose kind or
-- entries differ from the stored posting is refused (SQLSTATE SL002); its date may differ (a flow retried on a later
-- day), the stored posting stands. An unbalanced posting is refused before anything is written (23514); the key's
-- namespace is checked (SL007); the actor is santunan_actor(p_recorded_by) (SI001 / SI002). The key is looked up
-- once, after the lane's lock: a concurrent posting of the same key has then committed. Few statements and
-- expressions on purpose: PL/pgSQL prepares each expression again in every transaction, and a posting is usually a
-- transaction of its own.
CREATE FUNCTION ledger_post(
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
    actor text;
BEGIN
    -- Who acts and whether they may post this key, before any lock is taken.
    actor := public.santunan_actor(p_recorded_by);
    PERFORM public.ledger_check_key(
        p_key, p_kind, p_batch_id, p_claim_id, p_sides, p_amounts, public.santunan_single_user());
    IF coalesce(lane_setting, '') = '' THEN
        lane_number := (hashtext(p_key) & 2147483647) % 16;
        lane_setting := set_config('santunan.ledger_lane', lane_number::text, true);
    ELSE
        lane_number := lane_setting::smallint;
    END IF;
    SELECT h.last_seq, h.last_hash,
        (SELECT count(*) FROM public.ledger_account AS a WHERE a.code = ANY ((SELECT p_accounts)::text[]))
    INTO seq, previous, known_accounts
    FROM public.ledger_chain_head AS h WHERE h.lane = lane_number FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger chain lane % does not exist', lane_number USING ERRCODE = 'SL004';
    END IF;
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
    IF NOT (p_key <> '' AND octet_length(p_key) <= 200 AND p_kind ~ '^[a-z][a-z0-9_.]*$' AND actor <> '') THEN
        PERFORM public.ledger_check_transaction_fields(p_key, p_kind, actor);
    END IF;
    IF p_reverses_key IS NOT NULL THEN
        SELECT t.id INTO reverses_id FROM public.ledger_transaction AS t WHERE t.idempotency_key = p_reverses_key;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the posting to reverse ("%") does not exist', p_reverses_key USING ERRCODE = 'SL006';
        END IF;
    END IF;
    -- The texts hashed are exactly those of ledger_transaction_canonical and ledger_entry_canonical (0005);
    -- recorded_at is now(), the server's time at the transaction's start, in the row and in the text.
    transaction_id := nextval('public.ledger_transaction_id_seq'::regclass);
    header := ROW(transaction_id, p_key, p_kind, p_effective_date, now(), actor, p_participant_nik,
        p_participant_kpj, p_claim_id, p_batch_id, p_employer_npp, reverses_id, p_memo, lane_number, seq + 1,
        sha256(previous || convert_to(concat(
            'T|', lane_number, '|', seq + 1, '|', transaction_id, '|', to_char(p_effective_date, 'YYYY-MM-DD'),
            '|', (extract(epoch FROM now()) * 1000000)::bigint,
            '|', octet_length(p_kind), ':', p_kind,
            '|', octet_length(p_key), ':', p_key,
            '|', octet_length(actor), ':', actor,
            '|', coalesce(octet_length(p_participant_nik) || ':' || p_participant_nik, '-'),
            '|', coalesce(octet_length(p_participant_kpj) || ':' || p_participant_kpj, '-'),
            '|', coalesce(octet_length(p_claim_id) || ':' || p_claim_id, '-'),
            '|', coalesce(octet_length(p_batch_id) || ':' || p_batch_id, '-'),
            '|', coalesce(octet_length(p_employer_npp) || ':' || p_employer_npp, '-'),
            '|', coalesce(reverses_id::text, '-'),
            '|', coalesce(octet_length(p_memo) || ':' || p_memo, '-')), 'UTF8')))::public.ledger_transaction;
    previous := header.hash;
    FOR i IN 1..entry_count LOOP
        IF NOT (p_sides[i] IN ('D', 'C') AND p_amounts[i] > 0 AND p_amounts[i] <= 1000000000000) THEN
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
    IF entry_count < 2 OR net IS DISTINCT FROM 0 THEN
        RAISE EXCEPTION 'ledger transaction % (%) is not balanced: % entries, debits - credits = %',
            transaction_id, p_key, entry_count, net
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
    END IF;
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

ALTER FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[])
    OWNER TO santunan_ledger_writer;

-- MARK: privileges

-- The application roles read; they post through ledger_post alone (and ledger_post_chunk, Schema/0014). Nobody but
-- the owner may INSERT, UPDATE or DELETE, and the triggers refuse UPDATE and DELETE even to the owner.
GRANT SELECT ON ledger_key_namespace TO santunan_ledger_writer;
REVOKE ALL ON ledger_account_class, ledger_account, ledger_transaction, ledger_entry, ledger_chain_head,
    ledger_key_namespace, ledger_chart_head FROM PUBLIC;
GRANT SELECT ON ledger_account_class, ledger_account, ledger_chain_head, ledger_transaction, ledger_entry,
    ledger_key_namespace, ledger_chart_head TO santunan_officer, santunan_approver, santunan_auditor;
REVOKE EXECUTE ON FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[]) TO santunan_officer, santunan_approver;

-- What ledger_post (run as santunan_ledger_writer) writes and reads for its checks: the ledger, the contributions
-- (Schema/0002) and the payout lines and batches (granted in Schema/0010, after the roles' grants there). The
-- contributions only where they exist: the ledger's own tests migrate the ledger's files alone.
GRANT SELECT, INSERT ON ledger_transaction, ledger_entry, ledger_account TO santunan_ledger_writer;
GRANT SELECT ON ledger_account_class TO santunan_ledger_writer;
GRANT SELECT, UPDATE ON ledger_chain_head TO santunan_ledger_writer;
GRANT USAGE ON SEQUENCE ledger_transaction_id_seq, ledger_entry_id_seq TO santunan_ledger_writer;
DO $$
BEGIN
    IF to_regclass('public.contribution') IS NOT NULL THEN
        GRANT SELECT ON contribution, membership TO santunan_ledger_writer;
    END IF;
END
$$;
