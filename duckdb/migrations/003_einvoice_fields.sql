-- Fields e-invoices carry on each line.
ALTER TABLE payments ADD COLUMN cpv VARCHAR;
ALTER TABLE payments ADD COLUMN unspsc VARCHAR;
ALTER TABLE payments ADD COLUMN order_ref VARCHAR;
ALTER TABLE payments ADD COLUMN quantity DECIMAL(18, 4);
ALTER TABLE payments ADD COLUMN unit_code VARCHAR;
