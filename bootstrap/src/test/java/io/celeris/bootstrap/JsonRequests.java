package io.celeris.bootstrap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP request of the system tests: a JSON body when given, extra headers as name, value pairs. */
final class JsonRequests {

    private JsonRequests() {
    }

    /**
     * @param base    e.g. {@code http://127.0.0.1:8080}
     * @param body    JSON, or null for none
     * @param headers name, value, name, value …
     * @return the answer, its body as text; at most 20 s
     */
    static HttpResponse<String> send(HttpClient client, String base, String method, String path, String body,
                                     String... headers) throws Exception {
        var req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
