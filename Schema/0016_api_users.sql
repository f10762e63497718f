-- 0016 API users: who may call the HTTP service (`santunan serve`, issue 21; docs/decisions/0016-http-service.md).
--
-- api_users             one row per API user: a name, one of the three people's roles, and the SHA-256 of the bearer
--                       token `santunan user add` printed once. The token itself is never stored: a copy of this
--                       table gives no one a working token. `santunan user revoke` sets revoked_at; a revoked
--                       token is refused (401) from the next request on.
-- api_idempotency_keys  the Idempotency-Key of each stored submission, per user, with the SHA-256 of the request
--                       body: a retry with the same key and body gets the same submission; the same key with another
--                       body is refused (409).
--
-- Both tables are the server's own bookkeeping: only the owner (the server's login in the single-user set-up)
-- reads and writes them; no person's role is granted anything here. What a request does to the claim and payout
-- tables it does as santunan_<role> (SET ROLE), through the SECURITY DEFINER functions of 0010, with the token's
-- user as the claimed actor (santunan_actor, 0008).

CREATE TABLE api_users (
    name text PRIMARY KEY
        CHECK (char_length(name) BETWEEN 1 AND 64 AND name !~ '[[:cntrl:]]' AND name = btrim(name)),
    role text NOT NULL CHECK (role IN ('officer', 'approver', 'auditor')),
    token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

COMMENT ON TABLE api_users IS
    'Users of the HTTP service: name, role, SHA-256 of the bearer token (never the token), revocation time.';

CREATE TABLE api_idempotency_keys (
    user_name text NOT NULL REFERENCES api_users (name),
    key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
    request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
    submission_id bigint NOT NULL REFERENCES submissions (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_name, key)
);

COMMENT ON TABLE api_idempotency_keys IS
    'Idempotency-Key of each submission made through the HTTP service, with the SHA-256 of the request body.';

REVOKE ALL ON api_users, api_idempotency_keys FROM PUBLIC;
