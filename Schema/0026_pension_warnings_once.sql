-- 0026: pension_payouts_record reads each line's warnings in one pass (issue 17: the benchmarks re-measured).
--
-- 0013's function took each line's warnings as `p_warnings -> (ord - 1)`: on a json (not jsonb) array that re-parses
-- the array from its start on every call, so a run of n pension lines cost O(n²): `santunan-bench payouts
-- --pensions-only` (132 000 lines) ran for minutes where the path measured 14–25 s before the function existed.
-- The warnings are now unnested once, with their ordinality, and joined to their line. Nothing else changes: same
-- signature, same checks, same rows, same grants (CREATE OR REPLACE keeps them).
--
-- Why a new migration and not an edit of 0013 (docs/decisions/0020, Session 7): the session-6 fold rewrote landed
-- files once, before any release, and refuses databases migrated before it; a fix after the fold goes in a new
-- migration, so no database is refused for a change of speed.

CREATE OR REPLACE FUNCTION pension_payouts_record(
    p_as text, p_kinds text[], p_claim_line_ids text[], p_payee_niks text[], p_months date[], p_dues date[],
    p_amounts bigint[], p_payable boolean[], p_notes text[], p_bases text[], p_warnings json,
    p_rec_claim_line_ids text[], p_rec_months date[], p_rec_payee_niks text[], p_rec_amounts bigint[],
    p_rec_bases text[])
RETURNS TABLE (kind text, created bigint, awaiting bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
