package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The same API over a real socket, plus what only a socket can show: transport-level errors. */
@ServerTest
class UsersApiServerTest extends UsersApiContract {

    private final int port;

    UsersApiServerTest(Http1Client client, io.helidon.webserver.WebServer server) {
        super(client);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.maxPayloadSize(4096).directHandlers(HttpAdapter.directHandlers());
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"email\":\"a@b.co\",\"name\":\"" + "x".repeat(10_000) + "\"}";
        var res = client.post("/users").contentType(MediaTypes.APPLICATION_JSON).submit(big, String.class);
        assertProblem(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "payload-too-large");
    }

    @Test
    void malformedHttpGetsProblemJson() throws Exception {
        String raw = raw("GET /users?limit=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("application/problem+json").doesNotContain("Exception");
        String garbage = raw("NOT HTTP AT ALL\r\n\r\n");
        assertThat(garbage).startsWith("HTTP/1.1 400").contains("application/problem+json");
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
