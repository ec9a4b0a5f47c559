-- Market-consultation events with registrations, and challenges' files.
CREATE SEQUENCE event_id_seq;
CREATE TABLE events (
    id           BIGINT PRIMARY KEY,
    buyer_id     VARCHAR NOT NULL,
    challenge_id VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    starts       TIMESTAMP NOT NULL,
    place        VARCHAR NOT NULL,
    online_url   VARCHAR NOT NULL,
    capacity     INTEGER NOT NULL,
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE event_registrations (
    event_id    BIGINT NOT NULL,
    supplier_id VARCHAR NOT NULL,
    who         VARCHAR NOT NULL,
    made_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, supplier_id)
);

CREATE TABLE attachments (
    buyer_id     VARCHAR NOT NULL,
    challenge_id VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    content_type VARCHAR NOT NULL,
    size         BIGINT NOT NULL,
    sha256       VARCHAR NOT NULL,
    added_by     VARCHAR NOT NULL,
    added_at     TIMESTAMP NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (buyer_id, challenge_id, name)
);
