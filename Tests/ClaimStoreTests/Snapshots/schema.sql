--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: btree_gist; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;


--
-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';


--
-- Name: claim_case_document_set(bigint, text, json); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_case_document_set(p_id bigint, p_as text, p_document json) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.claim_case_document_set(p_id bigint, p_as text, p_document json) OWNER TO postgres;

--
-- Name: claim_case_documents(bigint[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_case_documents(p_ids bigint[]) RETURNS TABLE(id bigint, case_document text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT s.id, s.case_document::text FROM submissions s WHERE s.id = ANY(p_ids)
$$;


ALTER FUNCTION public.claim_case_documents(p_ids bigint[]) OWNER TO postgres;

--
-- Name: claim_documents_frozen(bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_documents_frozen(p_id bigint) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM payout_lines p
        WHERE p.claim_id = p_id AND (p.status IN ('paid', 'pending') OR EXISTS (
            SELECT 1 FROM payout_batch_lines bl JOIN payout_batches b ON b.id = bl.batch_id
            WHERE bl.line_id = p.id AND b.state IN ('approved', 'exported', 'reconciled'))))
$$;


ALTER FUNCTION public.claim_documents_frozen(p_id bigint) OWNER TO postgres;

--
-- Name: claim_event_record(text, bigint, text, text, date); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_kind text;
    v_recipient text;
    v_death date;
    v_document json;
    v_recorded text;
BEGIN
    SELECT c.result->'monthly_pension'->>'kind', c.result->'monthly_pension'->>'recipient', s.event_date,
           s.case_document
    INTO v_kind, v_recipient, v_death, v_document
    FROM claims c JOIN submissions s ON s.id = c.id WHERE c.id = p_claim_id FOR UPDATE OF c;
    IF NOT FOUND OR v_kind IS NULL THEN
        RAISE EXCEPTION 'claim %: no computed claim with a JP monthly pension', p_claim_id USING ERRCODE = 'SR005';
    END IF;
    IF p_event = 'remarried' THEN
        IF v_kind <> 'widow' OR p_nik IS DISTINCT FROM v_recipient THEN
            RAISE EXCEPTION 'claim %: a remarriage ends only a widow''s or widower''s pension, of its recipient',
                p_claim_id USING ERRCODE = 'SR005';
        END IF;
    ELSIF p_event IN ('child_married', 'child_working') THEN
        IF v_kind <> 'child' OR NOT EXISTS (
            SELECT 1 FROM json_array_elements(v_document->'heirs') h
            WHERE h->>'relation' = 'child' AND h->>'nik' = p_nik) THEN
            RAISE EXCEPTION 'claim %: a child''s event ends only a child''s pension, of a child of the case', p_claim_id
                USING ERRCODE = 'SR005';
        END IF;
    ELSE
        RAISE EXCEPTION 'claim %: unknown event %', p_claim_id, p_event USING ERRCODE = 'SR005';
    END IF;
    IF p_date IS NULL OR p_date < v_death THEN
        RAISE EXCEPTION 'claim %: the event is dated before the death', p_claim_id USING ERRCODE = 'SR005';
    END IF;
    INSERT INTO claim_events (claim_id, event, nik, event_date, recorded_by)
    VALUES (p_claim_id, p_event, p_nik, p_date, v_actor)
    ON CONFLICT ON CONSTRAINT claim_events_once DO NOTHING
    RETURNING recorded_by INTO v_recorded;
    RETURN v_recorded;
END
$$;


ALTER FUNCTION public.claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date) OWNER TO postgres;

--
-- Name: claim_events_refuse_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'claim_events is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION public.claim_events_refuse_change() OWNER TO postgres;

--
-- Name: claim_history_append(bigint, text, text, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
BEGIN
    IF p_status IS NULL OR p_status NOT IN ('submitted', 'documents_added') THEN
        RAISE EXCEPTION 'claim %: status % is recorded only with the computed claim', p_claim_id, p_status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO claim_status_history (claim_id, status, note, changed_by)
    VALUES (p_claim_id, p_status, p_note, santunan_actor(p_as));
END
$$;


ALTER FUNCTION public.claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text) OWNER TO postgres;

--
-- Name: claim_status_history_refuse_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_status_history_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'claim_status_history is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION public.claim_status_history_refuse_change() OWNER TO postgres;

--
-- Name: claim_submission_create(text, text, json, text, text, text, date, date); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_submission_create(p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date) RETURNS TABLE(submission_id bigint, created boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.claim_submission_create(p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date) OWNER TO postgres;

--
-- Name: claim_submission_lock(bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_submission_lock(p_id bigint) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT EXISTS (SELECT 1 FROM submissions WHERE id = p_id FOR UPDATE)
$$;


ALTER FUNCTION public.claim_submission_lock(p_id bigint) OWNER TO postgres;

--
-- Name: claim_submissions_create(text, text, text[], text[], text[], text[], text[], text[], text[], date[], date[], integer, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claim_submissions_create(p_user text, p_role text, p_keys text[], p_hashes text[], p_case_ids text[], p_documents text[], p_niks text[], p_kpjs text[], p_event_types text[], p_event_dates date[], p_claim_dates date[], p_max_attempts integer, p_at timestamp with time zone, p_channel text) RETURNS TABLE(item integer, outcome text, submission_id bigint, case_id text, stored_document text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.claim_submissions_create(p_user text, p_role text, p_keys text[], p_hashes text[], p_case_ids text[], p_documents text[], p_niks text[], p_kpjs text[], p_event_types text[], p_event_dates date[], p_claim_dates date[], p_max_attempts integer, p_at timestamp with time zone, p_channel text) OWNER TO postgres;

--
-- Name: claims_store(text, bigint[], text[], text[], text[], bigint[], bigint[], text[], json, json); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.claims_store(p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[], p_payable_now bigint[], p_results text[], p_lines json, p_installments json) RETURNS SETOF bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.claims_store(p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[], p_payable_now bigint[], p_results text[], p_lines json, p_installments json) OWNER TO postgres;

--
-- Name: heir_job_enqueue(bigint, smallint, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    INSERT INTO heir_jobs (kind, submission_id, priority, max_attempts, scheduled_at)
    VALUES ('heir_submission', p_submission_id, p_priority, p_max_attempts, p_at)
    ON CONFLICT (submission_id) WHERE state IN ('available', 'retryable') DO NOTHING
    RETURNING id
$$;


ALTER FUNCTION public.heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: heir_job_fail(bigint, text, integer, text, timestamp with time zone, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text, p_scheduled_at timestamp with time zone, p_now timestamp with time zone, p_error text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text, p_scheduled_at timestamp with time zone, p_now timestamp with time zone, p_error text) OWNER TO postgres;

--
-- Name: heir_job_retry(bigint, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_job_retry(p_job bigint, p_at timestamp with time zone) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    WITH retried AS (
        UPDATE heir_jobs SET state = 'available', attempts = 0, scheduled_at = p_at, discarded_at = NULL
        WHERE id = p_job AND state IN ('discarded', 'retryable')
        RETURNING id)
    SELECT EXISTS (SELECT 1 FROM retried)
$$;


ALTER FUNCTION public.heir_job_retry(p_job bigint, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: heir_jobs_claim(text, integer, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_claim(p_worker text, p_limit integer, p_now timestamp with time zone, p_lease_until timestamp with time zone) RETURNS TABLE(id bigint, kind text, submission_id bigint, attempts integer, max_attempts integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
BEGIN
    RETURN QUERY
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
    WHERE j.id = ANY (ARRAY(SELECT picked.id FROM picked))
    RETURNING j.id, j.kind, j.submission_id, j.attempts, j.max_attempts;
END
$$;


ALTER FUNCTION public.heir_jobs_claim(p_worker text, p_limit integer, p_now timestamp with time zone, p_lease_until timestamp with time zone) OWNER TO postgres;

--
-- Name: heir_jobs_complete(text, timestamp with time zone, bigint[], integer[], text[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_complete(p_worker text, p_now timestamp with time zone, p_ids bigint[], p_attempts integer[], p_outcomes text[]) RETURNS SETOF bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
BEGIN
    RETURN QUERY
    UPDATE heir_jobs j
    SET state = 'completed', completed_at = p_now, lease_expires_at = NULL,
        outcome = p_outcomes[array_position(p_ids, j.id)]
    WHERE j.id = ANY (p_ids) AND j.state = 'running' AND j.worker_id = p_worker
      AND j.attempts = p_attempts[array_position(p_ids, j.id)]
    RETURNING j.id;
END
$$;


ALTER FUNCTION public.heir_jobs_complete(p_worker text, p_now timestamp with time zone, p_ids bigint[], p_attempts integer[], p_outcomes text[]) OWNER TO postgres;

--
-- Name: heir_jobs_enqueue_many(bigint[], smallint, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_enqueue_many(p_submission_ids bigint[], p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    WITH enqueued AS (
        INSERT INTO heir_jobs (kind, submission_id, priority, max_attempts, scheduled_at)
        SELECT 'heir_submission', s.id, p_priority, p_max_attempts, p_at
        FROM unnest(p_submission_ids) AS s(id) ORDER BY s.id
        ON CONFLICT (submission_id) WHERE state IN ('available', 'retryable') DO NOTHING
        RETURNING id)
    SELECT count(*)::integer FROM enqueued
$$;


ALTER FUNCTION public.heir_jobs_enqueue_many(p_submission_ids bigint[], p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: heir_jobs_enqueue_noops(integer, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamp with time zone) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    INSERT INTO heir_jobs (kind, max_attempts, scheduled_at)
    SELECT 'noop', p_max_attempts, p_at FROM generate_series(1, p_count)
$$;


ALTER FUNCTION public.heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: heir_jobs_mark_unchanged(bigint[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_mark_unchanged(p_ids bigint[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    UPDATE heir_jobs SET outcome = 'unchanged'
    WHERE id = ANY(p_ids) AND state = 'completed' AND xmin = pg_current_xact_id()::xid
$$;


ALTER FUNCTION public.heir_jobs_mark_unchanged(p_ids bigint[]) OWNER TO postgres;

--
-- Name: heir_jobs_prune(timestamp with time zone, integer); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_prune(p_cutoff timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    WITH pruned AS (
        DELETE FROM heir_jobs WHERE id IN (
            SELECT id FROM heir_jobs WHERE state = 'completed' AND completed_at < p_cutoff LIMIT p_limit)
        RETURNING 1)
    SELECT count(*)::integer FROM pruned
$$;


ALTER FUNCTION public.heir_jobs_prune(p_cutoff timestamp with time zone, p_limit integer) OWNER TO postgres;

--
-- Name: heir_jobs_release(text, bigint[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_release(p_worker text, p_ids bigint[]) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    WITH released AS (
        UPDATE heir_jobs SET state = 'available', attempts = greatest(attempts - 1, 0), lease_expires_at = NULL
        WHERE worker_id = p_worker AND state = 'running' AND (p_ids IS NULL OR id = ANY(p_ids))
        RETURNING 1)
    SELECT count(*)::integer FROM released
$$;


ALTER FUNCTION public.heir_jobs_release(p_worker text, p_ids bigint[]) OWNER TO postgres;

--
-- Name: heir_jobs_rescue(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.heir_jobs_rescue(p_now timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
DECLARE
    v_rescued integer;
BEGIN
    WITH expired AS (
        SELECT h.id FROM heir_jobs h
        WHERE h.state = 'running' AND h.lease_expires_at <= p_now
        FOR UPDATE SKIP LOCKED
    ), rescued AS (
        UPDATE heir_jobs j
        SET state = CASE WHEN j.attempts >= j.max_attempts THEN 'discarded' ELSE 'retryable' END,
            discarded_at = CASE WHEN j.attempts >= j.max_attempts THEN p_now END,
            scheduled_at = p_now, lease_expires_at = NULL,
            errors = j.errors || jsonb_build_array(jsonb_build_object(
                'attempt', j.attempts, 'at', p_now::text, 'worker', j.worker_id,
                'error', 'lease expired: the worker did not finish attempt ' || j.attempts))
        WHERE j.id = ANY (ARRAY(SELECT expired.id FROM expired))
        RETURNING 1)
    SELECT count(*)::integer INTO v_rescued FROM rescued;
    RETURN v_rescued;
END
$$;


ALTER FUNCTION public.heir_jobs_rescue(p_now timestamp with time zone) OWNER TO postgres;

--
-- Name: ledger_balances_at(date); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_balances_at(p_at date) RETURNS TABLE(account text, account_type text, normal_side "char", debits numeric, credits numeric)
    LANGUAGE sql STABLE
    AS $$
    SELECT a.code, c.account_type, c.normal_side, coalesce(x.debits, 0), coalesce(x.credits, 0)
    FROM public.ledger_account AS a
    JOIN public.ledger_account_class AS c ON c.prefix = a.class
    LEFT JOIN (
        SELECT y.account, sum(y.debit) AS debits, sum(y.credit) AS credits
        FROM (
            SELECT s.account, s.debit, s.credit FROM public.ledger_account_month AS s
            WHERE s.month < date_trunc('month', (p_at + 1)::timestamp)::date
            UNION ALL
            SELECT e.account, CASE WHEN e.side = 'D' THEN e.amount ELSE 0 END,
                CASE WHEN e.side = 'C' THEN e.amount ELSE 0 END
            FROM public.ledger_transaction AS t JOIN public.ledger_entry AS e ON e.transaction_id = t.id
            WHERE t.effective_date >= date_trunc('month', (p_at + 1)::timestamp)::date AND t.effective_date <= p_at
        ) AS y
        GROUP BY y.account
    ) AS x ON x.account = a.code
$$;


ALTER FUNCTION public.ledger_balances_at(p_at date) OWNER TO postgres;

--
-- Name: ledger_bulk_begin(text, text[], integer[]); Type: FUNCTION; Schema: public; Owner: santunan_ledger_writer
--

CREATE FUNCTION public.ledger_bulk_begin(p_recorded_by text, p_keys text[], p_entry_counts integer[], OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint, OUT existing integer[]) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    new_transactions bigint;
    new_entries bigint;
BEGIN
    actor := public.santunan_actor(p_recorded_by);
    IF cardinality(p_keys) IS DISTINCT FROM cardinality(p_entry_counts) THEN
        RAISE EXCEPTION 'ledger chunk: % keys but % entry counts', cardinality(p_keys), cardinality(p_entry_counts)
            USING ERRCODE = 'SL005';
    END IF;
    PERFORM 1 FROM public.ledger_chain_head AS h ORDER BY h.lane FOR UPDATE;
    -- Under the locks: every concurrent posting of these keys has committed or rolled back.
    SELECT coalesce(array_agg(k.n ORDER BY k.n) FILTER (WHERE t.id IS NOT NULL), '{}'),
        count(*) FILTER (WHERE t.id IS NULL), coalesce(sum(k.c) FILTER (WHERE t.id IS NULL), 0)
    INTO existing, new_transactions, new_entries
    FROM unnest(p_keys, p_entry_counts) WITH ORDINALITY AS k(key, c, n)
    LEFT JOIN public.ledger_transaction AS t ON t.idempotency_key = k.key;
    first_transaction_id := nextval('public.ledger_transaction_id_seq'::regclass);
    IF new_transactions > 1 THEN
        PERFORM setval('public.ledger_transaction_id_seq'::regclass, first_transaction_id + new_transactions - 1);
    END IF;
    first_entry_id := nextval('public.ledger_entry_id_seq'::regclass);
    IF new_entries > 1 THEN
        PERFORM setval('public.ledger_entry_id_seq'::regclass, first_entry_id + new_entries - 1);
    END IF;
    PERFORM set_config('santunan.ledger_bulk',
        concat_ws(',', first_transaction_id, new_transactions, first_entry_id, new_entries), true);
    recorded_at_us := (extract(epoch FROM now()) * 1000000)::bigint;
END
$$;


ALTER FUNCTION public.ledger_bulk_begin(p_recorded_by text, p_keys text[], p_entry_counts integer[], OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint, OUT existing integer[]) OWNER TO santunan_ledger_writer;

--
-- Name: ledger_chain_class(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_chain_class() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
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


ALTER FUNCTION public.ledger_chain_class() OWNER TO postgres;

--
-- Name: ledger_chain_entry(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_chain_entry() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
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


ALTER FUNCTION public.ledger_chain_entry() OWNER TO postgres;

--
-- Name: ledger_chain_transaction(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_chain_transaction() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
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


ALTER FUNCTION public.ledger_chain_transaction() OWNER TO postgres;

--
-- Name: ledger_check_balanced(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_check_balanced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.ledger_check_balanced() OWNER TO postgres;

--
-- Name: ledger_check_entry_balanced(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_check_entry_balanced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.ledger_check_entry_balanced() OWNER TO postgres;

--
-- Name: ledger_check_entry_fields("char", bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_check_entry_fields(p_side "char", p_amount bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.ledger_check_entry_fields(p_side "char", p_amount bigint) OWNER TO postgres;

--
-- Name: ledger_check_key(text, text, text, text, "char"[], bigint[], boolean); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_check_key(p_key text, p_kind text, p_batch_id text, p_claim_id text, p_sides "char"[], p_amounts bigint[], p_single boolean) RETURNS void
    LANGUAGE plpgsql
    AS $_$
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
$_$;


ALTER FUNCTION public.ledger_check_key(p_key text, p_kind text, p_batch_id text, p_claim_id text, p_sides "char"[], p_amounts bigint[], p_single boolean) OWNER TO postgres;

--
-- Name: ledger_check_transaction_fields(text, text, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_check_transaction_fields(p_key text, p_kind text, p_recorded_by text) RETURNS void
    LANGUAGE plpgsql
    AS $_$
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
$_$;


ALTER FUNCTION public.ledger_check_transaction_fields(p_key text, p_kind text, p_recorded_by text) OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: ledger_account_class; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_account_class (
    prefix text NOT NULL,
    account_type text NOT NULL,
    normal_side "char" NOT NULL,
    program text,
    opened_on_demand boolean NOT NULL,
    parent text,
    description text NOT NULL,
    chart_seq bigint NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT ledger_account_class_account_type_check CHECK ((account_type = ANY (ARRAY['asset'::text, 'liability'::text, 'fund'::text, 'income'::text, 'expense'::text]))),
    CONSTRAINT ledger_account_class_normal_side_check CHECK ((normal_side = ANY (ARRAY['D'::"char", 'C'::"char"]))),
    CONSTRAINT ledger_account_class_prefix_check CHECK ((prefix ~ '^[A-Z][A-Z_]*$'::text)),
    CONSTRAINT ledger_account_class_program_check CHECK ((program = ANY (ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text])))
);


ALTER TABLE public.ledger_account_class OWNER TO postgres;

--
-- Name: ledger_class_canonical(public.ledger_account_class); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_class_canonical(c public.ledger_account_class) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
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


ALTER FUNCTION public.ledger_class_canonical(c public.ledger_account_class) OWNER TO postgres;

--
-- Name: ledger_entry; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_entry (
    id bigint NOT NULL,
    transaction_id bigint NOT NULL,
    account text NOT NULL,
    side "char" NOT NULL,
    amount bigint NOT NULL,
    lane smallint DEFAULT 0 NOT NULL,
    lane_seq bigint DEFAULT 0 NOT NULL,
    hash bytea DEFAULT '\x'::bytea NOT NULL
);


ALTER TABLE public.ledger_entry OWNER TO postgres;

--
-- Name: ledger_entry_canonical(public.ledger_entry); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_entry_canonical(e public.ledger_entry) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN 'E|' || e.lane || '|' || e.lane_seq || '|' || e.id || '|' || e.transaction_id
        || '|' || octet_length(e.account) || ':' || e.account || '|' || e.side::text || '|' || e.amount;
END
$$;


ALTER FUNCTION public.ledger_entry_canonical(e public.ledger_entry) OWNER TO postgres;

--
-- Name: ledger_post(text, text, date, text, text, text, text, text, text, text, text, text[], "char"[], bigint[]); Type: FUNCTION; Schema: public; Owner: santunan_ledger_writer
--

CREATE FUNCTION public.ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    AS $_$
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
$_$;


ALTER FUNCTION public.ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean) OWNER TO santunan_ledger_writer;

--
-- Name: ledger_post_chunk(text, text[], text[], date[], text[], text[], text[], text[], text[], text[], smallint[], bigint[], bytea[], integer[], text[], "char"[], bigint[], bigint[], bytea[]); Type: FUNCTION; Schema: public; Owner: santunan_ledger_writer
--

CREATE FUNCTION public.ledger_post_chunk(p_recorded_by text, p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[], p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[], p_entry_transactions integer[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[], p_entry_hashes bytea[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET plan_cache_mode TO 'force_custom_plan'
    AS $_$
DECLARE
    reserved text[] := string_to_array(current_setting('santunan.ledger_bulk', true), ',');
    first_transaction bigint;
    first_entry bigint;
    header_count int := coalesce(cardinality(p_keys), 0);
    entry_count int := coalesce(cardinality(p_accounts), 0);
    who text;
    single boolean;
    bad text;
BEGIN
    who := public.santunan_actor(p_recorded_by);
    single := public.santunan_single_user();
    -- The ids reserved by ledger_bulk_begin in this transaction (one chunk per reservation). A caller can set the
    -- setting itself; the ids must then still be ids the sequences have issued (so later postings never meet
    -- them), and the primary keys refuse a second use.
    IF reserved IS NULL OR cardinality(reserved) <> 4 OR reserved[2]::int <> header_count
        OR reserved[4]::int <> entry_count THEN
        RAISE EXCEPTION 'ledger chunk: % postings and % entries were not reserved by ledger_bulk_begin in this '
            'transaction', header_count, entry_count USING ERRCODE = 'SL005';
    END IF;
    first_transaction := reserved[1]::bigint;
    first_entry := reserved[3]::bigint;
    PERFORM set_config('santunan.ledger_bulk', '', true);
    IF header_count = 0 THEN
        RETURN 0;
    END IF;
    IF first_transaction + header_count - 1 > (SELECT s.last_value FROM public.ledger_transaction_id_seq AS s)
        OR first_entry + entry_count - 1 > (SELECT s.last_value FROM public.ledger_entry_id_seq AS s) THEN
        RAISE EXCEPTION 'ledger chunk: ids beyond those issued' USING ERRCODE = 'SL005';
    END IF;
    IF cardinality(p_kinds) <> header_count OR cardinality(p_dates) <> header_count
        OR cardinality(p_niks) <> header_count OR cardinality(p_kpjs) <> header_count
        OR cardinality(p_claims) <> header_count OR cardinality(p_batches) <> header_count
        OR cardinality(p_npps) <> header_count OR cardinality(p_memos) <> header_count
        OR cardinality(p_lanes) <> header_count OR cardinality(p_seqs) <> header_count
        OR cardinality(p_hashes) <> header_count OR cardinality(p_entry_transactions) <> entry_count
        OR cardinality(p_sides) <> entry_count OR cardinality(p_amounts) <> entry_count
        OR cardinality(p_entry_seqs) <> entry_count OR cardinality(p_entry_hashes) <> entry_count THEN
        RAISE EXCEPTION 'ledger chunk: the arrays of headers or of entries differ in length' USING ERRCODE = 'SL005';
    END IF;

    -- Fields and namespaces, per kind.
    SELECT h.key INTO bad FROM unnest(p_keys, p_kinds) AS h(key, kind)
    WHERE NOT (h.key <> '' AND octet_length(h.key) <= 200 AND h.kind ~ '^[a-z][a-z0-9_.]*$') LIMIT 1;
    IF FOUND THEN
        PERFORM public.ledger_check_transaction_fields(bad, p_kinds[array_position(p_keys, bad)], who);
    END IF;
    FOR bad IN SELECT DISTINCT h.kind FROM unnest(p_kinds) AS h(kind) LOOP
        IF bad IN ('contribution.due', 'contribution.paid', 'development.credited') THEN
            IF NOT single AND NOT EXISTS (
                SELECT 1 FROM public.ledger_key_namespace AS n, unnest(n.roles) AS r(role)
                WHERE n.kind = bad AND pg_has_role(session_user, r.role, 'MEMBER')
            ) THEN
                RAISE EXCEPTION 'login % may not post % keys', session_user, bad USING ERRCODE = 'SL007';
            END IF;
        ELSIF EXISTS (SELECT 1 FROM public.ledger_key_namespace AS n WHERE n.kind = bad) THEN
            RAISE EXCEPTION 'ledger kind % is posted one by one (ledger_post), not by the chunk', bad
                USING ERRCODE = 'SL007';
        ELSIF NOT single THEN
            RAISE EXCEPTION 'ledger kind % is not a flow a login may post (only the owner may)', bad
                USING ERRCODE = 'SL007';
        END IF;
    END LOOP;
    SELECT h.key INTO bad FROM unnest(p_keys, p_kinds) AS h(key, kind)
    WHERE CASE WHEN h.kind IN ('contribution.due', 'contribution.paid', 'development.credited')
        THEN left(h.key, length(h.kind) + 1) <> h.kind || ':'
        ELSE EXISTS (SELECT 1 FROM public.ledger_key_namespace AS n WHERE h.key LIKE n.kind || ':%') END
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger key "%" is not in the namespace of its kind', bad USING ERRCODE = 'SL007';
    END IF;
    SELECT e.side::text INTO bad FROM unnest(p_sides) AS e(side) WHERE e.side IS NULL OR e.side NOT IN ('D', 'C')
    LIMIT 1;
    IF FOUND THEN
        PERFORM public.ledger_check_entry_fields(bad::"char", 1);
    END IF;

    -- Every transaction: two or more entries, debits = credits; every entry names a header of the chunk.
    SELECT concat(t.n, ' (', p_keys[t.n], '): ', coalesce(e.c, 0), ' entries, debits - credits = ', coalesce(e.net, 0))
    INTO bad
    FROM generate_series(1, header_count) AS t(n)
    FULL JOIN (
        SELECT x.t, count(*) AS c, sum(CASE WHEN x.side = 'D' THEN x.amount ELSE -x.amount END) AS net
        FROM unnest(p_entry_transactions, p_sides, p_amounts) AS x(t, side, amount) GROUP BY x.t
    ) AS e ON e.t = t.n
    WHERE t.n IS NULL OR e.t IS NULL OR e.c < 2 OR e.net <> 0
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % is not balanced', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced',
                TABLE = 'ledger_transaction';
    END IF;

    -- Contiguous: each entry within (its header's position, + its header's entry count], in its header's lane;
    -- with every position of a lane distinct and the lane's positions exactly head+1 … head+n, each posting's
    -- records are its header followed by its own entries.
    SELECT concat('entry ', x.n, ' of transaction ', x.t) INTO bad
    FROM (
        SELECT y.t, y.seq, y.n, count(*) OVER (PARTITION BY y.t) AS c
        FROM unnest(p_entry_transactions, p_entry_seqs) WITH ORDINALITY AS y(t, seq, n)
    ) AS x
    WHERE NOT (x.seq > p_seqs[x.t] AND x.seq <= p_seqs[x.t] + x.c)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: % does not follow its header', bad USING ERRCODE = 'SL005';
    END IF;
    SELECT concat('lane ', r.lane, ': positions ', r.low, '…', r.high, ' (', r.c, ' records, ', r.d,
        ' distinct) after head ', h.last_seq) INTO bad
    FROM (
        SELECT a.lane, count(*) AS c, count(DISTINCT a.seq) AS d, min(a.seq) AS low, max(a.seq) AS high
        FROM (
            SELECT l.lane, l.seq FROM unnest(p_lanes, p_seqs) AS l(lane, seq)
            UNION ALL
            SELECT p_lanes[x.t], x.seq FROM unnest(p_entry_transactions, p_entry_seqs) AS x(t, seq)
        ) AS a GROUP BY a.lane
    ) AS r
    LEFT JOIN public.ledger_chain_head AS h ON h.lane = r.lane
    WHERE h.lane IS NULL OR r.low <> h.last_seq + 1 OR r.high <> h.last_seq + r.c OR r.d <> r.c
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: % are not the lane''s next positions', bad USING ERRCODE = 'SL005';
    END IF;

    -- Chain linkage: each lane's first record of the chunk (a header, by the checks above) extends the lane's head.
    PERFORM 1 FROM public.ledger_chain_head AS h ORDER BY h.lane FOR UPDATE;
    SELECT concat('lane ', h.lane, ', position ', h.last_seq + 1) INTO bad
    FROM public.ledger_chain_head AS h
    JOIN unnest(p_lanes, p_seqs) WITH ORDINALITY AS l(lane, seq, n) ON l.lane = h.lane AND l.seq = h.last_seq + 1
    WHERE p_hashes[l.n] IS DISTINCT FROM sha256(h.last_hash || convert_to(concat(
            'T|', l.lane, '|', l.seq, '|', first_transaction + l.n - 1, '|', to_char(p_dates[l.n], 'YYYY-MM-DD'),
            '|', (extract(epoch FROM now()) * 1000000)::bigint,
            '|', octet_length(p_kinds[l.n]), ':', p_kinds[l.n],
            '|', octet_length(p_keys[l.n]), ':', p_keys[l.n],
            '|', octet_length(who), ':', who,
            '|', coalesce(octet_length(p_niks[l.n]) || ':' || p_niks[l.n], '-'),
            '|', coalesce(octet_length(p_kpjs[l.n]) || ':' || p_kpjs[l.n], '-'),
            '|', coalesce(octet_length(p_claims[l.n]) || ':' || p_claims[l.n], '-'),
            '|', coalesce(octet_length(p_batches[l.n]) || ':' || p_batches[l.n], '-'),
            '|', coalesce(octet_length(p_npps[l.n]) || ':' || p_npps[l.n], '-'),
            '|-|', coalesce(octet_length(p_memos[l.n]) || ':' || p_memos[l.n], '-')), 'UTF8'))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger chunk: the record at % does not extend the lane''s head (its hash is not '
            'sha256(head ‖ its canonical text))', bad USING ERRCODE = 'SL008';
    END IF;

    -- A personal login's contribution keys: an imported row (a paid one, for a payment) whose total the debits are.
    IF NOT single AND EXISTS (SELECT 1 FROM unnest(p_kinds) AS k(kind) WHERE k.kind LIKE 'contribution.%') THEN
        SELECT h.key INTO bad
        FROM unnest(p_keys, p_kinds) WITH ORDINALITY AS h(key, kind, n)
        JOIN (
            SELECT x.t, sum(x.amount) AS total FROM unnest(p_entry_transactions, p_sides, p_amounts) AS x(t, side, amount)
            WHERE x.side = 'D' GROUP BY x.t
        ) AS d ON d.t = h.n
        LEFT JOIN public.membership AS m
            ON m.kpj = split_part(substr(h.key, length(h.kind) + 2), ':', 1)
        LEFT JOIN public.contribution AS c
            ON c.membership_id = m.id
            AND c.month = to_date(split_part(substr(h.key, length(h.kind) + 2), ':', 2) || '-01', 'YYYY-MM-DD')
            AND (h.kind = 'contribution.due' OR c.paid_on IS NOT NULL)
        WHERE h.kind LIKE 'contribution.%'
            AND (c.membership_id IS NULL OR c.amount_jkk + c.amount_jkm + c.amount_jht + c.amount_jp <> d.total
                OR split_part(substr(h.key, length(h.kind) + 2), ':', 2) !~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'ledger key "%": no imported contribution row (paid, for a payment) with this total', bad
                USING ERRCODE = 'SL007';
        END IF;
    END IF;

    -- Accounts: opened when their class opens accounts on demand, else refused (as ledger_post does).
    SELECT a.code INTO bad
    FROM (SELECT DISTINCT x.code FROM unnest(p_accounts) AS x(code)) AS a
    WHERE NOT EXISTS (SELECT 1 FROM public.ledger_account AS k WHERE k.code = a.code)
        AND (a.code IS NULL OR a.code NOT LIKE '%:_%' OR NOT EXISTS (
            SELECT 1 FROM public.ledger_account_class AS c
            WHERE c.prefix = split_part(a.code, ':', 1) AND c.opened_on_demand))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger account "%" does not exist and its class does not open accounts on demand', bad
            USING ERRCODE = 'SL003';
    END IF;
    INSERT INTO public.ledger_account (code, class, subject)
    SELECT a.code, split_part(a.code, ':', 1), substr(a.code, length(split_part(a.code, ':', 1)) + 2)
    FROM (SELECT DISTINCT x.code FROM unnest(p_accounts) AS x(code)) AS a
    WHERE NOT EXISTS (SELECT 1 FROM public.ledger_account AS k WHERE k.code = a.code)
    ON CONFLICT (code) DO NOTHING;

    -- A header inserted before by a plain INSERT is closed now: no entry may follow it any more (SL005).
    IF coalesce(current_setting('santunan.ledger_open_transaction', true), '') <> '' THEN
        PERFORM set_config('santunan.ledger_open_transaction', '', true);
    END IF;
    INSERT INTO public.ledger_transaction OVERRIDING SYSTEM VALUE
    SELECT first_transaction + h.n - 1, h.key, h.kind, h.effective, now(), who, h.nik, h.kpj, h.claim, h.batch, h.npp,
        NULL, h.memo, h.lane, h.seq, h.hash
    FROM unnest(p_keys, p_kinds, p_dates, p_niks, p_kpjs, p_claims, p_batches, p_npps, p_memos, p_lanes, p_seqs,
        p_hashes) WITH ORDINALITY AS h(key, kind, effective, nik, kpj, claim, batch, npp, memo, lane, seq, hash, n);
    INSERT INTO public.ledger_entry OVERRIDING SYSTEM VALUE
    SELECT first_entry + e.n - 1, first_transaction + e.t - 1, e.account, e.side, e.amount, p_lanes[e.t], e.seq,
        e.hash
    FROM unnest(p_entry_transactions, p_accounts, p_sides, p_amounts, p_entry_seqs, p_entry_hashes) WITH ORDINALITY
        AS e(t, account, side, amount, seq, hash, n);
    -- Each lane's new head: its last record of the chunk.
    UPDATE public.ledger_chain_head AS h SET last_seq = r.seq, last_hash = r.hash
    FROM (
        SELECT DISTINCT ON (a.lane) a.lane, a.seq, a.hash
        FROM (
            SELECT l.lane, l.seq, l.hash FROM unnest(p_lanes, p_seqs, p_hashes) AS l(lane, seq, hash)
            UNION ALL
            SELECT p_lanes[x.t], x.seq, x.hash FROM unnest(p_entry_transactions, p_entry_seqs, p_entry_hashes)
                AS x(t, seq, hash)
        ) AS a ORDER BY a.lane, a.seq DESC
    ) AS r
    WHERE h.lane = r.lane;
    RETURN header_count;
END
$_$;


ALTER FUNCTION public.ledger_post_chunk(p_recorded_by text, p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[], p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[], p_entry_transactions integer[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[], p_entry_hashes bytea[]) OWNER TO santunan_ledger_writer;

--
-- Name: ledger_refuse_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed; post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'SL001';
END
$$;


ALTER FUNCTION public.ledger_refuse_change() OWNER TO postgres;

--
-- Name: ledger_snapshot_check(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_snapshot_check() RETURNS TABLE(account text, month date, lane smallint, snapshot_debit numeric, snapshot_credit numeric, entry_debit numeric, entry_credit numeric)
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(s.account, x.account), coalesce(s.month, x.month), coalesce(s.lane, x.lane),
        s.debit, s.credit, x.debit, x.credit
    FROM public.ledger_account_month AS s
    FULL JOIN (
        SELECT e.account, date_trunc('month', t.effective_date::timestamp)::date AS month, e.lane,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0) AS debit,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0) AS credit
        FROM public.ledger_entry AS e JOIN public.ledger_transaction AS t ON t.id = e.transaction_id
        GROUP BY e.account, date_trunc('month', t.effective_date::timestamp), e.lane
    ) AS x ON x.account = s.account AND x.month = s.month AND x.lane = s.lane
    WHERE s.debit IS DISTINCT FROM x.debit OR s.credit IS DISTINCT FROM x.credit
    ORDER BY 2, 1, 3
    LIMIT 1
$$;


ALTER FUNCTION public.ledger_snapshot_check() OWNER TO postgres;

--
-- Name: ledger_snapshot_entries(); Type: FUNCTION; Schema: public; Owner: santunan_ledger_snapshot
--

CREATE FUNCTION public.ledger_snapshot_entries() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    INSERT INTO public.ledger_account_month AS m (account, month, lane, debit, credit)
    SELECT e.account, coalesce(d.month, public.ledger_snapshot_orphan(e.transaction_id)), e.lane,
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0)::bigint,
        coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)::bigint
    FROM new_entries AS e
    LEFT JOIN (
        SELECT h.id, date_trunc('month', (
            SELECT t.effective_date FROM public.ledger_transaction AS t WHERE t.id = h.id)::timestamp)::date AS month
        FROM (SELECT DISTINCT n.transaction_id AS id FROM new_entries AS n) AS h
    ) AS d ON d.id = e.transaction_id
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (account, month, lane) DO UPDATE
    SET debit = m.debit + excluded.debit, credit = m.credit + excluded.credit;
    RETURN NULL;
END
$$;


ALTER FUNCTION public.ledger_snapshot_entries() OWNER TO santunan_ledger_snapshot;

--
-- Name: ledger_snapshot_orphan(bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_snapshot_orphan(p_transaction_id bigint) RETURNS date
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'ledger entry of transaction % has no header: insert (COPY) the headers before their entries',
        p_transaction_id USING ERRCODE = 'SL015';
END
$$;


ALTER FUNCTION public.ledger_snapshot_orphan(p_transaction_id bigint) OWNER TO postgres;

--
-- Name: ledger_snapshot_refuse(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_snapshot_refuse() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'ledger_account_month is kept by the ledger''s entry trigger alone: % by % is not allowed',
        TG_OP, current_user USING ERRCODE = 'SL001';
END
$$;


ALTER FUNCTION public.ledger_snapshot_refuse() OWNER TO postgres;

--
-- Name: ledger_transaction; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_transaction (
    id bigint NOT NULL,
    idempotency_key text NOT NULL,
    kind text NOT NULL,
    effective_date date NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    recorded_by text NOT NULL,
    participant_nik text,
    participant_kpj text,
    claim_id text,
    batch_id text,
    employer_npp text,
    reverses bigint,
    memo text,
    lane smallint DEFAULT 0 NOT NULL,
    lane_seq bigint DEFAULT 0 NOT NULL,
    hash bytea DEFAULT '\x'::bytea NOT NULL
);


ALTER TABLE public.ledger_transaction OWNER TO postgres;

--
-- Name: ledger_transaction_canonical(public.ledger_transaction); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.ledger_transaction_canonical(t public.ledger_transaction) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
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


ALTER FUNCTION public.ledger_transaction_canonical(t public.ledger_transaction) OWNER TO postgres;

--
-- Name: payout_batch_decide(text, text, text, timestamp with time zone, date); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batch_decide(p_batch text, p_as text, p_reason text, p_at timestamp with time zone, p_execution_date date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_batch_decide(p_batch text, p_as text, p_reason text, p_at timestamp with time zone, p_execution_date date) OWNER TO postgres;

--
-- Name: payout_batch_exported(text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batch_exported(p_batch text, p_as text, p_at timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_batch_exported(p_batch text, p_as text, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: payout_batch_lines_guard(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batch_lines_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.payout_batch_lines_guard() OWNER TO postgres;

--
-- Name: payout_batch_lock(text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batch_lock(p_batch text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT EXISTS (SELECT 1 FROM payout_batches WHERE id = p_batch FOR UPDATE)
$$;


ALTER FUNCTION public.payout_batch_lock(p_batch text) OWNER TO postgres;

--
-- Name: payout_batch_prepare(text, text, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamp with time zone) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: payout_batches_guard(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_batches_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.payout_batches_guard() OWNER TO postgres;

--
-- Name: payout_claim_complete_at(bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_claim_complete_at(p_claim_id bigint) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(
        (SELECT max(h.changed_at) FROM claim_status_history h
          WHERE h.claim_id = p_claim_id AND h.status IN ('submitted', 'documents_added')
            AND h.changed_at <= coalesce(
                (SELECT min(p.changed_at) FROM claim_status_history p
                  WHERE p.claim_id = p_claim_id AND p.status = 'payable'), 'infinity')),
        (SELECT s.submitted_at FROM submissions s WHERE s.id = p_claim_id))
$$;


ALTER FUNCTION public.payout_claim_complete_at(p_claim_id bigint) OWNER TO postgres;

--
-- Name: payout_claim_resolve(text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_claim_resolve(p_claim text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $_$
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
$_$;


ALTER FUNCTION public.payout_claim_resolve(p_claim text) OWNER TO postgres;

--
-- Name: payout_due_candidates(text[], text[], integer[], date[], date[], date[], boolean[], text[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_due_candidates(p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) RETURNS TABLE(ord bigint, kind text, source_key text, claim_id bigint, claim_line_id text, installment_seq integer, pension_month date, case_id text, kpj text, segment text, program text, item text, amount bigint, payee_role text, payee_nik text, bank_bic text, bank_account_number text, bank_account_holder text, due date, complete_on date, deadline date, status text, status_note text, valid boolean)
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_due_candidates(p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) OWNER TO postgres;

--
-- Name: payout_line_id(bigint); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_line_id(seq bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT 'PL-' || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END
$$;


ALTER FUNCTION public.payout_line_id(seq bigint) OWNER TO postgres;

--
-- Name: payout_line_release(text, text, timestamp with time zone, text, text, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_line_release(p_line text, p_as text, p_at timestamp with time zone, p_bic text, p_number text, p_holder text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_line_release(p_line text, p_as text, p_at timestamp with time zone, p_bic text, p_number text, p_holder text) OWNER TO postgres;

--
-- Name: payout_lines_create_due(text, text[], text[], integer[], date[], date[], date[], boolean[], text[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_lines_create_due(p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) RETURNS TABLE(kind text, created bigint, awaiting bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_lines_create_due(p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) OWNER TO postgres;

--
-- Name: payout_lines_guard(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_lines_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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


ALTER FUNCTION public.payout_lines_guard() OWNER TO postgres;

--
-- Name: payout_lines_payee_account(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_lines_payee_account() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_lines_payee_account() OWNER TO postgres;

--
-- Name: payout_lines_release_waiting(text, timestamp with time zone, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_lines_release_waiting(p_as text, p_at timestamp with time zone, p_claim text) RETURNS TABLE(line_id text, new_line_id text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.payout_lines_release_waiting(p_as text, p_at timestamp with time zone, p_claim text) OWNER TO postgres;

--
-- Name: payout_payee_accounts; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_payee_accounts (
    id bigint NOT NULL,
    claim_id bigint NOT NULL,
    payee_nik text NOT NULL,
    bank_bic text NOT NULL,
    bank_account_number text NOT NULL,
    bank_account_holder text NOT NULL,
    set_by text NOT NULL,
    set_at timestamp with time zone NOT NULL,
    CONSTRAINT payout_payee_accounts_bank_account_holder_check CHECK (((btrim(bank_account_holder) <> ''::text) AND (char_length(bank_account_holder) <= 140) AND (bank_account_holder !~ '[[:cntrl:]]'::text))),
    CONSTRAINT payout_payee_accounts_bank_account_number_check CHECK ((bank_account_number ~ '^[0-9]{1,34}$'::text)),
    CONSTRAINT payout_payee_accounts_bank_bic_check CHECK ((bank_bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'::text)),
    CONSTRAINT payout_payee_accounts_payee_nik_check CHECK ((payee_nik <> ''::text)),
    CONSTRAINT payout_payee_accounts_set_by_check CHECK ((set_by <> ''::text))
);


ALTER TABLE public.payout_payee_accounts OWNER TO postgres;

--
-- Name: TABLE payout_payee_accounts; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_payee_accounts IS 'Insert-only: bank accounts set on claims per payee; the newest of a (claim, payee) pays every later line.';


--
-- Name: payout_payee_account(bigint, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) RETURNS public.payout_payee_accounts
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT * FROM payout_payee_accounts a WHERE a.claim_id = p_claim_id AND a.payee_nik = p_nik
    ORDER BY a.id DESC LIMIT 1
$$;


ALTER FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) OWNER TO postgres;

--
-- Name: payout_payee_account_usable(text, text, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT p_bic IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM payout_lines r
        WHERE r.id = p_replaces AND r.bank_bic = p_bic AND r.bank_account_number = p_number)
$$;


ALTER FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) OWNER TO postgres;

--
-- Name: payout_payee_set(text, text, text, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_payee_set(p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamp with time zone) RETURNS TABLE(claim_id bigint, case_id text, payee_nik text, holder text, releasable bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $_$
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
$_$;


ALTER FUNCTION public.payout_payee_set(p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamp with time zone) OWNER TO postgres;

--
-- Name: payout_reconcile(text, text, timestamp with time zone, text, text, text, timestamp with time zone, text[], text[], text[], text[], text[], date[], boolean[], text[], text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payout_reconcile(p_batch text, p_as text, p_at timestamp with time zone, p_message_id text, p_file_sha256 text, p_group_status text, p_bank_created_at timestamp with time zone, p_line_ids text[], p_iso_statuses text[], p_outcomes text[], p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[], p_note text) RETURNS TABLE(line_id text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $_$
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
$_$;


ALTER FUNCTION public.payout_reconcile(p_batch text, p_as text, p_at timestamp with time zone, p_message_id text, p_file_sha256 text, p_group_status text, p_bank_created_at timestamp with time zone, p_line_ids text[], p_iso_statuses text[], p_outcomes text[], p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[], p_note text) OWNER TO postgres;

--
-- Name: payouts_refuse_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.payouts_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION public.payouts_refuse_change() OWNER TO postgres;

--
-- Name: pension_month_net(text, date); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.pension_month_net(p_claim_line_id text, p_month date) RETURNS TABLE(payee_nik text, month_lines bigint, corrections bigint, net bigint)
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    SELECT x.payee, sum(x.month_lines)::bigint, sum(x.corrections)::bigint, sum(x.amount)::bigint
    FROM (
        SELECT coalesce(p.payee_nik, '') AS payee, (p.kind = 'pension_month')::integer AS month_lines,
               (p.kind = 'pension_arrears')::integer AS corrections, p.amount
        FROM payout_lines p
        WHERE p.claim_line_id = p_claim_line_id AND p.pension_month = p_month
          AND p.kind IN ('pension_month', 'pension_arrears') AND p.status NOT IN ('rejected', 'cancelled')
        UNION ALL
        SELECT coalesce(r.payee_nik, ''), 0, 1, -r.amount
        FROM pension_recoveries r WHERE r.claim_line_id = p_claim_line_id AND r.pension_month = p_month) x
    GROUP BY x.payee
$$;


ALTER FUNCTION public.pension_month_net(p_claim_line_id text, p_month date) OWNER TO postgres;

--
-- Name: pension_payouts_record(text, text[], text[], text[], date[], date[], bigint[], boolean[], text[], text[], json, text[], date[], text[], bigint[], text[]); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.pension_payouts_record(p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[], p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json, p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[], p_rec_bases text[]) RETURNS TABLE(kind text, created bigint, awaiting bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
DECLARE
    v_actor text := santunan_actor(p_as);
    v_row record;
    v_bad text;
BEGIN
    FOR v_row IN
        WITH given AS (
            SELECT x.*
            FROM unnest(p_kinds, p_claim_line_ids, p_payee_niks, p_months, p_dues, p_amounts, p_payable, p_notes,
                        p_bases)
                WITH ORDINALITY AS x(kind, claim_line_id, payee_nik, month, due, amount, payable, note, basis, ord)),
        -- Each line's warnings, read in one pass over the array (p_warnings -> n re-parses a json array from its
        -- start on every call: quadratic in the lines of the run).
        warned AS (
            SELECT e.o AS ord, array_agg(w.text ORDER BY w.o) AS warnings
            FROM json_array_elements(p_warnings) WITH ORDINALITY AS e(list, o)
            CROSS JOIN LATERAL json_array_elements_text(e.list) WITH ORDINALITY AS w(text, o)
            GROUP BY e.o),
        cand AS MATERIALIZED (
            SELECT g.ord, g.kind, g.month, g.due, g.amount, g.basis, cl.id AS claim_line_id, cl.claim_id,
                   g.payee_nik, own.is_own,
                   CASE g.kind
                       WHEN 'pension_month' THEN 'pension:' || cl.id || ':' || to_char(g.month, 'YYYY-MM')
                           || CASE WHEN own.is_own THEN '' ELSE ':' || g.payee_nik END
                       ELSE 'pension_arrears:' || cl.id || ':' || to_char(g.month, 'YYYY-MM') || ':'
                           || coalesce(g.payee_nik, '') || ':' || (coalesce(n.corrections, 0) + 1) END AS source_key,
                   s.case_id, s.kpj,
                   (SELECT m->>'segment' FROM json_array_elements(s.case_document->'participant'->'memberships') m
                     WHERE m->>'kpj' = s.kpj LIMIT 1) AS segment,
                   cl.program, cl.item, cl.payee_role,
                   CASE WHEN g.payable THEN acc.bic END AS bank_bic,
                   CASE WHEN g.payable THEN acc.number END AS bank_account_number,
                   CASE WHEN g.payable THEN acc.holder END AS bank_account_holder,
                   CASE WHEN g.payable THEN 'payable' ELSE 'awaiting_bank_details' END AS status,
                   CASE WHEN g.payable THEN NULL ELSE g.note END AS status_note,
                   coalesce(wn.warnings, '{}') AS warnings,
                   coalesce(cl.id IS NOT NULL AND cc.status = 'payable' AND g.payable IS NOT NULL
                     AND cl.schedule = 'monthly' AND cl.amount > 0
                     AND cl.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan')
                     AND g.amount > 0 AND g.amount <= b.benefit_max
                     AND g.basis IS NOT NULL AND g.basis <> ''
                     AND g.month = date_trunc('month', g.month) AND g.month >= date_trunc('month', cl.due)
                     AND (own.is_own OR acc.is_child)
                     AND (NOT g.payable OR acc.bic IS NOT NULL)
                     AND CASE g.kind
                         WHEN 'pension_month' THEN g.month = date_trunc('month', g.due)
                             AND g.due = (cl.due + make_interval(months =>
                             ((extract(year FROM g.due) - extract(year FROM cl.due)) * 12
                              + extract(month FROM g.due) - extract(month FROM cl.due))::integer))::date
                         WHEN 'pension_arrears' THEN coalesce(n.month_lines, 0) > 0
                         ELSE false END, false) AS valid
            FROM given g
            LEFT JOIN warned wn ON wn.ord = g.ord
            LEFT JOIN claim_lines cl ON cl.id = g.claim_line_id
            LEFT JOIN claims cc ON cc.id = cl.claim_id
            LEFT JOIN submissions s ON s.id = cc.id
            LEFT JOIN LATERAL (
                SELECT y.benefit_max FROM jp_award_year_bounds y WHERE y.award_year_from <= g.month
                ORDER BY y.award_year_from DESC LIMIT 1) b ON true
            LEFT JOIN LATERAL (SELECT coalesce(g.payee_nik, '') = coalesce(cl.payee_nik, '') AS is_own) own ON true
            LEFT JOIN LATERAL (
                SELECT cl.bank_bic AS bic, cl.bank_account_number AS number, cl.bank_account_holder AS holder,
                       false AS is_child
                WHERE own.is_own
                UNION ALL
                (SELECT coalesce(h->'bank_account', gd.account)->>'bank_bic',
                        coalesce(h->'bank_account', gd.account)->>'number',
                        coalesce(h->'bank_account', gd.account)->>'holder', true
                 FROM json_array_elements(s.case_document->'heirs') h
                      LEFT JOIN LATERAL (
                          SELECT x->'bank_account' AS account FROM json_array_elements(s.case_document->'heirs') x
                          WHERE x->>'payee' = 'true' AND json_typeof(x->'bank_account') = 'object' LIMIT 1) gd ON true
                 WHERE NOT own.is_own AND cc.result->'monthly_pension'->>'kind' = 'child'
                   AND h->>'relation' = 'child' AND h->>'nik' = g.payee_nik
                 LIMIT 1)) acc ON true
            LEFT JOIN LATERAL (
                -- Only arrears need the month's lines so far (a filter on the outer row alone: the function is not
                -- called for a month line).
                SELECT t.month_lines, t.corrections FROM pension_month_net(cl.id, g.month) t
                WHERE g.kind = 'pension_arrears' AND t.payee_nik = coalesce(g.payee_nik, '')) n ON true),
        inserted AS (
            INSERT INTO payout_lines (
                id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, case_id, kpj,
                segment, program, item, amount, payee_role, payee_nik, bank_bic, bank_account_number,
                bank_account_holder, due, complete_on, deadline, status, status_note, created_by)
            SELECT payout_line_id(q.seq), q.seq, q.source_key, q.kind, q.claim_id, q.claim_line_id, NULL,
                   q.month, q.case_id, q.kpj, q.segment, q.program, q.item, q.amount, q.payee_role,
                   nullif(q.payee_nik, ''), q.bank_bic, q.bank_account_number, q.bank_account_holder, q.due, NULL,
                   NULL, q.status, q.status_note, v_actor
            FROM (SELECT nextval('payout_line_seq') AS seq, d.*
                  FROM (SELECT * FROM cand WHERE cand.valid ORDER BY cand.ord) d) q
            WHERE NOT EXISTS (SELECT 1 FROM cand WHERE NOT cand.valid)
            ON CONFLICT (source_key) WHERE status NOT IN ('rejected', 'cancelled') DO NOTHING
            RETURNING payout_lines.id AS line_id, payout_lines.source_key AS key, payout_lines.kind AS k,
                      payout_lines.status AS st),
        based AS (
            INSERT INTO pension_payout_bases (payout_line_id, basis, warnings)
            SELECT i.line_id, c.basis, c.warnings FROM inserted i JOIN cand c ON c.source_key = i.key
            RETURNING 1)
        SELECT false AS invalid, i.k AS line_kind, count(*) AS n_created,
               count(*) FILTER (WHERE i.st = 'awaiting_bank_details') AS n_awaiting
        FROM inserted i WHERE (SELECT count(*) FROM based) >= 0 GROUP BY i.k
        UNION ALL
        (SELECT true, c.claim_line_id || ' ' || to_char(c.month, 'YYYY-MM'), 0, 0
         FROM cand c WHERE NOT c.valid ORDER BY c.ord LIMIT 1)
    LOOP
        IF v_row.invalid THEN
            RAISE EXCEPTION 'pension line for claim line %: matches no payable pension month, payee or award year '
                'bound', coalesce(v_row.line_kind, '(none)')
                USING ERRCODE = 'SR001';
        END IF;
        kind := v_row.line_kind;
        created := v_row.n_created;
        awaiting := v_row.n_awaiting;
        RETURN NEXT;
    END LOOP;

    -- Recoveries: for a month and payee already paid, at most what they were paid net.
    SELECT r.claim_line_id || ' ' || coalesce(to_char(r.month, 'YYYY-MM'), '(none)') INTO v_bad
    FROM unnest(p_rec_claim_line_ids, p_rec_months, p_rec_payee_niks, p_rec_amounts, p_rec_bases)
        AS r(claim_line_id, month, payee_nik, amount, basis)
    LEFT JOIN claim_lines cl ON cl.id = r.claim_line_id
    LEFT JOIN claims cc ON cc.id = cl.claim_id
    LEFT JOIN LATERAL (
        SELECT t.month_lines, t.net FROM pension_month_net(cl.id, r.month) t
        WHERE t.payee_nik = coalesce(r.payee_nik, '')) n ON true
    WHERE NOT coalesce(cl.schedule = 'monthly' AND cc.status = 'payable' AND r.month = date_trunc('month', r.month)
        AND r.amount > 0 AND r.basis IS NOT NULL AND r.basis <> '' AND n.month_lines > 0 AND r.amount <= n.net, false)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'pension recovery for claim line %: no month paid to that payee, or more than was paid', v_bad
            USING ERRCODE = 'SR001';
    END IF;
    WITH recovered AS (
        INSERT INTO pension_recoveries (
            source_key, claim_id, claim_line_id, pension_month, payee_nik, amount, basis, created_by)
        SELECT 'recovery:' || r.claim_line_id || ':' || to_char(r.month, 'YYYY-MM') || ':'
                   || coalesce(r.payee_nik, '') || ':' || (coalesce(n.corrections, 0) + 1),
               cl.claim_id, r.claim_line_id, r.month, nullif(r.payee_nik, ''), r.amount, r.basis, v_actor
        FROM unnest(p_rec_claim_line_ids, p_rec_months, p_rec_payee_niks, p_rec_amounts, p_rec_bases)
            AS r(claim_line_id, month, payee_nik, amount, basis)
        JOIN claim_lines cl ON cl.id = r.claim_line_id
        LEFT JOIN LATERAL (
            SELECT t.corrections FROM pension_month_net(cl.id, r.month) t
            WHERE t.payee_nik = coalesce(r.payee_nik, '')) n ON true
        ON CONFLICT (source_key) DO NOTHING
        RETURNING 1)
    SELECT 'recovery', count(*), 0 INTO kind, created, awaiting FROM recovered;
    IF created > 0 THEN
        RETURN NEXT;
    END IF;

    -- Every month touched pays nothing in all, or an amount within its award year's bounds (one pass over the lines
    -- and recoveries of the months touched, not a query per month).
    WITH touched AS (
        SELECT x.claim_line_id, x.month FROM unnest(p_claim_line_ids, p_months) AS x(claim_line_id, month)
        UNION
        SELECT x.claim_line_id, x.month FROM unnest(p_rec_claim_line_ids, p_rec_months) AS x(claim_line_id, month)),
    net AS (
        SELECT m.claim_line_id, m.month, sum(m.amount) AS net
        FROM (SELECT p.claim_line_id, p.pension_month AS month, p.amount
              FROM payout_lines p JOIN touched t ON t.claim_line_id = p.claim_line_id AND t.month = p.pension_month
              WHERE p.kind IN ('pension_month', 'pension_arrears') AND p.status NOT IN ('rejected', 'cancelled')
              UNION ALL
              SELECT r.claim_line_id, r.pension_month, -r.amount
              FROM pension_recoveries r JOIN touched t ON t.claim_line_id = r.claim_line_id AND t.month = r.pension_month
             ) m
        GROUP BY m.claim_line_id, m.month)
    SELECT n.claim_line_id || ' ' || to_char(n.month, 'YYYY-MM') INTO v_bad
    FROM net n
    LEFT JOIN LATERAL (
        SELECT y.benefit_min, y.benefit_max FROM jp_award_year_bounds y WHERE y.award_year_from <= n.month
        ORDER BY y.award_year_from DESC LIMIT 1) b ON true
    WHERE n.net <> 0 AND NOT coalesce(n.net BETWEEN b.benefit_min AND b.benefit_max, false)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'pension month %: would pay in all an amount outside its award year''s bounds '
            '(jp_award_year_bounds)', v_bad
            USING ERRCODE = 'SR001';
    END IF;
END
$$;


ALTER FUNCTION public.pension_payouts_record(p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[], p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json, p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[], p_rec_bases text[]) OWNER TO postgres;

--
-- Name: santunan_actor(text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.santunan_actor(claimed text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF santunan_single_user() THEN
        IF claimed IS NULL OR claimed = '' THEN
            RAISE EXCEPTION 'acting user: name the acting user (--as USER)'
                USING ERRCODE = 'SI001';
        END IF;
        IF char_length(claimed) > 64 OR claimed ~ '[[:cntrl:]]' OR claimed <> btrim(claimed, E' \t\u00a0') THEN
            RAISE EXCEPTION 'acting user: must be 1-64 printable characters without leading or trailing blanks'
                USING ERRCODE = 'SI001';
        END IF;
        RETURN claimed;
    END IF;
    IF claimed IS NOT NULL AND claimed <> '' AND claimed <> session_user THEN
        RAISE EXCEPTION 'acting user: login % acts as itself, not as another user', session_user
            USING ERRCODE = 'SI002';
    END IF;
    RETURN session_user::text;
END
$$;


ALTER FUNCTION public.santunan_actor(claimed text) OWNER TO postgres;

--
-- Name: FUNCTION santunan_actor(claimed text); Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON FUNCTION public.santunan_actor(claimed text) IS 'The actor to record: session_user for a personal login, the checked claimed name in the single-user set-up.';


--
-- Name: santunan_amend_submission(bigint, json, text, text, text, date, date, text, text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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


ALTER FUNCTION public.santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text) OWNER TO postgres;

--
-- Name: FUNCTION santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text); Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON FUNCTION public.santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text) IS 'claim amend: keeps the earlier version, stores the corrected case and queues its recomputation.';


--
-- Name: santunan_installation_id(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.santunan_installation_id() RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT value FROM santunan_meta WHERE key = 'installation_id'
$$;


ALTER FUNCTION public.santunan_installation_id() OWNER TO postgres;

--
-- Name: santunan_single_user(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.santunan_single_user() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT r.rolsuper OR r.oid = d.datdba
    FROM pg_catalog.pg_roles r, pg_catalog.pg_database d
    WHERE r.rolname = session_user AND d.datname = current_database()
$$;


ALTER FUNCTION public.santunan_single_user() OWNER TO postgres;

--
-- Name: FUNCTION santunan_single_user(); Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON FUNCTION public.santunan_single_user() IS 'True when the login is the database owner or a superuser (the single-user set-up where --as names the actor).';


--
-- Name: santunan_worker_actor(text); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.santunan_worker_actor(p_worker text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
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


ALTER FUNCTION public.santunan_worker_actor(p_worker text) OWNER TO postgres;

--
-- Name: submission_versions_refuse_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.submission_versions_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'submission_versions is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION public.submission_versions_refuse_change() OWNER TO postgres;

--
-- Name: api_idempotency_keys; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.api_idempotency_keys (
    user_name text NOT NULL,
    key text NOT NULL,
    request_sha256 text NOT NULL,
    submission_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT api_idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 200))),
    CONSTRAINT api_idempotency_keys_request_sha256_check CHECK ((request_sha256 ~ '^[0-9a-f]{64}$'::text))
);


ALTER TABLE public.api_idempotency_keys OWNER TO postgres;

--
-- Name: TABLE api_idempotency_keys; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.api_idempotency_keys IS 'Idempotency-Key of each submission made through the HTTP service, with the SHA-256 of the request body.';


--
-- Name: api_users; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.api_users (
    name text NOT NULL,
    role text NOT NULL,
    token_sha256 text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_users_name_check CHECK ((((char_length(name) >= 1) AND (char_length(name) <= 64)) AND (name !~ '[[:cntrl:]]'::text) AND (name = btrim(name)))),
    CONSTRAINT api_users_role_check CHECK ((role = ANY (ARRAY['officer'::text, 'approver'::text, 'auditor'::text]))),
    CONSTRAINT api_users_token_sha256_check CHECK ((token_sha256 ~ '^[0-9a-f]{64}$'::text))
);


ALTER TABLE public.api_users OWNER TO postgres;

--
-- Name: TABLE api_users; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.api_users IS 'Users of the HTTP service: name, role, SHA-256 of the bearer token (never the token), revocation time.';


--
-- Name: claim_events; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.claim_events (
    id bigint NOT NULL,
    claim_id bigint NOT NULL,
    event text NOT NULL,
    nik text NOT NULL,
    event_date date NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_events_event_check CHECK ((event = ANY (ARRAY['remarried'::text, 'child_married'::text, 'child_working'::text]))),
    CONSTRAINT claim_events_nik_check CHECK ((nik ~ '^[0-9]{16}$'::text)),
    CONSTRAINT claim_events_recorded_by_check CHECK ((recorded_by <> ''::text))
);


ALTER TABLE public.claim_events OWNER TO postgres;

--
-- Name: TABLE claim_events; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.claim_events IS 'Insert-only: events ending a JP survivor''s share (remarriage, a child''s marriage or work).';


--
-- Name: claim_events_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.claim_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.claim_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: claim_installments; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.claim_installments (
    line_id text NOT NULL,
    seq integer NOT NULL,
    due date NOT NULL,
    level text NOT NULL,
    amount bigint NOT NULL,
    CONSTRAINT claim_installments_amount_check CHECK ((amount >= 0)),
    CONSTRAINT claim_installments_bounds CHECK (((amount <= '1000000000000'::bigint) AND ((due >= '1900-01-01'::date) AND (due <= '2100-12-31'::date)))),
    CONSTRAINT claim_installments_level_check CHECK ((level = ANY (ARRAY['none'::text, 'TK'::text, 'SD'::text, 'SMP'::text, 'SMA'::text, 'PT'::text]))),
    CONSTRAINT claim_installments_seq_check CHECK ((seq >= 0))
);


ALTER TABLE public.claim_installments OWNER TO postgres;

--
-- Name: TABLE claim_installments; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.claim_installments IS 'Scholarship instalments of the scholarship lines, paid as they fall due.';


--
-- Name: claim_installments_all; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.claim_installments_all AS
 SELECT ci.line_id,
    ci.seq,
    ci.due,
    ci.level,
    ci.amount
   FROM public.claim_installments ci;


ALTER TABLE public.claim_installments_all OWNER TO postgres;

--
-- Name: claim_lines; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.claim_lines (
    id text NOT NULL,
    claim_id bigint NOT NULL,
    "position" integer NOT NULL,
    program text NOT NULL,
    item text NOT NULL,
    amount bigint NOT NULL,
    payee_role text NOT NULL,
    payee_nik text,
    payee_npp text,
    bank_bic text,
    bank_account_number text,
    bank_account_holder text,
    schedule text NOT NULL,
    due date NOT NULL,
    basis text NOT NULL,
    formula text NOT NULL,
    pension_computed bigint,
    CONSTRAINT claim_lines_amount_check CHECK ((amount >= 0)),
    CONSTRAINT claim_lines_bank_account_whole CHECK ((((bank_bic IS NULL) = (bank_account_number IS NULL)) AND ((bank_bic IS NULL) = (bank_account_holder IS NULL)))),
    CONSTRAINT claim_lines_basis_check CHECK ((basis <> ''::text)),
    CONSTRAINT claim_lines_bounds CHECK (((amount <= '1000000000000'::bigint) AND ((due >= '1900-01-01'::date) AND (due <= '2100-12-31'::date)))),
    CONSTRAINT claim_lines_item_check CHECK ((item <> ''::text)),
    CONSTRAINT claim_lines_payee_role_check CHECK ((payee_role = ANY (ARRAY['heirs'::text, 'funeral_arranger'::text, 'child'::text, 'participant'::text, 'employer'::text, 'jp_survivor'::text, 'dana_jaminan_sosial'::text, 'balai_harta_peninggalan'::text]))),
    CONSTRAINT claim_lines_pension_computed_check CHECK ((pension_computed >= 0)),
    CONSTRAINT claim_lines_position_check CHECK (("position" >= 0)),
    CONSTRAINT claim_lines_program_check CHECK ((program = ANY (ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text]))),
    CONSTRAINT claim_lines_schedule_check CHECK ((schedule = ANY (ARRAY['lump_sum'::text, 'yearly'::text, 'monthly'::text])))
);


ALTER TABLE public.claim_lines OWNER TO postgres;

--
-- Name: TABLE claim_lines; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.claim_lines IS 'The lines of computed claims (CONTRACT §3 lines[]), with the payee''s bank account.';


--
-- Name: COLUMN claim_lines.pension_computed; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.claim_lines.pension_computed IS 'jp.monthly: the monthly amount before the clamp to the award year''s bounds (RULEBOOK §9.7 item 8); NULL otherwise.';


--
-- Name: claim_status_history; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.claim_status_history (
    id bigint NOT NULL,
    claim_id bigint NOT NULL,
    status text NOT NULL,
    note text,
    changed_by text NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_status_history_changed_by_check CHECK ((changed_by <> ''::text)),
    CONSTRAINT claim_status_history_status_check CHECK ((status = ANY (ARRAY['submitted'::text, 'payable'::text, 'incomplete'::text, 'rejected'::text, 'documents_added'::text, 'amended'::text])))
);


ALTER TABLE public.claim_status_history OWNER TO postgres;

--
-- Name: TABLE claim_status_history; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.claim_status_history IS 'Insert-only history of claim statuses: who, when, what, why.';


--
-- Name: claim_status_history_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.claim_status_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.claim_status_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: claims; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.claims (
    id bigint NOT NULL,
    case_id text NOT NULL,
    status text NOT NULL,
    reasons jsonb DEFAULT '[]'::jsonb NOT NULL,
    total bigint NOT NULL,
    payable_now bigint NOT NULL,
    result json NOT NULL,
    computed_by text NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    first_computed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claims_amounts_bounds CHECK (((total <= '1000000000000'::bigint) AND (payable_now <= '1000000000000'::bigint))),
    CONSTRAINT claims_payable_now_check CHECK ((payable_now >= 0)),
    CONSTRAINT claims_reasons_check CHECK ((jsonb_typeof(reasons) = 'array'::text)),
    CONSTRAINT claims_status_check CHECK ((status = ANY (ARRAY['payable'::text, 'incomplete'::text, 'rejected'::text]))),
    CONSTRAINT claims_total_check CHECK ((total >= 0))
);
ALTER TABLE ONLY public.claims ALTER COLUMN result SET COMPRESSION lz4;


ALTER TABLE public.claims OWNER TO postgres;

--
-- Name: TABLE claims; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.claims IS 'Computed claims; id = the submission id. Written with the completion of its job.';


--
-- Name: contribution; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
)
PARTITION BY RANGE (month);


ALTER TABLE public.contribution OWNER TO postgres;

--
-- Name: contribution_2005; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2005 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2005 OWNER TO postgres;

--
-- Name: contribution_2006; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2006 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2006 OWNER TO postgres;

--
-- Name: contribution_2007; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2007 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2007 OWNER TO postgres;

--
-- Name: contribution_2008; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2008 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2008 OWNER TO postgres;

--
-- Name: contribution_2009; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2009 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2009 OWNER TO postgres;

--
-- Name: contribution_2010; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2010 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2010 OWNER TO postgres;

--
-- Name: contribution_2011; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2011 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2011 OWNER TO postgres;

--
-- Name: contribution_2012; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2012 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2012 OWNER TO postgres;

--
-- Name: contribution_2013; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2013 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2013 OWNER TO postgres;

--
-- Name: contribution_2014; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2014 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2014 OWNER TO postgres;

--
-- Name: contribution_2015; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2015 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2015 OWNER TO postgres;

--
-- Name: contribution_2016; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2016 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2016 OWNER TO postgres;

--
-- Name: contribution_2017; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2017 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2017 OWNER TO postgres;

--
-- Name: contribution_2018; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2018 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2018 OWNER TO postgres;

--
-- Name: contribution_2019; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2019 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2019 OWNER TO postgres;

--
-- Name: contribution_2020; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2020 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2020 OWNER TO postgres;

--
-- Name: contribution_2021; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2021 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2021 OWNER TO postgres;

--
-- Name: contribution_2022; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2022 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2022 OWNER TO postgres;

--
-- Name: contribution_2023; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2023 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2023 OWNER TO postgres;

--
-- Name: contribution_2024; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2024 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2024 OWNER TO postgres;

--
-- Name: contribution_2025; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2025 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2025 OWNER TO postgres;

--
-- Name: contribution_2026; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2026 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2026 OWNER TO postgres;

--
-- Name: contribution_2027; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2027 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2027 OWNER TO postgres;

--
-- Name: contribution_2028; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2028 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2028 OWNER TO postgres;

--
-- Name: contribution_2029; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2029 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2029 OWNER TO postgres;

--
-- Name: contribution_2030; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2030 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2030 OWNER TO postgres;

--
-- Name: contribution_2031; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2031 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2031 OWNER TO postgres;

--
-- Name: contribution_2032; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2032 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2032 OWNER TO postgres;

--
-- Name: contribution_2033; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2033 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2033 OWNER TO postgres;

--
-- Name: contribution_2034; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2034 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2034 OWNER TO postgres;

--
-- Name: contribution_2035; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_2035 (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_2035 OWNER TO postgres;

--
-- Name: contribution_other; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.contribution_other (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL,
    wage bigint NOT NULL,
    amount_jkk bigint DEFAULT 0 NOT NULL,
    amount_jkm bigint DEFAULT 0 NOT NULL,
    amount_jht bigint DEFAULT 0 NOT NULL,
    amount_jp bigint DEFAULT 0 NOT NULL,
    due_on date NOT NULL,
    paid_on date,
    CONSTRAINT contribution_amount_jht_check CHECK ((amount_jht >= 0)),
    CONSTRAINT contribution_amount_jkk_check CHECK ((amount_jkk >= 0)),
    CONSTRAINT contribution_amount_jkm_check CHECK ((amount_jkm >= 0)),
    CONSTRAINT contribution_amount_jp_check CHECK ((amount_jp >= 0)),
    CONSTRAINT contribution_bounds CHECK ((((month >= '1977-01-01'::date) AND (month <= '2100-12-01'::date)) AND (wage <= 1000000000) AND (amount_jkk <= 1000000000) AND (amount_jkm <= 1000000000) AND (amount_jht <= 1000000000) AND (amount_jp <= 1000000000) AND ((due_on >= month) AND (due_on <= '2100-12-31'::date)) AND ((paid_on IS NULL) OR ((paid_on >= month) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT contribution_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT contribution_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.contribution_other OWNER TO postgres;

--
-- Name: employer; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.employer (
    npp text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    branch_office text NOT NULL,
    region text NOT NULL,
    CONSTRAINT employer_branch_office_check CHECK ((branch_office <> ''::text)),
    CONSTRAINT employer_kind_check CHECK ((kind = ANY (ARRAY['company'::text, 'government_unit'::text, 'project'::text]))),
    CONSTRAINT employer_name_check CHECK ((name <> ''::text)),
    CONSTRAINT employer_npp_check CHECK ((npp ~ '^[A-Z0-9]{1,16}$'::text)),
    CONSTRAINT employer_region_check CHECK ((region <> ''::text))
);


ALTER TABLE public.employer OWNER TO postgres;

--
-- Name: heir_jobs; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.heir_jobs (
    id bigint NOT NULL,
    kind text DEFAULT 'heir_submission'::text NOT NULL,
    submission_id bigint,
    state text DEFAULT 'available'::text NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    scheduled_at timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer DEFAULT 20 NOT NULL,
    lease_expires_at timestamp with time zone,
    worker_id text,
    errors jsonb DEFAULT '[]'::jsonb NOT NULL,
    outcome text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    attempted_at timestamp with time zone,
    completed_at timestamp with time zone,
    discarded_at timestamp with time zone,
    CONSTRAINT heir_jobs_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT heir_jobs_completed_at_when_completed CHECK (((state = 'completed'::text) = (completed_at IS NOT NULL))),
    CONSTRAINT heir_jobs_discarded_at_when_discarded CHECK (((state = 'discarded'::text) = (discarded_at IS NOT NULL))),
    CONSTRAINT heir_jobs_errors_check CHECK ((jsonb_typeof(errors) = 'array'::text)),
    CONSTRAINT heir_jobs_kind_check CHECK ((kind = ANY (ARRAY['heir_submission'::text, 'noop'::text]))),
    CONSTRAINT heir_jobs_lease_only_when_running CHECK (((state = 'running'::text) = (lease_expires_at IS NOT NULL))),
    CONSTRAINT heir_jobs_max_attempts_check CHECK ((max_attempts >= 1)),
    CONSTRAINT heir_jobs_outcome_check CHECK ((outcome = ANY (ARRAY['payable'::text, 'incomplete'::text, 'rejected'::text, 'unchanged'::text]))),
    CONSTRAINT heir_jobs_state_check CHECK ((state = ANY (ARRAY['available'::text, 'running'::text, 'retryable'::text, 'completed'::text, 'discarded'::text]))),
    CONSTRAINT heir_jobs_submission_when_heir CHECK (((kind = 'heir_submission'::text) = (submission_id IS NOT NULL)))
);


ALTER TABLE public.heir_jobs OWNER TO postgres;

--
-- Name: TABLE heir_jobs; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.heir_jobs IS 'The heir-submission queue: one job computes one submission''s claim.';


--
-- Name: heir_job_latest; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.heir_job_latest AS
 SELECT DISTINCT ON (j.submission_id) j.submission_id,
    j.id,
    j.state
   FROM public.heir_jobs j
  ORDER BY j.submission_id, j.id DESC;


ALTER TABLE public.heir_job_latest OWNER TO postgres;

--
-- Name: heir_jobs_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.heir_jobs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.heir_jobs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: import_file; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.import_file (
    sha256 text NOT NULL,
    kind text NOT NULL,
    file_name text NOT NULL,
    records bigint NOT NULL,
    inserted bigint NOT NULL,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT import_file_inserted_check CHECK ((inserted >= 0)),
    CONSTRAINT import_file_kind_check CHECK ((kind = ANY (ARRAY['employers'::text, 'participants'::text, 'contributions'::text, 'sponsors'::text]))),
    CONSTRAINT import_file_records_check CHECK ((records >= 0)),
    CONSTRAINT import_file_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text))
);


ALTER TABLE public.import_file OWNER TO postgres;

--
-- Name: jp_award_year_bounds; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.jp_award_year_bounds (
    award_year_from date NOT NULL,
    benefit_min bigint NOT NULL,
    benefit_max bigint NOT NULL,
    confirmed boolean NOT NULL,
    CONSTRAINT jp_award_year_bounds_benefit_min_check CHECK ((benefit_min > 0)),
    CONSTRAINT jp_award_year_bounds_check CHECK ((benefit_max >= benefit_min))
);


ALTER TABLE public.jp_award_year_bounds OWNER TO postgres;

--
-- Name: TABLE jp_award_year_bounds; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.jp_award_year_bounds IS 'jp.benefit_min/max of config/jp.yaml by award year (from 1 March; the last row carries on): the database''s check of pension months (RULEBOOK §9.7 item 8).';


--
-- Name: ledger_account; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_account (
    code text NOT NULL,
    class text NOT NULL,
    subject text,
    opened_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ledger_account_code_check CHECK ((code ~ '^[A-Z][A-Z_]*(:[^[:space:][:cntrl:]]{1,120})?$'::text))
);


ALTER TABLE public.ledger_account OWNER TO postgres;

--
-- Name: ledger_account_month; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_account_month (
    account text NOT NULL,
    month date NOT NULL,
    lane smallint NOT NULL,
    debit bigint NOT NULL,
    credit bigint NOT NULL
)
WITH (fillfactor='70');


ALTER TABLE public.ledger_account_month OWNER TO postgres;

--
-- Name: TABLE ledger_account_month; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.ledger_account_month IS 'Debits and credits of each account per month of effective date and chain lane, kept by the ledger_entry_snapshot trigger.';


--
-- Name: ledger_chain_head; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_chain_head (
    lane smallint NOT NULL,
    last_seq bigint NOT NULL,
    last_hash bytea NOT NULL
)
WITH (fillfactor='10');


ALTER TABLE public.ledger_chain_head OWNER TO postgres;

--
-- Name: ledger_chart_head; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_chart_head (
    id boolean DEFAULT true NOT NULL,
    last_seq bigint NOT NULL,
    last_hash bytea NOT NULL,
    CONSTRAINT ledger_chart_head_id_check CHECK (id)
);


ALTER TABLE public.ledger_chart_head OWNER TO postgres;

--
-- Name: ledger_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_entry ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ledger_entry_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: ledger_key_namespace; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ledger_key_namespace (
    kind text NOT NULL,
    roles name[] NOT NULL,
    flow text NOT NULL,
    CONSTRAINT ledger_key_namespace_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_.]*$'::text))
);


ALTER TABLE public.ledger_key_namespace OWNER TO postgres;

--
-- Name: TABLE ledger_key_namespace; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.ledger_key_namespace IS 'Which roles may post the keys of a flow; a key of a listed kind starts with "<kind>:". Other kinds: owner only.';


--
-- Name: ledger_transaction_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_transaction ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ledger_transaction_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: membership; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.membership (
    id bigint NOT NULL,
    kpj text NOT NULL,
    participant_id bigint NOT NULL,
    segment text NOT NULL,
    employer_npp text,
    work_description text,
    programs text[] NOT NULL,
    risk_group text,
    start_date date NOT NULL,
    end_date date,
    branch_office text NOT NULL,
    CONSTRAINT membership_branch_office_check CHECK ((branch_office <> ''::text)),
    CONSTRAINT membership_check CHECK ((end_date >= start_date)),
    CONSTRAINT membership_check1 CHECK (((employer_npp IS NOT NULL) OR (segment = 'BPU'::text))),
    CONSTRAINT membership_dates_bounds CHECK ((((start_date >= '1900-01-01'::date) AND (start_date <= '2100-12-31'::date)) AND ((end_date IS NULL) OR (end_date <= '2100-12-31'::date)))),
    CONSTRAINT membership_kpj_check CHECK ((kpj ~ '^[0-9]{11}$'::text)),
    CONSTRAINT membership_programs_check CHECK (((cardinality(programs) > 0) AND (programs <@ ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text, 'JKP'::text]))),
    CONSTRAINT membership_risk_group_check CHECK ((risk_group = ANY (ARRAY['I'::text, 'II'::text, 'III'::text, 'IV'::text, 'V'::text]))),
    CONSTRAINT membership_segment_check CHECK ((segment = ANY (ARRAY['PU'::text, 'BPU'::text, 'JAKON'::text])))
);


ALTER TABLE public.membership OWNER TO postgres;

--
-- Name: membership_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.membership ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.membership_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: participant; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.participant (
    id bigint NOT NULL,
    nik text NOT NULL,
    name text NOT NULL,
    birth_date date NOT NULL,
    sex text,
    CONSTRAINT participant_birth_date_bounds CHECK (((birth_date >= '1900-01-01'::date) AND (birth_date <= '2100-12-31'::date))),
    CONSTRAINT participant_name_check CHECK ((name <> ''::text)),
    CONSTRAINT participant_nik_check CHECK ((nik ~ '^[0-9]{16}$'::text)),
    CONSTRAINT participant_sex_check CHECK ((sex = ANY (ARRAY['M'::text, 'F'::text])))
);


ALTER TABLE public.participant OWNER TO postgres;

--
-- Name: participant_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.participant ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.participant_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: submissions; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.submissions (
    id bigint NOT NULL,
    case_id text NOT NULL,
    case_document json NOT NULL,
    participant_nik text NOT NULL,
    kpj text NOT NULL,
    event_type text NOT NULL,
    event_date date NOT NULL,
    claim_date date NOT NULL,
    submitted_by text NOT NULL,
    submitted_at timestamp with time zone DEFAULT now() NOT NULL,
    amended_by text,
    amended_at timestamp with time zone,
    CONSTRAINT submissions_case_id_check CHECK ((case_id <> ''::text)),
    CONSTRAINT submissions_dates_bounds CHECK ((((event_date >= '1900-01-01'::date) AND (event_date <= '2100-12-31'::date)) AND ((claim_date >= '1900-01-01'::date) AND (claim_date <= '2100-12-31'::date)))),
    CONSTRAINT submissions_event_type_check CHECK ((event_type = ANY (ARRAY['death'::text, 'work_accident_death'::text, 'occupational_disease_death'::text, 'work_accident'::text, 'total_permanent_disability'::text, 'old_age'::text, 'resignation'::text, 'layoff'::text, 'leave_indonesia'::text, 'jht_partial_withdrawal'::text]))),
    CONSTRAINT submissions_submitted_by_check CHECK ((submitted_by <> ''::text))
);
ALTER TABLE ONLY public.submissions ALTER COLUMN case_document SET COMPRESSION lz4;


ALTER TABLE public.submissions OWNER TO postgres;

--
-- Name: TABLE submissions; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.submissions IS 'Heir submissions: the case files submitted by claims officers, one per event.';


--
-- Name: payable_child_pension_heirs; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.payable_child_pension_heirs AS
 SELECT c.id AS claim_id,
    e.n AS heir_position,
    (e.h ->> 'nik'::text) AS nik,
    (e.h ->> 'birth_date'::text) AS birth_date,
    (COALESCE((e.h ->> 'married'::text), 'false'::text) = 'true'::text) AS married,
    (COALESCE((e.h ->> 'working'::text), 'false'::text) = 'true'::text) AS working,
    (COALESCE((e.h -> 'bank_account'::text), g.account) ->> 'bank_bic'::text) AS bank_bic,
    (COALESCE((e.h -> 'bank_account'::text), g.account) ->> 'number'::text) AS bank_account_number,
    (COALESCE((e.h -> 'bank_account'::text), g.account) ->> 'holder'::text) AS bank_account_holder
   FROM (((public.claims c
     JOIN public.submissions s ON ((s.id = c.id)))
     CROSS JOIN LATERAL json_array_elements((s.case_document -> 'heirs'::text)) WITH ORDINALITY e(h, n))
     LEFT JOIN LATERAL ( SELECT (x.value -> 'bank_account'::text) AS account
           FROM json_array_elements((s.case_document -> 'heirs'::text)) x(value)
          WHERE (((x.value ->> 'payee'::text) = 'true'::text) AND (json_typeof((x.value -> 'bank_account'::text)) = 'object'::text))
         LIMIT 1) g ON (true))
  WHERE ((c.status = 'payable'::text) AND (((c.result -> 'monthly_pension'::text) ->> 'kind'::text) = 'child'::text) AND ((e.h ->> 'relation'::text) = 'child'::text));


ALTER TABLE public.payable_child_pension_heirs OWNER TO postgres;

--
-- Name: VIEW payable_child_pension_heirs; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON VIEW public.payable_child_pension_heirs IS 'ClaimStore, for Payouts: the child heirs of payable child''s pensions; their own account, else the payee heir''s.';


--
-- Name: payable_claim_lines; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.payable_claim_lines AS
 SELECT cl.id,
    cl.claim_id,
    cl."position",
    c.case_id,
    s.kpj,
    ( SELECT (m.value ->> 'segment'::text)
           FROM json_array_elements(((s.case_document -> 'participant'::text) -> 'memberships'::text)) m(value)
          WHERE ((m.value ->> 'kpj'::text) = s.kpj)
         LIMIT 1) AS segment,
    cl.program,
    cl.item,
    cl.payee_role,
    cl.payee_nik,
    cl.bank_bic,
    cl.bank_account_number,
    cl.bank_account_holder,
    cl.amount,
    cl.due,
    cl.schedule,
    cl.pension_computed,
    ((c.result -> 'monthly_pension'::text) ->> 'kind'::text) AS pension_kind,
    s.event_date
   FROM ((public.claim_lines cl
     JOIN public.claims c ON ((c.id = cl.claim_id)))
     JOIN public.submissions s ON ((s.id = c.id)))
  WHERE ((c.status = 'payable'::text) AND (cl.payee_role <> ALL (ARRAY['dana_jaminan_sosial'::text, 'balai_harta_peninggalan'::text])));


ALTER TABLE public.payable_claim_lines OWNER TO postgres;

--
-- Name: VIEW payable_claim_lines; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON VIEW public.payable_claim_lines IS 'ClaimStore, for Payouts: the lines of payable claims paid to a person (not to the DJS or the BHP).';


--
-- Name: payout_batch_history; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_batch_history (
    id bigint NOT NULL,
    batch_id text NOT NULL,
    event text NOT NULL,
    actor text NOT NULL,
    note text,
    at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payout_batch_history_actor_check CHECK ((actor <> ''::text)),
    CONSTRAINT payout_batch_history_event_check CHECK ((event = ANY (ARRAY['prepared'::text, 'approved'::text, 'rejected'::text, 'exported'::text, 'reexported'::text, 'reconciled'::text])))
);


ALTER TABLE public.payout_batch_history OWNER TO postgres;

--
-- Name: TABLE payout_batch_history; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_batch_history IS 'Insert-only history of payout batches: who did what, when.';


--
-- Name: payout_batch_history_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.payout_batch_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payout_batch_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: payout_batch_lines; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_batch_lines (
    batch_id text NOT NULL,
    line_id text NOT NULL,
    program text NOT NULL,
    amount bigint NOT NULL,
    open boolean DEFAULT true NOT NULL,
    CONSTRAINT payout_batch_lines_amount_bounds CHECK ((amount <= '1000000000000'::bigint)),
    CONSTRAINT payout_batch_lines_amount_check CHECK ((amount > 0))
);


ALTER TABLE public.payout_batch_lines OWNER TO postgres;

--
-- Name: TABLE payout_batch_lines; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_batch_lines IS 'The lines of each batch; a line is in at most one open batch.';


--
-- Name: payout_batch_numbers; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_batch_numbers (
    only_row boolean DEFAULT true NOT NULL,
    last bigint NOT NULL,
    CONSTRAINT payout_batch_numbers_last_check CHECK ((last >= 0)),
    CONSTRAINT payout_batch_numbers_only_row_check CHECK (only_row)
);


ALTER TABLE public.payout_batch_numbers OWNER TO postgres;

--
-- Name: TABLE payout_batch_numbers; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_batch_numbers IS 'The last batch number: taken in the transaction that creates the batch.';


--
-- Name: payout_batch_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.payout_batch_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.payout_batch_seq OWNER TO postgres;

--
-- Name: payout_batches; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_batches (
    id text NOT NULL,
    seq bigint NOT NULL,
    state text NOT NULL,
    program text,
    line_count integer NOT NULL,
    total bigint NOT NULL,
    totals_by_program jsonb NOT NULL,
    prepared_by text NOT NULL,
    prepared_at timestamp with time zone NOT NULL,
    decided_by text,
    decided_at timestamp with time zone,
    rejection_reason text,
    requested_execution_date date,
    exported_at timestamp with time zone,
    reconciled_at timestamp with time zone,
    CONSTRAINT payout_batches_decided_by_check CHECK ((decided_by <> ''::text)),
    CONSTRAINT payout_batches_decision_recorded CHECK ((((state = 'prepared'::text) = (decided_by IS NULL)) AND ((decided_by IS NULL) = (decided_at IS NULL)))),
    CONSTRAINT payout_batches_execution_date_bounds CHECK (((requested_execution_date IS NULL) OR ((requested_execution_date >= '1900-01-01'::date) AND (requested_execution_date <= '2100-12-31'::date)))),
    CONSTRAINT payout_batches_execution_date_when_approved CHECK (((state = ANY (ARRAY['prepared'::text, 'rejected'::text])) OR (requested_execution_date IS NOT NULL))),
    CONSTRAINT payout_batches_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,30}$'::text)),
    CONSTRAINT payout_batches_line_count_check CHECK ((line_count > 0)),
    CONSTRAINT payout_batches_maker_checker CHECK ((decided_by IS DISTINCT FROM prepared_by)),
    CONSTRAINT payout_batches_prepared_by_check CHECK ((prepared_by <> ''::text)),
    CONSTRAINT payout_batches_program_check CHECK ((program = ANY (ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text]))),
    CONSTRAINT payout_batches_reason_when_rejected CHECK (((state = 'rejected'::text) = (rejection_reason IS NOT NULL))),
    CONSTRAINT payout_batches_state_check CHECK ((state = ANY (ARRAY['prepared'::text, 'approved'::text, 'rejected'::text, 'exported'::text, 'reconciled'::text]))),
    CONSTRAINT payout_batches_total_check CHECK ((total > 0)),
    CONSTRAINT payout_batches_totals_by_program_check CHECK ((jsonb_typeof(totals_by_program) = 'object'::text))
);


ALTER TABLE public.payout_batches OWNER TO postgres;

--
-- Name: TABLE payout_batches; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_batches IS 'Payout batches: prepared by a maker, approved or rejected by another user.';


--
-- Name: payout_line_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.payout_line_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.payout_line_seq OWNER TO postgres;

--
-- Name: payout_line_statuses; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_line_statuses (
    id bigint NOT NULL,
    report_id text NOT NULL,
    line_id text NOT NULL,
    iso_status text NOT NULL,
    outcome text NOT NULL,
    reason_code text,
    additional_info text,
    paid_on date,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payout_line_statuses_outcome_check CHECK ((outcome = ANY (ARRAY['paid'::text, 'pending'::text, 'rejected'::text]))),
    CONSTRAINT payout_line_statuses_paid_on_bounds CHECK (((paid_on IS NULL) OR ((paid_on >= '1900-01-01'::date) AND (paid_on <= '2100-12-31'::date))))
);


ALTER TABLE public.payout_line_statuses OWNER TO postgres;

--
-- Name: TABLE payout_line_statuses; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_line_statuses IS 'Insert-only: every bank status recorded for a payout line.';


--
-- Name: payout_line_statuses_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.payout_line_statuses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payout_line_statuses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: payout_lines; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_lines (
    id text NOT NULL,
    seq bigint NOT NULL,
    source_key text NOT NULL,
    kind text NOT NULL,
    claim_id bigint NOT NULL,
    claim_line_id text NOT NULL,
    installment_seq integer,
    pension_month date,
    penalty_for text,
    replaces text,
    case_id text NOT NULL,
    kpj text,
    segment text,
    program text NOT NULL,
    item text NOT NULL,
    amount bigint NOT NULL,
    payee_role text NOT NULL,
    payee_nik text,
    bank_bic text,
    bank_account_number text,
    bank_account_holder text,
    due date NOT NULL,
    complete_on date,
    deadline date,
    status text NOT NULL,
    status_note text,
    bank_status text,
    reject_reason text,
    paid_on date,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    status_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payout_lines_account_when_payable CHECK (((status <> ALL (ARRAY['payable'::text, 'pending'::text, 'paid'::text])) OR (bank_bic IS NOT NULL))),
    CONSTRAINT payout_lines_amount_check CHECK ((amount > 0)),
    CONSTRAINT payout_lines_bank_account_holder_check CHECK ((bank_account_holder <> ''::text)),
    CONSTRAINT payout_lines_bank_account_number_check CHECK ((bank_account_number ~ '^[0-9]{1,34}$'::text)),
    CONSTRAINT payout_lines_bank_account_whole CHECK ((((bank_bic IS NULL) = (bank_account_number IS NULL)) AND ((bank_bic IS NULL) = (bank_account_holder IS NULL)))),
    CONSTRAINT payout_lines_bank_bic_check CHECK ((bank_bic ~ '^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$'::text)),
    CONSTRAINT payout_lines_bounds CHECK (((amount <= '1000000000000'::bigint) AND ((due >= '1900-01-01'::date) AND (due <= '2100-12-31'::date)) AND ((pension_month IS NULL) OR ((pension_month >= '1900-01-01'::date) AND (pension_month <= '2100-12-31'::date))) AND ((complete_on IS NULL) OR ((complete_on >= '1900-01-01'::date) AND (complete_on <= '2100-12-31'::date))) AND ((deadline IS NULL) OR ((deadline >= '1900-01-01'::date) AND (deadline <= '2100-12-31'::date))) AND ((paid_on IS NULL) OR ((paid_on >= '1900-01-01'::date) AND (paid_on <= '2100-12-31'::date))))),
    CONSTRAINT payout_lines_created_by_check CHECK ((created_by <> ''::text)),
    CONSTRAINT payout_lines_id_check CHECK ((id ~ '^[A-Za-z0-9][A-Za-z0-9-]{0,34}$'::text)),
    CONSTRAINT payout_lines_item_check CHECK ((item <> ''::text)),
    CONSTRAINT payout_lines_kind_check CHECK ((kind = ANY (ARRAY['lump_sum'::text, 'installment'::text, 'pension_month'::text, 'pension_arrears'::text, 'late_payment_penalty'::text]))),
    CONSTRAINT payout_lines_paid_on_when_paid CHECK (((status = 'paid'::text) = (paid_on IS NOT NULL))),
    CONSTRAINT payout_lines_program_check CHECK ((program = ANY (ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text]))),
    CONSTRAINT payout_lines_reason_when_rejected CHECK (((status = 'rejected'::text) = (reject_reason IS NOT NULL))),
    CONSTRAINT payout_lines_source_key_check CHECK ((source_key <> ''::text)),
    CONSTRAINT payout_lines_status_check CHECK ((status = ANY (ARRAY['payable'::text, 'awaiting_bank_details'::text, 'on_hold'::text, 'pending'::text, 'paid'::text, 'rejected'::text, 'cancelled'::text])))
);


ALTER TABLE public.payout_lines OWNER TO postgres;

--
-- Name: TABLE payout_lines; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.payout_lines IS 'Transfers to make: due claim lines, instalments, pension months, penalties.';


--
-- Name: payout_payee_accounts_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.payout_payee_accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payout_payee_accounts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: payout_status_reports; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.payout_status_reports (
    message_id text NOT NULL,
    batch_id text NOT NULL,
    file_sha256 text NOT NULL,
    group_status text,
    bank_created_at timestamp with time zone,
    imported_by text NOT NULL,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payout_status_reports_created_bounds CHECK (((bank_created_at IS NULL) OR ((bank_created_at >= '1900-01-01 00:00:00+00'::timestamp with time zone) AND (bank_created_at <= '2101-01-01 00:00:00+00'::timestamp with time zone)))),
    CONSTRAINT payout_status_reports_imported_by_check CHECK ((imported_by <> ''::text))
);


ALTER TABLE public.payout_status_reports OWNER TO postgres;

--
-- Name: payout_waiting_lines; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.payout_waiting_lines AS
 SELECT p.id,
    p.seq,
    p.claim_id,
    p.case_id,
    p.program,
    p.item,
    p.kind,
    p.amount,
    p.payee_role,
    p.payee_nik,
    p.due,
    p.status_note,
    p.created_at,
    p.replaces,
        CASE
            WHEN u.usable THEN a.bank_bic
            ELSE NULL::text
        END AS account_bic,
        CASE
            WHEN u.usable THEN a.bank_account_number
            ELSE NULL::text
        END AS account_number,
        CASE
            WHEN u.usable THEN a.bank_account_holder
            ELSE NULL::text
        END AS account_holder
   FROM ((public.payout_lines p
     LEFT JOIN LATERAL public.payout_payee_account(p.claim_id, p.payee_nik) a(id, claim_id, payee_nik, bank_bic, bank_account_number, bank_account_holder, set_by, set_at) ON ((p.payee_nik IS NOT NULL)))
     CROSS JOIN LATERAL ( SELECT public.payout_payee_account_usable(p.replaces, a.bank_bic, a.bank_account_number) AS usable) u)
  WHERE (p.status = 'awaiting_bank_details'::text);


ALTER TABLE public.payout_waiting_lines OWNER TO postgres;

--
-- Name: VIEW payout_waiting_lines; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON VIEW public.payout_waiting_lines IS 'Payout lines waiting for bank details, with the account set on the claim that would pay each (NULL: none yet).';


--
-- Name: pension_payout_bases; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.pension_payout_bases (
    payout_line_id text NOT NULL,
    basis text NOT NULL,
    warnings text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT pension_payout_bases_basis_check CHECK ((basis <> ''::text))
);


ALTER TABLE public.pension_payout_bases OWNER TO postgres;

--
-- Name: TABLE pension_payout_bases; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.pension_payout_bases IS 'Why each pension month or arrears line pays its amount, and its warnings.';


--
-- Name: pension_recoveries; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.pension_recoveries (
    id bigint NOT NULL,
    source_key text NOT NULL,
    claim_id bigint NOT NULL,
    claim_line_id text NOT NULL,
    pension_month date NOT NULL,
    payee_nik text,
    amount bigint NOT NULL,
    basis text NOT NULL,
    created_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT pension_recoveries_amount_check CHECK ((amount > 0)),
    CONSTRAINT pension_recoveries_basis_check CHECK ((basis <> ''::text)),
    CONSTRAINT pension_recoveries_created_by_check CHECK ((created_by <> ''::text)),
    CONSTRAINT pension_recoveries_source_key_check CHECK ((source_key <> ''::text))
);


ALTER TABLE public.pension_recoveries OWNER TO postgres;

--
-- Name: TABLE pension_recoveries; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.pension_recoveries IS 'Pension months paid too much: the amount to recover from the payee, with its basis.';


--
-- Name: pension_recoveries_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.pension_recoveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.pension_recoveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: santunan_meta; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.santunan_meta (
    key text NOT NULL,
    value text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT santunan_meta_key_check CHECK ((key ~ '^[a-z][a-z0-9_.]*$'::text))
);


ALTER TABLE public.santunan_meta OWNER TO postgres;

--
-- Name: TABLE santunan_meta; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.santunan_meta IS 'Facts about this Santunan installation, one row per key.';


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.schema_migrations OWNER TO postgres;

--
-- Name: sponsor; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.sponsor (
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    CONSTRAINT sponsor_kind_check CHECK ((kind = ANY (ARRAY['local_government'::text, 'csr'::text]))),
    CONSTRAINT sponsor_name_check CHECK ((name <> ''::text))
);


ALTER TABLE public.sponsor OWNER TO postgres;

--
-- Name: sponsor_cover; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.sponsor_cover (
    window_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    participant_id bigint NOT NULL,
    program text NOT NULL,
    period daterange NOT NULL,
    CONSTRAINT sponsor_cover_period_check CHECK ((NOT isempty(period))),
    CONSTRAINT sponsor_cover_program_check CHECK ((program = ANY (ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text, 'JKP'::text])))
);


ALTER TABLE public.sponsor_cover OWNER TO postgres;

--
-- Name: sponsor_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.sponsor ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sponsor_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: sponsor_window; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.sponsor_window (
    id bigint NOT NULL,
    sponsor_id bigint NOT NULL,
    programs text[] NOT NULL,
    valid_from date NOT NULL,
    valid_to date NOT NULL,
    CONSTRAINT sponsor_window_check CHECK ((valid_to >= valid_from)),
    CONSTRAINT sponsor_window_dates_bounds CHECK (((valid_from >= '1900-01-01'::date) AND (valid_to <= '2100-12-31'::date))),
    CONSTRAINT sponsor_window_programs_check CHECK (((cardinality(programs) > 0) AND (programs <@ ARRAY['JKK'::text, 'JKM'::text, 'JHT'::text, 'JP'::text, 'JKP'::text])))
);


ALTER TABLE public.sponsor_window OWNER TO postgres;

--
-- Name: sponsor_window_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.sponsor_window ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sponsor_window_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: submission_summaries; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.submission_summaries AS
 SELECT s.id,
    s.case_id,
    s.kpj,
    s.event_type,
    s.event_date,
    s.submitted_at
   FROM public.submissions s;


ALTER TABLE public.submission_summaries OWNER TO postgres;

--
-- Name: submission_versions; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.submission_versions (
    id bigint NOT NULL,
    submission_id bigint NOT NULL,
    version integer NOT NULL,
    case_document json NOT NULL,
    claim_status text,
    claim_total bigint,
    claim_payable_now bigint,
    claim_result json,
    claim_first_computed_at timestamp with time zone,
    reason text NOT NULL,
    amended_by text NOT NULL,
    amended_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT submission_versions_amended_by_check CHECK ((amended_by <> ''::text)),
    CONSTRAINT submission_versions_reason_check CHECK (((btrim(reason) <> ''::text) AND (char_length(reason) <= 1000))),
    CONSTRAINT submission_versions_version_check CHECK ((version >= 1))
);
ALTER TABLE ONLY public.submission_versions ALTER COLUMN case_document SET COMPRESSION lz4;
ALTER TABLE ONLY public.submission_versions ALTER COLUMN claim_result SET COMPRESSION lz4;


ALTER TABLE public.submission_versions OWNER TO postgres;

--
-- Name: TABLE submission_versions; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.submission_versions IS 'Insert-only: the earlier versions of amended cases, with the claim each had, who amended it and why.';


--
-- Name: submission_versions_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.submission_versions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.submission_versions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: submissions_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.submissions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.submissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: survivor_events; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.survivor_events AS
 SELECT e.id,
    e.claim_id,
    e.event,
    e.nik,
    e.event_date
   FROM public.claim_events e;


ALTER TABLE public.survivor_events OWNER TO postgres;

--
-- Name: wage_report; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.wage_report (
    membership_id bigint NOT NULL,
    reported_on date NOT NULL,
    wage bigint NOT NULL,
    CONSTRAINT wage_report_bounds CHECK ((((reported_on >= '1900-01-01'::date) AND (reported_on <= '2100-12-31'::date)) AND (wage <= 1000000000))),
    CONSTRAINT wage_report_wage_check CHECK ((wage >= 0))
);


ALTER TABLE public.wage_report OWNER TO postgres;

--
-- Name: contribution_2005; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2005 FOR VALUES FROM ('2005-01-01') TO ('2006-01-01');


--
-- Name: contribution_2006; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2006 FOR VALUES FROM ('2006-01-01') TO ('2007-01-01');


--
-- Name: contribution_2007; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2007 FOR VALUES FROM ('2007-01-01') TO ('2008-01-01');


--
-- Name: contribution_2008; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2008 FOR VALUES FROM ('2008-01-01') TO ('2009-01-01');


--
-- Name: contribution_2009; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2009 FOR VALUES FROM ('2009-01-01') TO ('2010-01-01');


--
-- Name: contribution_2010; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2010 FOR VALUES FROM ('2010-01-01') TO ('2011-01-01');


--
-- Name: contribution_2011; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2011 FOR VALUES FROM ('2011-01-01') TO ('2012-01-01');


--
-- Name: contribution_2012; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2012 FOR VALUES FROM ('2012-01-01') TO ('2013-01-01');


--
-- Name: contribution_2013; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2013 FOR VALUES FROM ('2013-01-01') TO ('2014-01-01');


--
-- Name: contribution_2014; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2014 FOR VALUES FROM ('2014-01-01') TO ('2015-01-01');


--
-- Name: contribution_2015; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2015 FOR VALUES FROM ('2015-01-01') TO ('2016-01-01');


--
-- Name: contribution_2016; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2016 FOR VALUES FROM ('2016-01-01') TO ('2017-01-01');


--
-- Name: contribution_2017; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2017 FOR VALUES FROM ('2017-01-01') TO ('2018-01-01');


--
-- Name: contribution_2018; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2018 FOR VALUES FROM ('2018-01-01') TO ('2019-01-01');


--
-- Name: contribution_2019; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');


--
-- Name: contribution_2020; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');


--
-- Name: contribution_2021; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');


--
-- Name: contribution_2022; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');


--
-- Name: contribution_2023; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: contribution_2024; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: contribution_2025; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


--
-- Name: contribution_2026; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');


--
-- Name: contribution_2027; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');


--
-- Name: contribution_2028; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2028 FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');


--
-- Name: contribution_2029; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2029 FOR VALUES FROM ('2029-01-01') TO ('2030-01-01');


--
-- Name: contribution_2030; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2030 FOR VALUES FROM ('2030-01-01') TO ('2031-01-01');


--
-- Name: contribution_2031; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2031 FOR VALUES FROM ('2031-01-01') TO ('2032-01-01');


--
-- Name: contribution_2032; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2032 FOR VALUES FROM ('2032-01-01') TO ('2033-01-01');


--
-- Name: contribution_2033; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2033 FOR VALUES FROM ('2033-01-01') TO ('2034-01-01');


--
-- Name: contribution_2034; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2034 FOR VALUES FROM ('2034-01-01') TO ('2035-01-01');


--
-- Name: contribution_2035; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_2035 FOR VALUES FROM ('2035-01-01') TO ('2036-01-01');


--
-- Name: contribution_other; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution ATTACH PARTITION public.contribution_other DEFAULT;


--
-- Name: api_idempotency_keys api_idempotency_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT api_idempotency_keys_pkey PRIMARY KEY (user_name, key);


--
-- Name: api_users api_users_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.api_users
    ADD CONSTRAINT api_users_pkey PRIMARY KEY (name);


--
-- Name: api_users api_users_token_sha256_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.api_users
    ADD CONSTRAINT api_users_token_sha256_key UNIQUE (token_sha256);


--
-- Name: claim_events claim_events_once; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_once UNIQUE (claim_id, event, nik);


--
-- Name: claim_events claim_events_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_pkey PRIMARY KEY (id);


--
-- Name: claim_installments claim_installments_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_installments
    ADD CONSTRAINT claim_installments_pkey PRIMARY KEY (line_id, seq);


--
-- Name: claim_lines claim_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_pkey PRIMARY KEY (id);


--
-- Name: claim_lines claim_lines_position_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_position_key UNIQUE (claim_id, "position");


--
-- Name: claim_status_history claim_status_history_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_status_history
    ADD CONSTRAINT claim_status_history_pkey PRIMARY KEY (id);


--
-- Name: claims claims_case_id_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_case_id_key UNIQUE (case_id);


--
-- Name: claims claims_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_pkey PRIMARY KEY (id);


--
-- Name: contribution contribution_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution
    ADD CONSTRAINT contribution_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2005 contribution_2005_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2005
    ADD CONSTRAINT contribution_2005_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2006 contribution_2006_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2006
    ADD CONSTRAINT contribution_2006_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2007 contribution_2007_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2007
    ADD CONSTRAINT contribution_2007_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2008 contribution_2008_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2008
    ADD CONSTRAINT contribution_2008_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2009 contribution_2009_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2009
    ADD CONSTRAINT contribution_2009_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2010 contribution_2010_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2010
    ADD CONSTRAINT contribution_2010_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2011 contribution_2011_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2011
    ADD CONSTRAINT contribution_2011_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2012 contribution_2012_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2012
    ADD CONSTRAINT contribution_2012_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2013 contribution_2013_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2013
    ADD CONSTRAINT contribution_2013_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2014 contribution_2014_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2014
    ADD CONSTRAINT contribution_2014_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2015 contribution_2015_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2015
    ADD CONSTRAINT contribution_2015_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2016 contribution_2016_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2016
    ADD CONSTRAINT contribution_2016_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2017 contribution_2017_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2017
    ADD CONSTRAINT contribution_2017_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2018 contribution_2018_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2018
    ADD CONSTRAINT contribution_2018_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2019 contribution_2019_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2019
    ADD CONSTRAINT contribution_2019_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2020 contribution_2020_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2020
    ADD CONSTRAINT contribution_2020_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2021 contribution_2021_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2021
    ADD CONSTRAINT contribution_2021_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2022 contribution_2022_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2022
    ADD CONSTRAINT contribution_2022_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2023 contribution_2023_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2023
    ADD CONSTRAINT contribution_2023_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2024 contribution_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2024
    ADD CONSTRAINT contribution_2024_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2025 contribution_2025_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2025
    ADD CONSTRAINT contribution_2025_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2026 contribution_2026_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2026
    ADD CONSTRAINT contribution_2026_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2027 contribution_2027_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2027
    ADD CONSTRAINT contribution_2027_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2028 contribution_2028_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2028
    ADD CONSTRAINT contribution_2028_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2029 contribution_2029_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2029
    ADD CONSTRAINT contribution_2029_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2030 contribution_2030_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2030
    ADD CONSTRAINT contribution_2030_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2031 contribution_2031_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2031
    ADD CONSTRAINT contribution_2031_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2032 contribution_2032_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2032
    ADD CONSTRAINT contribution_2032_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2033 contribution_2033_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2033
    ADD CONSTRAINT contribution_2033_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2034 contribution_2034_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2034
    ADD CONSTRAINT contribution_2034_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_2035 contribution_2035_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_2035
    ADD CONSTRAINT contribution_2035_pkey PRIMARY KEY (membership_id, month);


--
-- Name: contribution_other contribution_other_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.contribution_other
    ADD CONSTRAINT contribution_other_pkey PRIMARY KEY (membership_id, month);


--
-- Name: employer employer_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.employer
    ADD CONSTRAINT employer_pkey PRIMARY KEY (npp);


--
-- Name: heir_jobs heir_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.heir_jobs
    ADD CONSTRAINT heir_jobs_pkey PRIMARY KEY (id);


--
-- Name: import_file import_file_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.import_file
    ADD CONSTRAINT import_file_pkey PRIMARY KEY (kind, sha256);


--
-- Name: jp_award_year_bounds jp_award_year_bounds_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.jp_award_year_bounds
    ADD CONSTRAINT jp_award_year_bounds_pkey PRIMARY KEY (award_year_from);


--
-- Name: ledger_account_class ledger_account_class_chart_seq_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_account_class
    ADD CONSTRAINT ledger_account_class_chart_seq_key UNIQUE (chart_seq);


--
-- Name: ledger_account_class ledger_account_class_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_account_class
    ADD CONSTRAINT ledger_account_class_pkey PRIMARY KEY (prefix);


--
-- Name: ledger_account_month ledger_account_month_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_account_month
    ADD CONSTRAINT ledger_account_month_pkey PRIMARY KEY (account, month, lane);


--
-- Name: ledger_account ledger_account_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_pkey PRIMARY KEY (code);


--
-- Name: ledger_chain_head ledger_chain_head_lane_check; Type: CHECK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_chain_head
    ADD CONSTRAINT ledger_chain_head_lane_check CHECK (((lane >= 0) AND (lane <= 15))) NOT VALID;


--
-- Name: ledger_chain_head ledger_chain_head_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_chain_head
    ADD CONSTRAINT ledger_chain_head_pkey PRIMARY KEY (lane);


--
-- Name: ledger_chart_head ledger_chart_head_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_chart_head
    ADD CONSTRAINT ledger_chart_head_pkey PRIMARY KEY (id);


--
-- Name: ledger_entry ledger_entry_amount_check; Type: CHECK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_entry
    ADD CONSTRAINT ledger_entry_amount_check CHECK (((amount > 0) AND (amount <= '1000000000000'::bigint))) NOT VALID;


--
-- Name: ledger_entry ledger_entry_lane_check; Type: CHECK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_entry
    ADD CONSTRAINT ledger_entry_lane_check CHECK (((lane >= 0) AND (lane <= 15))) NOT VALID;


--
-- Name: ledger_entry ledger_entry_lane_lane_seq_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_lane_lane_seq_key UNIQUE (lane, lane_seq);


--
-- Name: ledger_entry ledger_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_entry
    ADD CONSTRAINT ledger_entry_pkey PRIMARY KEY (id);


--
-- Name: ledger_key_namespace ledger_key_namespace_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_key_namespace
    ADD CONSTRAINT ledger_key_namespace_pkey PRIMARY KEY (kind);


--
-- Name: ledger_transaction ledger_transaction_idempotency_key_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_idempotency_key_key UNIQUE (idempotency_key);


--
-- Name: ledger_transaction ledger_transaction_lane_check; Type: CHECK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_lane_check CHECK (((lane >= 0) AND (lane <= 15))) NOT VALID;


--
-- Name: ledger_transaction ledger_transaction_lane_lane_seq_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_lane_lane_seq_key UNIQUE (lane, lane_seq);


--
-- Name: ledger_transaction ledger_transaction_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_pkey PRIMARY KEY (id);


--
-- Name: membership membership_kpj_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_kpj_key UNIQUE (kpj);


--
-- Name: membership membership_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_pkey PRIMARY KEY (id);


--
-- Name: participant participant_nik_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_nik_key UNIQUE (nik);


--
-- Name: participant participant_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.participant
    ADD CONSTRAINT participant_pkey PRIMARY KEY (id);


--
-- Name: payout_batch_history payout_batch_history_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_history
    ADD CONSTRAINT payout_batch_history_pkey PRIMARY KEY (id);


--
-- Name: payout_batch_lines payout_batch_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_lines
    ADD CONSTRAINT payout_batch_lines_pkey PRIMARY KEY (batch_id, line_id);


--
-- Name: payout_batch_numbers payout_batch_numbers_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_numbers
    ADD CONSTRAINT payout_batch_numbers_pkey PRIMARY KEY (only_row);


--
-- Name: payout_batches payout_batches_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batches
    ADD CONSTRAINT payout_batches_pkey PRIMARY KEY (id);


--
-- Name: payout_batches payout_batches_seq_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batches
    ADD CONSTRAINT payout_batches_seq_key UNIQUE (seq);


--
-- Name: payout_line_statuses payout_line_statuses_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_line_statuses
    ADD CONSTRAINT payout_line_statuses_pkey PRIMARY KEY (id);


--
-- Name: payout_lines payout_lines_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_pkey PRIMARY KEY (id);


--
-- Name: payout_lines payout_lines_replaces_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_replaces_key UNIQUE (replaces);


--
-- Name: payout_lines payout_lines_seq_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_seq_key UNIQUE (seq);


--
-- Name: payout_payee_accounts payout_payee_accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_payee_accounts
    ADD CONSTRAINT payout_payee_accounts_pkey PRIMARY KEY (id);


--
-- Name: payout_status_reports payout_status_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_status_reports
    ADD CONSTRAINT payout_status_reports_pkey PRIMARY KEY (message_id);


--
-- Name: pension_payout_bases pension_payout_bases_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_payout_bases
    ADD CONSTRAINT pension_payout_bases_pkey PRIMARY KEY (payout_line_id);


--
-- Name: pension_recoveries pension_recoveries_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_recoveries
    ADD CONSTRAINT pension_recoveries_pkey PRIMARY KEY (id);


--
-- Name: pension_recoveries pension_recoveries_source_key_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_recoveries
    ADD CONSTRAINT pension_recoveries_source_key_key UNIQUE (source_key);


--
-- Name: santunan_meta santunan_meta_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.santunan_meta
    ADD CONSTRAINT santunan_meta_pkey PRIMARY KEY (key);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: sponsor_cover sponsor_cover_no_overlap; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_cover
    ADD CONSTRAINT sponsor_cover_no_overlap EXCLUDE USING gist (participant_id WITH =, program WITH =, period WITH &&);


--
-- Name: sponsor_cover sponsor_cover_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_cover
    ADD CONSTRAINT sponsor_cover_pkey PRIMARY KEY (window_id, membership_id, program);


--
-- Name: sponsor sponsor_name_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor
    ADD CONSTRAINT sponsor_name_key UNIQUE (name);


--
-- Name: sponsor sponsor_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor
    ADD CONSTRAINT sponsor_pkey PRIMARY KEY (id);


--
-- Name: sponsor_window sponsor_window_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_window
    ADD CONSTRAINT sponsor_window_pkey PRIMARY KEY (id);


--
-- Name: sponsor_window sponsor_window_sponsor_id_valid_from_valid_to_programs_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_window
    ADD CONSTRAINT sponsor_window_sponsor_id_valid_from_valid_to_programs_key UNIQUE (sponsor_id, valid_from, valid_to, programs);


--
-- Name: submission_versions submission_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submission_versions
    ADD CONSTRAINT submission_versions_pkey PRIMARY KEY (id);


--
-- Name: submission_versions submission_versions_version_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submission_versions
    ADD CONSTRAINT submission_versions_version_key UNIQUE (submission_id, version);


--
-- Name: submissions submissions_case_id_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_case_id_key UNIQUE (case_id);


--
-- Name: submissions submissions_event_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_event_key UNIQUE (kpj, event_type, event_date);


--
-- Name: submissions submissions_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submissions
    ADD CONSTRAINT submissions_pkey PRIMARY KEY (id);


--
-- Name: wage_report wage_report_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.wage_report
    ADD CONSTRAINT wage_report_pkey PRIMARY KEY (membership_id, reported_on);


--
-- Name: claim_installments_due_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX claim_installments_due_idx ON public.claim_installments USING btree (due);


--
-- Name: claim_status_history_claim_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX claim_status_history_claim_idx ON public.claim_status_history USING btree (claim_id, id);


--
-- Name: claims_status_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX claims_status_idx ON public.claims USING btree (status);


--
-- Name: contribution_unpaid_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_unpaid_idx ON ONLY public.contribution USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2005_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2005_membership_id_month_idx ON public.contribution_2005 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2006_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2006_membership_id_month_idx ON public.contribution_2006 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2007_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2007_membership_id_month_idx ON public.contribution_2007 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2008_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2008_membership_id_month_idx ON public.contribution_2008 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2009_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2009_membership_id_month_idx ON public.contribution_2009 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2010_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2010_membership_id_month_idx ON public.contribution_2010 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2011_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2011_membership_id_month_idx ON public.contribution_2011 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2012_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2012_membership_id_month_idx ON public.contribution_2012 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2013_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2013_membership_id_month_idx ON public.contribution_2013 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2014_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2014_membership_id_month_idx ON public.contribution_2014 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2015_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2015_membership_id_month_idx ON public.contribution_2015 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2016_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2016_membership_id_month_idx ON public.contribution_2016 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2017_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2017_membership_id_month_idx ON public.contribution_2017 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2018_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2018_membership_id_month_idx ON public.contribution_2018 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2019_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2019_membership_id_month_idx ON public.contribution_2019 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2020_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2020_membership_id_month_idx ON public.contribution_2020 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2021_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2021_membership_id_month_idx ON public.contribution_2021 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2022_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2022_membership_id_month_idx ON public.contribution_2022 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2023_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2023_membership_id_month_idx ON public.contribution_2023 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2024_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2024_membership_id_month_idx ON public.contribution_2024 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2025_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2025_membership_id_month_idx ON public.contribution_2025 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2026_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2026_membership_id_month_idx ON public.contribution_2026 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2027_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2027_membership_id_month_idx ON public.contribution_2027 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2028_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2028_membership_id_month_idx ON public.contribution_2028 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2029_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2029_membership_id_month_idx ON public.contribution_2029 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2030_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2030_membership_id_month_idx ON public.contribution_2030 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2031_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2031_membership_id_month_idx ON public.contribution_2031 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2032_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2032_membership_id_month_idx ON public.contribution_2032 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2033_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2033_membership_id_month_idx ON public.contribution_2033 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2034_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2034_membership_id_month_idx ON public.contribution_2034 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_2035_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_2035_membership_id_month_idx ON public.contribution_2035 USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: contribution_other_membership_id_month_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX contribution_other_membership_id_month_idx ON public.contribution_other USING btree (membership_id, month) WHERE (paid_on IS NULL);


--
-- Name: employer_branch_kind_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX employer_branch_kind_idx ON public.employer USING btree (branch_office, kind);


--
-- Name: heir_jobs_completed_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX heir_jobs_completed_idx ON public.heir_jobs USING btree (completed_at) WHERE (state = 'completed'::text);


--
-- Name: heir_jobs_lease_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX heir_jobs_lease_idx ON public.heir_jobs USING btree (lease_expires_at) WHERE (state = 'running'::text);


--
-- Name: heir_jobs_one_waiting_per_submission; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX heir_jobs_one_waiting_per_submission ON public.heir_jobs USING btree (submission_id) WHERE (state = ANY (ARRAY['available'::text, 'retryable'::text]));


--
-- Name: heir_jobs_runnable_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX heir_jobs_runnable_idx ON public.heir_jobs USING btree (priority DESC, scheduled_at, id) WHERE (state = ANY (ARRAY['available'::text, 'retryable'::text]));


--
-- Name: heir_jobs_submission_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX heir_jobs_submission_idx ON public.heir_jobs USING btree (submission_id);


--
-- Name: ledger_entry_account; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_entry_account ON public.ledger_entry USING btree (account, transaction_id);


--
-- Name: ledger_entry_transaction; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_entry_transaction ON public.ledger_entry USING btree (transaction_id);


--
-- Name: ledger_transaction_batch; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_transaction_batch ON public.ledger_transaction USING btree (batch_id) WHERE (batch_id IS NOT NULL);


--
-- Name: ledger_transaction_claim; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_transaction_claim ON public.ledger_transaction USING btree (claim_id) WHERE (claim_id IS NOT NULL);


--
-- Name: ledger_transaction_effective_date; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_transaction_effective_date ON public.ledger_transaction USING btree (effective_date);


--
-- Name: ledger_transaction_kpj; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_transaction_kpj ON public.ledger_transaction USING btree (participant_kpj) WHERE (participant_kpj IS NOT NULL);


--
-- Name: ledger_transaction_nik; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX ledger_transaction_nik ON public.ledger_transaction USING btree (participant_nik) WHERE (participant_nik IS NOT NULL);


--
-- Name: membership_branch_segment_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX membership_branch_segment_idx ON public.membership USING btree (branch_office, segment);


--
-- Name: membership_employer_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX membership_employer_idx ON public.membership USING btree (employer_npp) WHERE (employer_npp IS NOT NULL);


--
-- Name: membership_participant_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX membership_participant_idx ON public.membership USING btree (participant_id);


--
-- Name: payout_batch_history_batch_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_batch_history_batch_idx ON public.payout_batch_history USING btree (batch_id, id);


--
-- Name: payout_batch_lines_one_open_batch; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX payout_batch_lines_one_open_batch ON public.payout_batch_lines USING btree (line_id) WHERE open;


--
-- Name: payout_batches_state_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_batches_state_idx ON public.payout_batches USING btree (state);


--
-- Name: payout_line_statuses_line_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_line_statuses_line_idx ON public.payout_line_statuses USING btree (line_id, id);


--
-- Name: payout_lines_claim_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_lines_claim_idx ON public.payout_lines USING btree (claim_id);


--
-- Name: payout_lines_claim_line_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_lines_claim_line_idx ON public.payout_lines USING btree (claim_line_id);


--
-- Name: payout_lines_one_live_per_source; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX payout_lines_one_live_per_source ON public.payout_lines USING btree (source_key) WHERE (status <> ALL (ARRAY['rejected'::text, 'cancelled'::text]));


--
-- Name: payout_lines_payable_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_lines_payable_idx ON public.payout_lines USING btree (seq) WHERE (status = 'payable'::text);


--
-- Name: payout_lines_pension_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_lines_pension_idx ON public.payout_lines USING btree (claim_line_id, pension_month) WHERE (kind = ANY (ARRAY['pension_month'::text, 'pension_arrears'::text]));


--
-- Name: payout_payee_accounts_payee_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_payee_accounts_payee_idx ON public.payout_payee_accounts USING btree (claim_id, payee_nik, id DESC);


--
-- Name: payout_status_reports_batch_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX payout_status_reports_batch_idx ON public.payout_status_reports USING btree (batch_id);


--
-- Name: pension_recoveries_line_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX pension_recoveries_line_idx ON public.pension_recoveries USING btree (claim_line_id, pension_month);


--
-- Name: sponsor_cover_membership_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX sponsor_cover_membership_idx ON public.sponsor_cover USING btree (membership_id);


--
-- Name: sponsor_window_valid_to_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX sponsor_window_valid_to_idx ON public.sponsor_window USING btree (valid_to);


--
-- Name: submissions_case_id_lower_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX submissions_case_id_lower_idx ON public.submissions USING btree (lower(case_id));


--
-- Name: submissions_participant_nik_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX submissions_participant_nik_idx ON public.submissions USING btree (participant_nik);


--
-- Name: contribution_2005_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2005_membership_id_month_idx;


--
-- Name: contribution_2005_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2005_pkey;


--
-- Name: contribution_2006_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2006_membership_id_month_idx;


--
-- Name: contribution_2006_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2006_pkey;


--
-- Name: contribution_2007_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2007_membership_id_month_idx;


--
-- Name: contribution_2007_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2007_pkey;


--
-- Name: contribution_2008_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2008_membership_id_month_idx;


--
-- Name: contribution_2008_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2008_pkey;


--
-- Name: contribution_2009_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2009_membership_id_month_idx;


--
-- Name: contribution_2009_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2009_pkey;


--
-- Name: contribution_2010_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2010_membership_id_month_idx;


--
-- Name: contribution_2010_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2010_pkey;


--
-- Name: contribution_2011_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2011_membership_id_month_idx;


--
-- Name: contribution_2011_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2011_pkey;


--
-- Name: contribution_2012_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2012_membership_id_month_idx;


--
-- Name: contribution_2012_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2012_pkey;


--
-- Name: contribution_2013_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2013_membership_id_month_idx;


--
-- Name: contribution_2013_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2013_pkey;


--
-- Name: contribution_2014_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2014_membership_id_month_idx;


--
-- Name: contribution_2014_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2014_pkey;


--
-- Name: contribution_2015_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2015_membership_id_month_idx;


--
-- Name: contribution_2015_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2015_pkey;


--
-- Name: contribution_2016_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2016_membership_id_month_idx;


--
-- Name: contribution_2016_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2016_pkey;


--
-- Name: contribution_2017_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2017_membership_id_month_idx;


--
-- Name: contribution_2017_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2017_pkey;


--
-- Name: contribution_2018_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2018_membership_id_month_idx;


--
-- Name: contribution_2018_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2018_pkey;


--
-- Name: contribution_2019_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2019_membership_id_month_idx;


--
-- Name: contribution_2019_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2019_pkey;


--
-- Name: contribution_2020_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2020_membership_id_month_idx;


--
-- Name: contribution_2020_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2020_pkey;


--
-- Name: contribution_2021_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2021_membership_id_month_idx;


--
-- Name: contribution_2021_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2021_pkey;


--
-- Name: contribution_2022_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2022_membership_id_month_idx;


--
-- Name: contribution_2022_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2022_pkey;


--
-- Name: contribution_2023_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2023_membership_id_month_idx;


--
-- Name: contribution_2023_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2023_pkey;


--
-- Name: contribution_2024_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2024_membership_id_month_idx;


--
-- Name: contribution_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2024_pkey;


--
-- Name: contribution_2025_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2025_membership_id_month_idx;


--
-- Name: contribution_2025_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2025_pkey;


--
-- Name: contribution_2026_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2026_membership_id_month_idx;


--
-- Name: contribution_2026_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2026_pkey;


--
-- Name: contribution_2027_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2027_membership_id_month_idx;


--
-- Name: contribution_2027_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2027_pkey;


--
-- Name: contribution_2028_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2028_membership_id_month_idx;


--
-- Name: contribution_2028_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2028_pkey;


--
-- Name: contribution_2029_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2029_membership_id_month_idx;


--
-- Name: contribution_2029_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2029_pkey;


--
-- Name: contribution_2030_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2030_membership_id_month_idx;


--
-- Name: contribution_2030_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2030_pkey;


--
-- Name: contribution_2031_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2031_membership_id_month_idx;


--
-- Name: contribution_2031_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2031_pkey;


--
-- Name: contribution_2032_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2032_membership_id_month_idx;


--
-- Name: contribution_2032_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2032_pkey;


--
-- Name: contribution_2033_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2033_membership_id_month_idx;


--
-- Name: contribution_2033_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2033_pkey;


--
-- Name: contribution_2034_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2034_membership_id_month_idx;


--
-- Name: contribution_2034_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2034_pkey;


--
-- Name: contribution_2035_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_2035_membership_id_month_idx;


--
-- Name: contribution_2035_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_2035_pkey;


--
-- Name: contribution_other_membership_id_month_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_unpaid_idx ATTACH PARTITION public.contribution_other_membership_id_month_idx;


--
-- Name: contribution_other_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.contribution_pkey ATTACH PARTITION public.contribution_other_pkey;


--
-- Name: claim_events claim_events_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER claim_events_insert_only BEFORE DELETE OR UPDATE ON public.claim_events FOR EACH ROW EXECUTE FUNCTION public.claim_events_refuse_change();


--
-- Name: claim_status_history claim_status_history_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER claim_status_history_insert_only BEFORE DELETE OR UPDATE ON public.claim_status_history FOR EACH ROW EXECUTE FUNCTION public.claim_status_history_refuse_change();


--
-- Name: claim_status_history claim_status_history_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER claim_status_history_no_truncate BEFORE TRUNCATE ON public.claim_status_history FOR EACH STATEMENT EXECUTE FUNCTION public.claim_status_history_refuse_change();


--
-- Name: ledger_account ledger_account_append_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_append_only BEFORE DELETE OR UPDATE ON public.ledger_account FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_account_class ledger_account_class_append_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_class_append_only BEFORE DELETE OR UPDATE ON public.ledger_account_class FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_account_class ledger_account_class_chain; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_class_chain BEFORE INSERT ON public.ledger_account_class FOR EACH ROW EXECUTE FUNCTION public.ledger_chain_class();


--
-- Name: ledger_account_class ledger_account_class_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_class_no_truncate BEFORE TRUNCATE ON public.ledger_account_class FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_account_month ledger_account_month_guard; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_month_guard BEFORE INSERT OR UPDATE ON public.ledger_account_month FOR EACH ROW WHEN ((CURRENT_USER <> 'santunan_ledger_snapshot'::name)) EXECUTE FUNCTION public.ledger_snapshot_refuse();


--
-- Name: ledger_account_month ledger_account_month_no_delete; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_month_no_delete BEFORE DELETE ON public.ledger_account_month FOR EACH ROW EXECUTE FUNCTION public.ledger_snapshot_refuse();


--
-- Name: ledger_account_month ledger_account_month_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_month_no_truncate BEFORE TRUNCATE ON public.ledger_account_month FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_snapshot_refuse();


--
-- Name: ledger_account ledger_account_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON public.ledger_account FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_chain_head ledger_chain_head_no_delete; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_chain_head_no_delete BEFORE DELETE ON public.ledger_chain_head FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_chain_head ledger_chain_head_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_chain_head_no_truncate BEFORE TRUNCATE ON public.ledger_chain_head FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_chart_head ledger_chart_head_no_delete; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_chart_head_no_delete BEFORE DELETE ON public.ledger_chart_head FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_chart_head ledger_chart_head_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_chart_head_no_truncate BEFORE TRUNCATE ON public.ledger_chart_head FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_entry ledger_entry_append_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_entry_append_only BEFORE DELETE OR UPDATE ON public.ledger_entry FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_entry ledger_entry_balanced; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON public.ledger_entry DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((CURRENT_USER <> 'santunan_ledger_writer'::name)) EXECUTE FUNCTION public.ledger_check_entry_balanced();


--
-- Name: ledger_entry ledger_entry_chain; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_entry_chain BEFORE INSERT ON public.ledger_entry FOR EACH ROW WHEN ((CURRENT_USER <> 'santunan_ledger_writer'::name)) EXECUTE FUNCTION public.ledger_chain_entry();


--
-- Name: ledger_entry ledger_entry_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON public.ledger_entry FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_entry ledger_entry_snapshot; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_entry_snapshot AFTER INSERT ON public.ledger_entry REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_snapshot_entries();


--
-- Name: ledger_key_namespace ledger_key_namespace_append_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_key_namespace_append_only BEFORE DELETE OR UPDATE ON public.ledger_key_namespace FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_transaction ledger_transaction_append_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_transaction_append_only BEFORE DELETE OR UPDATE ON public.ledger_transaction FOR EACH ROW EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: ledger_transaction ledger_transaction_balanced; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON public.ledger_transaction DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((CURRENT_USER <> 'santunan_ledger_writer'::name)) EXECUTE FUNCTION public.ledger_check_balanced();


--
-- Name: ledger_transaction ledger_transaction_chain; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_transaction_chain BEFORE INSERT ON public.ledger_transaction FOR EACH ROW WHEN ((CURRENT_USER <> 'santunan_ledger_writer'::name)) EXECUTE FUNCTION public.ledger_chain_transaction();


--
-- Name: ledger_transaction ledger_transaction_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON public.ledger_transaction FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_change();


--
-- Name: payout_batch_history payout_batch_history_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_history_insert_only BEFORE DELETE OR UPDATE ON public.payout_batch_history FOR EACH ROW EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_batch_history payout_batch_history_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_history_no_truncate BEFORE TRUNCATE ON public.payout_batch_history FOR EACH STATEMENT EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_batch_lines payout_batch_lines_guard; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_lines_guard BEFORE DELETE OR UPDATE ON public.payout_batch_lines FOR EACH ROW EXECUTE FUNCTION public.payout_batch_lines_guard();


--
-- Name: payout_batch_lines payout_batch_lines_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_lines_no_truncate BEFORE TRUNCATE ON public.payout_batch_lines FOR EACH STATEMENT EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_batch_numbers payout_batch_numbers_no_delete; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_numbers_no_delete BEFORE DELETE ON public.payout_batch_numbers FOR EACH ROW EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_batch_numbers payout_batch_numbers_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batch_numbers_no_truncate BEFORE TRUNCATE ON public.payout_batch_numbers FOR EACH STATEMENT EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_batches payout_batches_guard; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_batches_guard BEFORE DELETE OR UPDATE ON public.payout_batches FOR EACH ROW EXECUTE FUNCTION public.payout_batches_guard();


--
-- Name: payout_line_statuses payout_line_statuses_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_line_statuses_insert_only BEFORE DELETE OR UPDATE ON public.payout_line_statuses FOR EACH ROW EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_line_statuses payout_line_statuses_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_line_statuses_no_truncate BEFORE TRUNCATE ON public.payout_line_statuses FOR EACH STATEMENT EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_lines payout_lines_guard; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_lines_guard BEFORE DELETE OR UPDATE ON public.payout_lines FOR EACH ROW EXECUTE FUNCTION public.payout_lines_guard();


--
-- Name: payout_lines payout_lines_payee_account; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_lines_payee_account BEFORE INSERT ON public.payout_lines FOR EACH ROW EXECUTE FUNCTION public.payout_lines_payee_account();


--
-- Name: payout_payee_accounts payout_payee_accounts_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_payee_accounts_insert_only BEFORE DELETE OR UPDATE ON public.payout_payee_accounts FOR EACH ROW EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_payee_accounts payout_payee_accounts_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_payee_accounts_no_truncate BEFORE TRUNCATE ON public.payout_payee_accounts FOR EACH STATEMENT EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: payout_status_reports payout_status_reports_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER payout_status_reports_insert_only BEFORE DELETE OR UPDATE ON public.payout_status_reports FOR EACH ROW EXECUTE FUNCTION public.payouts_refuse_change();


--
-- Name: submission_versions submission_versions_insert_only; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER submission_versions_insert_only BEFORE DELETE OR UPDATE ON public.submission_versions FOR EACH ROW EXECUTE FUNCTION public.submission_versions_refuse_change();


--
-- Name: submission_versions submission_versions_no_truncate; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER submission_versions_no_truncate BEFORE TRUNCATE ON public.submission_versions FOR EACH STATEMENT EXECUTE FUNCTION public.submission_versions_refuse_change();


--
-- Name: api_idempotency_keys api_idempotency_keys_submission_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT api_idempotency_keys_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES public.submissions(id);


--
-- Name: api_idempotency_keys api_idempotency_keys_user_name_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT api_idempotency_keys_user_name_fkey FOREIGN KEY (user_name) REFERENCES public.api_users(name);


--
-- Name: claim_events claim_events_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);


--
-- Name: claim_installments claim_installments_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_installments
    ADD CONSTRAINT claim_installments_line_id_fkey FOREIGN KEY (line_id) REFERENCES public.claim_lines(id) ON DELETE CASCADE;


--
-- Name: claim_lines claim_lines_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);


--
-- Name: claim_status_history claim_status_history_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claim_status_history
    ADD CONSTRAINT claim_status_history_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.submissions(id);


--
-- Name: claims claims_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.submissions(case_id);


--
-- Name: claims claims_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_id_fkey FOREIGN KEY (id) REFERENCES public.submissions(id);


--
-- Name: heir_jobs heir_jobs_submission_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.heir_jobs
    ADD CONSTRAINT heir_jobs_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES public.submissions(id);


--
-- Name: ledger_account ledger_account_class_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_account
    ADD CONSTRAINT ledger_account_class_fkey FOREIGN KEY (class) REFERENCES public.ledger_account_class(prefix);


--
-- Name: ledger_transaction ledger_transaction_reverses_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ledger_transaction
    ADD CONSTRAINT ledger_transaction_reverses_fkey FOREIGN KEY (reverses) REFERENCES public.ledger_transaction(id);


--
-- Name: membership membership_employer_npp_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_employer_npp_fkey FOREIGN KEY (employer_npp) REFERENCES public.employer(npp);


--
-- Name: membership membership_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participant(id);


--
-- Name: payout_batch_history payout_batch_history_batch_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_history
    ADD CONSTRAINT payout_batch_history_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.payout_batches(id);


--
-- Name: payout_batch_lines payout_batch_lines_batch_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_lines
    ADD CONSTRAINT payout_batch_lines_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.payout_batches(id);


--
-- Name: payout_batch_lines payout_batch_lines_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_batch_lines
    ADD CONSTRAINT payout_batch_lines_line_id_fkey FOREIGN KEY (line_id) REFERENCES public.payout_lines(id);


--
-- Name: payout_line_statuses payout_line_statuses_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_line_statuses
    ADD CONSTRAINT payout_line_statuses_line_id_fkey FOREIGN KEY (line_id) REFERENCES public.payout_lines(id);


--
-- Name: payout_line_statuses payout_line_statuses_report_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_line_statuses
    ADD CONSTRAINT payout_line_statuses_report_id_fkey FOREIGN KEY (report_id) REFERENCES public.payout_status_reports(message_id);


--
-- Name: payout_lines payout_lines_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);


--
-- Name: payout_lines payout_lines_claim_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_claim_line_id_fkey FOREIGN KEY (claim_line_id) REFERENCES public.claim_lines(id);


--
-- Name: payout_lines payout_lines_penalty_for_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_penalty_for_fkey FOREIGN KEY (penalty_for) REFERENCES public.payout_lines(id);


--
-- Name: payout_lines payout_lines_replaces_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_lines
    ADD CONSTRAINT payout_lines_replaces_fkey FOREIGN KEY (replaces) REFERENCES public.payout_lines(id);


--
-- Name: payout_payee_accounts payout_payee_accounts_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_payee_accounts
    ADD CONSTRAINT payout_payee_accounts_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);


--
-- Name: payout_status_reports payout_status_reports_batch_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.payout_status_reports
    ADD CONSTRAINT payout_status_reports_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.payout_batches(id);


--
-- Name: pension_payout_bases pension_payout_bases_payout_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_payout_bases
    ADD CONSTRAINT pension_payout_bases_payout_line_id_fkey FOREIGN KEY (payout_line_id) REFERENCES public.payout_lines(id);


--
-- Name: pension_recoveries pension_recoveries_claim_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_recoveries
    ADD CONSTRAINT pension_recoveries_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);


--
-- Name: pension_recoveries pension_recoveries_claim_line_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pension_recoveries
    ADD CONSTRAINT pension_recoveries_claim_line_id_fkey FOREIGN KEY (claim_line_id) REFERENCES public.claim_lines(id);


--
-- Name: sponsor_cover sponsor_cover_membership_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_cover
    ADD CONSTRAINT sponsor_cover_membership_id_fkey FOREIGN KEY (membership_id) REFERENCES public.membership(id);


--
-- Name: sponsor_cover sponsor_cover_participant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_cover
    ADD CONSTRAINT sponsor_cover_participant_id_fkey FOREIGN KEY (participant_id) REFERENCES public.participant(id);


--
-- Name: sponsor_cover sponsor_cover_window_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_cover
    ADD CONSTRAINT sponsor_cover_window_id_fkey FOREIGN KEY (window_id) REFERENCES public.sponsor_window(id);


--
-- Name: sponsor_window sponsor_window_sponsor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sponsor_window
    ADD CONSTRAINT sponsor_window_sponsor_id_fkey FOREIGN KEY (sponsor_id) REFERENCES public.sponsor(id);


--
-- Name: submission_versions submission_versions_submission_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.submission_versions
    ADD CONSTRAINT submission_versions_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES public.submissions(id);


--
-- Name: wage_report wage_report_membership_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.wage_report
    ADD CONSTRAINT wage_report_membership_id_fkey FOREIGN KEY (membership_id) REFERENCES public.membership(id);


--
-- Name: FUNCTION claim_case_document_set(p_id bigint, p_as text, p_document json); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_case_document_set(p_id bigint, p_as text, p_document json) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_case_document_set(p_id bigint, p_as text, p_document json) TO santunan_officer;


--
-- Name: FUNCTION claim_case_documents(p_ids bigint[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_case_documents(p_ids bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_case_documents(p_ids bigint[]) TO santunan_officer;
GRANT ALL ON FUNCTION public.claim_case_documents(p_ids bigint[]) TO santunan_approver;
GRANT ALL ON FUNCTION public.claim_case_documents(p_ids bigint[]) TO santunan_auditor;
GRANT ALL ON FUNCTION public.claim_case_documents(p_ids bigint[]) TO santunan_worker;


--
-- Name: FUNCTION claim_documents_frozen(p_id bigint); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_documents_frozen(p_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_documents_frozen(p_id bigint) TO santunan_officer;
GRANT ALL ON FUNCTION public.claim_documents_frozen(p_id bigint) TO santunan_approver;
GRANT ALL ON FUNCTION public.claim_documents_frozen(p_id bigint) TO santunan_auditor;
GRANT ALL ON FUNCTION public.claim_documents_frozen(p_id bigint) TO santunan_worker;


--
-- Name: FUNCTION claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date) TO santunan_officer;


--
-- Name: FUNCTION claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_history_append(p_claim_id bigint, p_status text, p_note text, p_as text) TO santunan_officer;


--
-- Name: FUNCTION claim_submission_create(p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_submission_create(p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_submission_create(p_as text, p_case_id text, p_case_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date) TO santunan_officer;


--
-- Name: FUNCTION claim_submission_lock(p_id bigint); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_submission_lock(p_id bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claim_submission_lock(p_id bigint) TO santunan_officer;


--
-- Name: FUNCTION claim_submissions_create(p_user text, p_role text, p_keys text[], p_hashes text[], p_case_ids text[], p_documents text[], p_niks text[], p_kpjs text[], p_event_types text[], p_event_dates date[], p_claim_dates date[], p_max_attempts integer, p_at timestamp with time zone, p_channel text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claim_submissions_create(p_user text, p_role text, p_keys text[], p_hashes text[], p_case_ids text[], p_documents text[], p_niks text[], p_kpjs text[], p_event_types text[], p_event_dates date[], p_claim_dates date[], p_max_attempts integer, p_at timestamp with time zone, p_channel text) FROM PUBLIC;


--
-- Name: FUNCTION claims_store(p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[], p_payable_now bigint[], p_results text[], p_lines json, p_installments json); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.claims_store(p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[], p_payable_now bigint[], p_results text[], p_lines json, p_installments json) FROM PUBLIC;
GRANT ALL ON FUNCTION public.claims_store(p_worker text, p_ids bigint[], p_case_ids text[], p_statuses text[], p_reasons text[], p_totals bigint[], p_payable_now bigint[], p_results text[], p_lines json, p_installments json) TO santunan_worker;


--
-- Name: FUNCTION heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_job_enqueue(p_submission_id bigint, p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) TO santunan_officer;


--
-- Name: FUNCTION heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text, p_scheduled_at timestamp with time zone, p_now timestamp with time zone, p_error text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text, p_scheduled_at timestamp with time zone, p_now timestamp with time zone, p_error text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_job_fail(p_job bigint, p_worker text, p_attempt integer, p_state text, p_scheduled_at timestamp with time zone, p_now timestamp with time zone, p_error text) TO santunan_worker;


--
-- Name: FUNCTION heir_job_retry(p_job bigint, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_job_retry(p_job bigint, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_job_retry(p_job bigint, p_at timestamp with time zone) TO santunan_officer;


--
-- Name: FUNCTION heir_jobs_claim(p_worker text, p_limit integer, p_now timestamp with time zone, p_lease_until timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_claim(p_worker text, p_limit integer, p_now timestamp with time zone, p_lease_until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_claim(p_worker text, p_limit integer, p_now timestamp with time zone, p_lease_until timestamp with time zone) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_complete(p_worker text, p_now timestamp with time zone, p_ids bigint[], p_attempts integer[], p_outcomes text[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_complete(p_worker text, p_now timestamp with time zone, p_ids bigint[], p_attempts integer[], p_outcomes text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_complete(p_worker text, p_now timestamp with time zone, p_ids bigint[], p_attempts integer[], p_outcomes text[]) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_enqueue_many(p_submission_ids bigint[], p_priority smallint, p_max_attempts integer, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_enqueue_many(p_submission_ids bigint[], p_priority smallint, p_max_attempts integer, p_at timestamp with time zone) FROM PUBLIC;


--
-- Name: FUNCTION heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_enqueue_noops(p_count integer, p_max_attempts integer, p_at timestamp with time zone) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_mark_unchanged(p_ids bigint[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_mark_unchanged(p_ids bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_mark_unchanged(p_ids bigint[]) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_prune(p_cutoff timestamp with time zone, p_limit integer); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_prune(p_cutoff timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_prune(p_cutoff timestamp with time zone, p_limit integer) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_release(p_worker text, p_ids bigint[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_release(p_worker text, p_ids bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_release(p_worker text, p_ids bigint[]) TO santunan_worker;


--
-- Name: FUNCTION heir_jobs_rescue(p_now timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.heir_jobs_rescue(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.heir_jobs_rescue(p_now timestamp with time zone) TO santunan_worker;


--
-- Name: FUNCTION ledger_bulk_begin(p_recorded_by text, p_keys text[], p_entry_counts integer[], OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint, OUT existing integer[]); Type: ACL; Schema: public; Owner: santunan_ledger_writer
--

REVOKE ALL ON FUNCTION public.ledger_bulk_begin(p_recorded_by text, p_keys text[], p_entry_counts integer[], OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint, OUT existing integer[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.ledger_bulk_begin(p_recorded_by text, p_keys text[], p_entry_counts integer[], OUT actor text, OUT recorded_at_us bigint, OUT first_transaction_id bigint, OUT first_entry_id bigint, OUT existing integer[]) TO santunan_officer;


--
-- Name: TABLE ledger_account_class; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_account_class TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_account_class TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_account_class TO santunan_auditor;
GRANT SELECT ON TABLE public.ledger_account_class TO santunan_ledger_writer;


--
-- Name: TABLE ledger_entry; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_entry TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_entry TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_entry TO santunan_auditor;
GRANT SELECT,INSERT ON TABLE public.ledger_entry TO santunan_ledger_writer;


--
-- Name: FUNCTION ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean); Type: ACL; Schema: public; Owner: santunan_ledger_writer
--

REVOKE ALL ON FUNCTION public.ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean) TO santunan_officer;
GRANT ALL ON FUNCTION public.ledger_post(p_key text, p_kind text, p_effective_date date, p_recorded_by text, p_participant_nik text, p_participant_kpj text, p_claim_id text, p_batch_id text, p_employer_npp text, p_reverses_key text, p_memo text, p_accounts text[], p_sides "char"[], p_amounts bigint[], OUT transaction_id bigint, OUT created boolean) TO santunan_approver;


--
-- Name: FUNCTION ledger_post_chunk(p_recorded_by text, p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[], p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[], p_entry_transactions integer[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[], p_entry_hashes bytea[]); Type: ACL; Schema: public; Owner: santunan_ledger_writer
--

REVOKE ALL ON FUNCTION public.ledger_post_chunk(p_recorded_by text, p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[], p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[], p_entry_transactions integer[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[], p_entry_hashes bytea[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.ledger_post_chunk(p_recorded_by text, p_keys text[], p_kinds text[], p_dates date[], p_niks text[], p_kpjs text[], p_claims text[], p_batches text[], p_npps text[], p_memos text[], p_lanes smallint[], p_seqs bigint[], p_hashes bytea[], p_entry_transactions integer[], p_accounts text[], p_sides "char"[], p_amounts bigint[], p_entry_seqs bigint[], p_entry_hashes bytea[]) TO santunan_officer;


--
-- Name: FUNCTION ledger_snapshot_check(); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.ledger_snapshot_check() FROM PUBLIC;
GRANT ALL ON FUNCTION public.ledger_snapshot_check() TO santunan_officer;
GRANT ALL ON FUNCTION public.ledger_snapshot_check() TO santunan_approver;
GRANT ALL ON FUNCTION public.ledger_snapshot_check() TO santunan_auditor;


--
-- Name: TABLE ledger_transaction; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_transaction TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_transaction TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_transaction TO santunan_auditor;
GRANT SELECT,INSERT ON TABLE public.ledger_transaction TO santunan_ledger_writer;
GRANT SELECT ON TABLE public.ledger_transaction TO santunan_ledger_snapshot;


--
-- Name: FUNCTION payout_batch_decide(p_batch text, p_as text, p_reason text, p_at timestamp with time zone, p_execution_date date); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_batch_decide(p_batch text, p_as text, p_reason text, p_at timestamp with time zone, p_execution_date date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_batch_decide(p_batch text, p_as text, p_reason text, p_at timestamp with time zone, p_execution_date date) TO santunan_approver;


--
-- Name: FUNCTION payout_batch_exported(p_batch text, p_as text, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_batch_exported(p_batch text, p_as text, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_batch_exported(p_batch text, p_as text, p_at timestamp with time zone) TO santunan_approver;


--
-- Name: FUNCTION payout_batch_lock(p_batch text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_batch_lock(p_batch text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_batch_lock(p_batch text) TO santunan_approver;


--
-- Name: FUNCTION payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_batch_prepare(p_as text, p_program text, p_max_lines integer, p_at timestamp with time zone) TO santunan_approver;


--
-- Name: FUNCTION payout_claim_resolve(p_claim text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_claim_resolve(p_claim text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_claim_resolve(p_claim text) TO santunan_officer;
GRANT ALL ON FUNCTION public.payout_claim_resolve(p_claim text) TO santunan_approver;
GRANT ALL ON FUNCTION public.payout_claim_resolve(p_claim text) TO santunan_auditor;
GRANT ALL ON FUNCTION public.payout_claim_resolve(p_claim text) TO santunan_worker;


--
-- Name: FUNCTION payout_due_candidates(p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_due_candidates(p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) FROM PUBLIC;


--
-- Name: FUNCTION payout_line_release(p_line text, p_as text, p_at timestamp with time zone, p_bic text, p_number text, p_holder text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_line_release(p_line text, p_as text, p_at timestamp with time zone, p_bic text, p_number text, p_holder text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_line_release(p_line text, p_as text, p_at timestamp with time zone, p_bic text, p_number text, p_holder text) TO santunan_approver;


--
-- Name: FUNCTION payout_lines_create_due(p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_lines_create_due(p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_lines_create_due(p_as text, p_kinds text[], p_claim_line_ids text[], p_installment_seqs integer[], p_dues date[], p_complete_ons date[], p_deadlines date[], p_payable boolean[], p_notes text[]) TO santunan_approver;


--
-- Name: FUNCTION payout_lines_release_waiting(p_as text, p_at timestamp with time zone, p_claim text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_lines_release_waiting(p_as text, p_at timestamp with time zone, p_claim text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_lines_release_waiting(p_as text, p_at timestamp with time zone, p_claim text) TO santunan_approver;


--
-- Name: TABLE payout_payee_accounts; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_payee_accounts TO santunan_officer;
GRANT SELECT ON TABLE public.payout_payee_accounts TO santunan_approver;
GRANT SELECT ON TABLE public.payout_payee_accounts TO santunan_auditor;
GRANT SELECT ON TABLE public.payout_payee_accounts TO santunan_worker;


--
-- Name: FUNCTION payout_payee_account(p_claim_id bigint, p_nik text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) TO santunan_officer;
GRANT ALL ON FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) TO santunan_approver;
GRANT ALL ON FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) TO santunan_auditor;
GRANT ALL ON FUNCTION public.payout_payee_account(p_claim_id bigint, p_nik text) TO santunan_worker;


--
-- Name: FUNCTION payout_payee_account_usable(p_replaces text, p_bic text, p_number text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) TO santunan_officer;
GRANT ALL ON FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) TO santunan_approver;
GRANT ALL ON FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) TO santunan_auditor;
GRANT ALL ON FUNCTION public.payout_payee_account_usable(p_replaces text, p_bic text, p_number text) TO santunan_worker;


--
-- Name: FUNCTION payout_payee_set(p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_payee_set(p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_payee_set(p_as text, p_claim text, p_nik text, p_bic text, p_number text, p_holder text, p_at timestamp with time zone) TO santunan_officer;


--
-- Name: FUNCTION payout_reconcile(p_batch text, p_as text, p_at timestamp with time zone, p_message_id text, p_file_sha256 text, p_group_status text, p_bank_created_at timestamp with time zone, p_line_ids text[], p_iso_statuses text[], p_outcomes text[], p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[], p_note text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.payout_reconcile(p_batch text, p_as text, p_at timestamp with time zone, p_message_id text, p_file_sha256 text, p_group_status text, p_bank_created_at timestamp with time zone, p_line_ids text[], p_iso_statuses text[], p_outcomes text[], p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[], p_note text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.payout_reconcile(p_batch text, p_as text, p_at timestamp with time zone, p_message_id text, p_file_sha256 text, p_group_status text, p_bank_created_at timestamp with time zone, p_line_ids text[], p_iso_statuses text[], p_outcomes text[], p_reason_codes text[], p_infos text[], p_paid_ons date[], p_changes boolean[], p_follow_ups text[], p_note text) TO santunan_approver;


--
-- Name: FUNCTION pension_month_net(p_claim_line_id text, p_month date); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.pension_month_net(p_claim_line_id text, p_month date) FROM PUBLIC;


--
-- Name: FUNCTION pension_payouts_record(p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[], p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json, p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[], p_rec_bases text[]); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.pension_payouts_record(p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[], p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json, p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[], p_rec_bases text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.pension_payouts_record(p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[], p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json, p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[], p_rec_bases text[]) TO santunan_approver;


--
-- Name: FUNCTION santunan_actor(claimed text); Type: ACL; Schema: public; Owner: postgres
--

GRANT ALL ON FUNCTION public.santunan_actor(claimed text) TO santunan_officer;
GRANT ALL ON FUNCTION public.santunan_actor(claimed text) TO santunan_approver;
GRANT ALL ON FUNCTION public.santunan_actor(claimed text) TO santunan_auditor;
GRANT ALL ON FUNCTION public.santunan_actor(claimed text) TO santunan_worker;


--
-- Name: FUNCTION santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.santunan_amend_submission(p_id bigint, p_document json, p_participant_nik text, p_kpj text, p_event_type text, p_event_date date, p_claim_date date, p_reason text, p_claimed_actor text) TO santunan_officer;


--
-- Name: FUNCTION santunan_single_user(); Type: ACL; Schema: public; Owner: postgres
--

GRANT ALL ON FUNCTION public.santunan_single_user() TO santunan_officer;
GRANT ALL ON FUNCTION public.santunan_single_user() TO santunan_approver;
GRANT ALL ON FUNCTION public.santunan_single_user() TO santunan_auditor;
GRANT ALL ON FUNCTION public.santunan_single_user() TO santunan_worker;


--
-- Name: FUNCTION santunan_worker_actor(p_worker text); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.santunan_worker_actor(p_worker text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.santunan_worker_actor(p_worker text) TO santunan_worker;


--
-- Name: TABLE claim_events; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claim_events TO santunan_officer;
GRANT SELECT ON TABLE public.claim_events TO santunan_approver;
GRANT SELECT ON TABLE public.claim_events TO santunan_auditor;
GRANT SELECT ON TABLE public.claim_events TO santunan_worker;


--
-- Name: TABLE claim_installments; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claim_installments TO santunan_officer;
GRANT SELECT ON TABLE public.claim_installments TO santunan_auditor;
GRANT SELECT ON TABLE public.claim_installments TO santunan_approver;
GRANT SELECT ON TABLE public.claim_installments TO santunan_worker;


--
-- Name: TABLE claim_installments_all; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claim_installments_all TO santunan_officer;
GRANT SELECT ON TABLE public.claim_installments_all TO santunan_approver;
GRANT SELECT ON TABLE public.claim_installments_all TO santunan_auditor;
GRANT SELECT ON TABLE public.claim_installments_all TO santunan_worker;


--
-- Name: TABLE claim_lines; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claim_lines TO santunan_officer;
GRANT SELECT ON TABLE public.claim_lines TO santunan_auditor;
GRANT SELECT ON TABLE public.claim_lines TO santunan_approver;
GRANT SELECT ON TABLE public.claim_lines TO santunan_worker;


--
-- Name: TABLE claim_status_history; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claim_status_history TO santunan_officer;
GRANT SELECT ON TABLE public.claim_status_history TO santunan_auditor;
GRANT SELECT ON TABLE public.claim_status_history TO santunan_approver;
GRANT SELECT ON TABLE public.claim_status_history TO santunan_worker;


--
-- Name: TABLE claims; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.claims TO santunan_officer;
GRANT SELECT ON TABLE public.claims TO santunan_auditor;
GRANT SELECT ON TABLE public.claims TO santunan_approver;
GRANT SELECT ON TABLE public.claims TO santunan_worker;


--
-- Name: TABLE contribution; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.contribution TO santunan_officer;
GRANT SELECT ON TABLE public.contribution TO santunan_auditor;
GRANT SELECT ON TABLE public.contribution TO santunan_ledger_writer;


--
-- Name: TABLE employer; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.employer TO santunan_officer;
GRANT SELECT ON TABLE public.employer TO santunan_auditor;


--
-- Name: TABLE heir_jobs; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.heir_jobs TO santunan_officer;
GRANT SELECT ON TABLE public.heir_jobs TO santunan_auditor;
GRANT SELECT ON TABLE public.heir_jobs TO santunan_approver;
GRANT SELECT ON TABLE public.heir_jobs TO santunan_worker;


--
-- Name: TABLE heir_job_latest; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.heir_job_latest TO santunan_officer;
GRANT SELECT ON TABLE public.heir_job_latest TO santunan_approver;
GRANT SELECT ON TABLE public.heir_job_latest TO santunan_auditor;
GRANT SELECT ON TABLE public.heir_job_latest TO santunan_worker;


--
-- Name: TABLE import_file; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.import_file TO santunan_officer;
GRANT SELECT ON TABLE public.import_file TO santunan_auditor;


--
-- Name: TABLE jp_award_year_bounds; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.jp_award_year_bounds TO santunan_officer;
GRANT SELECT ON TABLE public.jp_award_year_bounds TO santunan_approver;
GRANT SELECT ON TABLE public.jp_award_year_bounds TO santunan_auditor;
GRANT SELECT ON TABLE public.jp_award_year_bounds TO santunan_worker;


--
-- Name: TABLE ledger_account; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_account TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_account TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_account TO santunan_auditor;
GRANT SELECT,INSERT ON TABLE public.ledger_account TO santunan_ledger_writer;


--
-- Name: TABLE ledger_account_month; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.ledger_account_month TO santunan_ledger_snapshot;
GRANT SELECT ON TABLE public.ledger_account_month TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_account_month TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_account_month TO santunan_auditor;


--
-- Name: TABLE ledger_chain_head; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_chain_head TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_chain_head TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_chain_head TO santunan_auditor;
GRANT SELECT,UPDATE ON TABLE public.ledger_chain_head TO santunan_ledger_writer;


--
-- Name: TABLE ledger_chart_head; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_chart_head TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_chart_head TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_chart_head TO santunan_auditor;


--
-- Name: SEQUENCE ledger_entry_id_seq; Type: ACL; Schema: public; Owner: postgres
--

GRANT ALL ON SEQUENCE public.ledger_entry_id_seq TO santunan_ledger_writer;


--
-- Name: TABLE ledger_key_namespace; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.ledger_key_namespace TO santunan_ledger_writer;
GRANT SELECT ON TABLE public.ledger_key_namespace TO santunan_officer;
GRANT SELECT ON TABLE public.ledger_key_namespace TO santunan_approver;
GRANT SELECT ON TABLE public.ledger_key_namespace TO santunan_auditor;


--
-- Name: SEQUENCE ledger_transaction_id_seq; Type: ACL; Schema: public; Owner: postgres
--

GRANT ALL ON SEQUENCE public.ledger_transaction_id_seq TO santunan_ledger_writer;


--
-- Name: TABLE membership; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.membership TO santunan_officer;
GRANT SELECT ON TABLE public.membership TO santunan_auditor;
GRANT SELECT ON TABLE public.membership TO santunan_ledger_writer;


--
-- Name: TABLE participant; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.participant TO santunan_officer;
GRANT SELECT ON TABLE public.participant TO santunan_auditor;


--
-- Name: TABLE submissions; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.submissions TO santunan_officer;
GRANT SELECT ON TABLE public.submissions TO santunan_auditor;
GRANT SELECT ON TABLE public.submissions TO santunan_approver;
GRANT SELECT ON TABLE public.submissions TO santunan_worker;


--
-- Name: TABLE payable_child_pension_heirs; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payable_child_pension_heirs TO santunan_officer;
GRANT SELECT ON TABLE public.payable_child_pension_heirs TO santunan_approver;
GRANT SELECT ON TABLE public.payable_child_pension_heirs TO santunan_auditor;
GRANT SELECT ON TABLE public.payable_child_pension_heirs TO santunan_worker;


--
-- Name: TABLE payable_claim_lines; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payable_claim_lines TO santunan_officer;
GRANT SELECT ON TABLE public.payable_claim_lines TO santunan_approver;
GRANT SELECT ON TABLE public.payable_claim_lines TO santunan_auditor;
GRANT SELECT ON TABLE public.payable_claim_lines TO santunan_worker;


--
-- Name: TABLE payout_batch_history; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_batch_history TO santunan_officer;
GRANT SELECT ON TABLE public.payout_batch_history TO santunan_approver;
GRANT SELECT ON TABLE public.payout_batch_history TO santunan_auditor;


--
-- Name: TABLE payout_batch_lines; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_batch_lines TO santunan_officer;
GRANT SELECT ON TABLE public.payout_batch_lines TO santunan_approver;
GRANT SELECT ON TABLE public.payout_batch_lines TO santunan_auditor;
GRANT SELECT ON TABLE public.payout_batch_lines TO santunan_worker;
GRANT SELECT ON TABLE public.payout_batch_lines TO santunan_ledger_writer;


--
-- Name: TABLE payout_batches; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_batches TO santunan_officer;
GRANT SELECT ON TABLE public.payout_batches TO santunan_approver;
GRANT SELECT ON TABLE public.payout_batches TO santunan_auditor;
GRANT SELECT ON TABLE public.payout_batches TO santunan_worker;
GRANT SELECT ON TABLE public.payout_batches TO santunan_ledger_writer;


--
-- Name: TABLE payout_line_statuses; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_line_statuses TO santunan_officer;
GRANT SELECT ON TABLE public.payout_line_statuses TO santunan_approver;
GRANT SELECT ON TABLE public.payout_line_statuses TO santunan_auditor;


--
-- Name: TABLE payout_lines; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_lines TO santunan_officer;
GRANT SELECT ON TABLE public.payout_lines TO santunan_approver;
GRANT SELECT ON TABLE public.payout_lines TO santunan_auditor;
GRANT SELECT ON TABLE public.payout_lines TO santunan_worker;
GRANT SELECT ON TABLE public.payout_lines TO santunan_ledger_writer;


--
-- Name: TABLE payout_status_reports; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_status_reports TO santunan_officer;
GRANT SELECT ON TABLE public.payout_status_reports TO santunan_approver;
GRANT SELECT ON TABLE public.payout_status_reports TO santunan_auditor;


--
-- Name: TABLE payout_waiting_lines; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.payout_waiting_lines TO santunan_officer;
GRANT SELECT ON TABLE public.payout_waiting_lines TO santunan_approver;
GRANT SELECT ON TABLE public.payout_waiting_lines TO santunan_auditor;
GRANT SELECT ON TABLE public.payout_waiting_lines TO santunan_worker;


--
-- Name: TABLE pension_payout_bases; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.pension_payout_bases TO santunan_officer;
GRANT SELECT ON TABLE public.pension_payout_bases TO santunan_approver;
GRANT SELECT ON TABLE public.pension_payout_bases TO santunan_auditor;
GRANT SELECT ON TABLE public.pension_payout_bases TO santunan_worker;


--
-- Name: TABLE pension_recoveries; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.pension_recoveries TO santunan_officer;
GRANT SELECT ON TABLE public.pension_recoveries TO santunan_approver;
GRANT SELECT ON TABLE public.pension_recoveries TO santunan_auditor;
GRANT SELECT ON TABLE public.pension_recoveries TO santunan_worker;


--
-- Name: TABLE santunan_meta; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.santunan_meta TO santunan_officer;
GRANT SELECT ON TABLE public.santunan_meta TO santunan_approver;
GRANT SELECT ON TABLE public.santunan_meta TO santunan_auditor;
GRANT SELECT ON TABLE public.santunan_meta TO santunan_worker;


--
-- Name: TABLE schema_migrations; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.schema_migrations TO santunan_officer;
GRANT SELECT ON TABLE public.schema_migrations TO santunan_approver;
GRANT SELECT ON TABLE public.schema_migrations TO santunan_auditor;
GRANT SELECT ON TABLE public.schema_migrations TO santunan_worker;


--
-- Name: TABLE sponsor; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.sponsor TO santunan_officer;
GRANT SELECT ON TABLE public.sponsor TO santunan_auditor;


--
-- Name: TABLE sponsor_cover; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.sponsor_cover TO santunan_officer;
GRANT SELECT ON TABLE public.sponsor_cover TO santunan_auditor;


--
-- Name: TABLE sponsor_window; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.sponsor_window TO santunan_officer;
GRANT SELECT ON TABLE public.sponsor_window TO santunan_auditor;


--
-- Name: TABLE submission_summaries; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.submission_summaries TO santunan_officer;
GRANT SELECT ON TABLE public.submission_summaries TO santunan_approver;
GRANT SELECT ON TABLE public.submission_summaries TO santunan_auditor;
GRANT SELECT ON TABLE public.submission_summaries TO santunan_worker;


--
-- Name: TABLE submission_versions; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.submission_versions TO santunan_officer;
GRANT SELECT ON TABLE public.submission_versions TO santunan_approver;
GRANT SELECT ON TABLE public.submission_versions TO santunan_auditor;


--
-- Name: TABLE survivor_events; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.survivor_events TO santunan_officer;
GRANT SELECT ON TABLE public.survivor_events TO santunan_approver;
GRANT SELECT ON TABLE public.survivor_events TO santunan_auditor;
GRANT SELECT ON TABLE public.survivor_events TO santunan_worker;


--
-- Name: TABLE wage_report; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.wage_report TO santunan_officer;
GRANT SELECT ON TABLE public.wage_report TO santunan_auditor;


--
-- PostgreSQL database dump complete
--


