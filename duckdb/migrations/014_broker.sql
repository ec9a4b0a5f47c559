-- The innovation broker: challenges (with partner buyers), suppliers'
-- capability profiles, expressions of interest, questions and answers, the
-- log of buyer–supplier contacts; e-mail confirmation of supplier users.
-- Code lists (CPV, NACE, buyer ids, plan item ids) are space-separated.
ALTER TABLE users ADD COLUMN confirm_hash VARCHAR;

CREATE TABLE challenges (
    buyer_id    VARCHAR NOT NULL,
    id          VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    problem     VARCHAR NOT NULL,
    outcomes    VARCHAR NOT NULL,
    cpv         VARCHAR NOT NULL,
    nace        VARCHAR NOT NULL,
    budget_min  BIGINT NOT NULL,
    budget_max  BIGINT NOT NULL,
    currency    VARCHAR NOT NULL,
    deadline    DATE,
    need_by     DATE,
    maturity    VARCHAR NOT NULL,
    plan_items  VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    local_first BOOLEAN NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (buyer_id, id)
);

CREATE TABLE challenge_partners (
    buyer_id     VARCHAR NOT NULL,
    challenge_id VARCHAR NOT NULL,
    partner_id   VARCHAR NOT NULL,
    role         VARCHAR NOT NULL
);

CREATE TABLE capabilities (
    supplier_id   VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    description   VARCHAR NOT NULL,
    cpv           VARCHAR NOT NULL,
    nace          VARCHAR NOT NULL,
    municipality  VARCHAR NOT NULL,
    size          VARCHAR NOT NULL,
    refs          VARCHAR NOT NULL,
    solutions     VARCHAR NOT NULL,
    follow_buyers VARCHAR NOT NULL,
    follow_cpv    VARCHAR NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE interests (
    supplier_id VARCHAR NOT NULL,
    buyer_id    VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    target_id   VARCHAR NOT NULL,
    who         VARCHAR NOT NULL,
    made_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (supplier_id, buyer_id, kind, target_id)
);

CREATE SEQUENCE question_id_seq;
CREATE TABLE questions (
    id           BIGINT PRIMARY KEY,
    buyer_id     VARCHAR NOT NULL,
    challenge_id VARCHAR NOT NULL,
    supplier_id  VARCHAR NOT NULL,
    asked_by     VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    asked_at     TIMESTAMP NOT NULL,
    answer       VARCHAR,
    answered_by  VARCHAR,
    answered_at  TIMESTAMP
);

CREATE SEQUENCE contact_id_seq;
CREATE TABLE contacts (
    id          BIGINT PRIMARY KEY,
    buyer_id    VARCHAR NOT NULL,
    supplier_id VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    ref         VARCHAR NOT NULL,
    who         VARCHAR NOT NULL,
    note        VARCHAR NOT NULL,
    made_at     TIMESTAMP NOT NULL
);
