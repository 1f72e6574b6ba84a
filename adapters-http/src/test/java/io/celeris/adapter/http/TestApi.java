package io.celeris.adapter.http;

import io.celeris.application.PagingSettings;
import io.celeris.application.service.ClearCachesService;
import io.celeris.application.service.CreateUserService;
import io.celeris.application.service.DeleteUserService;
import io.celeris.application.service.GetUserService;
import io.celeris.application.service.ListUsersByCursorService;
import io.celeris.application.service.ListUsersByOffsetService;
import io.celeris.application.service.UpdateUserService;
import io.celeris.application.service.UserCaches;
import io.celeris.application.testing.InMemoryUserRepository;
import io.celeris.application.testing.MapCache;
import io.helidon.webserver.http.HttpRouting;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The API over in-memory ports, as HTTP tests see it. */
final class TestApi {

    static final String TOKEN = "s3cret-token";
    static final String ADMIN_TOKEN = "admin-s3cret";
    /** Every test API accepts the admin token (named {@code ops}). */
    static final ApiToken OPS = ApiToken.ofSecret("ops", ADMIN_TOKEN, Set.of(Scope.ADMIN));
    /**
     * The real rule, plus the in-memory client of {@code @RoutingTest}: it has no socket, and names its peer
     * {@code localhost} without resolving it.
     */
    static final LocalPeers LOCAL = peer -> LocalPeers.LOOPBACK.isLocal(peer)
            || peer instanceof InetSocketAddress a && a.isUnresolved() && a.getHostString().equals("localhost");
    static final PagingSettings PAGING = new PagingSettings(20, 50, 200);

    private TestApi() {
    }

    /** With {@code token}: a write token named {@code ci}; without: writes from local clients only. */
    static void routing(HttpRouting.Builder routing, Optional<String> token) {
        routing(routing, token, AccessLogSettings.TEXT);
    }

    static void routing(HttpRouting.Builder routing, Optional<String> token, AccessLogSettings accessLog) {
        var tokens = new ArrayList<ApiToken>(List.of(OPS));
        token.ifPresent(t -> tokens.add(ApiToken.ofSecret("ci", t, Set.of(Scope.WRITE))));
        routing(routing, new ApiTokens(tokens), LOCAL, accessLog);
    }

    static List<Route> routing(HttpRouting.Builder routing, ApiTokens tokens, LocalPeers localPeers,
                               AccessLogSettings accessLog) {
        return routing(routing, tokens, localPeers, accessLog, new Drain());
    }

    /** Writes from local clients only, and the given drain. */
    static void routing(HttpRouting.Builder routing, AccessLogSettings accessLog, Drain drain) {
        routing(routing, new ApiTokens(List.of(OPS)), LOCAL, accessLog, drain);
    }

    private static List<Route> routing(HttpRouting.Builder routing, ApiTokens tokens, LocalPeers localPeers,
                                       AccessLogSettings accessLog, Drain drain) {
        return routing(routing, tokens, localPeers, accessLog, drain, TestApi::users);
    }

    /** Writes from local clients only, over the users service {@code users} makes (fakes of the use cases, say). */
    static void routing(HttpRouting.Builder routing,
                        java.util.function.BiFunction<HttpSettings, UserCaches, UsersHttpService> users) {
        routing(routing, new ApiTokens(List.of(OPS)), LOCAL, AccessLogSettings.TEXT, new Drain(), users);
    }

    private static List<Route> routing(HttpRouting.Builder routing, ApiTokens tokens, LocalPeers localPeers,
                                       AccessLogSettings accessLog, Drain drain,
                                       java.util.function.BiFunction<HttpSettings, UserCaches, UsersHttpService> users) {
        var settings = settings(tokens, accessLog);
        var caches = new UserCaches(new MapCache<>(), new MapCache<>(), new MapCache<>());
        return HttpAdapter.routing(routing, users.apply(settings, caches), new ClearCachesService(caches), settings,
                localPeers, drain);
    }

    static HttpSettings settings(ApiTokens tokens, AccessLogSettings accessLog) {
        return new HttpSettings(tokens, "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8),
                Optional.empty(), PAGING, true, io.celeris.domain.paging.CountMode.EXACT, 30, accessLog, 65_536);
    }

    /** The users service over an in-memory repository and {@code caches}. */
    static UsersHttpService users(HttpSettings settings, UserCaches caches) {
        var repo = new InMemoryUserRepository();
        var clock = Clock.systemUTC();
        return new UsersHttpService(new CreateUserService(repo, caches, clock), new GetUserService(repo, caches),
                new UpdateUserService(repo, caches, clock), new DeleteUserService(repo, caches),
                new ListUsersByOffsetService(repo, caches, PAGING), new ListUsersByCursorService(repo, caches, PAGING), settings);
    }
}
