-- Answers to the local-multiplier (LM3) supplier survey.
CREATE TABLE survey_responses (
    buyer_id           VARCHAR NOT NULL,
    year               INTEGER NOT NULL,
    supplier_id        VARCHAR NOT NULL,
    org_number         VARCHAR,
    name               VARCHAR,
    turnover           BIGINT NOT NULL,
    wage_bill          BIGINT NOT NULL,
    staff_total        INTEGER NOT NULL,
    staff_local        INTEGER NOT NULL,
    staff_deprived     INTEGER NOT NULL,
    non_wage_costs     BIGINT NOT NULL,
    non_wage_local_pct BIGINT NOT NULL,   -- hundredths of a per cent
    jobs_created       INTEGER NOT NULL,
    apprenticeships    INTEGER NOT NULL,
    real_living_wage   BOOLEAN NOT NULL,
    line               INTEGER NOT NULL,
    imported_at        TIMESTAMP NOT NULL
);
