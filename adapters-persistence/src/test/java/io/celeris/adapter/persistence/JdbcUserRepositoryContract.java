package io.celeris.adapter.persistence;

import io.celeris.application.port.out.UserRepository;
import io.celeris.application.testing.UserRepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The repository contract over a real database; subclasses say which. */
abstract class JdbcUserRepositoryContract extends UserRepositoryContract {

    private static Persistence persistence;

    protected abstract DatabaseSettings settings();

    @Override
    protected UserRepository emptyRepository() {
        if (persistence == null) {
            persistence = Persistence.start(settings());
        }
        persistence.truncateForTests();
        return persistence.userRepository();
    }

    @AfterAll
    static void close() {
        if (persistence != null) {
            persistence.close();
            persistence = null;
        }
    }
}
