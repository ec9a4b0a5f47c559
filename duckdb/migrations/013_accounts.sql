-- Accounts: buyer staff with a role per buyer, supplier users; sessions
-- (the hash of the token, never the token) with their form (CSRF) token.
CREATE SEQUENCE user_id_seq;

CREATE TABLE users (
    id            BIGINT PRIMARY KEY,
    email         VARCHAR NOT NULL UNIQUE,
    name          VARCHAR NOT NULL,
    supplier_id   VARCHAR,
    password_hash VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE user_grants (
    user_id  BIGINT NOT NULL,
    buyer_id VARCHAR NOT NULL,
    role     VARCHAR NOT NULL,
    PRIMARY KEY (user_id, buyer_id)
);

CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id    BIGINT NOT NULL,
    csrf       VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
