-- 0020 Claim look-up (issue 18, docs/decisions/0017-front-door.md, Session 6): the claims office finds a claim by
-- its case id as typed, in any case (`claim show pms-2022-0001` for PMS-2022-0001).
--
-- submissions_case_id_lower_idx   serves `lower(case_id) = lower($1)` (SubmissionStore.resolve): without it every
--                                 `claim show CASE_ID` read the whole table once case was ignored. (`claim list
--                                 --kpj` is served by submissions_event_key, whose first column is the KPJ; `--nik`
--                                 by submissions_participant_nik_idx.)

CREATE INDEX submissions_case_id_lower_idx ON submissions (lower(case_id));
