-- A classified item's reason as clauses (cityspend.Categorization.Why as
-- JSON: message keys and their arguments), which pages render in their
-- own language; the column reason keeps the English text.
ALTER TABLE items ADD COLUMN why VARCHAR;
