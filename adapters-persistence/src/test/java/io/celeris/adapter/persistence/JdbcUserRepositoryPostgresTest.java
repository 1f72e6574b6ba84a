package io.celeris.adapter.persistence;

class JdbcUserRepositoryPostgresTest extends JdbcUserRepositoryContract {

    @Override
    protected DatabaseSettings settings() {
        return PostgresTestDatabase.get().settings();
    }
}
