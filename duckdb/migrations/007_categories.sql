-- The CPV 2008 list (loaded from the EU's cpv_2008.xml) and its labels.
CREATE TABLE cpv_codes (
    code        VARCHAR PRIMARY KEY,     -- 8 digits, no check digit
    check_digit INTEGER NOT NULL,
    digits      INTEGER NOT NULL,        -- 2 division, 3 group, 4 class, 5 category, …
    parent      VARCHAR,                 -- the nearest ancestor in the list
    kind        VARCHAR NOT NULL         -- works, supplies, services
);
CREATE TABLE cpv_labels (
    code  VARCHAR NOT NULL,
    lang  VARCHAR NOT NULL,              -- upper-case ISO 639-1
    label VARCHAR NOT NULL,
    PRIMARY KEY (code, lang)
);

-- Items: the distinct kinds of line of a buyer (payee, account, the
-- description with its numbers blanked, the CPV on the line). Lines point to
-- their item; items carry the category, so that classifying touches
-- thousands of items, not millions of lines.
CREATE TABLE items (
    buyer_id   VARCHAR NOT NULL,
    item_id    INTEGER NOT NULL,
    payee_id   INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    cpv_line   VARCHAR NOT NULL,         -- '' when the lines carry none
    category   VARCHAR,                  -- 8-digit CPV; NULL while unclassified
    rule       VARCHAR,
    reason     VARCHAR,
    confidence DOUBLE,
    PRIMARY KEY (buyer_id, item_id)
);
ALTER TABLE payments ADD COLUMN item_id INTEGER;

-- People's decisions about categories, kept as an audit trail and applied
-- again to new lines: by supplier, account code and text ('' = any).
CREATE TABLE category_decisions (
    buyer_id     VARCHAR NOT NULL,
    supplier_id  VARCHAR NOT NULL,
    account      VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,
    old_category VARCHAR,
    who          VARCHAR NOT NULL,
    why          VARCHAR NOT NULL,
    decided_at   TIMESTAMP NOT NULL
);

-- A buyer's own classification rules (the shipped defaults live in code).
CREATE TABLE category_rules (
    buyer_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    kind     VARCHAR NOT NULL,           -- keyword, account, nace
    pattern  VARCHAR NOT NULL,
    lang     VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL
);

-- The trained text model of a buyer.
CREATE TABLE category_models (
    buyer_id   VARCHAR PRIMARY KEY,
    trained_at TIMESTAMP NOT NULL,
    examples   INTEGER NOT NULL,
    model      BLOB NOT NULL
);
