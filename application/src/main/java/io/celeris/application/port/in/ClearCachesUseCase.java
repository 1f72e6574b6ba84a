package io.celeris.application.port.in;

/** Operations: drop every cached user, negative entry and total, on every instance and in the shared tier. */
public interface ClearCachesUseCase {

    /** Clears the caches. */
    void clearCaches();
}
