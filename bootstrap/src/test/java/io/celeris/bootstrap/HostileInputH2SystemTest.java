package io.celeris.bootstrap;

import java.util.Map;

/** The hostile-input suite on the wired server with its embedded H2. */
class HostileInputH2SystemTest extends HostileInputContract {

    @Override
    Map<String, String> database() {
        return Map.of("database.url", "jdbc:h2:mem:hostile-input;DB_CLOSE_DELAY=-1");
    }
}
