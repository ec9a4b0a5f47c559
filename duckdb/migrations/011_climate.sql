-- Spend-based climate footprint: emission factor sets, concordances between
-- code schemes, dated exchange rates and price indices; sustainability
-- criteria on contracts and tenders; the procurement strategy's targets;
-- per-buyer settings.
CREATE TABLE emission_factors (
    set_name    VARCHAR NOT NULL,
    version     VARCHAR NOT NULL,
    scheme      VARCHAR NOT NULL,
    code        VARCHAR NOT NULL,
    label       VARCHAR NOT NULL,
    kg_per_unit DOUBLE NOT NULL,
    currency    VARCHAR NOT NULL,
    price_year  INTEGER NOT NULL,
    price_basis VARCHAR NOT NULL,
    gwp         VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    licence     VARCHAR NOT NULL,
    estimate    BOOLEAN NOT NULL,
    source_file VARCHAR NOT NULL,
    line        INTEGER NOT NULL,
    PRIMARY KEY (set_name, scheme, code)
);
CREATE TABLE concordances (
    from_scheme VARCHAR NOT NULL,
    from_code   VARCHAR NOT NULL,
    to_scheme   VARCHAR NOT NULL,
    to_code     VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    PRIMARY KEY (from_scheme, from_code, to_scheme, to_code)
);
CREATE TABLE rates (
    kind     VARCHAR NOT NULL,
    currency VARCHAR NOT NULL,
    to_cur   VARCHAR NOT NULL,    -- '' for deflators
    year     INTEGER NOT NULL,
    value    DOUBLE NOT NULL,
    source   VARCHAR NOT NULL,
    PRIMARY KEY (kind, currency, to_cur, year)
);
-- (Tables of their own: DuckDB cannot alter a table with rows several
-- times in one transaction.)
CREATE TABLE contract_criteria (
    buyer_id    VARCHAR NOT NULL,
    contract_id VARCHAR NOT NULL,
    green       BOOLEAN NOT NULL,
    social      BOOLEAN NOT NULL,
    innovation  BOOLEAN NOT NULL,
    circular    BOOLEAN NOT NULL,
    PRIMARY KEY (buyer_id, contract_id)
);
CREATE TABLE tender_criteria (
    buyer_id   VARCHAR NOT NULL,
    ocid       VARCHAR NOT NULL,
    green      BOOLEAN NOT NULL,
    social     BOOLEAN NOT NULL,
    innovation BOOLEAN NOT NULL,
    circular   BOOLEAN NOT NULL,
    PRIMARY KEY (buyer_id, ocid)
);
CREATE TABLE strategy_targets (
    buyer_id       VARCHAR NOT NULL,
    indicator      VARCHAR NOT NULL,
    baseline_year  INTEGER NOT NULL,
    baseline_value DOUBLE,             -- NULL: computed from the data of the baseline year
    target_year    INTEGER NOT NULL,
    target_value   DOUBLE NOT NULL,
    note           VARCHAR NOT NULL,
    PRIMARY KEY (buyer_id, indicator)
);
CREATE TABLE buyer_settings (
    buyer_id VARCHAR NOT NULL,
    key      VARCHAR NOT NULL,
    value    VARCHAR NOT NULL,
    PRIMARY KEY (buyer_id, key)
);
