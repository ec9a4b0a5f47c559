-- Buyers, import batches, ledger lines in a star schema, and rejected rows.
CREATE TABLE buyers (
    id           VARCHAR PRIMARY KEY,
    org_number   VARCHAR,
    name         VARCHAR NOT NULL,
    country      VARCHAR NOT NULL,
    municipality VARCHAR,
    currency     VARCHAR NOT NULL,
    fiscal_start INTEGER NOT NULL,
    synthetic    BOOLEAN NOT NULL DEFAULT false,
    created_at   TIMESTAMP NOT NULL
);

CREATE SEQUENCE batch_id_seq START 1;

CREATE TABLE import_batches (
    id             BIGINT PRIMARY KEY,
    buyer_id       VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    bytes          BIGINT NOT NULL,
    rows_read      BIGINT NOT NULL,
    rows_loaded    BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    amount_loaded  BIGINT NOT NULL,      -- minor units
    currency       VARCHAR NOT NULL,
    rejects_file   VARCHAR,
    details        VARCHAR,              -- JSON: how the file was read
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP NOT NULL
);

-- A payee is a supplier as one buyer's files name it: each distinct
-- combination of name, supplier number, organisation and VAT number, country
-- and postcode. Supplier resolution works on payees, not on lines.
CREATE TABLE payees (
    buyer_id     VARCHAR NOT NULL,
    payee_id     INTEGER NOT NULL,
    name         VARCHAR,
    local_id     VARCHAR,
    org_number   VARCHAR,
    vat_number   VARCHAR,
    country      VARCHAR,
    postcode     VARCHAR,
    supplier_key VARCHAR NOT NULL,  -- groups payees of one supplier before resolution
    PRIMARY KEY (buyer_id, payee_id)
);

-- An account as the files give it: code and text.
CREATE TABLE accounts (
    buyer_id   VARCHAR NOT NULL,
    account_id INTEGER NOT NULL,
    code       VARCHAR,
    text       VARCHAR,
    PRIMARY KEY (buyer_id, account_id)
);

-- The organisational dimensions of a line: unit, cost centre, service
-- (Norway: funksjon) and project.
CREATE TABLE units (
    buyer_id     VARCHAR NOT NULL,
    unit_id      INTEGER NOT NULL,
    org_unit     VARCHAR,
    cost_centre  VARCHAR,
    service_code VARCHAR,
    project      VARCHAR,
    PRIMARY KEY (buyer_id, unit_id)
);

-- One row per ledger line. Amounts are integer minor units (øre, pence).
-- (key_hi, key_lo, key_occ) is the de-duplication key within a buyer.
CREATE TABLE payments (
    buyer_id         VARCHAR NOT NULL,
    batch_id         BIGINT NOT NULL,
    line             INTEGER NOT NULL,
    key_hi           UBIGINT NOT NULL,
    key_lo           UBIGINT NOT NULL,
    key_occ          INTEGER NOT NULL,
    payee_id         INTEGER NOT NULL,
    account_id       INTEGER NOT NULL,
    unit_id          INTEGER NOT NULL,
    invoice_date     DATE,
    payment_date     DATE,
    period_date      DATE NOT NULL,   -- payment date, else invoice date
    amount           BIGINT NOT NULL, -- excluding VAT
    vat              BIGINT,
    currency         VARCHAR NOT NULL,
    transaction_id   VARCHAR,
    voucher_no       VARCHAR,
    invoice_no       VARCHAR,
    contract_ref     VARCHAR,
    description      VARCHAR,
    expenditure_type VARCHAR
);

CREATE TABLE import_rejects (
    batch_id BIGINT NOT NULL,
    line     INTEGER NOT NULL,
    field    VARCHAR,
    raw      VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL
);

-- Every line with its dimensions, for exports and drill-down.
CREATE VIEW payment_lines AS
SELECT p.*, y.name AS supplier_name, y.local_id AS supplier_local_id, y.org_number AS supplier_org_number,
       y.vat_number AS supplier_vat_number, y.country AS supplier_country, y.postcode AS supplier_postcode,
       y.supplier_key, a.code AS account_code, a.text AS account_text,
       u.org_unit, u.cost_centre, u.service_code, u.project
FROM payments p
JOIN payees y ON y.buyer_id = p.buyer_id AND y.payee_id = p.payee_id
JOIN accounts a ON a.buyer_id = p.buyer_id AND a.account_id = p.account_id
JOIN units u ON u.buyer_id = p.buyer_id AND u.unit_id = p.unit_id;
