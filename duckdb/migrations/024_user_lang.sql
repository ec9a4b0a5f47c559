-- The language a user chose ("nb" or "en"; NULL: not chosen, the
-- browser's is used): their pages and the mail they are sent.
ALTER TABLE users ADD COLUMN lang VARCHAR;
