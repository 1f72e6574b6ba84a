package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@RoutingTest
class WriteAuthorizationTest {

    private static final String BODY = "{\"email\":\"auth@example.com\",\"name\":\"A\"}";
    private final Http1Client client;

    WriteAuthorizationTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.of(TestApi.TOKEN));
    }

    @Test
    void writesWithoutATokenAre401WithAChallenge() {
        var res = client.post("/users").contentType(MediaTypes.APPLICATION_JSON).submit(BODY, String.class);
        UsersApiContract.assertProblem(res, Status.UNAUTHORIZED_401, "unauthorized");
        assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE)).contains("Bearer realm=\"celeris\"");
    }

    @Test
    void writesWithAWrongTokenAre401() {
        for (String auth : new String[] {"Bearer wrong", "Bearer " + TestApi.TOKEN + "x", "Basic " + TestApi.TOKEN, "Bearer", TestApi.TOKEN}) {
            var res = client.delete("/users/0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f")
                    .header(HeaderNames.AUTHORIZATION, auth).request(String.class);
            UsersApiContract.assertProblem(res, Status.UNAUTHORIZED_401, "unauthorized");
            assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow()).contains("invalid_token");
        }
    }

    @Test
    void writesWithTheTokenPassAndReadsNeedNone() {
        var res = client.post("/users").contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestApi.TOKEN).submit(BODY, String.class);
        assertThat(res.status()).isEqualTo(Status.CREATED_201);
        assertThat(client.get("/users").request(String.class).status()).isEqualTo(Status.OK_200);
        assertThat(client.get(res.headers().first(HeaderNames.LOCATION).orElseThrow()).request(String.class).status())
                .isEqualTo(Status.OK_200);
    }
}
