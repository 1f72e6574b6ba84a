package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;

/**
 * {@code /admin}: operations for a token with the admin scope. {@link HttpAdapter} mounts it with an admin
 * floor (every route here needs that scope, whatever its method) and only when such a token exists.
 */
public final class AdminHttpService implements RouteSet {

    private final ClearCachesUseCase clearCaches;

    /**
     * @param clearCaches the clear use case
     */
    public AdminHttpService(ClearCachesUseCase clearCaches) {
        this.clearCaches = Objects.requireNonNull(clearCaches, "clearCaches");
    }

    @Override
    public void routes(Routes routes) {
        routes.post("/cache/clear", this::clear);
    }

    private void clear(ServerRequest req, ServerResponse res) {
        clearCaches.clearCaches();
        res.status(Status.NO_CONTENT_204).send();
    }
}
