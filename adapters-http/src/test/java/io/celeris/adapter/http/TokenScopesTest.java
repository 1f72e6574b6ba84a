package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Named tokens with scopes over a real socket: rotation (old and new valid together), scope refusals, the
 * access log naming the token, and the defaults without tokens (writes from loopback clients only, no admin
 * routes).
 */
class TokenScopesTest {

    private static final String BODY = "{\"email\":\"scopes-%d@example.com\",\"name\":\"S\"}";
    private static final ApiToken CI_OLD = ApiToken.ofSecret("ci-old", "old-secret", Set.of(Scope.WRITE));
    private static final ApiToken CI_NEW = ApiToken.ofSecret("ci-new", "new-secret", Set.of(Scope.WRITE));
    private static final ApiToken OPS = ApiToken.ofSecret("ops", "ops-secret", Set.of(Scope.ADMIN));
    private static final ApiToken ROOT = ApiToken.ofSecret("root", "root-secret", Set.of(Scope.WRITE, Scope.ADMIN));

    private final List<WebServer> servers = new ArrayList<>();
    private int seq;

    @AfterEach
    void stop() {
        servers.forEach(WebServer::stop);
    }

    private int start(ApiTokens tokens, LocalPeers peers, AccessLogSettings accessLog) {
        var server = WebServer.builder().host("127.0.0.1").port(0).directHandlers(HttpAdapter.directHandlers())
                .routing(routing -> TestApi.routing(routing, tokens, peers, accessLog)).build().start();
        servers.add(server);
        return server.port();
    }

    private RawHttp.Response create(int port, String authorization) throws Exception {
        return RawHttp.send(port, "POST", "/users", authorization, BODY.formatted(++seq));
    }

    private static void assertProblem(RawHttp.Response res, int status, String type) {
        assertThat(res.status()).as(res.toString()).isEqualTo(status);
        assertThat(res.isProblemJson()).as(res.headers()).isTrue();
        assertThat(UsersApiContract.json(res.body()).path("type").asText()).isEqualTo("urn:celeris:problem:" + type);
    }

    @Test
    void duringARotationTheOldAndTheNewTokenAreBothValid() throws Exception {
        int both = start(new ApiTokens(List.of(CI_OLD, CI_NEW)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        assertThat(create(both, "Bearer old-secret").status()).isEqualTo(201);
        assertThat(create(both, "Bearer new-secret").status()).isEqualTo(201);
        assertThat(create(both, "bearer  new-secret ").status()).as("scheme in any case").isEqualTo(201);

        int after = start(new ApiTokens(List.of(CI_NEW)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        var old = create(after, "Bearer old-secret");
        assertProblem(old, 401, "unauthorized");
        assertThat(old.headers()).contains("www-authenticate: bearer realm=\"celeris\", error=\"invalid_token\"");
        assertThat(create(after, "Bearer new-secret").status()).isEqualTo(201);
    }

    @Test
    void aTokenDoesOnlyWhatItsScopesSay() throws Exception {
        int port = start(new ApiTokens(List.of(CI_NEW, OPS, ROOT)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        var adminOnWrite = create(port, "Bearer ops-secret");
        assertProblem(adminOnWrite, 403, "forbidden");
        assertThat(adminOnWrite.headers()).contains("error=\"insufficient_scope\", scope=\"write\"");
        var writeOnAdmin = RawHttp.send(port, "POST", "/admin/cache/clear", "Bearer new-secret", null);
        assertProblem(writeOnAdmin, 403, "forbidden");
        assertThat(writeOnAdmin.headers()).contains("scope=\"admin\"");
        assertProblem(RawHttp.send(port, "POST", "/admin/cache/clear", null, null), 401, "unauthorized");
        assertProblem(RawHttp.send(port, "POST", "/admin/cache/clear", "Bearer nope", null), 401, "unauthorized");

        assertThat(RawHttp.send(port, "POST", "/admin/cache/clear", "Bearer ops-secret", null).status()).isEqualTo(204);
        assertThat(RawHttp.send(port, "POST", "/admin/cache/clear", "Bearer root-secret", null).status()).isEqualTo(204);
        assertThat(create(port, "Bearer root-secret").status()).isEqualTo(201);
        // Reads stay public.
        assertThat(RawHttp.send(port, "GET", "/users?limit=5", null, null).status()).isEqualTo(200);
    }

    @Test
    void twoAuthorizationHeadersAre400WhicheverComesFirst() throws Exception {
        // Helidon keeps both and the first counted: a valid token then a bogus one wrote; the other order did not.
        int port = start(new ApiTokens(List.of(CI_NEW, OPS)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        for (String two : List.of("Bearer new-secret\r\nAuthorization: Bearer bogus",
                "Bearer bogus\r\nAuthorization: Bearer new-secret", "Bearer new-secret\r\nAuthorization: Bearer new-secret")) {
            var res = create(port, two);
            assertProblem(res, 400, "invalid-header");
            assertThat(res.headers()).contains("error=\"invalid_request\"");
            assertProblem(RawHttp.send(port, "POST", "/admin/cache/clear", two.replace("new-secret", "ops-secret"), null),
                    400, "invalid-header");
        }
        assertThat(create(port, "Bearer new-secret").status()).isEqualTo(201);
    }

    @Test
    void theAccessLogNamesTheTokenNeverTheSecret() throws Exception {
        var lines = new ArrayList<String>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger(RequestContextFilter.ACCESS_LOGGER);
        access.addHandler(capture);
        try {
            int text = start(new ApiTokens(List.of(CI_NEW, OPS)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
            assertThat(create(text, "Bearer new-secret").status()).isEqualTo(201);
            assertThat(create(text, "Bearer ops-secret").status()).isEqualTo(403);
            assertThat(create(text, "Bearer wrong").status()).isEqualTo(401);
            assertThat(RawHttp.send(text, "GET", "/users", null, null).status()).isEqualTo(200);
            int json = start(new ApiTokens(List.of(CI_NEW)), LocalPeers.LOOPBACK, new AccessLogSettings(true, true));
            assertThat(create(json, "Bearer new-secret").status()).isEqualTo(201);
            // Lines are written once each response is sent, maybe after the client read it: not in request order.
            awaitAll(lines, List.of(
                    l -> l.contains("\"POST /users\" 201") && l.contains(" token=ci-new "),
                    l -> l.contains("\"POST /users\" 403") && l.contains(" token=ops "),
                    l -> l.contains("\"POST /users\" 401") && l.contains(" token=- "),
                    l -> l.contains("\"GET /users\" 200") && l.contains(" token=- "),
                    l -> l.contains("\"status\":201") && l.contains("\"token\":\"ci-new\"")));
        } finally {
            access.removeHandler(capture);
        }
        synchronized (lines) {
            assertThat(lines).noneMatch(l -> l.contains("secret"));
        }
    }

    /** Waits, up to a deadline, until each expectation matches a line; then asserts it. */
    private static void awaitAll(List<String> lines, List<Predicate<String>> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (expected.stream().allMatch(e -> lines.stream().anyMatch(e))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        synchronized (lines) {
            for (Predicate<String> e : expected) {
                assertThat(lines).anyMatch(e);
            }
        }
    }

    @Test
    void withoutAWriteTokenOnlyLoopbackClientsWrite() throws Exception {
        // The server sees every client as remote: what a client on another machine gets.
        int remote = start(ApiTokens.none(), peer -> false, AccessLogSettings.TEXT);
        var refused = create(remote, null);
        assertProblem(refused, 403, "writes-loopback-only");
        assertProblem(RawHttp.send(remote, "DELETE", "/users/0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f", null, null), 403,
                "writes-loopback-only");
        assertProblem(create(remote, "Bearer anything"), 403, "writes-loopback-only");
        assertThat(RawHttp.send(remote, "GET", "/users", null, null).status()).as("reads stay open").isEqualTo(200);

        // The real rule, over 127.0.0.1.
        int local = start(ApiTokens.none(), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        assertThat(create(local, null).status()).isEqualTo(201);
    }

    @Test
    void withoutAWriteTokenARequestAProxyForwardedIsNotLocal() throws Exception {
        // nginx on this machine connects from 127.0.0.1 for every client on the internet: the loopback peer alone
        // let anyone write through the shipped nginx site. Each header a proxy adds says the client is elsewhere.
        int local = start(ApiTokens.none(), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        for (String header : List.of("X-Forwarded-For: 203.0.113.7", "x-forwarded-for: 127.0.0.1",
                "Forwarded: for=203.0.113.7", "Via: 1.1 nginx", "X-Real-IP: 203.0.113.7",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: api.example.org")) {
            // With no token configured the Authorization header is not read: it carries the extra line here.
            var refused = create(local, "Bearer unused\r\n" + header);
            assertProblem(refused, 403, "writes-loopback-only");
            assertThat(refused.body()).as(header).contains("a request forwarded by a proxy is not one");
            assertProblem(RawHttp.send(local, "DELETE", "/users/0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f",
                    "Bearer unused\r\n" + header, null), 403, "writes-loopback-only");
        }
        // Headers that only look alike are not a proxy's.
        assertThat(create(local, "Bearer unused\r\nX-Forwarded: no\r\nVia-Agent: x").status()).isEqualTo(201);

        // With a write token, the token decides, forwarded or not.
        int tokened = start(new ApiTokens(List.of(CI_NEW)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        assertThat(create(tokened, "Bearer new-secret\r\nX-Forwarded-For: 203.0.113.7").status()).isEqualTo(201);
    }

    @Test
    void withoutAnAdminTokenTheAdminRoutesDoNotExist() throws Exception {
        int port = start(new ApiTokens(List.of(CI_NEW)), LocalPeers.LOOPBACK, AccessLogSettings.TEXT);
        for (String auth : new String[] {null, "Bearer new-secret", "Bearer ops-secret"}) {
            assertProblem(RawHttp.send(port, "POST", "/admin/cache/clear", auth, null), 404, "not-found");
        }
    }

    @Test
    void loopbackMeans127Slash8AndColonColon1() throws Exception {
        for (String local : List.of("127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "::ffff:127.0.0.1")) {
            assertThat(LocalPeers.LOOPBACK.isLocal(new InetSocketAddress(InetAddress.getByName(local), 1234)))
                    .as(local).isTrue();
        }
        for (String remote : List.of("10.0.0.1", "192.168.1.10", "128.0.0.1", "126.255.255.255", "0.0.0.0", "::",
                "fe80::1", "::ffff:10.0.0.1", "2001:db8::1", "::2")) {
            assertThat(LocalPeers.LOOPBACK.isLocal(new InetSocketAddress(InetAddress.getByName(remote), 1234)))
                    .as(remote).isFalse();
        }
        // An address nobody resolved (an in-memory client calls itself "localhost") is not trusted.
        assertThat(LocalPeers.LOOPBACK.isLocal(InetSocketAddress.createUnresolved("localhost", 80))).isFalse();
        assertThat(LocalPeers.LOOPBACK.isLocal(null)).isFalse();
    }
}
