-- Undo of an import batch (issue 21): its lines go, its row in
-- import_batches stays for the history, and this table says it was undone,
-- by whom and when, and how many lines went. (A table of its own: the
-- batches' positional inserts and backups stay as they are.)
CREATE TABLE import_undos (
    batch_id  BIGINT PRIMARY KEY,
    buyer_id  VARCHAR NOT NULL,
    undone_at TIMESTAMP NOT NULL,
    undone_by VARCHAR NOT NULL,
    lines     BIGINT NOT NULL
);
