-- The history of import batches (issue 21): who imported a batch (the user
-- of an upload; NULL from the command line), and its undo: its lines go,
-- its row in import_batches stays, and import_undos says it was undone, by
-- whom and when, and how many lines went.
ALTER TABLE import_batches ADD COLUMN imported_by VARCHAR;

CREATE TABLE import_undos (
    batch_id  BIGINT PRIMARY KEY,
    buyer_id  VARCHAR NOT NULL,
    undone_at TIMESTAMP NOT NULL,
    undone_by VARCHAR NOT NULL,
    lines     BIGINT NOT NULL
);
