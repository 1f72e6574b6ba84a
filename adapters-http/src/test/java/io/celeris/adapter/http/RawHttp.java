package io.celeris.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, byte for byte: the request target reaches the server exactly as written
 * (no client normalises {@code ..}, {@code //} or percent-escapes), as with {@code curl --path-as-is}.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A response: status code, the header block as text (lower-cased names), the body. */
    record Response(int status, String headers, String body) {

        boolean isProblemJson() {
            return headers.contains("\ncontent-type: application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * Sends one request with {@code Connection: close} and reads the whole answer.
     *
     * @param authorization the Authorization header value, or null for none
     */
    static Response send(int port, String method, String target, String authorization, String jsonBody) throws IOException {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        var head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Connection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            // Read the head, then Content-Length bytes: the answer is complete without waiting for the close.
            var raw = new ByteArrayOutputStream();
            int end = -1;
            while (end < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before a complete head, after: " + raw.toString(StandardCharsets.UTF_8));
                }
                raw.write(b);
                byte[] sofar = raw.toByteArray();
                int n = sofar.length;
                if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                    end = n;
                }
            }
            String head0 = raw.toString(StandardCharsets.ISO_8859_1);
            if (!head0.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer to " + method + " " + target + ": " + head0);
            }
            String headers = head0.substring(0, end - 4).replace("\r\n", "\n").toLowerCase(Locale.ROOT);
            var length = Pattern.compile("\ncontent-length: *(\\d+)").matcher(headers);
            int status = Integer.parseInt(head0.substring(9, 12));
            byte[] content = length.find() ? in.readNBytes(Integer.parseInt(length.group(1)))
                    : status == 204 || status == 304 || method.equals("HEAD") ? new byte[0] : in.readAllBytes();
            // Lower-cased names; values of interest (media types) are case-insensitive anyway.
            return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
        }
    }
}
