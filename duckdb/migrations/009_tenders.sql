-- Tender data (OCDS): one row per contracting process, its lots, bids,
-- awards and parties; the (compiled) release's JSON is kept for the
-- red-flag indicators.
CREATE TABLE tenders (
    buyer_id       VARCHAR NOT NULL,
    ocid           VARCHAR NOT NULL,
    release_id     VARCHAR,
    release_date   TIMESTAMP,
    title          VARCHAR,
    status         VARCHAR,
    method         VARCHAR,
    method_details VARCHAR,
    category       VARCHAR,
    ocds_buyer_id  VARCHAR,
    ocds_buyer     VARCHAR,
    value          BIGINT,
    currency       VARCHAR,
    tender_start   TIMESTAMP,
    tender_end     TIMESTAMP,
    cpv            VARCHAR,
    release        VARCHAR NOT NULL,
    source_file    VARCHAR NOT NULL,
    line           INTEGER NOT NULL,
    PRIMARY KEY (buyer_id, ocid)
);
CREATE TABLE tender_lots (buyer_id VARCHAR NOT NULL, ocid VARCHAR NOT NULL, lot_id VARCHAR, title VARCHAR, value BIGINT, currency VARCHAR);
CREATE TABLE tender_bids (buyer_id VARCHAR NOT NULL, ocid VARCHAR NOT NULL, bid_id VARCHAR, status VARCHAR, tenderers VARCHAR[], value BIGINT, currency VARCHAR);
CREATE TABLE tender_awards (buyer_id VARCHAR NOT NULL, ocid VARCHAR NOT NULL, award_id VARCHAR, status VARCHAR, award_date TIMESTAMP,
    suppliers VARCHAR[], value BIGINT, currency VARCHAR);
CREATE TABLE tender_parties (buyer_id VARCHAR NOT NULL, ocid VARCHAR NOT NULL, party_id VARCHAR, name VARCHAR, roles VARCHAR[], identifier VARCHAR);
