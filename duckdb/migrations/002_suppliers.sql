-- Business registers, supplier resolution and supplier profiles.

CREATE SEQUENCE register_batch_id_seq START 1;

CREATE TABLE register_batches (
    id             BIGINT PRIMARY KEY,
    source         VARCHAR NOT NULL,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    units_read     BIGINT NOT NULL,
    units_loaded   BIGINT NOT NULL,
    units_rejected BIGINT NOT NULL,
    units_changed  BIGINT NOT NULL,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP NOT NULL
);

-- Units of business registers. (scheme, id) is unique; re-imports replace
-- a unit and record changes of the tracked fields in organisation_history.
CREATE TABLE organisations (
    scheme             VARCHAR NOT NULL,
    id                 VARCHAR NOT NULL,
    name               VARCHAR NOT NULL,
    legal_form         VARCHAR,
    sector_code        VARCHAR,
    nace1              VARCHAR,
    nace2              VARCHAR,
    nace3              VARCHAR,
    employees          INTEGER,
    employees_known    BOOLEAN NOT NULL,
    employees_withheld BOOLEAN NOT NULL,
    employee_band      VARCHAR,
    turnover_eur       BIGINT,
    address            VARCHAR,
    postcode           VARCHAR,
    locality           VARCHAR,
    municipality       VARCHAR,
    country            VARCHAR,
    vat_registered     BOOLEAN NOT NULL,
    voluntary          BOOLEAN NOT NULL,
    bankrupt           BOOLEAN NOT NULL,
    liquidation        BOOLEAN NOT NULL,
    founded            DATE,
    parent             VARCHAR,
    source             VARCHAR NOT NULL,
    batch_id           BIGINT NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

-- Branches (Norway: underenheter) at their own address.
CREATE TABLE establishments (
    scheme          VARCHAR NOT NULL,
    id              VARCHAR NOT NULL,
    parent_id       VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    postcode        VARCHAR,
    locality        VARCHAR,
    municipality    VARCHAR,
    country         VARCHAR,
    nace            VARCHAR,
    employees       INTEGER,
    batch_id        BIGINT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

-- Changes of the fields that matter over re-imports.
CREATE TABLE organisation_history (
    scheme     VARCHAR NOT NULL,
    id         VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,   -- municipality, nace, employees, bankrupt
    old_value  VARCHAR,
    new_value  VARCHAR,
    batch_id   BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

-- Resolution of each payee: the supplier it stands for.
ALTER TABLE payees ADD COLUMN supplier_id VARCHAR;
ALTER TABLE payees ADD COLUMN match_method VARCHAR;
ALTER TABLE payees ADD COLUMN match_score DOUBLE;
ALTER TABLE payees ADD COLUMN match_reason VARCHAR;
UPDATE payees SET supplier_id = supplier_key;

-- People's decisions about payees, re-applied on every import.
CREATE TABLE resolution_overrides (
    buyer_id    VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    local_id    VARCHAR NOT NULL,
    org_number  VARCHAR NOT NULL,
    vat_number  VARCHAR NOT NULL,
    country     VARCHAR NOT NULL,
    postcode    VARCHAR NOT NULL,
    supplier_id VARCHAR NOT NULL,   -- '' keeps the payee unresolved
    who         VARCHAR NOT NULL,
    why         VARCHAR NOT NULL,
    decided_at  TIMESTAMP NOT NULL
);

-- What is known of each supplier relative to one buyer.
CREATE TABLE supplier_profiles (
    buyer_id      VARCHAR NOT NULL,
    supplier_id   VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    org_scheme    VARCHAR,
    org_id        VARCHAR,
    place         VARCHAR NOT NULL,
    place_reason  VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    type_reason   VARCHAR NOT NULL,
    size          VARCHAR NOT NULL,
    size_basis    VARCHAR NOT NULL,
    nace          VARCHAR NOT NULL,
    nace_section  VARCHAR NOT NULL,
    nace_division VARCHAR NOT NULL,
    municipality  VARCHAR,
    postcode      VARCHAR,
    country       VARCHAR,
    employees     INTEGER
);

-- A buyer's own definition of its local area and region, where the
-- defaults (its municipality; its county) do not fit.
CREATE TABLE place_rules (
    buyer_id VARCHAR NOT NULL,
    band     VARCHAR NOT NULL,   -- L0 or L1
    kind     VARCHAR NOT NULL,   -- municipality, postcode_prefix, locality
    value    VARCHAR NOT NULL
);

-- Municipality codes added by users to the shipped table (code history).
CREATE TABLE municipality_codes (
    country    VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    valid_from DATE,
    valid_to   DATE,
    successor  VARCHAR
);
