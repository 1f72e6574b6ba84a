package io.celeris.adapter.http;

/** A service's routes, declared with who may call each ({@link Routes}); mounted by {@link HttpAdapter}. */
interface RouteSet {

    /**
     * @param routes where to declare them
     */
    void routes(Routes routes);
}
