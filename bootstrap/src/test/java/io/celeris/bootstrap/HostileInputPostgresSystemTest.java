package io.celeris.bootstrap;

import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.util.Map;

/** The hostile-input suite on the wired server over PostgreSQL: narrower date range, no NUL in text. */
class HostileInputPostgresSystemTest extends HostileInputContract {

    @Override
    Map<String, String> database() {
        var pg = PostgresTestDatabase.get();
        return Map.of("database.url", pg.url(), "database.user", pg.user(), "database.password", pg.password());
    }
}
