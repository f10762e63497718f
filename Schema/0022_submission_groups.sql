-- 0022 Submissions stored in groups, one statement a group (issue 21; docs/decisions/0016-http-service.md,
-- "Session 7").
--
-- claim_submissions_create  stores a group of submissions of one API user (`POST /v1/claims`, SantunanServer's
--                           SubmissionBatcher) in one call: the Idempotency-Keys the user sent before, the new
--                           submissions with their `submitted` history rows and their jobs, the new keys, and the
--                           workers' NOTIFY. Called alone it is one transaction and one WAL flush for the whole
--                           group, and one round trip: the group's earlier form (a savepoint, 4-5 statements and a
--                           `SET ROLE` per submission) spent most of its time waiting for the network and the
--                           executor's start-up, statement by statement.
-- heir_jobs_enqueue_many    the queue's half: the jobs of many submissions in one INSERT (HeirQueue owns heir_jobs).
--
-- The outcome of every submission comes back as a row, so each request keeps its own answer:
--   created          stored now, with its history row, its job and its key;
--   existing         the case_id was stored before with the same text: that submission (its key is recorded now);
--   differs          the case_id was stored before with another text: nothing written, not even the key; the stored
--                    text comes back and the caller compares the two cases (SubmissionService: the same document in
--                    another spelling is the same submission, a changed case is refused as on the CLI);
--   replay           the user sent this key before with the same body (the same SHA-256): that submission;
--   key_reused       the user sent this key before with another body (409);
--   duplicate_event  another case claims the same KPJ, event type and date: nothing written (one claim per event,
--                    decided by submissions_event_key, so two concurrent groups cannot both pass).
-- The precedence is the per-submission path's (claim_submission_create, 0010): a known key first, then the case_id,
-- then the event. A conflicting row of a concurrent group is waited for by ON CONFLICT and read by the next
-- statement, which sees it committed (each statement of a PL/pgSQL function takes a new snapshot).
--
-- Who may call it: only the owner, the server's login (the keys are the server's bookkeeping, 0016). The user's
-- role is checked as SET ROLE would have checked it: a role without EXECUTE on claim_submission_create and
-- heir_job_enqueue is refused with SQLSTATE 42501, as the database refused it before.
--
-- SQLSTATEs of this file, class SG (submission groups): SG001 a group that repeats a case_id or a key, or whose
-- arrays differ in length; the caller stores such a group one submission at a time (the meaning of a repeat depends
-- on which of the two is stored first).

-- MARK: the queue's half

-- Enqueues the jobs of p_submission_ids (each unless one is already waiting to run); returns how many.
CREATE FUNCTION heir_jobs_enqueue_many(p_submission_ids bigint[], p_priority smallint, p_max_attempts integer,
    p_at timestamptz)
RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH enqueued AS (
        INSERT INTO heir_jobs (kind, submission_id, priority, max_attempts, scheduled_at)
        SELECT 'heir_submission', s.id, p_priority, p_max_attempts, p_at
        FROM unnest(p_submission_ids) AS s(id) ORDER BY s.id
        ON CONFLICT (submission_id) WHERE state IN ('available', 'retryable') DO NOTHING
        RETURNING id)
    SELECT count(*)::integer FROM enqueued
$$;

-- MARK: a group of submissions

CREATE FUNCTION claim_submissions_create(
    p_user text, p_role text, p_keys text[], p_hashes text[], p_case_ids text[], p_documents text[],
    p_niks text[], p_kpjs text[], p_event_types text[], p_event_dates date[], p_claim_dates date[],
    p_max_attempts integer, p_at timestamptz, p_channel text)
RETURNS TABLE (item integer, outcome text, submission_id bigint, case_id text, stored_document text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_count integer := coalesce(cardinality(p_case_ids), 0);
    v_actor text;
    -- The outcomes found so far, item by item (items are 1-based positions in the arrays).
    v_items integer[] := '{}';
    v_outcomes text[] := '{}';
    v_ids bigint[] := '{}';
    v_case_ids text[] := '{}';
    v_stored text[] := '{}';
    v_new_ids bigint[] := '{}';
BEGIN
    IF NOT coalesce(has_function_privilege(p_role,
            'claim_submission_create(text,text,json,text,text,text,date,date)', 'EXECUTE'), false) THEN
        RAISE EXCEPTION 'permission denied for function claim_submission_create'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT coalesce(has_function_privilege(p_role, 'heir_job_enqueue(bigint,smallint,integer,timestamptz)',
            'EXECUTE'), false) THEN
        RAISE EXCEPTION 'permission denied for function heir_job_enqueue' USING ERRCODE = 'insufficient_privilege';
    END IF;
    v_actor := santunan_actor(p_user);
    IF v_count = 0 THEN
        RETURN;
    END IF;
    IF coalesce(cardinality(p_keys), 0) <> v_count OR coalesce(cardinality(p_hashes), 0) <> v_count
        OR coalesce(cardinality(p_documents), 0) <> v_count OR coalesce(cardinality(p_niks), 0) <> v_count
        OR coalesce(cardinality(p_kpjs), 0) <> v_count OR coalesce(cardinality(p_event_types), 0) <> v_count
        OR coalesce(cardinality(p_event_dates), 0) <> v_count OR coalesce(cardinality(p_claim_dates), 0) <> v_count
    THEN
        RAISE EXCEPTION 'a group of submissions needs one value of each array per submission' USING ERRCODE = 'SG001';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_case_ids) AS c(case_id) GROUP BY c.case_id HAVING count(*) > 1)
        OR EXISTS (SELECT 1 FROM unnest(p_keys) AS k(key) WHERE k.key IS NOT NULL GROUP BY k.key HAVING count(*) > 1)
    THEN
        RAISE EXCEPTION 'a group of submissions repeats a case_id or an Idempotency-Key; store them one at a time'
            USING ERRCODE = 'SG001';
    END IF;

    -- 1. Keys the user sent before: the same body is the same submission, another body is refused.
    SELECT coalesce(array_agg(g.item::integer ORDER BY g.item), '{}'),
           coalesce(array_agg(CASE WHEN k.request_sha256 = g.hash THEN 'replay' ELSE 'key_reused' END
                              ORDER BY g.item), '{}'),
           coalesce(array_agg(k.submission_id ORDER BY g.item), '{}'),
           coalesce(array_agg(s.case_id ORDER BY g.item), '{}'),
           coalesce(array_agg(NULL::text ORDER BY g.item), '{}')
    INTO v_items, v_outcomes, v_ids, v_case_ids, v_stored
    FROM unnest(p_keys, p_hashes) WITH ORDINALITY AS g(key, hash, item)
    JOIN api_idempotency_keys k ON k.user_name = p_user AND k.key = g.key
    JOIN submissions s ON s.id = k.submission_id;

    -- 2. The others stored, each with its `submitted` history row, in case_id order (concurrent groups then meet
    --    their common rows in the same order). A case_id or an event stored already is skipped here (3 says which).
    WITH given AS (
        SELECT g.*
        FROM unnest(p_case_ids, p_documents, p_niks, p_kpjs, p_event_types, p_event_dates, p_claim_dates)
            WITH ORDINALITY AS g(case_id, document, nik, kpj, event_type, event_date, claim_date, item)
        WHERE g.item <> ALL (v_items)
    ), inserted AS (
        INSERT INTO submissions (
            case_id, case_document, participant_nik, kpj, event_type, event_date, claim_date, submitted_by)
        SELECT g.case_id, g.document::json, g.nik, g.kpj, g.event_type, g.event_date, g.claim_date, v_actor
        FROM given g ORDER BY g.case_id
        ON CONFLICT DO NOTHING
        RETURNING submissions.id, submissions.case_id
    ), history AS (
        INSERT INTO claim_status_history (claim_id, status, note, changed_by)
        SELECT i.id, 'submitted', NULL, v_actor FROM inserted i ORDER BY i.id
    )
    SELECT v_items || coalesce(array_agg(g.item::integer ORDER BY g.item), '{}'),
           v_outcomes || coalesce(array_agg('created'::text ORDER BY g.item), '{}'),
           v_ids || coalesce(array_agg(i.id ORDER BY g.item), '{}'),
           v_case_ids || coalesce(array_agg(i.case_id ORDER BY g.item), '{}'),
           v_stored || coalesce(array_agg(NULL::text ORDER BY g.item), '{}'),
           coalesce(array_agg(i.id ORDER BY i.id), '{}')
    INTO v_items, v_outcomes, v_ids, v_case_ids, v_stored, v_new_ids
    FROM inserted i JOIN given g ON g.case_id = i.case_id;

    IF cardinality(v_new_ids) > 0 THEN
        PERFORM heir_jobs_enqueue_many(v_new_ids, 0::smallint, p_max_attempts, p_at);
        PERFORM pg_notify(p_channel, '');
    END IF;

    -- 3. What was skipped: the same case_id stored before (the same text: the same submission; another text: the
    --    caller compares), else another case's event.
    SELECT v_items || coalesce(array_agg(g.item::integer ORDER BY g.item), '{}'),
           v_outcomes || coalesce(array_agg(CASE WHEN s.id IS NULL THEN 'duplicate_event'
                                                 WHEN s.document = g.document THEN 'existing'
                                                 ELSE 'differs' END ORDER BY g.item), '{}'),
           v_ids || coalesce(array_agg(s.id ORDER BY g.item), '{}'),
           v_case_ids || coalesce(array_agg(g.case_id ORDER BY g.item), '{}'),
           v_stored || coalesce(array_agg(CASE WHEN s.document <> g.document THEN s.document END
                                          ORDER BY g.item), '{}')
    INTO v_items, v_outcomes, v_ids, v_case_ids, v_stored
    FROM unnest(p_case_ids, p_documents) WITH ORDINALITY AS g(case_id, document, item)
    LEFT JOIN LATERAL (
        SELECT x.id, x.case_document::text AS document FROM submissions x WHERE x.case_id = g.case_id
    ) s ON true
    WHERE g.item <> ALL (v_items);

    -- 4. The keys of the stored submissions, new or found again, in key order.
    INSERT INTO api_idempotency_keys (user_name, key, request_sha256, submission_id)
    SELECT p_user, p_keys[r.item], p_hashes[r.item], r.id
    FROM unnest(v_items, v_outcomes, v_ids) AS r(item, outcome, id)
    WHERE r.outcome IN ('created', 'existing') AND p_keys[r.item] IS NOT NULL
    ORDER BY p_keys[r.item]
    ON CONFLICT DO NOTHING;

    RETURN QUERY
    SELECT r.item, r.outcome, r.id, r.case_id, r.stored
    FROM unnest(v_items, v_outcomes, v_ids, v_case_ids, v_stored) AS r(item, outcome, id, case_id, stored)
    ORDER BY r.item;
END
$$;

REVOKE EXECUTE ON FUNCTION heir_jobs_enqueue_many(bigint[], smallint, integer, timestamptz),
    claim_submissions_create(text, text, text[], text[], text[], text[], text[], text[], text[], date[], date[],
        integer, timestamptz, text)
    FROM PUBLIC;
