package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.bootstrap.OpenApiContract;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.testing.junit5.ServerTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The users API contract over a socket (with its transport-level tests), every response it receives validated
 * against META-INF/openapi.yaml: a response the document does not describe fails the test that received it.
 */
@ServerTest
class UsersApiOpenApiTest extends UsersApiServerTest {

    UsersApiOpenApiTest(WebServer server) {
        super(OpenApiContract.client(server.port()), server);
    }

    @AfterAll
    static void everyResponseWentThroughTheValidator() {
        // Guards the wiring: a client built without the validating service would pass everything unseen.
        assertThat(OpenApiContract.get().validated()).isGreaterThan(100);
    }
}
