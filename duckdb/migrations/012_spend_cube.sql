-- The fact table summed by month and by every key the engines group by
-- (payee, account, unit, item, contract): the rollups read it instead of
-- the lines, about a tenth of the rows. period_date is the first of the
-- month; n counts the lines. The store keeps it in step with payments in the
-- same transaction as every change to them (cube.go).
CREATE TABLE spend_cube (
    buyer_id    VARCHAR NOT NULL,
    payee_id    INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    item_id     INTEGER,
    contract_id VARCHAR,
    period_date DATE NOT NULL,
    amount      BIGINT NOT NULL,
    n           BIGINT NOT NULL
);

INSERT INTO spend_cube
SELECT buyer_id, payee_id, account_id, unit_id, item_id, contract_id, CAST(date_trunc('month', period_date) AS DATE),
       CAST(sum(amount) AS BIGINT), count(*)
FROM payments GROUP BY ALL;
