-- email is unique, so its unique index already orders (email, id); PostgreSQL prefers it anyway
-- (an incremental sort over groups of one row). The extra index only cost writes.
DROP INDEX users_email_id_ix;
