package io.celeris.application.testing;

import io.celeris.application.port.out.UserRepository;

class InMemoryUserRepositoryTest extends UserRepositoryContract {

    @Override
    protected UserRepository emptyRepository() {
        return new InMemoryUserRepository();
    }
}
