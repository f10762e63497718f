-- 0009 bounds: the dates and amounts every door accepts (issue 15; docs/decisions/0013-identity-and-bounds.md), as
-- CHECK constraints, so that a direct INSERT or UPDATE is refused like a bad import, case file or bank report.
--
-- A CHECK cannot read today, so these are fixed constants wider than the Swift bounds (which move with the clock):
-- dates from 1900-01-01 to 2100-12-31; a monthly wage or contribution at most Rp 1.000.000.000; a single computed or
-- payable amount at most Rp 1.000.000.000.000. With them no stored value can make the JHT development or a ledger
-- total overflow bigint. Contribution months start in January 1977, when contributions began (Astek; decision 0007),
-- and a contribution is never paid before its month (RULEBOOK §2.1(4) allows paying within the month, nothing
-- earlier). The ledger's tables are bounded by their own migration.

-- MARK: participants and contributions

ALTER TABLE participant
    ADD CONSTRAINT participant_birth_date_bounds CHECK (birth_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');

ALTER TABLE membership
    ADD CONSTRAINT membership_dates_bounds CHECK (
        start_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'
        AND (end_date IS NULL OR end_date <= DATE '2100-12-31'));

ALTER TABLE wage_report
    ADD CONSTRAINT wage_report_bounds CHECK (
        reported_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' AND wage <= 1000000000);

-- Added on the partitioned parent, so every partition (and the importer's load tables, created LIKE it INCLUDING
-- CONSTRAINTS) carries it.
ALTER TABLE contribution
    ADD CONSTRAINT contribution_bounds CHECK (
        month BETWEEN DATE '1977-01-01' AND DATE '2100-12-01'
        AND wage <= 1000000000 AND amount_jkk <= 1000000000 AND amount_jkm <= 1000000000
        AND amount_jht <= 1000000000 AND amount_jp <= 1000000000
        AND due_on BETWEEN month AND DATE '2100-12-31'
        AND (paid_on IS NULL OR paid_on BETWEEN month AND DATE '2100-12-31'));

ALTER TABLE sponsor_window
    ADD CONSTRAINT sponsor_window_dates_bounds CHECK (
        valid_from >= DATE '1900-01-01' AND valid_to <= DATE '2100-12-31');

-- MARK: submissions and claims

ALTER TABLE submissions
    ADD CONSTRAINT submissions_dates_bounds CHECK (
        event_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'
        AND claim_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');

ALTER TABLE claims
    ADD CONSTRAINT claims_amounts_bounds CHECK (total <= 1000000000000 AND payable_now <= 1000000000000);

ALTER TABLE claim_lines
    ADD CONSTRAINT claim_lines_bounds CHECK (
        amount <= 1000000000000 AND due BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');

ALTER TABLE claim_installments
    ADD CONSTRAINT claim_installments_bounds CHECK (
        amount <= 1000000000000 AND due BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');

-- MARK: payouts

ALTER TABLE payout_lines
    ADD CONSTRAINT payout_lines_bounds CHECK (
        amount <= 1000000000000
        AND due BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'
        AND (pension_month IS NULL OR pension_month BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')
        AND (complete_on IS NULL OR complete_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')
        AND (deadline IS NULL OR deadline BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')
        AND (paid_on IS NULL OR paid_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'));

ALTER TABLE payout_batch_lines
    ADD CONSTRAINT payout_batch_lines_amount_bounds CHECK (amount <= 1000000000000);

ALTER TABLE payout_batches
    ADD CONSTRAINT payout_batches_execution_date_bounds CHECK (
        requested_execution_date IS NULL
        OR requested_execution_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');

ALTER TABLE payout_status_reports
    ADD CONSTRAINT payout_status_reports_created_bounds CHECK (
        bank_created_at IS NULL
        OR bank_created_at BETWEEN TIMESTAMPTZ '1900-01-01 00:00:00+00' AND TIMESTAMPTZ '2101-01-01 00:00:00+00');

ALTER TABLE payout_line_statuses
    ADD CONSTRAINT payout_line_statuses_paid_on_bounds CHECK (
        paid_on IS NULL OR paid_on BETWEEN DATE '1900-01-01' AND DATE '2100-12-31');
