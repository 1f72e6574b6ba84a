package io.celeris.adapter.http;

import io.celeris.bootstrap.OpenApiContract;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.testing.junit5.ServerTest;

/** The listing tests (filters, sorts, cursors, counts), every response validated against META-INF/openapi.yaml. */
@ServerTest
class ListingApiOpenApiTest extends ListingApiTest {

    ListingApiOpenApiTest(WebServer server) {
        super(OpenApiContract.client(server.port()));
    }
}
