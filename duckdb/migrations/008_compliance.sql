-- The contract register of a buyer.
CREATE TABLE contracts (
    buyer_id     VARCHAR NOT NULL,
    contract_id  VARCHAR NOT NULL,      -- the buyer's reference, as lines carry it
    title        VARCHAR NOT NULL,
    cpv          VARCHAR,               -- 8 digits
    start_date   DATE,
    end_date     DATE,                  -- the term without options
    final_date   DATE,                  -- with every option and extension
    max_value    BIGINT,                -- minor units, excluding VAT; NULL when not given
    currency     VARCHAR NOT NULL,
    procedure    VARCHAR,
    framework    BOOLEAN NOT NULL,
    notice_ref   VARCHAR,
    source_file  VARCHAR NOT NULL,
    line         INTEGER NOT NULL,
    PRIMARY KEY (buyer_id, contract_id)
);
CREATE TABLE contract_suppliers (
    buyer_id    VARCHAR NOT NULL,
    contract_id VARCHAR NOT NULL,
    supplier_id VARCHAR NOT NULL,       -- "org:NO-BRC:…", or "name:…" when no number is given
    name        VARCHAR NOT NULL
);

-- A line's contract and how it was linked: "reference" (the line names the
-- contract) or "supplier_category_term" (the contract's supplier, category
-- and term).
ALTER TABLE payments ADD COLUMN contract_id VARCHAR;
ALTER TABLE payments ADD COLUMN contract_link VARCHAR;

-- Findings: possible breaches and risks, recomputed; their status lives in
-- finding_decisions by their stable key, so a dismissal survives.
CREATE TABLE findings (
    buyer_id     VARCHAR NOT NULL,
    finding_id   VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    amount       BIGINT NOT NULL,
    window_from  DATE,
    window_to    DATE,
    supplier_id  VARCHAR,
    category     VARCHAR,
    lines        BIGINT NOT NULL,
    evidence     VARCHAR NOT NULL,      -- JSON array of line or release ids
    detail       VARCHAR NOT NULL,
    computed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (buyer_id, finding_id)
);
CREATE TABLE finding_decisions (
    buyer_id   VARCHAR NOT NULL,
    finding_id VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,        -- confirmed, dismissed, new (reopened)
    who        VARCHAR NOT NULL,
    why        VARCHAR NOT NULL,
    decided_at TIMESTAMP NOT NULL
);

-- Threshold tables a user adds or changes (the shipped ones live in code).
CREATE TABLE thresholds (
    regime     VARCHAR NOT NULL,        -- NO, EU, UK, …
    name       VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,        -- goods_services, works, any
    amount     BIGINT NOT NULL,         -- minor units, excluding VAT
    currency   VARCHAR NOT NULL,
    valid_from DATE NOT NULL,
    valid_to   DATE                     -- exclusive; NULL while in force
);
