package io.celeris.adapter.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.RoutingTest;

@RoutingTest
class UsersApiRoutingTest extends UsersApiContract {

    UsersApiRoutingTest(Http1Client client) {
        super(client);
    }
}
