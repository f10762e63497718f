-- 0017 table owners (issue 17; docs/decisions/0020-schema-fold-and-table-owners.md): each table is written and read
-- by one store module; another module reads it through a view or function of the owner, defined here, so that no
-- module's SQL names another module's table (RepositoryTests/TableOwnershipTests keeps it so).
--
-- ClaimStore owns the participants, contributions, submissions and claims; HeirQueue owns heir_jobs; Payouts owns
-- the payout and pension-payment tables; Ledger the ledger_* tables. What the others read of them:
--
--   payable_claim_lines         (ClaimStore, for Payouts) the lines of payable claims that are paid out, with the
--                               case's KPJ, its segment and the claim's pension kind
--   claim_installments_all      (ClaimStore, for Payouts) the instalments of the claim lines
--   payable_child_pension_heirs (ClaimStore, for Payouts) the children of each payable child's pension, with the
--                               account their share is paid into
--   survivor_events             (ClaimStore, for Payouts) the events recorded after a pension's award
--   submission_summaries        (ClaimStore, for HeirQueue) a submission's case id, KPJ and event, not its document
--   claim_case_documents        (ClaimStore, for HeirQueue) the case document a job computes
--   heir_job_latest             (HeirQueue, for ClaimStore) each submission's latest job and its state
--   santunan_installation_id()  (ClaimStore, which owns the foundation; for Ledger) the installation's id: defined
--                               in Schema/0001 with santunan_meta, so the ledger's own tests (0001, 0005, 0008,
--                               0014, 0015) have it
--
-- The views run with their owner's rights, as the tables' own SELECT grants did; they are granted to the roles that
-- could read the tables.

CREATE VIEW payable_claim_lines AS
SELECT cl.id, cl.claim_id, cl.position, c.case_id, s.kpj,
       (SELECT m->>'segment' FROM json_array_elements(s.case_document->'participant'->'memberships') m
         WHERE m->>'kpj' = s.kpj LIMIT 1) AS segment,
       cl.program, cl.item, cl.payee_role, cl.payee_nik, cl.bank_bic, cl.bank_account_number, cl.bank_account_holder,
       cl.amount, cl.due, cl.schedule, cl.pension_computed,
       c.result->'monthly_pension'->>'kind' AS pension_kind, s.event_date
FROM claim_lines cl JOIN claims c ON c.id = cl.claim_id JOIN submissions s ON s.id = c.id
WHERE c.status = 'payable' AND cl.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan');

COMMENT ON VIEW payable_claim_lines IS
    'ClaimStore, for Payouts: the lines of payable claims paid to a person (not to the DJS or the BHP).';

CREATE VIEW claim_installments_all AS
SELECT ci.line_id, ci.seq, ci.due, ci.level, ci.amount FROM claim_installments ci;

CREATE VIEW payable_child_pension_heirs AS
SELECT c.id AS claim_id, e.n AS heir_position, h->>'nik' AS nik, h->>'birth_date' AS birth_date,
       coalesce(h->>'married', 'false') = 'true' AS married, coalesce(h->>'working', 'false') = 'true' AS working,
       coalesce(h->'bank_account', g.account)->>'bank_bic' AS bank_bic,
       coalesce(h->'bank_account', g.account)->>'number' AS bank_account_number,
       coalesce(h->'bank_account', g.account)->>'holder' AS bank_account_holder
FROM claims c JOIN submissions s ON s.id = c.id
     CROSS JOIN LATERAL json_array_elements(s.case_document->'heirs') WITH ORDINALITY AS e(h, n)
     LEFT JOIN LATERAL (
         SELECT x->'bank_account' AS account FROM json_array_elements(s.case_document->'heirs') x
         WHERE x->>'payee' = 'true' AND json_typeof(x->'bank_account') = 'object' LIMIT 1) g ON true
WHERE c.status = 'payable' AND c.result->'monthly_pension'->>'kind' = 'child' AND h->>'relation' = 'child';

COMMENT ON VIEW payable_child_pension_heirs IS
    'ClaimStore, for Payouts: the child heirs of payable child''s pensions; their own account, else the payee heir''s.';

CREATE VIEW survivor_events AS
SELECT e.id, e.claim_id, e.event, e.nik, e.event_date FROM claim_events e;

CREATE VIEW submission_summaries AS
SELECT s.id, s.case_id, s.kpj, s.event_type, s.event_date, s.submitted_at FROM submissions s;

-- The case a job computes (heir_jobs_claim hands it to the worker with the job).
CREATE FUNCTION claim_case_documents(p_ids bigint[])
RETURNS TABLE (id bigint, case_document text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.id, s.case_document::text FROM submissions s WHERE s.id = ANY(p_ids)
$$;

CREATE VIEW heir_job_latest AS
SELECT DISTINCT ON (j.submission_id) j.submission_id, j.id, j.state
FROM heir_jobs j ORDER BY j.submission_id, j.id DESC;

REVOKE ALL ON payable_claim_lines, claim_installments_all, payable_child_pension_heirs, survivor_events,
    submission_summaries, heir_job_latest FROM PUBLIC;
GRANT SELECT ON payable_claim_lines, claim_installments_all, payable_child_pension_heirs, survivor_events,
    submission_summaries, heir_job_latest TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
REVOKE EXECUTE ON FUNCTION claim_case_documents(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_case_documents(bigint[])
    TO santunan_officer, santunan_approver, santunan_auditor, santunan_worker;
