package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.application.StoreUnavailableException;
import io.celeris.application.port.in.ListUsersByCursorUseCase;
import io.celeris.application.port.in.ListUsersByOffsetUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A 503 tells a client whether to retry blind: a read, or a write the database never saw, may simply be retried; a
 * write that failed after it reached the database (which stopped answering, or whose connection broke) may have
 * been made, and the answer says to read before retrying.
 */
@RoutingTest
class StoreUnavailableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Whether the store failed after the work reached it, for the next call. */
    private static final AtomicBoolean REACHED = new AtomicBoolean();
    private static final String ID = "0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f";

    private final Http1Client client;

    StoreUnavailableTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, (settings, caches) -> new UsersHttpService(
                command -> fail(), id -> fail(), command -> fail(), command -> {
                    fail();
                }, (ListUsersByOffsetUseCase) query -> fail(), (ListUsersByCursorUseCase) query -> fail(), settings));
    }

    private static <T> T fail() {
        throw new StoreUnavailableException("the database did not answer within PT30S", null, REACHED.get());
    }

    @Test
    void aWriteThatReachedTheDatabaseSaysItMayHaveBeenMade() throws Exception {
        REACHED.set(true);
        for (var res : java.util.List.of(
                client.post("/users").header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit("{\"email\":\"a@example.org\",\"name\":\"A\"}", String.class),
                client.put("/users/" + ID).header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit("{\"email\":\"a@example.org\",\"name\":\"A\"}", String.class),
                client.delete("/users/" + ID).request(String.class))) {
            JsonNode problem = problem(res);
            assertThat(problem.path("detail").asText()).contains("may have been made", "before retrying")
                    .doesNotContain("retry shortly");
        }
        assertThat(problem(client.get("/users/" + ID).request(String.class)).path("detail").asText())
                .as("a read may always be retried").endsWith("; retry shortly");
    }

    @Test
    void aWriteRefusedBeforeItReachedTheDatabaseMayBeRetried() throws Exception {
        REACHED.set(false);
        var res = client.delete("/users/" + ID).request(String.class);
        assertThat(problem(res).path("detail").asText()).endsWith("; retry shortly").doesNotContain("may have been");
    }

    private static JsonNode problem(ClientResponseTyped<String> res) throws Exception {
        assertThat(res.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
        assertThat(res.headers().first(HeaderNames.RETRY_AFTER)).contains("1");
        JsonNode body = JSON.readTree(res.entity());
        assertThat(body.path("type").asText()).isEqualTo("urn:celeris:problem:service-unavailable");
        return body;
    }
}
