-- The number of users, kept exact by every insert and delete in its own transaction, so that an unfiltered
-- exact total is a sum of a few rows instead of COUNT(*) over the table. Striped: each write adds to one of
-- 16 rows (JdbcUserRepository picks one at random), so concurrent writers rarely wait on the same row lock;
-- the total is the sum of all of them. Stripe 0 starts with the rows already there.
-- Anything that writes users outside JdbcUserRepository must keep this table right (bench/Seed.java does).
CREATE TABLE user_count (
    stripe SMALLINT NOT NULL,
    n      BIGINT   NOT NULL,
    CONSTRAINT user_count_pk PRIMARY KEY (stripe)
);

INSERT INTO user_count (stripe, n) SELECT 0, COUNT(*) FROM users;
INSERT INTO user_count (stripe, n) VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0),
    (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0);
