-- 0003 claims and the heir-submission queue (CONTRACT §4).
--
-- submissions          one row per case submitted by a claims officer (`claim submit`): the case file as sent,
--                      and the event it claims for, unique per (kpj, event type, event date).
-- claims               the computed claim of a submission, written by a worker in the same transaction as the
--                      job's completion; its id IS the submission's id, so a submission has at most one claim.
-- claim_lines          the result lines (CONTRACT §3 `lines[]`) with the payee's bank account, for payouts.
-- claim_installments   the instalments of the scholarship lines (`yearly` and the PP 44 one-off), paid as they fall due.
-- claim_status_history insert-only: who changed a claim's status, when, and why.
-- heir_jobs            the durable queue: one job computes one submission's claim.
--
-- docs/claims-schema.md describes these tables for the other modules (payouts, ledger).

-- MARK: submissions

CREATE TABLE submissions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id text NOT NULL CHECK (case_id <> ''),
    -- The case file exactly as submitted (json, not jsonb, so the bytes and key order survive); `claim documents
    -- --add` replaces it with the amended case. lz4, not the default pglz: workers read every case back, and
    -- pglz costs several times more CPU to compress and to expand (docs/benchmarks.md, queue).
    case_document json COMPRESSION lz4 NOT NULL,
    participant_nik text NOT NULL,
    -- The KPJ that identifies the event: `event.membership` when the case names one (work accidents), else the
    -- first membership's KPJ (a non-work death, old age, resignation, ...).
    kpj text NOT NULL,
    event_type text NOT NULL CHECK (event_type IN (
        'death', 'work_accident_death', 'occupational_disease_death', 'work_accident', 'total_permanent_disability',
        'old_age', 'resignation', 'layoff', 'leave_indonesia', 'jht_partial_withdrawal')),
    event_date date NOT NULL,
    claim_date date NOT NULL,
    submitted_by text NOT NULL CHECK (submitted_by <> ''),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    -- The last `claim documents --add`, if any.
    amended_by text,
    amended_at timestamptz,
    CONSTRAINT submissions_case_id_key UNIQUE (case_id),
    -- One claim per event (CONTRACT §4): a second case for the same KPJ, event type and date is refused here.
    CONSTRAINT submissions_event_key UNIQUE (kpj, event_type, event_date)
);

CREATE INDEX submissions_participant_nik_idx ON submissions (participant_nik);

COMMENT ON TABLE submissions IS 'Heir submissions: the case files submitted by claims officers, one per event.';

-- MARK: claims

CREATE TABLE claims (
    -- The claim of submission N has id N: at most one claim per submission, enforced by the key.
    id bigint PRIMARY KEY REFERENCES submissions (id),
    case_id text NOT NULL UNIQUE REFERENCES submissions (case_id),
    status text NOT NULL CHECK (status IN ('payable', 'incomplete', 'rejected')),
    -- CONTRACT §3 `reasons`: missing documents (incomplete) or denials (rejected).
    reasons jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(reasons) = 'array'),
    total bigint NOT NULL CHECK (total >= 0),
    payable_now bigint NOT NULL CHECK (payable_now >= 0),
    -- The whole CONTRACT §3 result as `claim compute --json` prints it. lz4: pglz compressing 3-10 KB per claim
    -- was the largest single cost of the server in a drain (docs/benchmarks.md, queue).
    result json COMPRESSION lz4 NOT NULL,
    -- The worker that computed it (the job's worker id) and when; recomputed claims keep their first_computed_at.
    computed_by text NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    first_computed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX claims_status_idx ON claims (status);

COMMENT ON TABLE claims IS 'Computed claims; id = the submission id. Written with the completion of its job.';

-- MARK: claim_lines

CREATE TABLE claim_lines (
    -- The result line id `{case_id}/{program}/{item}[/{suffix}]`.
    id text PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES claims (id),
    -- The line's place in the result, from 0.
    position integer NOT NULL CHECK (position >= 0),
    program text NOT NULL CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP')),
    item text NOT NULL CHECK (item <> ''),
    amount bigint NOT NULL CHECK (amount >= 0),
    payee_role text NOT NULL CHECK (payee_role IN (
        'heirs', 'funeral_arranger', 'child', 'participant', 'employer', 'jp_survivor', 'dana_jaminan_sosial',
        'balai_harta_peninggalan')),
    payee_nik text,
    payee_npp text,
    -- The account the line is paid into, from the case: the heir with the payee's NIK (the heir marked payee, the
    -- funeral arranger, a JP survivor), for a child's scholarship the child's own account else the payee heir's
    -- (the guardian). NULL when the case has none (dana_jaminan_sosial, employer, participant).
    bank_bic text,
    bank_account_number text,
    bank_account_holder text,
    schedule text NOT NULL CHECK (schedule IN ('lump_sum', 'yearly', 'monthly')),
    due date NOT NULL,
    basis text NOT NULL CHECK (basis <> ''),
    formula text NOT NULL,
    -- jp.monthly: the unclamped monthly amount (Schema/0013, pensions in payment).
    pension_computed bigint CHECK (pension_computed >= 0),
    CONSTRAINT claim_lines_position_key UNIQUE (claim_id, position),
    CONSTRAINT claim_lines_bank_account_whole CHECK (
        (bank_bic IS NULL) = (bank_account_number IS NULL) AND (bank_bic IS NULL) = (bank_account_holder IS NULL))
);

COMMENT ON TABLE claim_lines IS 'The lines of computed claims (CONTRACT §3 lines[]), with the payee''s bank account.';
COMMENT ON COLUMN claim_lines.pension_computed IS
    'jp.monthly: the monthly amount before the clamp to the award year''s bounds (RULEBOOK §9.7 item 8); NULL otherwise.';

-- MARK: claim_installments

CREATE TABLE claim_installments (
    line_id text NOT NULL REFERENCES claim_lines (id) ON DELETE CASCADE,
    -- The instalment's place in the scholarship, from 0.
    seq integer NOT NULL CHECK (seq >= 0),
    due date NOT NULL,
    level text NOT NULL CHECK (level IN ('none', 'TK', 'SD', 'SMP', 'SMA', 'PT')),
    amount bigint NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (line_id, seq)
);

CREATE INDEX claim_installments_due_idx ON claim_installments (due);

COMMENT ON TABLE claim_installments IS 'Scholarship instalments of the scholarship lines, paid as they fall due.';

-- MARK: claim_status_history

CREATE TABLE claim_status_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The submission (= claim) id; the history starts at submission, before the claim exists.
    claim_id bigint NOT NULL REFERENCES submissions (id),
    -- `amended`: the case was corrected (Schema/0012; the note is the reason).
    status text NOT NULL CHECK (status IN ('submitted', 'payable', 'incomplete', 'rejected', 'documents_added', 'amended')),
    note text,
    changed_by text NOT NULL CHECK (changed_by <> ''),
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX claim_status_history_claim_idx ON claim_status_history (claim_id, id);

COMMENT ON TABLE claim_status_history IS 'Insert-only history of claim statuses: who, when, what, why.';

CREATE FUNCTION claim_status_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claim_status_history is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER claim_status_history_insert_only
    BEFORE UPDATE OR DELETE ON claim_status_history
    FOR EACH ROW EXECUTE FUNCTION claim_status_history_refuse_change();

CREATE TRIGGER claim_status_history_no_truncate
    BEFORE TRUNCATE ON claim_status_history
    FOR EACH STATEMENT EXECUTE FUNCTION claim_status_history_refuse_change();

-- MARK: heir_jobs (the queue)

CREATE TABLE heir_jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- heir_submission: compute the claim of submission_id; noop: does nothing (benchmarks, health checks).
    kind text NOT NULL DEFAULT 'heir_submission' CHECK (kind IN ('heir_submission', 'noop')),
    submission_id bigint REFERENCES submissions (id),
    -- available: waiting to run; running: leased by worker_id until lease_expires_at; retryable: failed, runs again
    -- at scheduled_at; completed: done (pruned after the retention period); discarded: dead after max_attempts,
    -- kept until retried by hand (`queue retry`).
    state text NOT NULL DEFAULT 'available'
        CHECK (state IN ('available', 'running', 'retryable', 'completed', 'discarded')),
    -- Higher runs first.
    priority smallint NOT NULL DEFAULT 0,
    scheduled_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer NOT NULL DEFAULT 20 CHECK (max_attempts >= 1),
    lease_expires_at timestamptz,
    -- The worker holding the lease while running; afterwards the last worker that ran it.
    worker_id text,
    -- One object per failed attempt: {"attempt": n, "at": "...", "worker": "...", "error": "..."}.
    errors jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
    -- The claim status the job ended with (payable, incomplete, rejected), once completed.
    outcome text CHECK (outcome IN ('payable', 'incomplete', 'rejected', 'unchanged')),
    created_at timestamptz NOT NULL DEFAULT now(),
    attempted_at timestamptz,
    completed_at timestamptz,
    discarded_at timestamptz,
    CONSTRAINT heir_jobs_submission_when_heir CHECK ((kind = 'heir_submission') = (submission_id IS NOT NULL)),
    CONSTRAINT heir_jobs_lease_only_when_running CHECK ((state = 'running') = (lease_expires_at IS NOT NULL)),
    CONSTRAINT heir_jobs_completed_at_when_completed CHECK ((state = 'completed') = (completed_at IS NOT NULL)),
    CONSTRAINT heir_jobs_discarded_at_when_discarded CHECK ((state = 'discarded') = (discarded_at IS NOT NULL))
);

-- A submission has at most one job waiting to run, so enqueueing twice is a no-op. One more may be running: when
-- documents are added while a job computes the old case, a new job must still run after it (a recompute overwrites
-- only an incomplete claim, so the two can finish in either order).
CREATE UNIQUE INDEX heir_jobs_one_waiting_per_submission ON heir_jobs (submission_id)
    WHERE state IN ('available', 'retryable');
-- Claiming: the runnable jobs in the order they are taken.
CREATE INDEX heir_jobs_runnable_idx ON heir_jobs (priority DESC, scheduled_at, id)
    WHERE state IN ('available', 'retryable');
-- Rescuing expired leases.
CREATE INDEX heir_jobs_lease_idx ON heir_jobs (lease_expires_at) WHERE state = 'running';
-- Pruning completed jobs.
CREATE INDEX heir_jobs_completed_idx ON heir_jobs (completed_at) WHERE state = 'completed';
CREATE INDEX heir_jobs_submission_idx ON heir_jobs (submission_id);

COMMENT ON TABLE heir_jobs IS 'The heir-submission queue: one job computes one submission''s claim.';

-- MARK: grants

GRANT SELECT, INSERT ON submissions, claim_status_history, heir_jobs TO santunan_officer;
GRANT UPDATE (case_document, amended_by, amended_at) ON submissions TO santunan_officer;
GRANT SELECT ON claims, claim_lines, claim_installments TO santunan_officer;
GRANT SELECT ON submissions, claims, claim_lines, claim_installments, claim_status_history, heir_jobs
    TO santunan_auditor, santunan_approver;
