package io.celeris.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One raw TCP connection to the server: what a socket-level test needs to see framing as it is on the wire
 * (how many answers, whether the server closed), which an HTTP client hides.
 */
final class RawConnection implements AutoCloseable {

    /** One parsed HTTP/1.1 answer. */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).map(List::getFirst);
        }

        boolean closes() {
            return header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
        }
    }

    /** What the server did after an answer. */
    enum After { CLOSED, OPEN, MORE_DATA }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Closes our sending side only (a client that stops in the middle and goes away). */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * @return the next answer on the connection
     * @throws EOFException when the server closed the connection before (or while) answering
     */
    Answer read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.getFirst().equalsIgnoreCase("chunked")) {
            var all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                all.write(in.readNBytes(size));
                line();
            }
            line();
            body = all.toByteArray();
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).getFirst());
            body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
            }
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Waits for what comes after an answer: end of stream (or a reset) is {@link After#CLOSED}, silence for
     * {@code wait} is {@link After#OPEN}, any byte is {@link After#MORE_DATA} (a second answer).
     */
    After after(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() == -1 ? After.CLOSED : After.MORE_DATA;
        } catch (SocketTimeoutException e) {
            return After.OPEN;
        } catch (SocketException e) {
            // Closing with unread request bytes makes the server's kernel answer with a reset.
            return After.CLOSED;
        } finally {
            socket.setSoTimeout(15_000);
        }
    }

    private String line() throws IOException {
        var sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw new EOFException("connection closed" + (sb.isEmpty() ? "" : " after '" + sb + "'"));
            }
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
