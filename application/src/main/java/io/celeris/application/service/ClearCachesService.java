package io.celeris.application.service;

import io.celeris.application.port.in.ClearCachesUseCase;
import java.util.Objects;
import java.util.logging.Logger;

/** Clears the user caches (each adapter spreads the clear to its other tiers and instances). */
public final class ClearCachesService implements ClearCachesUseCase {

    private static final Logger LOG = Logger.getLogger(ClearCachesService.class.getName());
    private final UserCaches caches;

    /**
     * @param caches the caches to clear
     */
    public ClearCachesService(UserCaches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public void clearCaches() {
        caches.clear();
        LOG.info("caches cleared on request");
    }
}
