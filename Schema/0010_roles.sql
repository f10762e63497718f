-- 0010 roles: the money tables change only through functions that check the rule (issue 15, docs/roles.md,
-- docs/decisions/0013-identity-and-bounds.md).
--
-- Until now maker-checker and the payout lines rested on text anyone with table rights could write: an approver could
-- UPDATE its own batch's decided_by, insert a batch with a made-up preparer, insert a payout line of any amount to any
-- account, reopen the lines of an exported batch (so `batch prepare` put them in a second pain.001) or mark lines
-- paid with no bank report; an officer could rewrite the case of a paid claim. From here on:
--
--   * no role but the owner has INSERT, UPDATE or DELETE on submissions, claims, claim_lines, claim_installments,
--     claim_status_history, heir_jobs, payout_lines, payout_batches, payout_batch_lines, payout_batch_history,
--     payout_status_reports, payout_line_statuses (the grants of 0003 and 0004 are revoked);
--   * officers, workers and approvers call the SECURITY DEFINER functions below, owned by the migration owner with a
--     pinned search_path. Each checks its rule and records who acted with santunan_actor() (0008): the login for a
--     personal login, the checked --as name in the single-user set-up. Each takes a whole set (arrays in, one call
--     per operation), so a batch of thousands of lines is still one round trip;
--   * the triggers of 0003/0004 stay as a second line, and payout_batch_lines gets one: a line leaves its batch only
--     when the batch is rejected or reconciled, never by a direct UPDATE, and never comes back.
--
-- Workers get their own group role, santunan_worker: they compute and store claims and run the queue, which an
-- officer (who submits cases and adds documents) must not do (docs/decisions/0013-identity-and-bounds.md).
--
-- SQLSTATEs: 42501 for a refusal by rule (maker-checker also names the constraint payout_batches_maker_checker),
-- SR001 a payout line that does not match a payable claim line, SR002 a reconciliation that does not fit its batch,
-- SR003 a case document that can no longer change, SR004 a claim written without its job completed in the same
-- transaction, SR005 a batch, line, job or submission that does not exist or is in the wrong state.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'santunan_worker') THEN
        BEGIN
            CREATE ROLE santunan_worker NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created concurrently by another database's migration
        END;
    END IF;
END
$$;

-- MARK: take the table rights back

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON submissions, claims, claim_lines, claim_installments, claim_status_history,
    heir_jobs, payout_lines, payout_batches, payout_batch_lines, payout_batch_history, payout_status_reports,
    payout_line_statuses FROM PUBLIC, santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
REVOKE UPDATE (case_document, amended_by, amended_at) ON submissions FROM santunan_officer;
REVOKE UPDATE (state, decided_by, decided_at, rejection_reason, requested_execution_date, exported_at, reconciled_at)
    ON payout_batches FROM santunan_approver;
REVOKE UPDATE (status, status_note, bank_status, reject_reason, paid_on, status_changed_at)
    ON payout_lines FROM santunan_approver;
REVOKE UPDATE (open) ON payout_batch_lines FROM santunan_approver;
REVOKE USAGE ON SEQUENCE payout_line_seq, payout_batch_seq FROM santunan_approver;

GRANT SELECT ON santunan_meta TO santunan_worker;
-- Every command opens the database through the migrator, which reads what was applied (Sources/ClaimStore/Migrator).
DO $$
BEGIN
    IF to_regclass('schema_migrations') IS NOT NULL THEN
        GRANT SELECT ON schema_migrations
            TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
    END IF;
END
$$;
GRANT SELECT ON submissions, claims, claim_lines, claim_installments, claim_status_history, heir_jobs
    TO santunan_worker;
GRANT SELECT ON payout_lines, payout_batches, payout_batch_lines TO santunan_worker;
GRANT EXECUTE ON FUNCTION santunan_single_user(), santunan_actor(text) TO santunan_worker;

-- MARK: second line: batch membership

-- A line leaves an open batch only through the batch's own trigger (rejected or reconciled: pg_trigger_depth() > 1),
-- and never comes back: reopening the lines of an exported batch would let `batch prepare` pay them twice.
CREATE FUNCTION payout_batch_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout batch %: its lines cannot be deleted', OLD.batch_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.batch_id, NEW.line_id, NEW.program, NEW.amount) IS DISTINCT FROM
       (OLD.batch_id, OLD.line_id, OLD.program, OLD.amount) THEN
        RAISE EXCEPTION 'payout batch %: the lines of a batch are fixed at preparation', OLD.batch_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.open AND NOT OLD.open THEN
        RAISE EXCEPTION 'payout batch %: line % left the batch and cannot come back', OLD.batch_id, OLD.line_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.open AND NOT NEW.open AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'payout batch %: line % leaves the batch only when the batch is rejected or reconciled',
            OLD.batch_id, OLD.line_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payout_batch_lines_guard BEFORE UPDATE OR DELETE ON payout_batch_lines
    FOR EACH ROW EXECUTE FUNCTION payout_batch_lines_guard();
CREATE TRIGGER payout_batch_lines_no_truncate BEFORE TRUNCATE ON payout_batch_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_change();

-- MARK: the worker's identity

-- Who computed a claim: the login for a personal login; in the single-user set-up the worker id (host:pid:n), which
-- is longer than an --as name may be, so it is checked here rather than by santunan_actor.
CREATE FUNCTION santunan_worker_actor(p_worker text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT santunan_single_user() THEN
        RETURN session_user::text;
    END IF;
    IF p_worker IS NULL OR p_worker = '' OR char_length(p_worker) > 200 OR p_worker ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'worker id: must be 1-200 printable characters'
            USING ERRCODE = 'SI001';
    END IF;
    RETURN p_worker;
END
$$;

-- MARK: payouts (approvers)

-- Locks a batch for the rest of the transaction, for the reads that decide what to do with it (`FOR UPDATE` needs
-- UPDATE rights the approver no longer has).
CREATE FUNCTION payout_batch_lock(p_batch text) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM payout_batches WHERE id = p_batch FOR UPDATE)
$$;

-- The candidates of `payouts due`, joined to their claim lines: the payment data (amount, payee, account, case,
-- program) comes from the payable claim line, never from the caller, and `valid` says whether the candidate is one
-- (a lump sum or an instalment of a payable claim line, with its own due date; a pension month is never one: pension
-- months go through pension_payouts_record, Schema/0013). Internal: not granted.
CREATE FUNCTION payout_due_candidates(
    p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[],
    p_deadlines date[], p_payable boolean[], p_notes text[])
RETURNS TABLE (
    ord bigint, kind text, source_key text, claim_id bigint, claim_line_id text, installment_seq integer,
    pension_month date, case_id text, kpj text, segment text, program text, item text, amount bigint,
    payee_role text, payee_nik text, bank_bic text, bank_account_number text, bank_account_holder text,
    due date, complete_on date, deadline date, status text, status_note text, valid boolean)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT c.ord, c.kind,
           CASE c.kind WHEN 'lump_sum' THEN 'claim_line:' || cl.id
                       WHEN 'installment' THEN 'installment:' || cl.id || ':' || c.installment_seq
                       ELSE 'pension:' || cl.id || ':' || to_char(c.due, 'YYYY-MM') END,
           cl.claim_id, c.claim_line_id, CASE WHEN c.kind = 'installment' THEN c.installment_seq END,
           NULL::date,
           s.case_id, s.kpj,
           (SELECT m->>'segment' FROM json_array_elements(s.case_document->'participant'->'memberships') m
             WHERE m->>'kpj' = s.kpj LIMIT 1),
           cl.program, cl.item, CASE WHEN c.kind = 'installment' THEN ci.amount ELSE cl.amount END,
           cl.payee_role, cl.payee_nik,
           CASE WHEN c.payable THEN cl.bank_bic END, CASE WHEN c.payable THEN cl.bank_account_number END,
           CASE WHEN c.payable THEN cl.bank_account_holder END,
           c.due, c.complete_on, c.deadline,
           CASE WHEN c.payable THEN 'payable' ELSE 'awaiting_bank_details' END,
           CASE WHEN c.payable THEN NULL ELSE c.note END,
           coalesce(cl.id IS NOT NULL AND cc.status = 'payable' AND c.payable IS NOT NULL
             AND cl.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan')
             AND (NOT c.payable OR cl.bank_bic IS NOT NULL)
             AND CASE c.kind
                 WHEN 'lump_sum' THEN cl.schedule = 'lump_sum' AND c.due = cl.due AND cl.amount > 0
                     AND c.installment_seq IS NULL
                     AND c.complete_on IS NOT DISTINCT FROM
                         ((payout_claim_complete_at(cc.id) AT TIME ZONE 'UTC') + interval '7 hours')::date
                     AND (c.deadline IS NULL OR (c.complete_on IS NOT NULL AND c.deadline >= c.complete_on
                                                 AND c.deadline <= c.complete_on + 60))
                 WHEN 'installment' THEN cl.schedule = 'yearly' AND ci.seq IS NOT NULL AND c.due = ci.due
                     AND ci.amount > 0 AND c.complete_on IS NULL AND c.deadline IS NULL
                 ELSE false END, false)
    FROM unnest(p_kinds, p_claim_line_ids, p_installment_seqs, p_dues, p_complete_ons, p_deadlines, p_payable,
                p_notes) WITH ORDINALITY AS c(kind, claim_line_id, installment_seq, due, complete_on, deadline,
                                              payable, note, ord)
    LEFT JOIN claim_lines cl ON cl.id = c.claim_line_id
    LEFT JOIN claims cc ON cc.id = cl.claim_id
    LEFT JOIN submissions s ON s.id = cc.id
    LEFT JOIN claim_installments ci ON ci.line_id = cl.id AND ci.seq = c.installment_seq AND c.kind = 'installment'
$$;

-- Creates the payout lines of due claim lines, instalments and pension months (`payouts due`). The caller names
-- WHAT falls due (kind, claim line, instalment, date, service-level dates, whether the case's account is valid);
-- what is paid to whom is read from the payable claim line (payout_due_candidates), so no caller can make up an
-- amount or an account. A candidate that matches no payable claim line refuses the whole call (SR001). A source
-- already paid by a live line is skipped (idempotent). Returns the new lines per kind.
--
-- No temporary table: one created inside a SECURITY DEFINER function could be a table the caller made first, with
-- a trigger that would then run with the owner's rights.
CREATE FUNCTION payout_lines_create_due(
    p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[])
RETURNS TABLE (kind text, created bigint, awaiting bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_row record;
BEGIN
    -- One pass over the candidates: the lines are inserted only when every candidate is valid, and the first
    -- invalid one comes back as a row of its own, whose exception then undoes the whole call.
    FOR v_row IN
        WITH cand AS MATERIALIZED (
            SELECT * FROM payout_due_candidates(p_kinds, p_claim_line_ids, p_installment_seqs, p_dues,
                p_complete_ons, p_deadlines, p_payable, p_notes)),
        inserted AS (
            INSERT INTO payout_lines (
                id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, case_id, kpj,
                segment, program, item, amount, payee_role, payee_nik, bank_bic, bank_account_number,
                bank_account_holder, due, complete_on, deadline, status, status_note, created_by)
            SELECT payout_line_id(n.seq), n.seq, n.source_key, n.kind, n.claim_id, n.claim_line_id,
                   n.installment_seq, n.pension_month, n.case_id, n.kpj, n.segment, n.program, n.item, n.amount,
                   n.payee_role, n.payee_nik, n.bank_bic, n.bank_account_number, n.bank_account_holder, n.due,
                   n.complete_on, n.deadline, n.status, n.status_note, v_actor
            FROM (SELECT nextval('payout_line_seq') AS seq, d.*
                  FROM (SELECT * FROM cand WHERE cand.valid ORDER BY cand.ord) d) n
            WHERE NOT EXISTS (SELECT 1 FROM cand WHERE NOT cand.valid)
            ON CONFLICT (source_key) WHERE status NOT IN ('rejected', 'cancelled') DO NOTHING
            RETURNING payout_lines.kind AS k, payout_lines.status AS st)
        SELECT false AS invalid, i.k AS line_kind, count(*) AS n_created,
               count(*) FILTER (WHERE i.st = 'awaiting_bank_details') AS n_awaiting
        FROM inserted i GROUP BY i.k
        UNION ALL
        (SELECT true, c.claim_line_id, 0, 0 FROM cand c WHERE NOT c.valid ORDER BY c.ord LIMIT 1)
    LOOP
        IF v_row.invalid THEN
            RAISE EXCEPTION 'payout line for claim line %: matches no payable claim line, instalment or pension '
                'month', coalesce(v_row.line_kind, '(none)')
                USING ERRCODE = 'SR001';
        END IF;
        kind := v_row.line_kind;
        created := v_row.n_created;
        awaiting := v_row.n_awaiting;
        RETURN NEXT;
    END LOOP;
END
$$;

-- payout_batch_prepare, the approvers' function that gathers payable lines into a batch, is defined in Schema/0021
-- with the gap-free counter it numbers batches from.

-- The checker's decision: approve (p_reason NULL) or reject. The decider is the actor; the preparer is refused
-- as a login (42501, constraint payout_batches_maker_checker), whatever name the caller gives.
CREATE FUNCTION payout_batch_decide(
    p_batch text, p_as text, p_reason text, p_at timestamptz, p_execution_date date)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_batch payout_batches%ROWTYPE;
BEGIN
    SELECT * INTO v_batch FROM payout_batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch %: no such batch', p_batch USING ERRCODE = 'SR005';
    END IF;
    IF v_batch.prepared_by = v_actor THEN
        RAISE EXCEPTION 'batch %: % prepared this batch and cannot % it; another approver must decide (maker-checker)',
            p_batch, v_actor, CASE WHEN p_reason IS NULL THEN 'approve' ELSE 'reject' END
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'payout_batches_maker_checker';
    END IF;
    IF v_batch.state <> 'prepared' THEN
        RAISE EXCEPTION 'batch %: is %, only a prepared batch can be decided', p_batch, v_batch.state
            USING ERRCODE = 'SR005';
    END IF;
    IF p_reason IS NOT NULL AND btrim(p_reason) = '' THEN
        RAISE EXCEPTION 'batch %: a rejection needs a reason', p_batch USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_reason IS NULL AND (p_execution_date IS NULL
        OR p_execution_date < ((p_at AT TIME ZONE 'UTC') + interval '7 hours')::date) THEN
        RAISE EXCEPTION 'batch %: the requested execution date must be on or after the approval date', p_batch
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE payout_batches
    SET state = CASE WHEN p_reason IS NULL THEN 'approved' ELSE 'rejected' END, decided_by = v_actor,
        decided_at = p_at, rejection_reason = p_reason,
        requested_execution_date = CASE WHEN p_reason IS NULL THEN p_execution_date END
    WHERE id = p_batch;
    INSERT INTO payout_batch_history (batch_id, event, actor, note, at)
    VALUES (p_batch, CASE WHEN p_reason IS NULL THEN 'approved' ELSE 'rejected' END, v_actor, p_reason, p_at);
END
$$;

-- Records that the pain.001 of an approved batch was written: the first time the batch becomes exported, later
-- times are recorded as re-exports. Returns the history event.
CREATE FUNCTION payout_batch_exported(p_batch text, p_as text, p_at timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_state text;
    v_event text;
BEGIN
    SELECT state INTO v_state FROM payout_batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch %: no such batch', p_batch USING ERRCODE = 'SR005';
    END IF;
    IF v_state = 'approved' THEN
        UPDATE payout_batches SET state = 'exported', exported_at = p_at WHERE id = p_batch;
        v_event := 'exported';
    ELSIF v_state IN ('exported', 'reconciled') THEN
        v_event := 'reexported';
    ELSE
        RAISE EXCEPTION 'batch %: is %; only an approved batch can be exported', p_batch, v_state
            USING ERRCODE = 'SR005';
    END IF;
    INSERT INTO payout_batch_history (batch_id, event, actor, note, at) VALUES (p_batch, v_event, v_actor, NULL, p_at);
    RETURN v_event;
END
$$;

-- Makes a held line payable: without an account an on_hold line with one; with corrected bank details the held line
-- is cancelled and a NEW line (same amount, same claim line) pays into the corrected account. Returns the id of the
-- payable line.
CREATE FUNCTION payout_line_release(
    p_line text, p_as text, p_at timestamptz, p_bic text, p_number text, p_holder text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_line payout_lines%ROWTYPE;
    v_new text;
BEGIN
    SELECT * INTO v_line FROM payout_lines WHERE id = p_line FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payout line %: no such payout line', p_line USING ERRCODE = 'SR005';
    END IF;
    IF v_line.status NOT IN ('awaiting_bank_details', 'on_hold') THEN
        RAISE EXCEPTION 'payout line %: is %; only a line awaiting bank details or on hold can be released',
            p_line, v_line.status
            USING ERRCODE = 'SR005';
    END IF;
    IF p_bic IS NULL AND p_number IS NULL AND p_holder IS NULL THEN
        IF v_line.status <> 'on_hold' OR v_line.bank_bic IS NULL THEN
            RAISE EXCEPTION 'payout line %: needs corrected bank details', p_line USING ERRCODE = 'SR005';
        END IF;
        UPDATE payout_lines SET status = 'payable', status_note = 'released by ' || v_actor, status_changed_at = p_at
        WHERE id = p_line;
        RETURN p_line;
    END IF;
    UPDATE payout_lines SET status = 'cancelled', status_note = 'superseded: new bank details from ' || v_actor,
        status_changed_at = p_at
    WHERE id = p_line;
    INSERT INTO payout_lines (
        id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, penalty_for,
        replaces, case_id, kpj, segment, program, item, amount, payee_role, payee_nik, bank_bic,
        bank_account_number, bank_account_holder, due, complete_on, deadline, status, status_note,
        created_by, created_at, status_changed_at)
    SELECT payout_line_id(n.seq), n.seq, p.source_key, p.kind, p.claim_id, p.claim_line_id,
           p.installment_seq, p.pension_month, p.penalty_for, p.id, p.case_id, p.kpj, p.segment,
           p.program, p.item, p.amount, p.payee_role, p.payee_nik, p_bic, p_number, p_holder, p.due,
           p.complete_on, p.deadline, 'payable', 'replaces ' || p.id || ' with corrected bank details', v_actor,
           p_at, p_at
    FROM payout_lines p, (SELECT nextval('payout_line_seq') AS seq) n
    WHERE p.id = p_line
    RETURNING id INTO v_new;
    RETURN v_new;
END
$$;

-- Imports a bank status report (pain.002) for an exported batch: the report row, every line status, the lines'
-- new statuses, a NEW line paying each rejected line again (held or payable by the follow-up of its reason), a
-- late-payment penalty line for each lump sum paid after its deadline (JKK; JKM for JAKON: 1 % of the line per day
-- late, rounded half up, ServiceLevel.latePaymentPenalty), the batch reconciled once no line is open, and the
-- history. This is the only way a line becomes paid or rejected, so every paid line has its report. Every status
-- must name a line of this batch (SR002). Returns the new lines, re-payments first, then penalties.
CREATE FUNCTION payout_reconcile(
    p_batch text, p_as text, p_at timestamptz, p_message_id text, p_file_sha256 text, p_group_status text,
    p_bank_created_at timestamptz, p_line_ids text[], p_iso_statuses text[], p_outcomes text[],
    p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[],
    p_note text)
RETURNS TABLE (line_id text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_state text;
    v_bad text;
    v_open bigint;
BEGIN
    SELECT state INTO v_state FROM payout_batches WHERE id = p_batch FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'batch %: no such batch', p_batch USING ERRCODE = 'SR005';
    END IF;
    IF v_state NOT IN ('exported', 'reconciled') THEN
        RAISE EXCEPTION 'batch %: is %; only an exported batch has a bank status report to reconcile',
            p_batch, v_state
            USING ERRCODE = 'SR002';
    END IF;
    IF p_message_id IS NULL OR p_message_id = '' OR p_file_sha256 IS NULL OR p_file_sha256 !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'batch %: a reconciliation records its bank status report (MsgId and SHA-256)', p_batch
            USING ERRCODE = 'SR002';
    END IF;

    SELECT u.line_id INTO v_bad
    FROM unnest(p_line_ids, p_outcomes, p_reason_codes, p_paid_ons, p_changes, p_follow_ups)
        AS u(line_id, outcome, reason_code, paid_on, changes, follow_up)
    WHERE u.line_id IS NULL
       OR NOT EXISTS (SELECT 1 FROM payout_batch_lines b WHERE b.batch_id = p_batch AND b.line_id = u.line_id)
       OR u.outcome IS NULL OR u.outcome NOT IN ('paid', 'pending', 'rejected') OR u.changes IS NULL
       OR (u.outcome = 'paid') <> (u.paid_on IS NOT NULL)
       OR (u.changes AND u.outcome = 'rejected' AND (u.reason_code IS NULL
           OR u.follow_up IS NULL OR u.follow_up NOT IN ('payable', 'awaiting_bank_details', 'on_hold')))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'batch %: the status of line % does not fit the batch (not one of its lines, or incomplete)',
            p_batch, coalesce(v_bad, '(none)')
            USING ERRCODE = 'SR002';
    END IF;
    IF (SELECT count(DISTINCT x) <> count(*) FROM unnest(p_line_ids) x) THEN
        RAISE EXCEPTION 'batch %: a line has two statuses in one report', p_batch USING ERRCODE = 'SR002';
    END IF;

    INSERT INTO payout_status_reports (
        message_id, batch_id, file_sha256, group_status, bank_created_at, imported_by, imported_at)
    VALUES (p_message_id, p_batch, p_file_sha256, p_group_status, p_bank_created_at, v_actor, p_at);
    INSERT INTO payout_line_statuses (
        report_id, line_id, iso_status, outcome, reason_code, additional_info, paid_on, recorded_at)
    SELECT p_message_id, u.line_id, u.iso_status, u.outcome, u.reason_code, u.additional_info, u.paid_on, p_at
    FROM unnest(p_line_ids, p_iso_statuses, p_outcomes, p_reason_codes, p_infos, p_paid_ons)
        AS u(line_id, iso_status, outcome, reason_code, additional_info, paid_on)
    ORDER BY u.line_id;
    UPDATE payout_lines p
    SET status = u.outcome, bank_status = u.iso_status, reject_reason = u.reason_code, paid_on = u.paid_on,
        status_note = u.additional_info, status_changed_at = p_at
    FROM unnest(p_line_ids, p_iso_statuses, p_outcomes, p_reason_codes, p_infos, p_paid_ons, p_changes)
        AS u(line_id, iso_status, outcome, reason_code, additional_info, paid_on, changes)
    WHERE p.id = u.line_id AND u.changes;

    -- A rejected line is never paid again itself: its claim line gets a new payout line (new id).
    RETURN QUERY
    WITH repaid AS (
        INSERT INTO payout_lines (
            id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, penalty_for,
            replaces, case_id, kpj, segment, program, item, amount, payee_role, payee_nik, bank_bic,
            bank_account_number, bank_account_holder, due, complete_on, deadline, status, status_note, created_by)
        SELECT payout_line_id(n.new_seq), n.new_seq, n.source_key, n.kind, n.claim_id, n.claim_line_id,
               n.installment_seq, n.pension_month, n.penalty_for, n.id, n.case_id, n.kpj, n.segment, n.program,
               n.item, n.amount, n.payee_role, n.payee_nik,
               CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_bic END,
               CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_account_number END,
               CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_account_holder END,
               n.due, n.complete_on, n.deadline, n.follow_up,
               'pays again ' || n.id || ' rejected ' || n.rejected_code, v_actor
        FROM (SELECT nextval('payout_line_seq') AS new_seq, o.*
              FROM (SELECT p.*, u.follow_up, u.reason_code AS rejected_code
                    FROM unnest(p_line_ids, p_outcomes, p_reason_codes, p_changes, p_follow_ups)
                        AS u(line_id, outcome, reason_code, changes, follow_up)
                    JOIN payout_lines p ON p.id = u.line_id
                    WHERE u.changes AND u.outcome = 'rejected' ORDER BY p.seq) o) n
        RETURNING payout_lines.id AS new_id, payout_lines.seq AS new_seq)
    SELECT r.new_id FROM repaid r ORDER BY r.new_seq;

    RETURN QUERY
    WITH penalised AS (
        INSERT INTO payout_lines (
            id, seq, source_key, kind, claim_id, claim_line_id, penalty_for, case_id, kpj, segment, program,
            item, amount, payee_role, payee_nik, bank_bic, bank_account_number, bank_account_holder, due,
            status, status_note, created_by)
        SELECT payout_line_id(n.new_seq), n.new_seq, 'penalty:' || n.claim_line_id, 'late_payment_penalty',
               n.claim_id, n.claim_line_id, n.id, n.case_id, n.kpj, n.segment, n.program,
               'late_payment_penalty', n.penalty, n.payee_role, n.payee_nik, n.bank_bic,
               n.bank_account_number, n.bank_account_holder, n.paid_on, 'payable',
               n.days_late || ' days late after deadline ' || n.deadline || ' (PP 44/2015 Pasal 37(3))', v_actor
        FROM (SELECT nextval('payout_line_seq') AS new_seq, o.*
              FROM (SELECT p.*, (u.paid_on - p.deadline) AS days_late,
                           div(p.amount::numeric * 100 * (u.paid_on - p.deadline) * 2 + 10000, 20000)::bigint
                               AS penalty
                    FROM unnest(p_line_ids, p_outcomes, p_paid_ons, p_changes) AS u(line_id, outcome, paid_on, changes)
                    JOIN payout_lines p ON p.id = u.line_id
                    WHERE u.changes AND u.outcome = 'paid' AND p.kind = 'lump_sum' AND p.deadline IS NOT NULL
                      AND u.paid_on > p.deadline
                      AND (p.program = 'JKK' OR (p.program = 'JKM' AND p.segment = 'JAKON'))
                      AND div(p.amount::numeric * 100 * (u.paid_on - p.deadline) * 2 + 10000, 20000) >= 1
                    ORDER BY p.seq) o) n
        ON CONFLICT (source_key) WHERE status NOT IN ('rejected', 'cancelled') DO NOTHING
        RETURNING payout_lines.id AS new_id, payout_lines.seq AS new_seq)
    SELECT r.new_id FROM penalised r ORDER BY r.new_seq;

    SELECT count(*) INTO v_open
    FROM payout_batch_lines b JOIN payout_lines p ON p.id = b.line_id
    WHERE b.batch_id = p_batch AND p.status NOT IN ('paid', 'rejected', 'cancelled');
    IF v_open = 0 AND v_state = 'exported' THEN
        UPDATE payout_batches SET state = 'reconciled', reconciled_at = p_at WHERE id = p_batch;
    END IF;
    INSERT INTO payout_batch_history (batch_id, event, actor, note, at)
    VALUES (p_batch, 'reconciled', v_actor, p_note, p_at);
END
$$;

-- MARK: claims (officers)

-- Stores a submitted case and its first history row; the same case_id again returns the existing submission with
-- created = false and writes nothing. A second case for the same event fails on submissions_event_key (23505).
CREATE FUNCTION claim_submission_create(
    p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text,
    p_event_date date, p_claim_date date)
RETURNS TABLE (submission_id bigint, created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_id bigint;
BEGIN
    INSERT INTO submissions (
        case_id, case_document, participant_nik, kpj, event_type, event_date, claim_date, submitted_by)
    VALUES (p_case_id, p_case_document, p_participant_nik, p_kpj, p_event_type, p_event_date, p_claim_date, v_actor)
    ON CONFLICT (case_id) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NULL THEN
        RETURN QUERY SELECT s.id, false FROM submissions s WHERE s.case_id = p_case_id;
        RETURN;
    END IF;
    INSERT INTO claim_status_history (claim_id, status, note, changed_by) VALUES (v_id, 'submitted', NULL, v_actor);
    RETURN QUERY SELECT v_id, true;
END
$$;

-- Locks a submission for the rest of the transaction (the read-modify-write of `claim documents --add`).
CREATE FUNCTION claim_submission_lock(p_id bigint) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM submissions WHERE id = p_id FOR UPDATE)
$$;

-- True when the case of a claim can no longer change: a line of it is in an approved (exported, reconciled) batch,
-- or has been paid or is pending at the bank.
CREATE FUNCTION claim_documents_frozen(p_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM payout_lines p
        WHERE p.claim_id = p_id AND (p.status IN ('paid', 'pending') OR EXISTS (
            SELECT 1 FROM payout_batch_lines bl JOIN payout_batches b ON b.id = bl.batch_id
            WHERE bl.line_id = p.id AND b.state IN ('approved', 'exported', 'reconciled'))))
$$;

-- Replaces the stored case of a submission (`claim documents --add`); refused (SR003) once the claim has a line in
-- an approved batch, or paid or pending. The case must stay an object with the same case_id.
CREATE FUNCTION claim_case_document_set(p_id bigint, p_as text, p_document json) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_case_id text;
BEGIN
    SELECT case_id INTO v_case_id FROM submissions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'submission %: no such submission', p_id USING ERRCODE = 'SR005';
    END IF;
    IF claim_documents_frozen(p_id) THEN
        RAISE EXCEPTION 'claim %: a line of it is in an approved batch or paid; its case can no longer change',
            p_id
            USING ERRCODE = 'SR003';
    END IF;
    IF p_document IS NULL OR json_typeof(p_document) <> 'object' OR p_document->>'case_id' IS DISTINCT FROM v_case_id
    THEN
        RAISE EXCEPTION 'submission %: the case must stay an object with case_id %', p_id, v_case_id
            USING ERRCODE = 'SR003';
    END IF;
    UPDATE submissions SET case_document = p_document, amended_by = v_actor, amended_at = now() WHERE id = p_id;
END
$$;

-- Appends to a claim's status history what an officer may record: a (re)submission or documents added. Statuses a
-- worker computes (payable, incomplete, rejected) are written only with the claim itself.
CREATE FUNCTION claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_status IS NULL OR p_status NOT IN ('submitted', 'documents_added') THEN
        RAISE EXCEPTION 'claim %: status % is recorded only with the computed claim', p_claim_id, p_status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO claim_status_history (claim_id, status, note, changed_by)
    VALUES (p_claim_id, p_status, p_note, santunan_actor(p_as));
END
$$;

-- MARK: the queue (officers enqueue and retry; workers run it)

-- Enqueues the job of a submission; NULL when one is already waiting to run.
CREATE FUNCTION heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer,
    p_at timestamptz)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO heir_jobs (kind, submission_id, priority, max_attempts, scheduled_at)
    VALUES ('heir_submission', p_submission_id, p_priority, p_max_attempts, p_at)
    ON CONFLICT (submission_id) WHERE state IN ('available', 'retryable') DO NOTHING
    RETURNING id
$$;

-- Enqueues no-op jobs (benchmarks, health checks).
CREATE FUNCTION heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamptz) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO heir_jobs (kind, max_attempts, scheduled_at)
    SELECT 'noop', p_max_attempts, p_at FROM generate_series(1, p_count)
$$;

-- Puts a dead (or waiting retryable) job back with fresh attempts; false when the job is not in such a state.
CREATE FUNCTION heir_job_retry(p_job bigint, p_at timestamptz) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH retried AS (
        UPDATE heir_jobs SET state = 'available', attempts = 0, scheduled_at = p_at, discarded_at = NULL
        WHERE id = p_job AND state IN ('discarded', 'retryable')
        RETURNING id)
    SELECT EXISTS (SELECT 1 FROM retried)
$$;

-- Takes up to p_limit runnable jobs for a worker (FOR UPDATE SKIP LOCKED). The case each one computes is
-- ClaimStore's: the worker reads it through claim_case_documents (Schema/0017) in the same statement.
CREATE FUNCTION heir_jobs_claim(p_worker text, p_limit integer, p_now timestamptz, p_lease_until timestamptz)
RETURNS TABLE (id bigint, kind text, submission_id bigint, attempts integer, max_attempts integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH picked AS (
        SELECT h.id FROM heir_jobs h
        WHERE h.state IN ('available', 'retryable') AND h.scheduled_at <= p_now
        ORDER BY h.priority DESC, h.scheduled_at, h.id
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE heir_jobs j
    SET state = 'running', attempts = j.attempts + 1, worker_id = p_worker, lease_expires_at = p_lease_until,
        attempted_at = p_now
    FROM picked WHERE j.id = picked.id
    RETURNING j.id, j.kind, j.submission_id, j.attempts, j.max_attempts
$$;

-- Makes running jobs whose lease expired retryable at once, or discards them after their last attempt.
CREATE FUNCTION heir_jobs_rescue(p_now timestamptz) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH expired AS (
        SELECT id FROM heir_jobs
        WHERE state = 'running' AND lease_expires_at <= p_now
        FOR UPDATE SKIP LOCKED
    ), rescued AS (
        UPDATE heir_jobs j
        SET state = CASE WHEN j.attempts >= j.max_attempts THEN 'discarded' ELSE 'retryable' END,
            discarded_at = CASE WHEN j.attempts >= j.max_attempts THEN p_now END,
            scheduled_at = p_now, lease_expires_at = NULL,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
                'attempt', j.attempts, 'at', p_now::text, 'worker', j.worker_id,
                'error', 'lease expired: the worker did not finish attempt ' || j.attempts))
        FROM expired WHERE j.id = expired.id
        RETURNING 1)
    SELECT count(*)::integer FROM rescued
$$;

-- Completes the jobs the worker still holds at the same attempt; returns their ids.
CREATE FUNCTION heir_jobs_complete(p_worker text, p_now timestamptz, p_ids bigint[], p_attempts integer[],
    p_outcomes text[])
RETURNS SETOF bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE heir_jobs j
    SET state = 'completed', completed_at = p_now, lease_expires_at = NULL, outcome = x.outcome
    FROM unnest(p_ids, p_attempts, p_outcomes) AS x(id, attempt, outcome)
    WHERE j.id = x.id AND j.state = 'running' AND j.worker_id = p_worker AND j.attempts = x.attempt
    RETURNING j.id
$$;

-- Marks jobs completed in this transaction whose claim was already final.
CREATE FUNCTION heir_jobs_mark_unchanged(p_ids bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE heir_jobs SET outcome = 'unchanged'
    WHERE id = ANY(p_ids) AND state = 'completed' AND xmin = pg_current_xact_id()::xid
$$;

-- Records a failed attempt (retryable at p_scheduled_at, or discarded); fenced like completion. True when recorded.
CREATE FUNCTION heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text,
    p_scheduled_at timestamptz, p_now timestamptz, p_error text)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH failed AS (
        UPDATE heir_jobs
        SET state = p_state, lease_expires_at = NULL, scheduled_at = coalesce(p_scheduled_at, scheduled_at),
            discarded_at = CASE WHEN p_state = 'discarded' THEN p_now END,
            errors = errors || jsonb_build_array(jsonb_build_object(
                'attempt', attempts, 'at', p_now::text, 'worker', p_worker, 'error', p_error))
        WHERE id = p_job AND state = 'running' AND worker_id = p_worker AND attempts = p_attempt
          AND p_state IN ('retryable', 'discarded')
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM failed)
$$;

-- Gives back jobs a worker holds without counting the attempt: all of them (p_ids NULL) or the ones named.
CREATE FUNCTION heir_jobs_release(p_worker text, p_ids bigint[]) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH released AS (
        UPDATE heir_jobs SET state = 'available', attempts = greatest(attempts - 1, 0), lease_expires_at = NULL
        WHERE worker_id = p_worker AND state = 'running' AND (p_ids IS NULL OR id = ANY(p_ids))
        RETURNING 1)
    SELECT count(*)::integer FROM released
$$;

-- Deletes completed jobs older than the cutoff, at most p_limit.
CREATE FUNCTION heir_jobs_prune(p_cutoff timestamptz, p_limit integer) RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH pruned AS (
        DELETE FROM heir_jobs WHERE id IN (
            SELECT id FROM heir_jobs WHERE state = 'completed' AND completed_at < p_cutoff LIMIT p_limit)
        RETURNING 1)
    SELECT count(*)::integer FROM pruned
$$;

-- Stores computed claims with their lines, instalments and history (the worker's write). Only for submissions whose
-- job was completed by this worker in this same transaction (SR004): a worker cannot write the claim of a job it
-- does not hold. A new claim is inserted; an incomplete one is recomputed (its lines replaced); a payable or
-- rejected one is left alone. Returns the ids written. computed_by and the history's changed_by are the worker actor.
-- A `jp.monthly` line keeps its amount before the clamp (pension_computed, Schema/0013).
CREATE FUNCTION claims_store(
    p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[],
    p_payable_now bigint[], p_results text[], p_lines json, p_installments json)
RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_actor text := santunan_worker_actor(p_worker);
    v_bad bigint;
    v_existing bigint[];
    v_incomplete bigint[];
    v_written bigint[];
BEGIN
    SELECT x.id INTO v_bad FROM unnest(p_ids) AS x(id)
    WHERE NOT EXISTS (
        SELECT 1 FROM heir_jobs j
        WHERE j.submission_id = x.id AND j.state = 'completed' AND j.worker_id = p_worker
          AND j.xmin = pg_current_xact_id()::xid)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'claim %: written only with its job, completed by worker % in the same transaction',
            v_bad, p_worker
            USING ERRCODE = 'SR004';
    END IF;

    -- The claims that exist already, locked until commit: only an incomplete one is recomputed.
    SELECT coalesce(array_agg(c.id), '{}'), coalesce(array_agg(c.id) FILTER (WHERE c.status = 'incomplete'), '{}')
    INTO v_existing, v_incomplete
    FROM (SELECT c.id, c.status FROM claims c WHERE c.id = ANY(p_ids) ORDER BY c.id FOR UPDATE) c;

    UPDATE claims c
    SET status = x.status, reasons = x.reasons::jsonb, total = x.total, payable_now = x.payable_now,
        result = x.result::json, computed_by = v_actor, computed_at = now()
    FROM unnest(p_ids, p_statuses, p_reasons, p_totals, p_payable_now, p_results)
        AS x(id, status, reasons, total, payable_now, result)
    WHERE c.id = x.id AND x.id = ANY(v_incomplete);
    DELETE FROM claim_lines WHERE claim_id = ANY(v_incomplete);
    INSERT INTO claims (id, case_id, status, reasons, total, payable_now, result, computed_by)
    SELECT x.id, x.case_id, x.status, x.reasons::jsonb, x.total, x.payable_now, x.result::json, v_actor
    FROM unnest(p_ids, p_case_ids, p_statuses, p_reasons, p_totals, p_payable_now, p_results)
        AS x(id, case_id, status, reasons, total, payable_now, result)
    WHERE NOT (x.id = ANY(v_existing))
    ORDER BY x.id;

    SELECT coalesce(array_agg(x.id ORDER BY x.id), '{}') INTO v_written
    FROM unnest(p_ids) AS x(id) WHERE NOT (x.id = ANY(v_existing)) OR x.id = ANY(v_incomplete);

    INSERT INTO claim_lines (
        id, claim_id, position, program, item, amount, payee_role, payee_nik, payee_npp,
        bank_bic, bank_account_number, bank_account_holder, schedule, due, basis, formula, pension_computed)
    SELECT l.id, l.claim_id, l.position, l.program, l.item, l.amount, l.payee_role, l.payee_nik, l.payee_npp,
           l.bank_bic, l.bank_account_number, l.bank_account_holder, l.schedule, l.due, l.basis, l.formula,
           l.pension_computed
    FROM json_to_recordset(p_lines) AS l(
        id text, claim_id bigint, position integer, program text, item text, amount bigint, payee_role text,
        payee_nik text, payee_npp text, bank_bic text, bank_account_number text, bank_account_holder text,
        schedule text, due date, basis text, formula text, pension_computed bigint)
    WHERE l.claim_id = ANY(v_written);
    INSERT INTO claim_installments (line_id, seq, due, level, amount)
    SELECT n.line_id, n.seq, n.due, n.level, n.amount
    FROM json_to_recordset(p_installments) AS n(line_id text, seq integer, due date, level text, amount bigint)
    WHERE EXISTS (SELECT 1 FROM claim_lines cl WHERE cl.id = n.line_id AND cl.claim_id = ANY(v_written));
    INSERT INTO claim_status_history (claim_id, status, note, changed_by)
    SELECT x.id, x.status,
           (SELECT string_agg(r, '; ' ORDER BY o) FROM jsonb_array_elements_text(x.reasons::jsonb)
                WITH ORDINALITY AS e(r, o)),
           v_actor
    FROM unnest(p_ids, p_statuses, p_reasons) AS x(id, status, reasons)
    WHERE x.id = ANY(v_written) ORDER BY x.id;
    RETURN QUERY SELECT unnest(v_written);
END
$$;

-- MARK: who may call what

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'santunan_worker_actor(text)', 'payout_batch_lock(text)',
        'payout_due_candidates(text[],text[],integer[],date[],date[],date[],boolean[],text[])',
        'payout_lines_create_due(text,text[],text[],integer[],date[],date[],date[],boolean[],text[])',
        'payout_batch_decide(text,text,text,timestamptz,date)',
        'payout_batch_exported(text,text,timestamptz)',
        'payout_line_release(text,text,timestamptz,text,text,text)',
        'payout_reconcile(text,text,timestamptz,text,text,text,timestamptz,text[],text[],text[],text[],text[],'
            'date[],boolean[],text[],text)',
        'claim_submission_create(text,text,json,text,text,text,date,date)', 'claim_submission_lock(bigint)',
        'claim_documents_frozen(bigint)', 'claim_case_document_set(bigint,text,json)',
        'claim_history_append(bigint,text,text,text)',
        'heir_job_enqueue(bigint,smallint,integer,timestamptz)', 'heir_jobs_enqueue_noops(integer,integer,timestamptz)',
        'heir_job_retry(bigint,timestamptz)', 'heir_jobs_claim(text,integer,timestamptz,timestamptz)',
        'heir_jobs_rescue(timestamptz)', 'heir_jobs_complete(text,timestamptz,bigint[],integer[],text[])',
        'heir_jobs_mark_unchanged(bigint[])',
        'heir_job_fail(bigint,text,integer,text,timestamptz,timestamptz,text)', 'heir_jobs_release(text,bigint[])',
        'heir_jobs_prune(timestamptz,integer)',
        'claims_store(text,bigint[],text[],text[],text[],bigint[],bigint[],text[],json,json)'
    ] LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END
$$;

-- Approvers: the payout workflow.
GRANT EXECUTE ON FUNCTION payout_batch_lock(text),
    payout_lines_create_due(text, text[], text[], integer[], date[], date[], date[], boolean[], text[]),
    payout_batch_decide(text, text, text, timestamptz, date),
    payout_batch_exported(text, text, timestamptz),
    payout_line_release(text, text, timestamptz, text, text, text),
    payout_reconcile(text, text, timestamptz, text, text, text, timestamptz, text[], text[], text[], text[], text[],
        date[], boolean[], text[], text)
    TO santunan_approver;
-- Officers: submit, add documents, enqueue and retry.
GRANT EXECUTE ON FUNCTION claim_submission_create(text, text, json, text, text, text, date, date),
    claim_submission_lock(bigint), claim_documents_frozen(bigint), claim_case_document_set(bigint, text, json),
    claim_history_append(bigint, text, text, text), heir_job_enqueue(bigint, smallint, integer, timestamptz),
    heir_job_retry(bigint, timestamptz)
    TO santunan_officer;
-- Workers: run the queue and store the claims they computed.
GRANT EXECUTE ON FUNCTION santunan_worker_actor(text), heir_jobs_enqueue_noops(integer, integer, timestamptz),
    heir_jobs_claim(text, integer, timestamptz, timestamptz), heir_jobs_rescue(timestamptz),
    heir_jobs_complete(text, timestamptz, bigint[], integer[], text[]), heir_jobs_mark_unchanged(bigint[]),
    heir_job_fail(bigint, text, integer, text, timestamptz, timestamptz, text), heir_jobs_release(text, bigint[]),
    heir_jobs_prune(timestamptz, integer),
    claims_store(text, bigint[], text[], text[], text[], bigint[], bigint[], text[], json, json)
    TO santunan_worker;
GRANT EXECUTE ON FUNCTION claim_documents_frozen(bigint) TO santunan_approver, santunan_auditor, santunan_worker;

-- ledger_post (Schema/0005, run as santunan_ledger_writer) checks a payout key against its batch's lines.
GRANT SELECT ON payout_batches, payout_batch_lines, payout_lines TO santunan_ledger_writer;
