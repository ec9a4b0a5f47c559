-- API tokens of machine clients: the hash of the token, its user, scope
-- and expiry.
CREATE SEQUENCE token_id_seq;
CREATE TABLE api_tokens (
    id         BIGINT PRIMARY KEY,
    hash       VARCHAR NOT NULL UNIQUE,
    user_id    BIGINT NOT NULL,
    name       VARCHAR NOT NULL,
    scope      VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
