package io.celeris.adapter.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The Redis the tests share: the server at {@code CELERIS_TEST_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}) or, when that one does not answer, a Redis started for this test run
 * ({@link RedisProcess}: {@code redis-server} from the PATH, else the binary embedded-redis ships).
 * Which one was used is printed. Never skips: if neither works, the test fails and says how to start
 * Redis. Tests isolate themselves with a key prefix of their own and remove their keys afterwards;
 * none flushes the server.
 */
public final class RedisTestServer {

    private static String uri;

    private RedisTestServer() {
    }

    /**
     * Deletes every key of a test's own prefix (SCAN + UNLINK).
     *
     * @param prefix the prefix, e.g. {@code celeris-it-1234abcd:}
     */
    public static void deleteKeysStartingWith(String prefix) {
        try (var admin = new RedisAdmin(uri())) {
            admin.deleteByPrefix(prefix);
        }
    }

    /**
     * Waits until a key exists: stores are sent after the read that loaded the value has answered.
     *
     * @param key     the whole key, prefix included
     * @param timeout how long at most
     * @return true if it exists within the timeout
     */
    public static boolean awaitKey(String key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var admin = new RedisAdmin(uri())) {
            while (admin.redis().exists(key) == 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                RedisProcess.sleep(5);
            }
            return true;
        }
    }

    /**
     * @return the URI of the Redis of this JVM, decided on first use
     */
    public static synchronized String uri() {
        if (uri == null) {
            String configured = System.getenv().getOrDefault("CELERIS_TEST_REDIS_URL", "redis://127.0.0.1:6379");
            String line;
            if (answers(configured)) {
                uri = configured;
                line = "[celeris-test] Redis: " + TestCaches.redis(configured, "", Duration.ofSeconds(1)).redactedUri();
            } else {
                try {
                    RedisProcess own = RedisProcess.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(own::close));
                    uri = own.uri();
                    line = "[celeris-test] Redis: " + configured + " did not answer; started " + own.description();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("""
                            No Redis for the tests. %s did not answer, and none could be started here (%s).
                            Start the local one with:  redis-server --daemonize yes
                            or point CELERIS_TEST_REDIS_URL at one.""".formatted(configured, e), e);
                }
            }
            System.out.println(line);
            record(line);
        }
        return uri;
    }

    static boolean answers(String uri) {
        RedisURI target = RedisURI.create(uri);
        target.setTimeout(Duration.ofSeconds(1));
        RedisClient client = RedisClient.create(target);
        try (var connection = client.connect()) {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static void record(String line) {
        // Surefire keeps test output in files; ./celeris test prints this one after the run.
        try {
            Files.writeString(Path.of("target", "celeris-test-services.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[celeris-test] could not record the services used: " + e.getMessage());
        }
    }
}
