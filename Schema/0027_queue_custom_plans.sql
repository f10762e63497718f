-- 0027: the queue's claim, rescue and complete planned with their arguments' values (issue 17: the benchmarks re-measured).
--
-- Since 0010 the worker claims jobs through heir_jobs_claim, a SECURITY DEFINER function in LANGUAGE sql. A SQL
-- function that is not inlined (SECURITY DEFINER and SET prevent it) is planned with its arguments as unknown
-- parameters: `LIMIT p_limit` is estimated at a tenth of the runnable rows, and the planner joins the picked ids back
-- to heir_jobs with a hash of the whole table — a sequential scan of every job, completed ones included, on every
-- claim. `santunan-bench queue` fell from 31 874 to 6 379–11 769 no-op jobs/s at one worker and batch 100 (7.4 ms a
-- claim of 100 against 1.3 ms for the same statement planned with its values, measured with pgbench on 40 000 jobs).
-- Even planned with the values, a join of the picked ids back to the table may be hashed over every row when the
-- table's statistics lag behind a large enqueue (as after each bulk enqueue). So: PL/pgSQL with plan_cache_mode =
-- force_custom_plan (as ledger_post_chunk, Schema/0014), and the picked ids are handed to the UPDATE as an array,
-- `id = ANY (ARRAY(…))`, which is always an index scan of the primary key: the cost of a claim no longer grows with
-- the jobs kept. Same signatures, results, locks and grants
-- (CREATE OR REPLACE keeps the owner and the grants of 0010).
--
-- Why a new migration and not an edit of 0010: see 0026 (docs/decisions/0020, Session 7).

CREATE OR REPLACE FUNCTION heir_jobs_claim(p_worker text, p_limit integer, p_now timestamptz, p_lease_until timestamptz)
RETURNS TABLE (id bigint, kind text, submission_id bigint, attempts integer, max_attempts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $$
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

-- Makes running jobs whose lease expired retryable at once, or discards them after their last attempt.
CREATE OR REPLACE FUNCTION heir_jobs_rescue(p_now timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $$
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

-- Completes the jobs the worker still holds at the same attempt; returns their ids. 0010 joined the ids to
-- heir_jobs through unnest(): planned without the arguments' values, the unnest is estimated at 10 rows and the
-- running jobs (by the lease index) at one, so the join ran as a nested loop comparing every completed id with every
-- running job — 500 × 500 for a batch of 500 (49 ms of 50 for the UPDATE). Selecting by `id = ANY (p_ids)` (a
-- hashed lookup once planned with the values) and reading each job's attempt and outcome by its position in the
-- arrays costs one probe per job whatever the plan.
CREATE OR REPLACE FUNCTION heir_jobs_complete(p_worker text, p_now timestamptz, p_ids bigint[], p_attempts integer[],
    p_outcomes text[])
RETURNS SETOF bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $$
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
