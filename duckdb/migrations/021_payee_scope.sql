-- The procurement scope is decided per payee and account (issue 17): what
-- the payee is (the tax authority, a pension fund, another council, the
-- buyer itself) and what the account is say together whether a line is
-- procurement. The decisions of the accounts alone carry over to their
-- pairs, and every buyer's follow-up is marked pending so that the new rules
-- decide again (the figures say they are provisional until then).
CREATE TABLE payee_scope (
    buyer_id   VARCHAR NOT NULL,
    payee_id   INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    in_scope   BOOLEAN NOT NULL,
    reason     VARCHAR NOT NULL
);

INSERT INTO payee_scope
SELECT k.buyer_id, k.payee_id, k.account_id, s.in_scope, s.reason
FROM (SELECT buyer_id, payee_id, account_id FROM spend_cube
      UNION SELECT buyer_id, payee_id, account_id FROM items) k
JOIN account_scope s ON s.buyer_id = k.buyer_id AND s.account_id = k.account_id;

DROP TABLE account_scope;

INSERT INTO followups_pending
SELECT nextval('followup_seq'), b.id, 'scope rules', NULL, CAST(timezone('UTC', now()) AS TIMESTAMP)
FROM buyers b WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.buyer_id = b.id);
