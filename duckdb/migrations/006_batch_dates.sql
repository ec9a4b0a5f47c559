-- The first and last date of a batch's lines, so that a buyer's years are
-- known without scanning its lines.
ALTER TABLE import_batches ADD COLUMN first_date DATE;
ALTER TABLE import_batches ADD COLUMN last_date DATE;
UPDATE import_batches SET first_date = d.f, last_date = d.l
FROM (SELECT batch_id, min(period_date) AS f, max(period_date) AS l FROM payments GROUP BY batch_id) d
WHERE import_batches.id = d.batch_id;
