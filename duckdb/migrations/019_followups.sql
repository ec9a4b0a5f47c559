-- Pending follow-ups: an import (a ledger or EHF batch, a register, municipality
-- codes) marks the buyers whose payees, scope and categories it leaves to be
-- brought up to date, in the transaction that commits it; the follow-up
-- deletes the marks it saw once it has completed. A process killed in between
-- leaves them, and readers complete the follow-up or say the figures are
-- provisional.
CREATE SEQUENCE followup_seq START 1;
CREATE TABLE followups_pending (
    seq      BIGINT PRIMARY KEY,
    buyer_id VARCHAR NOT NULL,
    cause    VARCHAR NOT NULL,   -- ledger, ehf, register, municipalities
    batch_id BIGINT,             -- the import batch or register batch
    since    TIMESTAMP NOT NULL
);
