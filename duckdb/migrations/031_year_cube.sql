-- The category cube summed by the buyer's fiscal year (issue 22): the
-- same keys with the first day of the fiscal year in place of the month,
-- a ninth of the category cube's rows at 10 million lines. Rollups over
-- whole fiscal years (the footprint, the categories page, the dashboards)
-- read it instead of the months. The store keeps it in step with the
-- category cube in the same transaction as every change to it (cube.go).
-- A buyer's fiscal start never changes once it has lines.
CREATE TABLE year_cube (
    buyer_id    VARCHAR NOT NULL,
    payee_id    INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    org_unit    VARCHAR,
    category    VARCHAR,
    contract_id VARCHAR,
    period_date DATE NOT NULL,
    amount      BIGINT NOT NULL,
    n           BIGINT NOT NULL
);

INSERT INTO year_cube
SELECT c.buyer_id, c.payee_id, c.account_id, c.org_unit, c.category, c.contract_id,
       make_date(CAST(year(c.period_date) - CASE WHEN month(c.period_date) < b.fiscal_start THEN 1 ELSE 0 END AS INTEGER), b.fiscal_start, 1),
       CAST(sum(c.amount) AS BIGINT), CAST(sum(c.n) AS BIGINT)
FROM category_cube c JOIN buyers b ON b.id = c.buyer_id
GROUP BY ALL;
