-- The audit log: logins, logouts and every request that changed something.
CREATE TABLE audit_log (
    logged_at TIMESTAMP NOT NULL,
    who      VARCHAR NOT NULL,
    action   VARCHAR NOT NULL,
    buyer_id VARCHAR NOT NULL,
    path     VARCHAR NOT NULL,
    status   INTEGER NOT NULL,
    addr     VARCHAR NOT NULL,
    via      VARCHAR NOT NULL
);
