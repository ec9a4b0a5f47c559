-- Which accounts count as procurement, per buyer, and why not.
CREATE TABLE scope_rules (
    buyer_id VARCHAR NOT NULL,
    seq      INTEGER NOT NULL,   -- rules apply in order; the first that matches decides
    action   VARCHAR NOT NULL,   -- include or exclude
    pattern  VARCHAR NOT NULL,   -- account pattern, see docs/analysis.md
    reason   VARCHAR NOT NULL
);

CREATE TABLE account_scope (
    buyer_id   VARCHAR NOT NULL,
    account_id INTEGER NOT NULL,
    in_scope   BOOLEAN NOT NULL,
    reason     VARCHAR NOT NULL
);

-- Suppliers in a buyer's configured deprived areas.
ALTER TABLE supplier_profiles ADD COLUMN deprived BOOLEAN DEFAULT false;
