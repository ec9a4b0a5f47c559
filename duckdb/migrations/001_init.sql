-- Buyers, import batches, payments (ledger lines) and rejected rows.
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

-- One row per ledger line. Amounts are integer minor units (øre, pence).
-- (key_hi, key_lo, key_occ) is the de-duplication key within a buyer.
CREATE TABLE payments (
    buyer_id            VARCHAR NOT NULL,
    batch_id            BIGINT NOT NULL,
    line                INTEGER NOT NULL,
    key_hi              UBIGINT NOT NULL,
    key_lo              UBIGINT NOT NULL,
    key_occ             INTEGER NOT NULL,
    supplier_key        VARCHAR NOT NULL,
    transaction_id      VARCHAR,
    voucher_no          VARCHAR,
    invoice_no          VARCHAR,
    supplier_name       VARCHAR,
    supplier_local_id   VARCHAR,
    supplier_org_number VARCHAR,
    supplier_vat_number VARCHAR,
    supplier_country    VARCHAR,
    supplier_postcode   VARCHAR,
    invoice_date        DATE,
    payment_date        DATE,
    period_date         DATE NOT NULL,   -- payment date, else invoice date
    amount              BIGINT NOT NULL,  -- excluding VAT
    vat                 BIGINT,
    currency            VARCHAR NOT NULL,
    account_code        VARCHAR,
    account_text        VARCHAR,
    org_unit            VARCHAR,
    cost_centre         VARCHAR,
    service_code        VARCHAR,
    project             VARCHAR,
    contract_ref        VARCHAR,
    description         VARCHAR,
    expenditure_type    VARCHAR
);

CREATE TABLE import_rejects (
    batch_id BIGINT NOT NULL,
    line     INTEGER NOT NULL,
    field    VARCHAR,
    raw      VARCHAR NOT NULL,
    reason   VARCHAR NOT NULL
);
