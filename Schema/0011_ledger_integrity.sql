-- 0011 ledger integrity (issue 15): who may post what, the lanes and amounts bounded in the schema, the chart of
-- accounts chained (docs/decisions/0013-identity-and-bounds.md, docs/decisions/0006-ledger.md).
--
-- Unchanged: the canonical texts of headers and entries and so every stored hash, the lanes, append-only, the
-- contract of `ledger_post` for the flows (same parameters, same result).
--
-- What changes:
--   * Only the owner inserts ledger rows itself: the application roles lose INSERT on `ledger_transaction` and
--     `ledger_entry` and post through `ledger_post` alone.
--   * `ledger_post` records `santunan_actor(p_recorded_by)` (Schema/0008: the login for a personal login, the
--     checked claimed name in the single-user set-up) and the server's time; the trigger path (the owner's own
--     INSERTs) does the same, whatever the row said.
--   * Idempotency keys have namespaces: a key of a flow's kind starts with `<kind>:`, and only the roles the flow
--     belongs to may post it (`ledger_key_namespace`); a kind outside the table is the owner's (single-user set-up).
--     For a personal login the flows' keys are also checked against the flows' tables: a release only for a line of
--     a batch that is approved now, with the line's amount; paid / rejected only for a line the bank report has just
--     settled; a claim's approval only for a line of an approved batch; a contribution's due / paid only for an
--     imported row (paid: a paid one) with its total. So nobody can post a key ahead of its flow with other content
--     (which made `batch approve` fail forever with SL002). Refusals: SQLSTATE SL007.
--   * CHECKs the schema keeps for every writer, triggers or not: lane 0-15 (the fixed lane count) on headers,
--     entries and heads; an entry's amount 1 .. Rp 1.000.000.000.000 (the largest single amount, issue 15).
--     NOT VALID: new rows are checked; rows already stored are `ledger verify`'s business.
--   * The chart's account classes (type and normal side decide every balance) are hash-chained like the postings:
--     `chart_seq`, `hash`, and one head (`ledger_chart_head`). An account row is a function of its code (class =
--     the part before ':', subject = the rest), which `ledger verify` checks without a chain: chaining account rows
--     would serialise every posting that opens an account on one lock.

-- Write rights.
REVOKE INSERT ON ledger_transaction, ledger_entry FROM santunan_officer, santunan_approver;

-- Lanes and amounts, for every writer.
ALTER TABLE ledger_transaction
    ADD CONSTRAINT ledger_transaction_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID;
ALTER TABLE ledger_entry
    ADD CONSTRAINT ledger_entry_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID,
    ADD CONSTRAINT ledger_entry_amount_check CHECK (amount > 0 AND amount <= 1000000000000) NOT VALID;
ALTER TABLE ledger_chain_head
    ADD CONSTRAINT ledger_chain_head_lane_check CHECK (lane BETWEEN 0 AND 15) NOT VALID;

-- The rules of an entry, as `ledger_post` and the trigger path test them (0007), with the upper bound.
CREATE OR REPLACE FUNCTION ledger_check_entry_fields(p_side "char", p_amount bigint) RETURNS void
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

-- Key namespaces: which roles may post a flow's keys.
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

-- The chart's classes, chained.
CREATE TABLE ledger_chart_head (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_seq bigint NOT NULL,
    last_hash bytea NOT NULL
);

CREATE TRIGGER ledger_chart_head_no_delete BEFORE DELETE ON ledger_chart_head
FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_chart_head_no_truncate BEFORE TRUNCATE ON ledger_chart_head
FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

ALTER TABLE ledger_account_class ADD COLUMN chart_seq bigint, ADD COLUMN hash bytea;

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

-- The classes seeded by 0005, chained in prefix order.
INSERT INTO ledger_chart_head (last_seq, last_hash)
VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
ALTER TABLE ledger_account_class DISABLE TRIGGER ledger_account_class_append_only;
DO $$
DECLARE
    class public.ledger_account_class;
    seq bigint := 0;
    previous bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
BEGIN
    FOR class IN SELECT * FROM public.ledger_account_class ORDER BY prefix COLLATE "C" LOOP
        seq := seq + 1;
        class.chart_seq := seq;
        previous := sha256(previous || convert_to(public.ledger_class_canonical(class), 'UTF8'));
        UPDATE public.ledger_account_class SET chart_seq = seq, hash = previous WHERE prefix = class.prefix;
    END LOOP;
    UPDATE public.ledger_chart_head SET last_seq = seq, last_hash = previous;
END
$$;
ALTER TABLE ledger_account_class ENABLE TRIGGER ledger_account_class_append_only;
ALTER TABLE ledger_account_class
    ALTER COLUMN chart_seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL, ADD UNIQUE (chart_seq);

CREATE TRIGGER ledger_account_class_chain BEFORE INSERT ON ledger_account_class
FOR EACH ROW EXECUTE FUNCTION ledger_chain_class();

-- The owner's own header INSERTs (the 0005 trigger path): the actor and the server's time, whatever the row said.
CREATE OR REPLACE FUNCTION ledger_chain_transaction() RETURNS trigger
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

-- Same contract as in 0005-0007; now also: the key's namespace is checked (SL007), the actor is
-- santunan_actor(p_recorded_by) (SI001 / SI002), an amount above Rp 1.000.000.000.000 is refused (23514).
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

-- What `ledger_post` (run as santunan_ledger_writer) reads for the checks; the payout tables only where they exist
-- (the ledger's own tests load the ledger's migrations alone).
GRANT SELECT ON ledger_key_namespace TO santunan_ledger_writer;
DO $$
BEGIN
    IF to_regclass('public.payout_batches') IS NOT NULL THEN
        GRANT SELECT ON payout_batches, payout_batch_lines, payout_lines TO santunan_ledger_writer;
    END IF;
    IF to_regclass('public.contribution') IS NOT NULL THEN
        GRANT SELECT ON contribution, membership TO santunan_ledger_writer;
    END IF;
END
$$;

REVOKE ALL ON ledger_key_namespace, ledger_chart_head FROM PUBLIC;
GRANT SELECT ON ledger_key_namespace, ledger_chart_head TO santunan_officer, santunan_approver, santunan_auditor;
