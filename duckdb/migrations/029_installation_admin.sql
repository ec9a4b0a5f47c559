-- Installation admins: users who manage the installation in the browser
-- (its buyers and their first admins, registers and reference data), as
-- the operator's token does from the command line.
ALTER TABLE users ADD COLUMN installation_admin BOOLEAN DEFAULT false;
