-- 0004 payouts: payout lines, maker-checker batches, bank status reports (issue 7; PAYMENT-FILES.md).
--
-- payout_lines           one transfer to make: a lump-sum claim line, a scholarship instalment or a pension month
--                        that has fallen due, or a late-payment penalty. Payment data (amount, payee, account) is
--                        never edited: a re-payment after a bank rejection is a NEW line with a new id.
-- payout_batches         a batch prepared by a maker and approved or rejected by a different checker, with its
--                        header totals (count, sum, per program). The maker-checker rule is enforced here.
-- payout_batch_lines     which lines are in which batch; a line is in at most one open batch.
-- payout_batch_history   insert-only: every state change of a batch, who and when.
-- payout_status_reports  the pain.002 reports imported, by their MsgId (a re-import is a no-op).
-- payout_line_statuses   insert-only: every bank status recorded for a line, with its reason code.
--
-- Reads claims, claim_lines and claim_installments of 0003 (docs/claims-schema.md).

-- MARK: helpers

-- `PL-000101`: six digits at least, more once the sequence outgrows them (lpad would cut them off).
CREATE FUNCTION payout_line_id(seq bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'PL-' || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END
$$;

-- When a claim's file became complete, the start of its service-level clock (RULEBOOK §12): the last submission or
-- documents_added event before the claim first became payable; the submission time when the history has none.
CREATE FUNCTION payout_claim_complete_at(p_claim_id bigint) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT max(h.changed_at) FROM claim_status_history h
          WHERE h.claim_id = p_claim_id AND h.status IN ('submitted', 'documents_added')
            AND h.changed_at <= coalesce(
                (SELECT min(p.changed_at) FROM claim_status_history p
                  WHERE p.claim_id = p_claim_id AND p.status = 'payable'), 'infinity')),
        (SELECT s.submitted_at FROM submissions s WHERE s.id = p_claim_id))
$$;

-- MARK: payout_lines

CREATE SEQUENCE payout_line_seq AS bigint;

CREATE TABLE payout_lines (
    -- `PL-000101`: the EndToEndId in pain.001; stable for the line, never reused.
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,34}$'),
    seq bigint NOT NULL UNIQUE,
    -- What this line pays, unique among the lines still alive (not rejected, not cancelled), so creating due lines
    -- twice creates nothing: `claim_line:<id>`, `installment:<line id>:<seq>`, `pension:<line id>:<YYYY-MM>`,
    -- `penalty:<claim line id>`.
    source_key text NOT NULL CHECK (source_key <> ''),
    -- `pension_arrears`: a pension month paid too little, the difference (Schema/0013).
    kind text NOT NULL CHECK (
        kind IN ('lump_sum', 'installment', 'pension_month', 'pension_arrears', 'late_payment_penalty')),
    claim_id bigint NOT NULL REFERENCES claims (id),
    claim_line_id text NOT NULL REFERENCES claim_lines (id),
    installment_seq integer,
    pension_month date,
    -- The paid line whose lateness this penalty compensates.
    penalty_for text REFERENCES payout_lines (id),
    -- The rejected (or cancelled) line this one pays again.
    replaces text UNIQUE REFERENCES payout_lines (id),
    case_id text NOT NULL,
    kpj text,
    -- The participant's segment (PU, BPU, JAKON), for the JAKON JKM penalty.
    segment text,
    program text NOT NULL CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP')),
    item text NOT NULL CHECK (item <> ''),
    amount bigint NOT NULL CHECK (amount > 0),
    payee_role text NOT NULL,
    payee_nik text,
    -- The validated account, all three or none (none: waiting for bank details).
    bank_bic text CHECK (bank_bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'),
    bank_account_number text CHECK (bank_account_number ~ '^[0-9]{1,34}$'),
    bank_account_holder text CHECK (bank_account_holder <> ''),
    due date NOT NULL,
    -- The claim's completeness date and its service-level deadline (RULEBOOK §12); NULL when none applies.
    complete_on date,
    deadline date,
    -- payable: may go into a batch; awaiting_bank_details / on_hold: may not until released; pending: the bank
    -- accepted it without settling yet; paid, rejected, cancelled: terminal.
    status text NOT NULL CHECK (status IN (
        'payable', 'awaiting_bank_details', 'on_hold', 'pending', 'paid', 'rejected', 'cancelled')),
    status_note text,
    -- The last ISO status from the bank (ACSP, PDNG, ACSC, RJCT, ...).
    bank_status text,
    reject_reason text,
    paid_on date,
    created_by text NOT NULL CHECK (created_by <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payout_lines_bank_account_whole CHECK (
        (bank_bic IS NULL) = (bank_account_number IS NULL) AND (bank_bic IS NULL) = (bank_account_holder IS NULL)),
    CONSTRAINT payout_lines_account_when_payable CHECK (
        status NOT IN ('payable', 'pending', 'paid') OR bank_bic IS NOT NULL),
    CONSTRAINT payout_lines_paid_on_when_paid CHECK ((status = 'paid') = (paid_on IS NOT NULL)),
    CONSTRAINT payout_lines_reason_when_rejected CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
);

CREATE UNIQUE INDEX payout_lines_one_live_per_source ON payout_lines (source_key)
    WHERE status NOT IN ('rejected', 'cancelled');
CREATE INDEX payout_lines_payable_idx ON payout_lines (seq) WHERE status = 'payable';
CREATE INDEX payout_lines_claim_idx ON payout_lines (claim_id);
CREATE INDEX payout_lines_claim_line_idx ON payout_lines (claim_line_id);

COMMENT ON TABLE payout_lines IS 'Transfers to make: due claim lines, instalments, pension months, penalties.';

-- Payment data is never edited in place, a line is never deleted, and a terminal status never changes: a correction
-- is a new line (PAYMENT-FILES.md §1, §4).
CREATE FUNCTION payout_lines_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout line % cannot be deleted; cancel it instead', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.seq, NEW.source_key, NEW.kind, NEW.claim_id, NEW.claim_line_id, NEW.amount, NEW.program,
        NEW.payee_role, NEW.payee_nik, NEW.bank_bic, NEW.bank_account_number, NEW.bank_account_holder, NEW.due,
        NEW.replaces, NEW.penalty_for, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM
       (OLD.id, OLD.seq, OLD.source_key, OLD.kind, OLD.claim_id, OLD.claim_line_id, OLD.amount, OLD.program,
        OLD.payee_role, OLD.payee_nik, OLD.bank_bic, OLD.bank_account_number, OLD.bank_account_holder, OLD.due,
        OLD.replaces, OLD.penalty_for, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'payout line %: payment data is never edited; create a new payout line instead', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.status IN ('paid', 'rejected', 'cancelled') AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'payout line % is % and cannot become %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payout_lines_guard BEFORE UPDATE OR DELETE ON payout_lines
    FOR EACH ROW EXECUTE FUNCTION payout_lines_guard();

-- MARK: payout_batches

CREATE SEQUENCE payout_batch_seq AS bigint;

CREATE TABLE payout_batches (
    -- `PB-2022-0007`: the PmtInfId; `SNT-<id>` is the pain.001 MsgId, so the id fits Max35Text with 4 to spare.
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,30}$'),
    seq bigint NOT NULL UNIQUE,
    state text NOT NULL CHECK (state IN ('prepared', 'approved', 'rejected', 'exported', 'reconciled')),
    -- The --program filter used at preparation, if any.
    program text CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP')),
    -- Header totals, fixed at preparation and checked at approval: count, sum, and per program
    -- {"JKK": {"lines": 2, "total": 150000000}, ...}.
    line_count integer NOT NULL CHECK (line_count > 0),
    total bigint NOT NULL CHECK (total > 0),
    totals_by_program jsonb NOT NULL CHECK (jsonb_typeof(totals_by_program) = 'object'),
    prepared_by text NOT NULL CHECK (prepared_by <> ''),
    prepared_at timestamptz NOT NULL,
    decided_by text CHECK (decided_by <> ''),
    decided_at timestamptz,
    rejection_reason text,
    -- ReqdExctnDt: the first bank working day on or after the approval date (WIB).
    requested_execution_date date,
    exported_at timestamptz,
    reconciled_at timestamptz,
    -- Maker-checker: whoever prepared a batch can never be the one who decided on it, whatever wrote the row.
    CONSTRAINT payout_batches_maker_checker CHECK (decided_by IS DISTINCT FROM prepared_by),
    CONSTRAINT payout_batches_decision_recorded CHECK (
        (state = 'prepared') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
    CONSTRAINT payout_batches_reason_when_rejected CHECK ((state = 'rejected') = (rejection_reason IS NOT NULL)),
    CONSTRAINT payout_batches_execution_date_when_approved CHECK (
        state IN ('prepared', 'rejected') OR requested_execution_date IS NOT NULL)
);

CREATE INDEX payout_batches_state_idx ON payout_batches (state);

COMMENT ON TABLE payout_batches IS 'Payout batches: prepared by a maker, approved or rejected by another user.';

CREATE TABLE payout_batch_lines (
    batch_id text NOT NULL REFERENCES payout_batches (id),
    line_id text NOT NULL REFERENCES payout_lines (id),
    program text NOT NULL,
    amount bigint NOT NULL CHECK (amount > 0),
    -- True while the batch is open (prepared, approved, exported); cleared when it is rejected or reconciled.
    open boolean NOT NULL DEFAULT true,
    PRIMARY KEY (batch_id, line_id)
);

-- A line is in at most one open batch.
CREATE UNIQUE INDEX payout_batch_lines_one_open_batch ON payout_batch_lines (line_id) WHERE open;

COMMENT ON TABLE payout_batch_lines IS 'The lines of each batch; a line is in at most one open batch.';

-- Refuses a decision by the preparer (even through a direct UPDATE; SQLSTATE 42501), any transition the workflow
-- does not allow, and changes to the header totals; checks the totals against the lines on approval; releases the
-- lines of a batch that is rejected or fully reconciled.
CREATE FUNCTION payout_batches_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actual_count bigint;
    actual_total bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'payout batch % cannot be deleted; reject it instead', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.seq, NEW.prepared_by, NEW.prepared_at, NEW.line_count, NEW.total, NEW.totals_by_program,
        NEW.program) IS DISTINCT FROM
       (OLD.id, OLD.seq, OLD.prepared_by, OLD.prepared_at, OLD.line_count, OLD.total, OLD.totals_by_program,
        OLD.program) THEN
        RAISE EXCEPTION 'payout batch %: the preparer and the header totals are fixed at preparation', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.decided_by IS NOT NULL AND NEW.decided_by = NEW.prepared_by THEN
        RAISE EXCEPTION 'payout batch %: % prepared it and cannot approve or reject it (maker-checker)',
            OLD.id, NEW.prepared_by
            USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'payout_batches_maker_checker';
    END IF;
    IF OLD.decided_by IS NOT NULL AND NEW.decided_by IS DISTINCT FROM OLD.decided_by THEN
        RAISE EXCEPTION 'payout batch %: the decision is already recorded', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state AND NOT (
        (OLD.state = 'prepared' AND NEW.state IN ('approved', 'rejected'))
        OR (OLD.state = 'approved' AND NEW.state = 'exported')
        OR (OLD.state = 'exported' AND NEW.state = 'reconciled')) THEN
        RAISE EXCEPTION 'payout batch %: % -> % is not allowed', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'approved' AND OLD.state = 'prepared' THEN
        SELECT count(*), coalesce(sum(amount), 0) INTO actual_count, actual_total
            FROM payout_batch_lines WHERE batch_id = NEW.id;
        IF actual_count <> NEW.line_count OR actual_total <> NEW.total THEN
            RAISE EXCEPTION 'payout batch %: the lines (% / %) do not match the header (% / %)', NEW.id,
                actual_count, actual_total, NEW.line_count, NEW.total
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.state IN ('rejected', 'reconciled') AND OLD.state IS DISTINCT FROM NEW.state THEN
        UPDATE payout_batch_lines SET open = false WHERE batch_id = NEW.id AND open;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER payout_batches_guard BEFORE UPDATE OR DELETE ON payout_batches
    FOR EACH ROW EXECUTE FUNCTION payout_batches_guard();

-- MARK: payout_batch_history (insert-only)

CREATE TABLE payout_batch_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id text NOT NULL REFERENCES payout_batches (id),
    event text NOT NULL CHECK (event IN ('prepared', 'approved', 'rejected', 'exported', 'reexported', 'reconciled')),
    actor text NOT NULL CHECK (actor <> ''),
    note text,
    at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payout_batch_history_batch_idx ON payout_batch_history (batch_id, id);

COMMENT ON TABLE payout_batch_history IS 'Insert-only history of payout batches: who did what, when.';

-- MARK: bank status reports

CREATE TABLE payout_status_reports (
    -- GrpHdr/MsgId of the pain.002: importing the same report again is a no-op.
    message_id text PRIMARY KEY,
    batch_id text NOT NULL REFERENCES payout_batches (id),
    -- SHA-256 of the file, so a different report reusing a MsgId is refused rather than skipped.
    file_sha256 text NOT NULL,
    group_status text,
    bank_created_at timestamptz,
    imported_by text NOT NULL CHECK (imported_by <> ''),
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payout_status_reports_batch_idx ON payout_status_reports (batch_id);

CREATE TABLE payout_line_statuses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id text NOT NULL REFERENCES payout_status_reports (message_id),
    line_id text NOT NULL REFERENCES payout_lines (id),
    iso_status text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('paid', 'pending', 'rejected')),
    reason_code text,
    additional_info text,
    paid_on date,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payout_line_statuses_line_idx ON payout_line_statuses (line_id, id);

COMMENT ON TABLE payout_line_statuses IS 'Insert-only: every bank status recorded for a payout line.';

CREATE FUNCTION payouts_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER payout_batch_history_insert_only BEFORE UPDATE OR DELETE ON payout_batch_history
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_batch_history_no_truncate BEFORE TRUNCATE ON payout_batch_history
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_line_statuses_insert_only BEFORE UPDATE OR DELETE ON payout_line_statuses
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_line_statuses_no_truncate BEFORE TRUNCATE ON payout_line_statuses
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_refuse_change();
CREATE TRIGGER payout_status_reports_insert_only BEFORE UPDATE OR DELETE ON payout_status_reports
    FOR EACH ROW EXECUTE FUNCTION payouts_refuse_change();

-- MARK: grants

GRANT SELECT ON payout_lines, payout_batches, payout_batch_lines, payout_batch_history, payout_status_reports,
    payout_line_statuses TO santunan_officer, santunan_approver, santunan_auditor;
GRANT INSERT ON payout_lines, payout_batches, payout_batch_lines, payout_batch_history, payout_status_reports,
    payout_line_statuses TO santunan_approver;
GRANT UPDATE (state, decided_by, decided_at, rejection_reason, requested_execution_date, exported_at, reconciled_at)
    ON payout_batches TO santunan_approver;
GRANT UPDATE (status, status_note, bank_status, reject_reason, paid_on, status_changed_at)
    ON payout_lines TO santunan_approver;
GRANT UPDATE (open) ON payout_batch_lines TO santunan_approver;
GRANT USAGE ON SEQUENCE payout_line_seq, payout_batch_seq TO santunan_approver;
