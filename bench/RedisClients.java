import com.sun.management.OperatingSystemMXBean;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.params.SetParams;

/**
 * What one Redis command costs the JVM, by client and by the thread that waits for it: the question behind goal 3 of
 * issue 12 (is the cache's miss path slow because of Lettuce's hand-off to its I/O thread, and would a client doing
 * its socket I/O on the request's own thread be cheaper?). Run by bench/redis-clients.sh, one JVM per configuration:
 *
 * <pre>java -cp LIBS bench/RedisClients.java CLIENT THREADS WARMUP_S MEASURE_S COMMAND REDIS_HOST REDIS_PORT REDIS_PID PREFIX</pre>
 *
 * <ul>
 *   <li>{@code lettuce}: one shared connection, each virtual thread sends through the async API and joins, as the
 *       cache's lookups do ({@code RedisLink.await}); two I/O and two computation threads, as {@code RedisRuntime}.</li>
 *   <li>{@code jedis}: Jedis's pooled client, one connection per thread, each virtual thread blocking on its socket
 *       (the JDK parks it and its poller wakes it).</li>
 *   <li>{@code jedis-platform}: the same on platform threads (the kernel blocks the thread in {@code read}).</li>
 * </ul>
 * COMMAND {@code lookup} is the cache's lookup ({@code SET key token NX GET PX 1}: the key is missing, the token lands
 * and expires a millisecond later); {@code get} a GET of a missing key. Prints one line: operations per second, the
 * JVM's CPU (user + system, all its threads) per operation, and the Redis server's CPU per operation (from /proc, when
 * REDIS_PID is a local process; else "-").
 */
public final class RedisClients {

    public static void main(String[] args) throws Exception {
        String client = args[0];
        int threads = Integer.parseInt(args[1]);
        int warmupSeconds = Integer.parseInt(args[2]);
        int measureSeconds = Integer.parseInt(args[3]);
        boolean lookup = switch (args[4]) {
            case "lookup" -> true;
            case "get" -> false;
            default -> throw new IllegalArgumentException("COMMAND is lookup or get, not " + args[4]);
        };
        String host = args[5];
        int port = Integer.parseInt(args[6]);
        Path redisStat = Path.of("/proc", args[7], "stat");
        String prefix = args[8];
        byte[] token = "probe-token".getBytes(StandardCharsets.UTF_8);

        IntConsumer command;
        AutoCloseable close;
        boolean platform = false;
        switch (client) {
            case "lettuce" -> {
                ClientResources resources = DefaultClientResources.builder()
                        .ioThreadPoolSize(2)
                        .computationThreadPoolSize(2)
                        .build();
                RedisClient redis = RedisClient.create(resources, "redis://" + host + ":" + port);
                StatefulRedisConnection<String, byte[]> connection =
                        redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                var async = connection.async();
                SetArgs setArgs = SetArgs.Builder.nx().px(1);
                command = lookup
                        ? i -> async.setGet(prefix + i, token, setArgs).toCompletableFuture().join()
                        : i -> async.get(prefix + i).toCompletableFuture().join();
                close = () -> {
                    connection.close();
                    redis.shutdown();
                    resources.shutdown();
                };
            }
            case "jedis", "jedis-platform" -> {
                platform = client.equals("jedis-platform");
                var pool = new GenericObjectPoolConfig<Connection>();
                pool.setMaxTotal(threads);
                pool.setMaxIdle(threads);
                pool.setJmxEnabled(false);
                var jedis = redis.clients.jedis.RedisClient.builder().hostAndPort(host, port).poolConfig(pool).build();
                SetParams setParams = SetParams.setParams().nx().px(1);
                command = lookup
                        ? i -> jedis.setGet(key(prefix, i), token, setParams)
                        : i -> jedis.get(key(prefix, i));
                close = jedis;
            }
            default -> throw new IllegalArgumentException("CLIENT is lettuce, jedis or jedis-platform, not " + client);
        }

        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        Thread.Builder builder = platform ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = builder.start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    command.accept(random.nextInt(100_000_000));
                    done.increment();
                }
            });
        }
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(warmupSeconds * 1000L);
        long ops0 = done.sum(), cpu0 = os.getProcessCpuTime(), redis0 = ticks(redisStat), t0 = System.nanoTime();
        Thread.sleep(measureSeconds * 1000L);
        long ops1 = done.sum(), cpu1 = os.getProcessCpuTime(), redis1 = ticks(redisStat), t1 = System.nanoTime();
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        close.close();
        long ops = ops1 - ops0;
        String redisPerOp = redis0 < 0 || redis1 < 0 ? "-"
                : String.format("%.1f", (redis1 - redis0) * 1e6 / ticksPerSecond() / ops);
        System.out.printf("%s %s threads=%d ops/s=%.0f jvm_us/op=%.1f redis_us/op=%s%n", client, args[4], threads,
                ops * 1e9 / (t1 - t0), (cpu1 - cpu0) / 1e3 / ops, redisPerOp);
    }

    private static byte[] key(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.UTF_8);
    }

    /** utime + stime of a process in clock ticks, or -1 if it is not a local process. */
    private static long ticks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static long ticksPerSecond() {
        return Long.getLong("clk.tck", 100);
    }
}
