package io.celeris.adapter.http;

import java.util.Optional;

/** Who may call a route. */
enum Access {
    /** Anyone. Reads are public; a write must say so explicitly ({@link Routes#publicWrite}). */
    PUBLIC(null),
    /** A token with the {@code write} scope (or, while no write token is configured, a loopback client). */
    WRITE(Scope.WRITE),
    /** A token with the {@code admin} scope. */
    ADMIN(Scope.ADMIN);

    private final Scope scope;

    Access(Scope scope) {
        this.scope = scope;
    }

    /**
     * @return the scope a token needs, none for public routes
     */
    Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }
}
