-- The official bulk registers of other countries (Companies House, the
-- charity registers, SIRENE), and place from postcodes (issue 17).

-- What those registers add to a unit.
ALTER TABLE organisations ADD COLUMN status VARCHAR;
ALTER TABLE organisations ADD COLUMN dissolved DATE;
ALTER TABLE organisations ADD COLUMN social_economy VARCHAR;
ALTER TABLE organisations ADD COLUMN industry_codes VARCHAR;   -- the register's own codes, space-separated, main first
ALTER TABLE organisations ADD COLUMN industry_scheme VARCHAR;
ALTER TABLE organisations ADD COLUMN size_category VARCHAR;
ALTER TABLE organisations ADD COLUMN company_number VARCHAR;   -- a charity's company at Companies House
ALTER TABLE organisations ADD COLUMN charity_number VARCHAR;   -- a company's charity, filled from the loaded charity registers
ALTER TABLE organisations ADD COLUMN head_office VARCHAR;      -- the establishment that is the head office

ALTER TABLE establishments ADD COLUMN closed BOOLEAN;
ALTER TABLE establishments ADD COLUMN head_office BOOLEAN;

-- Postcode registers, one country at a time: postcode → municipality (and,
-- in the UK, county, region and small areas). A French postcode may cover
-- several communes: one row each.
CREATE SEQUENCE postcode_batch_id_seq START 1;

CREATE TABLE postcode_batches (
    id            BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,   -- postcodes, deprivation
    country       VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    rows_duplicate BIGINT NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL
);

CREATE TABLE postcodes (
    country         VARCHAR NOT NULL,
    postcode        VARCHAR NOT NULL,   -- upper case, no spaces
    municipality    VARCHAR NOT NULL,
    locality        VARCHAR,
    county          VARCHAR,
    region          VARCHAR,
    small_area      VARCHAR,
    small_area_2011 VARCHAR,
    terminated      DATE,
    batch_id        BIGINT NOT NULL
);

-- Indices of deprivation by small area (England: IMD 2019 by LSOA 2011).
CREATE TABLE area_deprivation (
    idx      VARCHAR NOT NULL,   -- IMD2019
    area     VARCHAR NOT NULL,
    rank     INTEGER NOT NULL,
    decile   INTEGER NOT NULL,
    batch_id BIGINT NOT NULL
);
