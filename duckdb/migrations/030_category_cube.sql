-- The spend cube with the org unit and the category in place of the unit
-- and the item (issue 22): the keys most rollups group by or filter on
-- (payee, account, org unit, CPV category, contract, month) in a quarter
-- of spend_cube's rows, so that the footprint, the category pages and the
-- dashboards read neither the lines nor the items. The store keeps it in
-- step with spend_cube, and with the items' categories, in the same
-- transaction as every change to them (cube.go).
CREATE TABLE category_cube (
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

INSERT INTO category_cube
SELECT c.buyer_id, c.payee_id, c.account_id, u.org_unit, it.category, c.contract_id, c.period_date,
       CAST(sum(c.amount) AS BIGINT), CAST(sum(c.n) AS BIGINT)
FROM spend_cube c
LEFT JOIN units u ON u.buyer_id = c.buyer_id AND u.unit_id = c.unit_id
LEFT JOIN items it ON it.buyer_id = c.buyer_id AND it.item_id = c.item_id
GROUP BY ALL;
