-- The persistent outbox: every e-mail is queued here (with what caused it,
-- where it can be) and delivered by the server's sender with retries.
CREATE SEQUENCE mail_id_seq START 1;
CREATE TABLE mail_outbox (
    id          BIGINT PRIMARY KEY DEFAULT nextval('mail_id_seq'),
    message_id  VARCHAR NOT NULL UNIQUE,
    recipient   VARCHAR NOT NULL,
    subject     VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    unsubscribe VARCHAR NOT NULL DEFAULT '',
    state       VARCHAR NOT NULL,        -- queued, sending, sent, failed
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMP NOT NULL,
    last_error  VARCHAR NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP
);

-- A supplier's user's saved interests for the alert digest. Lists are
-- newline-separated.
CREATE TABLE supplier_alerts (
    user_id     BIGINT PRIMARY KEY,
    cpv         VARCHAR NOT NULL DEFAULT '',
    buyers      VARCHAR NOT NULL DEFAULT '',
    places      VARCHAR NOT NULL DEFAULT '',
    min_value   BIGINT NOT NULL DEFAULT 0,   -- minor units; 0: no bound
    max_value   BIGINT NOT NULL DEFAULT 0,
    lang        VARCHAR NOT NULL DEFAULT 'en',
    off         BOOLEAN NOT NULL DEFAULT false,
    last_digest TIMESTAMP,
    updated_at  TIMESTAMP NOT NULL
);
