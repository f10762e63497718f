-- 0012 amendments: correcting a stored case keeps the earlier version, says who and why (issue 15;
-- docs/decisions/0013-identity-and-bounds.md).
--
-- submission_versions  insert-only: the case file and the claim a submission had before each amendment.
-- santunan_amend_submission(...)  the one write path of `claim amend`: checks that no line of the claim is in an
--                      approved batch, keeps the earlier version, stores the corrected case, drops the old claim and
--                      queues its recomputation, all in the caller's transaction.
--
-- A resubmission of a case_id with different content is refused by `claim submit` (exit 65); this is the only way
-- to change what a stored case says besides `claim documents --add`.

CREATE TABLE submission_versions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id),
    -- 1 is the case as first submitted, 2 the first amendment's, ...: this row keeps version `version`, which the
    -- amendment recorded here replaced.
    version integer NOT NULL CHECK (version >= 1),
    case_document json COMPRESSION lz4 NOT NULL,
    -- The claim computed from that version, if a worker had computed one (NULL while it was pending).
    claim_status text,
    claim_total bigint,
    claim_payable_now bigint,
    claim_result json COMPRESSION lz4,
    claim_first_computed_at timestamptz,
    -- Why the case was corrected, and who corrected it (santunan_actor: the login, or the checked --as name).
    reason text NOT NULL CHECK (btrim(reason) <> '' AND char_length(reason) <= 1000),
    amended_by text NOT NULL CHECK (amended_by <> ''),
    amended_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT submission_versions_version_key UNIQUE (submission_id, version)
);

COMMENT ON TABLE submission_versions IS
    'Insert-only: the earlier versions of amended cases, with the claim each had, who amended it and why.';

CREATE FUNCTION submission_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'submission_versions is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER submission_versions_insert_only
    BEFORE UPDATE OR DELETE ON submission_versions
    FOR EACH ROW EXECUTE FUNCTION submission_versions_refuse_change();

CREATE TRIGGER submission_versions_no_truncate
    BEFORE TRUNCATE ON submission_versions
    FOR EACH STATEMENT EXECUTE FUNCTION submission_versions_refuse_change();

-- The history says when a case was amended (status `amended`, Schema/0003; the note is the reason).

-- Amends submission `p_id` with the corrected case `p_document` (already validated and computed by the caller)
-- and returns the number of the new version.
--
-- Refused (SQLSTATE SV001) once a line of the claim is in an approved batch (approved, exported or reconciled):
-- money may have left, and a correction then is a new payment, not an edit. Refused too (SV002) while payout lines
-- of the claim exist at all: they are immutable payment data that reference the claim's lines. Refused (SV003)
-- while a worker computes the claim: its result, of the old case, would land after the amendment. The event
-- columns follow the corrected case; a clash with another case's event is the unique key's 23505.
CREATE FUNCTION santunan_amend_submission(
    p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date,
    p_claim_date date, p_reason text, p_claimed_actor text
) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    actor text := santunan_actor(p_claimed_actor);
    stored submissions%ROWTYPE;
    old_claim claims%ROWTYPE;
    approved record;
    any_line text;
    next_version integer;
BEGIN
    IF p_reason IS NULL OR btrim(p_reason) = '' OR char_length(p_reason) > 1000 THEN
        RAISE EXCEPTION '--reason: say why the case is amended (1-1000 characters)' USING ERRCODE = 'SV004';
    END IF;
    SELECT * INTO stored FROM submissions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no submission %', p_id USING ERRCODE = 'no_data_found';
    END IF;
    IF (p_document ->> 'case_id') IS DISTINCT FROM stored.case_id THEN
        RAISE EXCEPTION 'case_id: the amended case must keep the case_id of submission %', p_id
            USING ERRCODE = 'SV004';
    END IF;
    SELECT * INTO old_claim FROM claims WHERE id = p_id FOR UPDATE;

    SELECT l.id AS line_id, b.id AS batch_id, b.state INTO approved
    FROM payout_lines l
    JOIN payout_batch_lines bl ON bl.line_id = l.id
    JOIN payout_batches b ON b.id = bl.batch_id
    WHERE l.claim_id = p_id AND b.state IN ('approved', 'exported', 'reconciled')
    ORDER BY l.seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'payout line % of this claim is in % batch %; an approved claim is not amended',
            approved.line_id, approved.state, approved.batch_id
            USING ERRCODE = 'SV001';
    END IF;
    SELECT l.id INTO any_line FROM payout_lines l WHERE l.claim_id = p_id ORDER BY l.seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'payout line % was already created from this claim; payment data is not edited',
            any_line
            USING ERRCODE = 'SV002';
    END IF;
    -- Waiting jobs are locked, so no worker claims one (SKIP LOCKED) before this commits; a running one refuses.
    PERFORM 1 FROM heir_jobs WHERE submission_id = p_id AND state IN ('available', 'retryable', 'running')
        FOR UPDATE;
    IF EXISTS (SELECT 1 FROM heir_jobs WHERE submission_id = p_id AND state = 'running') THEN
        RAISE EXCEPTION 'a worker is computing this claim now; retry in a moment' USING ERRCODE = 'SV003';
    END IF;

    SELECT coalesce(max(version), 0) + 1 INTO next_version FROM submission_versions WHERE submission_id = p_id;
    INSERT INTO submission_versions (
        submission_id, version, case_document, claim_status, claim_total, claim_payable_now, claim_result,
        claim_first_computed_at, reason, amended_by)
    VALUES (
        p_id, next_version, stored.case_document, old_claim.status, old_claim.total, old_claim.payable_now,
        old_claim.result, old_claim.first_computed_at, p_reason, actor);

    -- The old claim goes (its lines' instalments cascade); the worker computes the corrected case as a new claim.
    DELETE FROM claim_lines WHERE claim_id = p_id;
    DELETE FROM claims WHERE id = p_id;
    UPDATE submissions
    SET case_document = p_document, participant_nik = p_participant_nik, kpj = p_kpj, event_type = p_event_type,
        event_date = p_event_date, claim_date = p_claim_date, amended_by = actor, amended_at = now()
    WHERE id = p_id;
    INSERT INTO claim_status_history (claim_id, status, note, changed_by)
    VALUES (p_id, 'amended', 'version ' || (next_version + 1) || ': ' || p_reason, actor);
    INSERT INTO heir_jobs (kind, submission_id)
    VALUES ('heir_submission', p_id)
    ON CONFLICT (submission_id) WHERE state IN ('available', 'retryable') DO NOTHING;
    RETURN next_version + 1;
END
$$;

COMMENT ON FUNCTION santunan_amend_submission(bigint, json, text, text, text, date, date, text, text) IS
    'claim amend: keeps the earlier version, stores the corrected case and queues its recomputation.';

REVOKE ALL ON FUNCTION santunan_amend_submission(bigint, json, text, text, text, date, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION santunan_amend_submission(bigint, json, text, text, text, date, date, text, text)
    TO santunan_officer;
GRANT SELECT ON submission_versions TO santunan_officer, santunan_approver, santunan_auditor;
