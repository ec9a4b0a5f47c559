-- Invitations of colleagues to a supplier's account: once an organisation
-- has users, a new user of it needs an invitation from one of them.
CREATE TABLE supplier_invites (
    supplier_id VARCHAR NOT NULL,
    email       VARCHAR NOT NULL,
    invited_by  VARCHAR NOT NULL,
    made_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (supplier_id, email)
);
