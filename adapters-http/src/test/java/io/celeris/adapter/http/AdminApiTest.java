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
class AdminApiTest {

    private final Http1Client client;

    AdminApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.empty());
    }

    @Test
    void clearingCachesNeedsTheAdminToken() {
        var none = client.post("/admin/cache/clear").request(String.class);
        UsersApiContract.assertProblem(none, Status.UNAUTHORIZED_401, "unauthorized");
        assertThat(none.headers().first(HeaderNames.WWW_AUTHENTICATE)).isPresent();
        // A token we do not know is 401 invalid_token, as on writes (RFC 6750); 403 is for a known token without
        // the admin scope (TokenScopesTest).
        var wrong = client.post("/admin/cache/clear").header(HeaderNames.AUTHORIZATION, "Bearer nope").request(String.class);
        UsersApiContract.assertProblem(wrong, Status.UNAUTHORIZED_401, "unauthorized");
        assertThat(wrong.headers().first(HeaderNames.WWW_AUTHENTICATE).orElseThrow()).contains("invalid_token");
    }

    @Test
    void clearingCachesMakesTheNextReadAMiss() {
        var created = client.post("/users").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"email\":\"admin-test@example.com\",\"name\":\"A\"}", String.class);
        String location = created.headers().first(HeaderNames.LOCATION).orElseThrow();
        client.get(location).request(String.class);
        var hit = client.get(location).request(String.class);
        assertThat(hit.headers().first(CacheStatus.HEADER)).contains("celeris-map; hit");
        assertThat(hit.headers().first(HeaderNames.CACHE_CONTROL)).contains("private, max-age=30");
        var ok = client.post("/admin/cache/clear").header(HeaderNames.AUTHORIZATION, "Bearer " + TestApi.ADMIN_TOKEN)
                .request(String.class);
        assertThat(ok.status()).isEqualTo(Status.NO_CONTENT_204);
        assertThat(client.get(location).request(String.class).headers().first(CacheStatus.HEADER))
                .contains("celeris; fwd=miss; stored");
    }
}
