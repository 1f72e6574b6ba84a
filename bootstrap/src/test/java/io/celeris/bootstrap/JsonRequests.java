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

    /**
     * As {@link #send}, with {@code Authorization: Bearer <writeSecret>} on a write (anything but GET and HEAD): behind
     * a proxy writes need a token, since a forwarded request is never a loopback client's.
     */
    static HttpResponse<String> sendWithWriteToken(HttpClient client, String base, String method, String path,
                                                   String body, String writeSecret, String... headers)
            throws Exception {
        if (method.equals("GET") || method.equals("HEAD")) {
            return send(client, base, method, path, body, headers);
        }
        String[] withToken = java.util.Arrays.copyOf(headers, headers.length + 2);
        withToken[headers.length] = "Authorization";
        withToken[headers.length + 1] = "Bearer " + writeSecret;
        return send(client, base, method, path, body, withToken);
    }
}
