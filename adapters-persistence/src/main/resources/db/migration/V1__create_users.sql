-- Users. Shared by PostgreSQL and H2: keep to the SQL both understand.
-- name holds up to 100 code points, which may take 200 UTF-16 units (H2 counts those).
CREATE TABLE users (
    id         UUID                     NOT NULL,
    email      VARCHAR(254)             NOT NULL,
    name       VARCHAR(200)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version    BIGINT                   NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_email_uk UNIQUE (email),
    CONSTRAINT users_version_ck CHECK (version >= 1)
);

-- The default listing order, (created_at, id): keyset pages seek here instead of scanning.
CREATE INDEX users_created_at_id_ix ON users (created_at, id);
