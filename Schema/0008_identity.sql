-- 0008 identity: who acted is the database login, not a text the caller writes (issue 15,
-- docs/decisions/0013-identity-and-bounds.md).
--
-- Two set-ups exist:
--   * a person's own login (`CREATE ROLE ani LOGIN; GRANT santunan_officer TO ani`): the actor is `session_user`,
--     whatever the caller claims; a claimed name that differs from the login is refused;
--   * the single-user set-up (the embedded cluster, a test database, a maintenance session), where the connection
--     is the database owner or a superuser: nobody else shares the login, so the claimed name (`--as`) is recorded,
--     once checked: 1-64 characters, no control characters, no leading or trailing blanks.
-- Every SECURITY DEFINER function that records who acted calls this function, so the rule is one and the same for
-- every table. `session_user` is the login even inside SECURITY DEFINER functions (only `current_user` changes).

CREATE FUNCTION santunan_single_user() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT r.rolsuper OR r.oid = d.datdba
    FROM pg_catalog.pg_roles r, pg_catalog.pg_database d
    WHERE r.rolname = session_user AND d.datname = current_database()
$$;

COMMENT ON FUNCTION santunan_single_user() IS
    'True when the login is the database owner or a superuser (the single-user set-up where --as names the actor).';

CREATE FUNCTION santunan_actor(claimed text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
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

COMMENT ON FUNCTION santunan_actor(text) IS
    'The actor to record: session_user for a personal login, the checked claimed name in the single-user set-up.';

GRANT EXECUTE ON FUNCTION santunan_single_user(), santunan_actor(text)
    TO santunan_officer, santunan_approver, santunan_auditor;
