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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/** The API over in-memory ports, as HTTP tests see it. */
final class TestApi {

    static final String TOKEN = "s3cret-token";
    static final String ADMIN_TOKEN = "admin-s3cret";
    static final PagingSettings PAGING = new PagingSettings(20, 50, 200);

    private TestApi() {
    }

    static void routing(HttpRouting.Builder routing, Optional<String> token) {
        routing(routing, token, AccessLogSettings.TEXT);
    }

    static void routing(HttpRouting.Builder routing, Optional<String> token, AccessLogSettings accessLog) {
        var repo = new InMemoryUserRepository();
        var cache = new MapCache<io.celeris.domain.user.UserId, io.celeris.domain.user.User>();
        var clock = Clock.systemUTC();
        var settings = new HttpSettings(token, "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8),
                Optional.empty(), PAGING, true, io.celeris.domain.paging.CountMode.EXACT, 30, Optional.of(ADMIN_TOKEN),
                accessLog);
        var caches = new UserCaches(cache, new MapCache<>(), new MapCache<>());
        var users = new UsersHttpService(new CreateUserService(repo, caches, clock), new GetUserService(repo, caches),
                new UpdateUserService(repo, caches, clock), new DeleteUserService(repo, caches),
                new ListUsersByOffsetService(repo, caches, PAGING), new ListUsersByCursorService(repo, caches, PAGING), settings);
        HttpAdapter.routing(routing, users, new ClearCachesService(caches), settings);
    }
}
