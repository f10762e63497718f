-- 0001 foundation: the product's database roles and a table of facts about this installation.
--
-- The roles are group roles (NOLOGIN): people log in with their own roles, which are granted one of these.
-- Later migrations grant each role exactly what it may do.
--   santunan_officer   claims officers: submit cases and heir submissions (ahli waris)
--   santunan_approver  checkers: approve or reject payout batches prepared by someone else
--   santunan_auditor   auditors: read the ledger and the claims, change nothing
--
-- Roles belong to the whole cluster, not to one database, so another database of the same cluster may already
-- have them, or be creating them at this very moment (its migration lock does not cover this database).
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['santunan_officer', 'santunan_approver', 'santunan_auditor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by another database's migration
            END;
        END IF;
    END LOOP;
END
$$;

-- Facts about this installation that belong with the data rather than in a config file.
CREATE TABLE santunan_meta (
    key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]*$'),
    value text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE santunan_meta IS 'Facts about this Santunan installation, one row per key.';

-- A stable identity for this database, e.g. to tell exported payout files of two installations apart.
INSERT INTO santunan_meta (key, value) VALUES ('installation_id', gen_random_uuid()::text);

GRANT SELECT ON santunan_meta TO santunan_officer, santunan_approver, santunan_auditor;

-- The installation's id, for the modules that do not own santunan_meta (the ledger's verification report;
-- docs/decisions/0020-schema-fold-and-table-owners.md).
CREATE FUNCTION santunan_installation_id() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT value FROM santunan_meta WHERE key = 'installation_id'
$$;
