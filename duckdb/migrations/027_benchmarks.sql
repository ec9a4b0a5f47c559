-- Population from official statistics files (SSB's table 07459, the ONS
-- mid-year estimates): what the benchmarks divide by (issue 21).
CREATE SEQUENCE population_batch_id_seq START 1;

CREATE TABLE population_batches (
    id            BIGINT PRIMARY KEY,
    source        VARCHAR NOT NULL,   -- SSB 07459, ONS MYE
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_read     BIGINT NOT NULL,
    rows_loaded   BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL
);

CREATE TABLE population (
    country   VARCHAR NOT NULL,   -- NO, GB
    area      VARCHAR NOT NULL,   -- kommunenummer, GSS code
    year      INTEGER NOT NULL,
    name      VARCHAR NOT NULL,
    persons   BIGINT NOT NULL,
    batch_id  BIGINT NOT NULL,
    PRIMARY KEY (country, area, year)
);

-- Other installations' public feeds this one reads (their published
-- benchmarks): the URL, and what was read last, with its hash.
CREATE TABLE feeds (
    url       VARCHAR PRIMARY KEY,
    kind      VARCHAR NOT NULL,   -- benchmarks
    added_at  TIMESTAMP NOT NULL,
    read_at   TIMESTAMP,          -- the last read that answered
    sha256    VARCHAR NOT NULL,   -- of the bytes read then
    bytes     BIGINT NOT NULL,
    body      VARCHAR NOT NULL,   -- what was read (JSON)
    tried_at  TIMESTAMP,          -- the last attempt
    error     VARCHAR NOT NULL    -- why it failed ("" when it answered)
);
