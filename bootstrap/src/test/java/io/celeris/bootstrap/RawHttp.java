package io.celeris.bootstrap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP/1.1 client over a plain socket, for what a real client library will not send (invalid bytes,
 * empty or repeated headers) and for what it hides (how a response is framed on the connection). It
 * reads each response exactly as its headers frame it, so a body where none belongs shows up as
 * garbage at the start of the next response.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long timeoutNanos;

    RawHttp(int port, Duration timeout) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        // Every read waits at most this long; exchange() also bounds the whole response by it.
        socket.setSoTimeout((int) timeout.toMillis());
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.timeoutNanos = timeout.toNanos();
    }

    /** One request on a new connection, which the request should ask to close. */
    static Response once(int port, Duration timeout, byte[] request) throws IOException {
        try (var http = new RawHttp(port, timeout)) {
            http.send(request);
            return http.read(false);
        }
    }

    void send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    void send(String request) throws IOException {
        send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * @param toHead whether the response answers a HEAD request (it then has no body, whatever its headers say)
     * @return the next response on the connection
     */
    Response read(boolean toHead) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        String head = readHead(deadline);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + printable(lines[0]));
        }
        int status = Integer.parseInt(statusLine[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                lines[i].substring(colon + 1).trim()});
        }
        var response = new Response(status, headers, new byte[0]);
        byte[] body;
        if (toHead || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if (response.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            body = readChunked(deadline);
        } else if (response.header("content-length").isPresent()) {
            body = readExactly(Integer.parseInt(response.header("content-length").get()), deadline);
        } else {
            body = readToEnd(deadline);
        }
        return new Response(status, headers, body);
    }

    /**
     * @return true when the server has closed the connection, false when it is still open and silent
     * @throws IOException when bytes follow the last response read: it was framed wrong
     */
    boolean closedByServer(Duration wait) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                byte[] rest = new byte[in.available()];
                int n = in.read(rest);
                throw new IOException("bytes after the last response: " + printable((char) b
                        + new String(rest, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1)));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private String readHead(long deadline) throws IOException {
        var buf = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = readByte(deadline);
            if (b < 0) {
                throw new IOException("connection closed after " + buf.size() + " bytes of a response head: "
                        + printable(buf.toString(StandardCharsets.ISO_8859_1)));
            }
            buf.write(b);
            last4 = last4 << 8 | b;
            if (buf.size() > 65_536) {
                throw new IOException("response head over 64 KiB");
            }
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private byte[] readChunked(long deadline) throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(deadline);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine(deadline).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(readExactly(size, deadline));
            readLine(deadline);
        }
    }

    private String readLine(long deadline) throws IOException {
        var sb = new StringBuilder();
        int b;
        while ((b = readByte(deadline)) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed in a chunked body");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private byte[] readExactly(int n, long deadline) throws IOException {
        byte[] data = new byte[n];
        int at = 0;
        while (at < n) {
            checkDeadline(deadline);
            int r = in.read(data, at, n - at);
            if (r < 0) {
                throw new IOException("connection closed after " + at + " of " + n + " body bytes");
            }
            at += r;
        }
        return data;
    }

    private byte[] readToEnd(long deadline) throws IOException {
        var body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int r;
        while ((r = in.read(chunk)) >= 0) {
            checkDeadline(deadline);
            body.write(chunk, 0, r);
        }
        return body.toByteArray();
    }

    private int readByte(long deadline) throws IOException {
        checkDeadline(deadline);
        return in.read();
    }

    private static void checkDeadline(long deadline) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new SocketTimeoutException("no complete response in time");
        }
    }

    static String printable(String s) {
        var sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 300 ? sb.substring(0, 300) + "…" : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * @param status  the status code
     * @param headers name (lower case) and value of each header line, in order
     * @param body    the body bytes as framed
     */
    record Response(int status, List<String[]> headers, byte[] body) {

        Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).findFirst();
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).toList();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers.stream().map(h -> h[0] + ": " + h[1]).toList() + " " + printable(text());
        }
    }
}
