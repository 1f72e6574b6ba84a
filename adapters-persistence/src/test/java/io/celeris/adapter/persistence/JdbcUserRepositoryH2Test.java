package io.celeris.adapter.persistence;

class JdbcUserRepositoryH2Test extends JdbcUserRepositoryContract {

    @Override
    protected DatabaseSettings settings() {
        return TestDatabaseSettings.of("jdbc:h2:mem:contract-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
