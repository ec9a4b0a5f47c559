-- The procurement plan: items as JSON documents, with their history.
CREATE TABLE plan_items (
    buyer_id  VARCHAR NOT NULL,
    item_id   VARCHAR NOT NULL,
    item      VARCHAR NOT NULL,          -- the PlanItem as JSON
    status    VARCHAR NOT NULL,
    published BOOLEAN NOT NULL,
    updated   TIMESTAMP NOT NULL,
    PRIMARY KEY (buyer_id, item_id)
);
CREATE TABLE plan_changes (
    buyer_id VARCHAR NOT NULL,
    item_id  VARCHAR NOT NULL,
    field    VARCHAR NOT NULL,
    old      VARCHAR NOT NULL,
    new      VARCHAR NOT NULL,
    who      VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
