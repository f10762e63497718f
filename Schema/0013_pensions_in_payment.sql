-- 0013 pensions in payment (issue 16; RULEBOOK §9.7 item 8; docs/decisions/parts/0014-pensions.md).
--
-- A JP pension is paid month after month for decades; each month pays the claim's amount before clamping, clamped to
-- the minimum and maximum of the award year containing the month paid. What that needs is kept here:
--
-- claim_lines.pension_computed  the unclamped monthly amount of a `jp.monthly` line (the claim result reports only
--                               the first month's, clamped, amount; the contract's format does not change).
-- claim_events                  insert-only: what happened to a pension's survivor after the award (a widow's
--                               remarriage, a child's marriage or work), read by every later `payouts due`.
-- pension_recoveries            a pension month paid too much (an event recorded late, a bound lowered): the amount
--                               to recover, with its basis. Not a transfer, so not a payout line.
-- pension_payout_bases          the basis and warnings of each pension month and arrears line.
--
-- payout_lines.kind gains `pension_arrears`: a month paid too little gets a new line for the difference; a line
-- already created (and perhaps in an approved batch) is never changed.

-- MARK: the unclamped amount

ALTER TABLE claim_lines ADD COLUMN pension_computed bigint CHECK (pension_computed >= 0);

COMMENT ON COLUMN claim_lines.pension_computed IS
    'jp.monthly: the monthly amount before the clamp to the award year''s bounds (RULEBOOK §9.7 item 8); NULL otherwise.';

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

ALTER TABLE payout_lines DROP CONSTRAINT payout_lines_kind_check;
ALTER TABLE payout_lines ADD CONSTRAINT payout_lines_kind_check CHECK (
    kind IN ('lump_sum', 'installment', 'pension_month', 'pension_arrears', 'late_payment_penalty'));

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

GRANT SELECT, INSERT ON claim_events TO santunan_officer;
GRANT SELECT ON claim_events, pension_recoveries, pension_payout_bases
    TO santunan_officer, santunan_approver, santunan_auditor;
GRANT INSERT ON pension_recoveries, pension_payout_bases TO santunan_approver;
