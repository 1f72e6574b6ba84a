import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector that accepts OTLP/HTTP exports and discards them, for bench/tracing-ab.sh: POST to any path is
 * read to the end and answered 200 (an empty ExportTraceServiceResponse is zero bytes); GET /count says how many
 * exports and bytes arrived, so the script can show spans really left the instance under test.
 *
 *   java bench/OtlpSink.java <port>
 */
public final class OtlpSink {

    public static void main(String[] args) throws IOException {
        var exports = new AtomicLong();
        var bytes = new AtomicLong();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestMethod().equals("GET")) {
                    byte[] body = (exports.get() + " exports " + bytes.get() + " bytes\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                }
                bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
                exports.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }
}
