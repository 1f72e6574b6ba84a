package io.celeris.adapter.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Consumer;

/** The tests' own view of Redis: to look at keys, move their time, and clean up by prefix. */
final class RedisAdmin implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisAdmin(String uri) {
        client = RedisClient.create(uri);
        connection = client.connect();
    }

    RedisCommands<String, String> redis() {
        return connection.sync();
    }

    /** Removes every key starting with the prefix, by SCAN and UNLINK. */
    void deleteByPrefix(String prefix) {
        forEachKey(prefix, key -> redis().unlink(key));
    }

    /**
     * Lets time pass for the keys under a prefix, as Redis would: each TTL shrinks by {@code time}, and
     * a key whose TTL runs out is gone.
     */
    void elapse(String prefix, Duration time) {
        forEachKey(prefix, key -> {
            long pttl = redis().pttl(key);
            if (pttl > 0) {
                long left = pttl - time.toMillis();
                if (left <= 0) {
                    redis().unlink(key);
                } else {
                    redis().pexpire(key, left);
                }
            }
        });
    }

    private void forEachKey(String prefix, Consumer<String> action) {
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
        do {
            KeyScanCursor<String> page = redis().scan(cursor, match);
            page.getKeys().forEach(action);
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
