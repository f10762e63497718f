-- 0021 payees: the heir's bank account set on the claim, lines waiting for it released together, and gap-free batch
-- numbers (issue 18; docs/decisions/0008-payout-batches.md, "Session 6"; docs/roles.md).
--
-- payout_payee_accounts  insert-only: the bank account a claims officer set on a claim for one payee (`santunan claim
--                        payee`). The newest row of a (claim, payee NIK) is the payee's account: every payout line of
--                        that payee created from then on is paid into it (the BEFORE INSERT trigger below), so next
--                        year's scholarship instalment or next month's pension does not wait for bank details again.
-- payout_waiting_lines   the lines waiting for bank details, each with the account it would be released into (NULL
--                        while the claim has none for its payee): `santunan payouts waiting`.
-- payout_batch_numbers   one counter row: a batch takes its number in the transaction that creates it, so an empty or
--                        rolled-back `batch prepare` burns no number (a sequence is not gap-free).
--
-- SQLSTATEs of this file, class SP (payouts): SP001 a claim that does not exist (exit 66), SP002 a payee, account or
-- holder the claim cannot take (exit 65).

-- MARK: payee accounts

CREATE TABLE payout_payee_accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES claims (id),
    payee_nik text NOT NULL CHECK (payee_nik <> ''),
    -- The same rules as a payout line's account (0004), so an account stored here can always be paid into.
    bank_bic text NOT NULL CHECK (bank_bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'),
    bank_account_number text NOT NULL CHECK (bank_account_number ~ '^[0-9]{1,34}$'),
    bank_account_holder text NOT NULL CHECK (
        btrim(bank_account_holder) <> '' AND char_length(bank_account_holder) <= 140
        AND bank_account_holder !~ '[[:cntrl:]]'),
    set_by text NOT NULL CHECK (set_by <> ''),
    set_at timestamptz NOT NULL
);

CREATE INDEX payout_payee_accounts_payee_idx ON payout_payee_accounts (claim_id, payee_nik, id DESC);

COMMENT ON TABLE payout_payee_accounts IS
    'Insert-only: bank accounts set on claims per payee; the newest of a (claim, payee) pays every later line.';

CREATE TRIGGER payout_payee_accounts_insert_only BEFORE UPDATE OR DELETE ON payout_payee_accounts
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_payee_accounts_no_truncate BEFORE TRUNCATE ON payout_payee_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_change();

-- The payee's current account on a claim: the newest row.
CREATE FUNCTION payout_payee_account(p_claim_id bigint, p_nik text) RETURNS payout_payee_accounts
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT * FROM payout_payee_accounts a WHERE a.claim_id = p_claim_id AND a.payee_nik = p_nik
    ORDER BY a.id DESC LIMIT 1
$$;

-- Whether `account` may pay a line waiting for bank details: not when the line re-pays a line the bank rejected
-- into this very account (AC01, AC04, ...: the account is wrong, a corrected one is needed).
CREATE FUNCTION payout_payee_account_usable(p_replaces text, p_bic text, p_number text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT p_bic IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM payout_lines r
        WHERE r.id = p_replaces AND r.bank_bic = p_bic AND r.bank_account_number = p_number)
$$;

-- Every new line of a payee with an account on the claim is paid into it, whichever path creates the line (due lump
-- sums and instalments, pension months and arrears, re-payments after a bank rejection): a line that would wait for
-- bank details becomes payable, a new payable one takes the newer account. A re-payment waiting because the bank
-- refused this very account keeps waiting; a payable replacement keeps the account it was given (corrected details
-- of `payouts release`); lines on hold (duplicate review) stay on hold.
CREATE FUNCTION payout_lines_payee_account() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    v_account payout_payee_accounts%ROWTYPE;
BEGIN
    IF NEW.payee_nik IS NULL OR NEW.status NOT IN ('payable', 'awaiting_bank_details') THEN
        RETURN NEW;
    END IF;
    -- A payable line that replaces another carries the account it was given on purpose: the corrected details of
    -- `payouts release LINE --bic … --account … --holder …`, or the account of a re-payment after a rejection that
    -- was not the account's fault.
    IF NEW.status = 'payable' AND NEW.replaces IS NOT NULL THEN
        RETURN NEW;
    END IF;
    v_account := payout_payee_account(NEW.claim_id, NEW.payee_nik);
    IF v_account.id IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.status = 'awaiting_bank_details'
        AND NOT payout_payee_account_usable(NEW.replaces, v_account.bank_bic, v_account.bank_account_number) THEN
        RETURN NEW;
    END IF;
    NEW.bank_bic := v_account.bank_bic;
    NEW.bank_account_number := v_account.bank_account_number;
    NEW.bank_account_holder := v_account.bank_account_holder;
    IF NEW.status = 'awaiting_bank_details' THEN
        NEW.status := 'payable';
        NEW.status_note := 'bank account set on the claim by ' || v_account.set_by;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payout_lines_payee_account BEFORE INSERT ON payout_lines
    FOR EACH ROW EXECUTE FUNCTION payout_lines_payee_account();

-- The lines waiting for bank details, oldest first, with the account each would be released into.
CREATE VIEW payout_waiting_lines AS
    SELECT p.id, p.seq, p.claim_id, p.case_id, p.program, p.item, p.kind, p.amount, p.payee_role, p.payee_nik,
           p.due, p.status_note, p.created_at, p.replaces,
           CASE WHEN usable THEN a.bank_bic END AS account_bic,
           CASE WHEN usable THEN a.bank_account_number END AS account_number,
           CASE WHEN usable THEN a.bank_account_holder END AS account_holder
    FROM payout_lines p
    LEFT JOIN LATERAL payout_payee_account(p.claim_id, p.payee_nik) a ON p.payee_nik IS NOT NULL
    CROSS JOIN LATERAL (
        SELECT payout_payee_account_usable(p.replaces, a.bank_bic, a.bank_account_number) AS usable) u
    WHERE p.status = 'awaiting_bank_details';

COMMENT ON VIEW payout_waiting_lines IS
    'Payout lines waiting for bank details, with the account set on the claim that would pay each (NULL: none yet).';

-- A claim named by its case id (any letter case) or its number; SP001 when there is none.
CREATE FUNCTION payout_claim_resolve(p_claim text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
    v_claim bigint;
BEGIN
    SELECT c.id INTO v_claim FROM claims c
    WHERE lower(c.case_id) = lower(btrim(p_claim))
       OR (btrim(p_claim) ~ '^[0-9]{1,18}$' AND c.id = btrim(p_claim)::bigint)
    ORDER BY (c.case_id = btrim(p_claim)) DESC, c.id
    LIMIT 1;
    IF v_claim IS NULL THEN
        RAISE EXCEPTION 'claim %: no such claim; list them with santunan claim list', p_claim USING ERRCODE = 'SP001';
    END IF;
    RETURN v_claim;
END
$$;

-- `santunan claim payee CLAIM [--heir NIK] --account BANK:NUMBER[:NAME]`: stores the payee's account on the claim.
-- The claim is its case id (any letter case) or its number; the payee must be paid by a line of the claim or be an
-- heir of its case; without a NIK the claim's only payee; without a holder the heir's name in the case. The setter
-- is the actor. Returns the claim, the payee, the holder stored and how many waiting lines the account can release.
CREATE FUNCTION payout_payee_set(
    p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamptz)
RETURNS TABLE (claim_id bigint, case_id text, payee_nik text, holder text, releasable bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_claim bigint;
    v_case text;
    v_document json;
    v_nik text := nullif(btrim(p_nik), '');
    v_payees text[];
    v_holder text := nullif(btrim(p_holder), '');
BEGIN
    v_claim := payout_claim_resolve(p_claim);
    SELECT c.case_id, s.case_document INTO v_case, v_document
    FROM claims c JOIN submissions s ON s.id = c.id WHERE c.id = v_claim;
    SELECT array_agg(DISTINCT l.payee_nik ORDER BY l.payee_nik) INTO v_payees
    FROM claim_lines l
    WHERE l.claim_id = v_claim AND l.payee_nik IS NOT NULL
      AND l.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan', 'employer');
    IF v_nik IS NULL THEN
        IF coalesce(array_length(v_payees, 1), 0) <> 1 THEN
            RAISE EXCEPTION 'claim % pays % payees: name one with --heir NIK (santunan claim show % lists them)',
                v_case, coalesce(array_length(v_payees, 1), 0), v_case
                USING ERRCODE = 'SP002';
        END IF;
        v_nik := v_payees[1];
    END IF;
    IF NOT (v_nik = ANY (coalesce(v_payees, '{}')) OR EXISTS (
            SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(v_document->'heirs') = 'array'
                                                   THEN v_document->'heirs' ELSE '[]'::json END) h
            WHERE h->>'nik' = v_nik)) THEN
        RAISE EXCEPTION 'claim %: the NIK given is neither a payee of the claim nor an heir of its case', v_case
            USING ERRCODE = 'SP002';
    END IF;
    IF v_holder IS NULL THEN
        SELECT nullif(btrim(h->>'name'), '') INTO v_holder
        FROM json_array_elements(CASE WHEN json_typeof(v_document->'heirs') = 'array'
                                      THEN v_document->'heirs' ELSE '[]'::json END) h
        WHERE h->>'nik' = v_nik LIMIT 1;
    END IF;
    IF v_holder IS NULL THEN
        SELECT l.bank_account_holder INTO v_holder FROM claim_lines l
        WHERE l.claim_id = v_claim AND l.payee_nik = v_nik AND l.bank_account_holder IS NOT NULL
        ORDER BY l.position LIMIT 1;
    END IF;
    IF v_holder IS NULL THEN
        RAISE EXCEPTION 'claim %: the case names no account holder for this payee: give it as BANK:NUMBER:NAME',
            v_case USING ERRCODE = 'SP002';
    END IF;
    IF p_bic IS NULL OR p_bic !~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$' THEN
        RAISE EXCEPTION '%: not a BIC (8 or 11 upper-case letters and digits, e.g. BRINIDJA)', coalesce(p_bic, '')
            USING ERRCODE = 'SP002';
    END IF;
    IF p_number IS NULL OR p_number !~ '^[0-9]{1,34}$' THEN
        RAISE EXCEPTION 'the account number must be 1 to 34 digits' USING ERRCODE = 'SP002';
    END IF;
    INSERT INTO payout_payee_accounts (claim_id, payee_nik, bank_bic, bank_account_number, bank_account_holder, set_by,
                                       set_at)
    VALUES (v_claim, v_nik, p_bic, p_number, v_holder, v_actor, p_at);
    claim_id := v_claim;
    case_id := v_case;
    payee_nik := v_nik;
    holder := v_holder;
    SELECT count(*) INTO releasable FROM payout_waiting_lines w
    WHERE w.claim_id = v_claim AND w.payee_nik = v_nik AND w.account_bic IS NOT NULL;
    RETURN NEXT;
END
$$;

-- `santunan payouts release --all-waiting [--claim CLAIM]`: every line waiting for bank details whose payee now has a
-- usable account on the claim is released into it (payout_line_release: the waiting line cancelled, a NEW payable
-- line pays the same amount). Lines whose payee has none keep waiting. Returns each released line and its successor.
CREATE FUNCTION payout_lines_release_waiting(p_as text, p_at timestamptz, p_claim text)
RETURNS TABLE (line_id text, new_line_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_claim bigint := CASE WHEN p_claim IS NOT NULL THEN payout_claim_resolve(p_claim) END;
    v_row record;
BEGIN
    FOR v_row IN
        SELECT w.id, w.account_bic, w.account_number, w.account_holder FROM payout_waiting_lines w
        WHERE w.account_bic IS NOT NULL AND (v_claim IS NULL OR w.claim_id = v_claim)
        ORDER BY w.seq
    LOOP
        line_id := v_row.id;
        new_line_id := payout_line_release(v_row.id, v_actor, p_at, v_row.account_bic, v_row.account_number,
                                           v_row.account_holder);
        RETURN NEXT;
    END LOOP;
END
$$;

-- MARK: gap-free batch numbers

CREATE TABLE payout_batch_numbers (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    -- The number of the last batch created.
    last bigint NOT NULL CHECK (last >= 0)
);

INSERT INTO payout_batch_numbers (last) SELECT coalesce(max(seq), 0) FROM payout_batches;

COMMENT ON TABLE payout_batch_numbers IS 'The last batch number: taken in the transaction that creates the batch.';

CREATE TRIGGER payout_batch_numbers_no_delete BEFORE DELETE ON payout_batch_numbers
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_batch_numbers_no_truncate BEFORE TRUNCATE ON payout_batch_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_change();

-- Gathers the payable lines in no open batch (oldest first) into a new batch with its header totals; the preparer
-- is the actor, never a name the caller writes. Returns the batch id, or NULL when no line is payable. Numbered from
-- payout_batch_numbers: the counter row is locked first (prepares run one at a time, which they may: a prepare is one
-- statement) and moved only when a batch is made, in the same transaction, so an empty prepare changes nothing and a
-- rolled-back one gives its number back. (The approvers' function of the roles of Schema/0010, defined here with the
-- counter it needs.)
CREATE FUNCTION payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamptz)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_seq bigint;
    v_id text;
    v_headers bigint;
BEGIN
    IF p_max_lines IS NOT NULL AND p_max_lines < 1 THEN
        RAISE EXCEPTION '--max-lines: must be at least 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n.last + 1 INTO v_seq FROM payout_batch_numbers n FOR UPDATE;
    -- PB-<WIB year>-<number, four digits at least>.
    v_id := 'PB-' || to_char((p_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY') || '-'
        || CASE WHEN v_seq < 10000 THEN lpad(v_seq::text, 4, '0') ELSE v_seq::text END;
    WITH picked AS (
        SELECT p.id, p.program, p.amount FROM payout_lines p
        WHERE p.status = 'payable' AND (p_program IS NULL OR p.program = p_program)
          AND NOT EXISTS (SELECT 1 FROM payout_batch_lines b WHERE b.line_id = p.id AND b.open)
        ORDER BY p.seq
        LIMIT p_max_lines
        FOR UPDATE OF p SKIP LOCKED),
    per_program AS (
        SELECT program, count(*) AS lines, sum(amount) AS total FROM picked GROUP BY program),
    header AS (
        INSERT INTO payout_batches (
            id, seq, state, program, line_count, total, totals_by_program, prepared_by, prepared_at)
        SELECT v_id, v_seq, 'prepared', p_program, sum(lines), sum(total),
               jsonb_object_agg(program, jsonb_build_object('lines', lines, 'total', total)), v_actor, p_at
        FROM per_program HAVING count(*) > 0
        RETURNING id),
    members AS (
        INSERT INTO payout_batch_lines (batch_id, line_id, program, amount)
        SELECT header.id, picked.id, picked.program, picked.amount FROM header, picked
        RETURNING 1)
    SELECT (SELECT count(*) FROM header) INTO v_headers
    FROM (SELECT count(*) FROM members) m;
    IF v_headers <> 1 THEN
        RETURN NULL;
    END IF;
    UPDATE payout_batch_numbers SET last = v_seq;
    INSERT INTO payout_batch_history (batch_id, event, actor, note, at) VALUES (v_id, 'prepared', v_actor, NULL, p_at);
    RETURN v_id;
END
$$;

-- MARK: grants

REVOKE ALL ON payout_payee_accounts, payout_batch_numbers, payout_waiting_lines FROM PUBLIC;
GRANT SELECT ON payout_payee_accounts, payout_waiting_lines
    TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
REVOKE EXECUTE ON FUNCTION payout_payee_account(bigint, text), payout_payee_account_usable(text, text, text),
    payout_claim_resolve(text),
    payout_payee_set(text, text, text, text, text, text, timestamptz),
    payout_lines_release_waiting(text, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_payee_account(bigint, text), payout_payee_account_usable(text, text, text),
    payout_claim_resolve(text) TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
-- Officers take the heirs' bank details; approvers, who release held lines, release the waiting ones.
GRANT EXECUTE ON FUNCTION payout_payee_set(text, text, text, text, text, text, timestamptz) TO santunan_officer;
GRANT EXECUTE ON FUNCTION payout_lines_release_waiting(text, timestamptz, text) TO santunan_approver;
REVOKE EXECUTE ON FUNCTION payout_batch_prepare(text, text, integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payout_batch_prepare(text, text, integer, timestamptz) TO santunan_approver;
