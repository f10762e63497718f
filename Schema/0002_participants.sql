-- 0002 participants: employers, participants (peserta), memberships (KPJ), reported wages, monthly contributions
-- (iuran) and BPU sponsor windows, at the scale of a BPJS branch region (docs/scale.md).
--
-- Money is bigint whole rupiah and never negative. Surrogate bigint ids keep the big tables narrow; the natural keys
-- (NPP, NIK, KPJ, membership + month) are unique so that imports can be idempotent (ON CONFLICT DO NOTHING).

-- The exclusion constraint on sponsor cover mixes = on bigint/text with && on a range.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Employers: companies, government units (OPD), construction projects. NPP = Nomor Pendaftaran Perusahaan.
CREATE TABLE employer (
    npp text PRIMARY KEY CHECK (npp ~ '^[A-Z0-9]{1,16}$'),
    name text NOT NULL CHECK (name <> ''),
    kind text NOT NULL CHECK (kind IN ('company', 'government_unit', 'project')),
    branch_office text NOT NULL CHECK (branch_office <> ''),
    region text NOT NULL CHECK (region <> '')
);
CREATE INDEX employer_branch_kind_idx ON employer (branch_office, kind);

-- Participants (peserta), identified by NIK (Nomor Induk Kependudukan, 16 digits).
CREATE TABLE participant (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    nik text NOT NULL UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
    name text NOT NULL CHECK (name <> ''),
    birth_date date NOT NULL,
    sex text CHECK (sex IN ('M', 'F'))
);

-- Memberships: one KPJ (Kartu Peserta Jamsostek, 11 digits) per participant and employment. A BPU member paying
-- for themselves has no employer (employer kind `self` in a case file); `work_description` then names the work.
CREATE TABLE membership (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kpj text NOT NULL UNIQUE CHECK (kpj ~ '^[0-9]{11}$'),
    participant_id bigint NOT NULL REFERENCES participant (id),
    segment text NOT NULL CHECK (segment IN ('PU', 'BPU', 'JAKON')),
    employer_npp text REFERENCES employer (npp),
    work_description text,
    programs text[] NOT NULL CHECK (
        cardinality(programs) > 0 AND programs <@ ARRAY['JKK', 'JKM', 'JHT', 'JP', 'JKP']::text[]
    ),
    risk_group text CHECK (risk_group IN ('I', 'II', 'III', 'IV', 'V')),
    start_date date NOT NULL,
    end_date date CHECK (end_date >= start_date),
    branch_office text NOT NULL CHECK (branch_office <> ''),
    CHECK (employer_npp IS NOT NULL OR segment = 'BPU')
);
CREATE INDEX membership_participant_idx ON membership (participant_id);
CREATE INDEX membership_employer_idx ON membership (employer_npp) WHERE employer_npp IS NOT NULL;
CREATE INDEX membership_branch_segment_idx ON membership (branch_office, segment);

-- Reported wages over time: each report holds from `reported_on` until the next one. The JKK/JKP basis of a claim is
-- the last report on or before the event date.
CREATE TABLE wage_report (
    membership_id bigint NOT NULL REFERENCES membership (id),
    reported_on date NOT NULL,
    wage bigint NOT NULL CHECK (wage >= 0),
    PRIMARY KEY (membership_id, reported_on)
);

-- Monthly contributions (iuran): one row per membership and month with the amount of each program, so a month's
-- wage basis and payment dates are stored once. `paid_on` NULL = unpaid; arrears are the rows unpaid (or paid late)
-- after `due_on`. Partitioned by month, one partition per year (docs/scale.md): imports and the arrears report touch
-- the recent partitions only, and old years can be detached for archiving.
--
-- `participant_id` is carried (functionally dependent on the membership) so that per-person sums (the JHT balance)
-- need no join, and because it is the distribution column on Citus.
--
-- No foreign key to membership: a per-row RI trigger would cost more than the whole COPY of tens of millions of
-- rows. The importer resolves every KPJ against `membership` in the same transaction, which is the same guarantee
-- for the only writer of this table.
CREATE TABLE contribution (
    participant_id bigint NOT NULL,
    membership_id bigint NOT NULL,
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    wage bigint NOT NULL CHECK (wage >= 0),
    amount_jkk bigint NOT NULL DEFAULT 0 CHECK (amount_jkk >= 0),
    amount_jkm bigint NOT NULL DEFAULT 0 CHECK (amount_jkm >= 0),
    amount_jht bigint NOT NULL DEFAULT 0 CHECK (amount_jht >= 0),
    amount_jp bigint NOT NULL DEFAULT 0 CHECK (amount_jp >= 0),
    due_on date NOT NULL,
    paid_on date,
    PRIMARY KEY (membership_id, month)
) PARTITION BY RANGE (month);

DO $$
BEGIN
    FOR year IN 2005..2035 LOOP
        EXECUTE format(
            'CREATE TABLE %I PARTITION OF contribution FOR VALUES FROM (%L) TO (%L)',
            'contribution_' || year, make_date(year, 1, 1), make_date(year + 1, 1, 1));
    END LOOP;
END
$$;
CREATE TABLE contribution_other PARTITION OF contribution DEFAULT;

-- The arrears report reads unpaid rows only; they are few, so a partial index finds them without a scan.
CREATE INDEX contribution_unpaid_idx ON contribution (membership_id, month) WHERE paid_on IS NULL;

-- Sponsors (pihak ketiga): a local government or a CSR programme paying BPU contributions.
CREATE TABLE sponsor (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name <> ''),
    kind text NOT NULL CHECK (kind IN ('local_government', 'csr'))
);

-- A sponsor window: the programs a sponsor pays from `valid_from` to `valid_to` (both included).
CREATE TABLE sponsor_window (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sponsor_id bigint NOT NULL REFERENCES sponsor (id),
    programs text[] NOT NULL CHECK (
        cardinality(programs) > 0 AND programs <@ ARRAY['JKK', 'JKM', 'JHT', 'JP', 'JKP']::text[]
    ),
    valid_from date NOT NULL,
    valid_to date NOT NULL CHECK (valid_to >= valid_from),
    UNIQUE (sponsor_id, valid_from, valid_to, programs)
);
CREATE INDEX sponsor_window_valid_to_idx ON sponsor_window (valid_to);

-- Who a window pays for: one row per BPU membership and program. Two windows can never pay the same program of the
-- same participant on the same day.
CREATE TABLE sponsor_cover (
    window_id bigint NOT NULL REFERENCES sponsor_window (id),
    membership_id bigint NOT NULL REFERENCES membership (id),
    participant_id bigint NOT NULL REFERENCES participant (id),
    program text NOT NULL CHECK (program IN ('JKK', 'JKM', 'JHT', 'JP', 'JKP')),
    period daterange NOT NULL CHECK (NOT isempty(period)),
    PRIMARY KEY (window_id, membership_id, program),
    CONSTRAINT sponsor_cover_no_overlap EXCLUDE USING gist (participant_id WITH =, program WITH =, period WITH &&)
);
CREATE INDEX sponsor_cover_membership_idx ON sponsor_cover (membership_id);

-- Every imported file, by SHA-256 of its bytes: importing the same file again is recognised and does nothing.
CREATE TABLE import_file (
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    kind text NOT NULL CHECK (kind IN ('employers', 'participants', 'contributions', 'sponsors')),
    file_name text NOT NULL,
    records bigint NOT NULL CHECK (records >= 0),
    inserted bigint NOT NULL CHECK (inserted >= 0),
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, sha256)
);

GRANT SELECT ON employer, participant, membership, wage_report, contribution, sponsor, sponsor_window, sponsor_cover,
    import_file TO santunan_officer, santunan_auditor;
