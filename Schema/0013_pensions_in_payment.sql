-- 0013 pensions in payment (issue 16; RULEBOOK §9.7 item 8; docs/decisions/0018-pensions-in-payment.md).
--
-- A JP pension is paid month after month for decades; each month pays the claim's amount before clamping, clamped to
-- the minimum and maximum of the award year containing the month paid. What that needs is kept here:
--
-- claim_lines.pension_computed  (a column of Schema/0003) the unclamped monthly amount of a `jp.monthly` line (the claim result reports only
--                               the first month's, clamped, amount; the contract's format does not change).
-- claim_events                  insert-only: what happened to a pension's survivor after the award (a widow's
--                               remarriage, a child's marriage or work), read by every later `payouts due`.
-- pension_recoveries            a pension month paid too much (an event recorded late, a bound lowered): the amount
--                               to recover, with its basis. Not a transfer, so not a payout line.
-- pension_payout_bases          the basis and warnings of each pension month and arrears line.
--
-- jp_award_year_bounds          jp.benefit_min/max of config/jp.yaml by award year, for the database's own check.
--
-- payout_lines.kind gains `pension_arrears`: a month paid too little gets a new line for the difference; a line
-- already created (and perhaps in an approved batch) is never changed.
--
-- As every money table since 0010 (docs/roles.md), these are written only through SECURITY DEFINER functions that
-- check their rule and record santunan_actor(): pension_payouts_record (approvers: pension months, arrears lines,
-- their bases, recoveries — payout_lines_create_due does not create pension months), claim_event_record (officers),
-- and claims_store (workers, Schema/0010), which stores pension_computed (Schema/0003).

-- MARK: claim_events

CREATE TABLE claim_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES claims (id),
    -- remarried: the widow or widower (the pension's recipient); child_married / child_working: a child sharing a
    -- child's pension.
    event text NOT NULL CHECK (event IN ('remarried', 'child_married', 'child_working')),
    nik text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
    event_date date NOT NULL,
    recorded_by text NOT NULL CHECK (recorded_by <> ''),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    -- One event of each kind per person: a second one would only move the date, which is a correction to review.
    CONSTRAINT claim_events_once UNIQUE (claim_id, event, nik)
);

COMMENT ON TABLE claim_events IS 'Insert-only: events ending a JP survivor''s share (remarriage, a child''s marriage or work).';

CREATE FUNCTION claim_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claim_events is insert-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER claim_events_insert_only BEFORE UPDATE OR DELETE ON claim_events
    FOR EACH ROW EXECUTE FUNCTION claim_events_refuse_change();

-- MARK: corrections

-- payout_lines.kind `pension_arrears` (Schema/0004).

CREATE TABLE pension_recoveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- `recovery:<claim line id>:<YYYY-MM>:<nik>:<n>`: the n-th correction of that month of that payee.
    source_key text NOT NULL UNIQUE CHECK (source_key <> ''),
    claim_id bigint NOT NULL REFERENCES claims (id),
    claim_line_id text NOT NULL REFERENCES claim_lines (id),
    pension_month date NOT NULL,
    payee_nik text,
    amount bigint NOT NULL CHECK (amount > 0),
    basis text NOT NULL CHECK (basis <> ''),
    created_by text NOT NULL CHECK (created_by <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX pension_recoveries_line_idx ON pension_recoveries (claim_line_id, pension_month);

COMMENT ON TABLE pension_recoveries IS 'Pension months paid too much: the amount to recover from the payee, with its basis.';

CREATE TABLE pension_payout_bases (
    payout_line_id text PRIMARY KEY REFERENCES payout_lines (id),
    -- e.g. `Rp 312.345 computed, raised to the minimum Rp 399.700 of the award year from 2025-03-01 (PP 45/2015
    -- Pasal 18(3); RULEBOOK §9.7 item 8)`.
    basis text NOT NULL CHECK (basis <> ''),
    warnings text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE pension_payout_bases IS 'Why each pension month or arrears line pays its amount, and its warnings.';

CREATE INDEX payout_lines_pension_idx ON payout_lines (claim_line_id, pension_month)
    WHERE kind IN ('pension_month', 'pension_arrears');


-- MARK: the award years' bounds, for the database's own check

-- `jp.benefit_min` and `jp.benefit_max` of config/jp.yaml, one row per award year (the last row carries on). The payout
-- path clamps each month with config/'s values; this copy lets pension_payouts_record refuse a month whose net amount
-- lies outside its award year's bounds, whoever calls it. A change of those parameters in config/ comes with a
-- migration that updates this table (the test PensionPayoutTests.theDatabaseBoundsMatchConfig compares them).
CREATE TABLE jp_award_year_bounds (
    award_year_from date PRIMARY KEY,
    benefit_min bigint NOT NULL CHECK (benefit_min > 0),
    benefit_max bigint NOT NULL CHECK (benefit_max >= benefit_min),
    confirmed boolean NOT NULL
);

COMMENT ON TABLE jp_award_year_bounds IS
    'jp.benefit_min/max of config/jp.yaml by award year (from 1 March; the last row carries on): the database''s check '
    'of pension months (RULEBOOK §9.7 item 8).';

INSERT INTO jp_award_year_bounds (award_year_from, benefit_min, benefit_max, confirmed) VALUES
    ('2015-07-01', 300000, 3600000, true),
    ('2016-03-01', 310050, 3720600, true),
    ('2017-03-01', 319414, 3832962, false),
    ('2018-03-01', 330944, 3971332, false),
    ('2019-03-01', 341400, 4095750, true),
    ('2020-03-01', 350700, 4207200, true),
    ('2021-03-01', 356600, 4277900, true),
    ('2022-03-01', 363300, 4357900, true),
    ('2023-03-01', 383400, 4598100, true),
    ('2024-03-01', 393500, 4718200, true),
    ('2025-03-01', 399700, 4792300, true),
    ('2026-03-01', 411400, 4932300, true),
    ('2027-03-01', 411400, 4932300, false);

-- MARK: pension months through a function (roles, Schema/0010)

-- Pension months are not created by payout_lines_create_due (Schema/0010), which would pay the claim line's amount,
-- the first month's, forever (issue 16): a `pension_month` candidate is refused there (SR001) and goes through
-- pension_payouts_record.

-- The live lines (month and arrears) less the recoveries of one pension month, per payee ('' for none).
CREATE FUNCTION pension_month_net(p_claim_line_id text, p_month date)
RETURNS TABLE (payee_nik text, month_lines bigint, corrections bigint, net bigint)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
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

-- Creates the pension months, arrears lines and recoveries of one `payouts due` run, with their bases (issue 16,
-- RULEBOOK §9.7 item 8). The payout path computes what each month pays (config/'s bounds, indexation, sharing,
-- events); this function checks what the database can:
--
--   * every line and recovery belongs to a payable `monthly` claim line, for a month from its first on; a month line
--     is due on the claim line's day of that month (as payout_lines_create_due checked), an arrears line or a
--     recovery only for a month that already has a live month line for that payee;
--   * the payee is the claim line's, or, for a child's pension, a child of the case; the account is read from the
--     claim line, or for another child from the case (the child's own, else the payee heir's), never from the caller;
--   * a recovery is at most what the payee's month has paid net;
--   * after the call, every month it touched pays in all (lines less recoveries, all payees) either nothing (the
--     pension stopped) or an amount within the bounds of the month's award year (jp_award_year_bounds).
--
-- Source keys are made here: `pension:<line>:<YYYY-MM>` for the claim line's payee (`…:<nik>` for another child),
-- `pension_arrears:<line>:<YYYY-MM>:<nik>:<n>` and `recovery:…:<n>`, n the month's corrections so far + 1; a key
-- already live is skipped (idempotent). Refusals: SR001, the whole call undone. Returns the new rows per kind
-- (`recovery` for recoveries).
CREATE FUNCTION pension_payouts_record(
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
                   coalesce((SELECT array_agg(w ORDER BY o) FROM json_array_elements_text(p_warnings -> (g.ord::integer - 1))
                             WITH ORDINALITY AS e(w, o)), '{}') AS warnings,
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

-- MARK: claim events through a function

-- Records one event ending a survivor's share (`claim event`), recorded_by the actor. Checks the event fits the
-- claim's JP pension: a remarriage only of a widow's or widower's pension's recipient, a child's marriage or work only
-- of a child of the case sharing a child's pension, never before the death. Returns who recorded it, or NULL when the
-- same event is already recorded. Refusals: SR005.
CREATE FUNCTION claim_event_record(p_as text, p_claim_id bigint, p_event text, p_nik text, p_date date)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
-- MARK: who may call what

-- No role writes the new tables directly: claim_events through claim_event_record (officers), pension_recoveries and
-- pension_payout_bases through pension_payouts_record (approvers, with the payout lines).
REVOKE ALL ON claim_events, pension_recoveries, pension_payout_bases, jp_award_year_bounds FROM PUBLIC;
GRANT SELECT ON claim_events, pension_recoveries, pension_payout_bases, jp_award_year_bounds
    TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
REVOKE EXECUTE ON FUNCTION pension_month_net(text, date),
    pension_payouts_record(text, text[], text[], text[], date[], date[], bigint[], boolean[], text[], text[], json,
        text[], date[], text[], bigint[], text[]),
    claim_event_record(text, bigint, text, text, date)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pension_payouts_record(text, text[], text[], text[], date[], date[], bigint[], boolean[],
    text[], text[], json, text[], date[], text[], bigint[], text[]) TO santunan_approver;
GRANT EXECUTE ON FUNCTION claim_event_record(text, bigint, text, text, date) TO santunan_officer;
