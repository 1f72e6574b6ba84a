-- Listings sort by name, email and last_login_at, and filter by email domain; every supported sort gets
-- an index whose order matches it exactly (the tiebreaking id runs in the direction of the last key),
-- so a keyset page seeks instead of scanning, at any depth.

-- When the user last signed in (set by the identity system); NULL when never. NULLs sort last both ways.
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMP WITH TIME ZONE;

-- The part after '@', kept so that the email_domain filter is an equality.
ALTER TABLE users ADD COLUMN email_domain VARCHAR(254);
UPDATE users SET email_domain = SUBSTRING(email FROM POSITION('@' IN email) + 1);
ALTER TABLE users ALTER COLUMN email_domain SET NOT NULL;

CREATE INDEX users_name_id_ix ON users (name, id);
CREATE INDEX users_email_id_ix ON users (email, id);
CREATE INDEX users_last_login_asc_ix ON users (last_login_at ASC NULLS LAST, id ASC);
CREATE INDEX users_last_login_desc_ix ON users (last_login_at DESC NULLS LAST, id DESC);
CREATE INDEX users_email_domain_ix ON users (email_domain, created_at, id);
