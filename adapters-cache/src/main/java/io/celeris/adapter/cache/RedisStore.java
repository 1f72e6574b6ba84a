package io.celeris.adapter.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The L2 store: entries of one namespace in Redis, by the text id of their key, as bytes.
 *
 * <p>Load tokens: each entry has a generation counter beside it ({@code <key>:gen}). A reader that
 * misses gets the generation in the same round trip, loads from the source, and sends its value to be
 * stored only if the generation is still the same ({@link #storeIfGeneration}; the reader does not wait
 * for it); an invalidation bumps the generation and deletes the entry in one script. So a read that raced
 * a write never puts the value it read before the write back into Redis, whenever its store lands.
 *
 * <p>An invalidation that could not reach Redis is remembered: until it has been replayed, that key
 * is never read from nor written to Redis (its entry there may be the old value), and replays are
 * tried on every later read of it and when the cache recovers. Too many of them, or a failed clear,
 * and the whole namespace is cleared on recovery instead.
 */
final class RedisStore {

    private static final Logger LOG = Logger.getLogger(RedisStore.class.getName());
    private static final AttributeKey<String> REDIS = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("celeris.cache.dropped");

    /** What a lookup found. */
    sealed interface Lookup permits Hit, Miss, Unavailable {
    }

    /**
     * @param value      the bytes held
     * @param fresh      false when only within the stale-if-error window
     * @param generation the key's generation when read
     */
    record Hit(byte[] value, boolean fresh, String generation) implements Lookup {
    }

    /** @param generation the key's generation when read: the token to store a loaded value with */
    record Miss(String generation) implements Lookup {
    }

    /** Redis did not answer, or must not be trusted for this key now. */
    enum Unavailable implements Lookup {
        INSTANCE
    }

    // Value, remaining lifetime and generation in one round trip. A reader that will load (a miss, or an entry in its
    // stale-if-error window) gets a token: the key's generation, made now from a random number if the key had none.
    // A clear deletes generations with the entries; the next lookup then makes a new random one, never the one a
    // load still holds, so a load that started before a clear (on any instance) stores nothing after it. (With "no
    // generation = 0" as token, such a store found 0 again and put the old value back.) The lookup as one script: for
    // Redis before 7.0, which has no SET NX GET for byCommands.
    private static final RedisScript LOOKUP = RedisScript.of("""
            local v = redis.call('GET', KEYS[1])
            local ttl = -2
            if v then
              ttl = redis.call('PTTL', KEYS[1])
              if ttl < 0 or ttl > tonumber(ARGV[3]) then
                return {redis.call('GET', KEYS[2]) or '0', v, ttl}
              end
            end
            redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2])
            local g = redis.call('GET', KEYS[2]) or '0'
            if v then return {g, v, ttl} end
            return {g}
            """, ScriptOutputType.MULTI);

    private static final RedisScript STORE_IF_GENERATION = RedisScript.of("""
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    private static final RedisScript INVALIDATE = RedisScript.of("""
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1
            """, ScriptOutputType.INTEGER);

    // A put is a write: in-flight loads (holding the old generation) must not overwrite it.
    private static final RedisScript PUT = RedisScript.of("""
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    // A generation must outlive any load that read it; loads take milliseconds, this is minutes.
    private static final long GENERATION_TTL_MILLIS = Duration.ofMinutes(10).toMillis();
    // A token made by a lookup only has to outlive the load behind it; expired, the load's store finds no generation
    // and stores nothing (the safe way to fail). Short, so keys read once do not leave a generation for long.
    private static final byte[] TOKEN_TTL_MILLIS = bytes(Duration.ofMinutes(1).toMillis());
    private static final SetArgs TOKEN_ARGS = SetArgs.Builder.nx().px(Duration.ofMinutes(1).toMillis());
    // Below 2^52: an INCR of a token never overflows, and never comes back to a value a load holds.
    private static final long TOKEN_BOUND = 1L << 52;
    private static final int MAX_PENDING = 10_000;
    /** The command connection writes every command at once: nothing to flush after a script sent whole. */
    private static final Runnable NO_FLUSH = () -> { };
    private static final int SCAN_COUNT = 500;

    private final RedisLink link;
    /** Stores go with others, a window later ({@link RedisLink#sendBuffered}); else at once, ordered with lookups. */
    private final boolean batchedStores;
    private final String namespacePrefix;
    private final long ttlMillis;
    private final long maxStaleMillis;
    private final byte[] staleWindow;
    private final Jitter jitter;
    /** Deletes that could not reach Redis; "everything" is a clear of the namespace. */
    private final Backlog pending = new Backlog(MAX_PENDING);
    private volatile Executor dispatch = Runnable::run;

    /**
     * @param namespacePrefix what every key of the namespace starts with, e.g. {@code celeris:user:v1:}
     * @param lifetime        how long an entry lives in Redis
     * @param batchedStores   true: loads' stores go in batches (a cache holding the value in L1 meanwhile); false: at
     *                        once, ordered with the lookups
     */
    RedisStore(RedisLink link, String namespacePrefix, Lifetime lifetime, boolean batchedStores) {
        this.link = link;
        this.batchedStores = batchedStores;
        this.namespacePrefix = namespacePrefix;
        this.ttlMillis = Math.max(1, lifetime.timeToLive().toMillis());
        this.maxStaleMillis = lifetime.maxStale().toMillis();
        this.staleWindow = bytes(maxStaleMillis);
        this.jitter = new Jitter(lifetime.jitter());
    }

    /**
     * @return what every key of this namespace starts with, e.g. {@code celeris:user:v1:}
     */
    String namespacePrefix() {
        return namespacePrefix;
    }

    /**
     * @param id the text of a key, not empty
     * @return its Redis key, e.g. {@code celeris:user:v1:{42}}
     */
    String redisKey(String id) {
        if (id.isEmpty()) {
            // "{}" is no hash tag: the entry and its generation could land in different cluster slots.
            throw new IllegalArgumentException("a cache key must not encode to an empty string");
        }
        return namespacePrefix + "{" + id + "}";
    }

    Lookup lookup(String id) {
        if (!trusted(id)) {
            return Unavailable.INSTANCE;
        }
        String key = redisKey(id);
        String generationKey = key + ":gen";
        byte[] token = bytes(ThreadLocalRandom.current().nextLong(1, TOKEN_BOUND));
        try {
            return traced("get", () -> link.await(c -> link.plainLookups()
                    ? byCommands(c.connection(), key, generationKey, token).exceptionallyCompose(e -> {
                        if (!RedisLink.setGetUnsupported(e)) {
                            return CompletableFuture.failedStage(e);
                        }
                        link.lookUpByScript();
                        return byScript(c.async(), key, generationKey, token);
                    })
                    : byScript(c.async(), key, generationKey, token)));
        } catch (RedisUnavailableException e) {
            return Unavailable.INSTANCE;
        }
    }

    /**
     * The lookup as plain commands sent together (a third of a {@link #LOOKUP} script's cost in Redis): the key's
     * generation, made from the token if it had none ({@code SET NX GET}, Redis 7.0 and later), then the value, and its
     * remaining lifetime when a stale window is configured. Not atomic, and it need not be: the generation is read first,
     * so a write between it and the value's read changes the generation and the load's store is refused; the value read
     * is one Redis held at that moment (a lifetime read after it may be a newer value's: a judgement of freshness, never
     * of correctness).
     */
    private CompletionStage<Lookup> byCommands(StatefulConnection<String, byte[]> connection, String key,
                                               String generationKey, byte[] token) {
        CommandArgs<String, byte[]> tokenArgs = new CommandArgs<>(RedisConnector.CODEC).addKey(generationKey)
                .addValue(token);
        TOKEN_ARGS.build(tokenArgs);
        var held = command(CommandType.SET, tokenArgs.add(CommandType.GET), new ValueOutput<>(RedisConnector.CODEC));
        var value = command(CommandType.GET, new CommandArgs<>(RedisConnector.CODEC).addKey(key),
                new ValueOutput<>(RedisConnector.CODEC));
        var remaining = maxStaleMillis == 0 ? null : command(CommandType.PTTL,
                new CommandArgs<>(RedisConnector.CODEC).addKey(key), new IntegerOutput<>(RedisConnector.CODEC));
        // Dispatched together: one write task handed to Lettuce's I/O thread instead of one per command (each is an
        // allocation, a queue offer and maybe a wake-up, from a virtual thread that Netty cannot write from itself).
        connection.dispatch(remaining == null ? List.of(held, value) : List.of(held, value, remaining));
        CompletionStage<Lookup> found = held.thenCombine(value, (g, v) -> {
            String generation = text(g == null ? token : g);
            return v == null ? new Miss(generation) : new Hit(v, true, generation);
        });
        if (remaining == null) {
            return found;
        }
        return found.thenCombine(remaining, (lookup, ttl) -> lookup instanceof Hit hit
                ? new Hit(hit.value(), fresh(ttl == null ? -1 : ttl), hit.generation())
                : lookup);
    }

    private static <T> AsyncCommand<String, byte[], T> command(CommandType type, CommandArgs<String, byte[]> args,
                                                               CommandOutput<String, byte[], T> output) {
        return new AsyncCommand<>(new Command<>(type, output, args));
    }

    private CompletionStage<Lookup> byScript(RedisClusterAsyncCommands<String, byte[]> redis, String key,
                                             String generationKey, byte[] token) {
        return LOOKUP.<List<Object>>send(redis, NO_FLUSH, new String[] {key, generationKey}, token, TOKEN_TTL_MILLIS,
                staleWindow).thenApply(found -> {
                    String generation = text(found.get(0));
                    if (found.size() < 3) {
                        return new Miss(generation);
                    }
                    return new Hit((byte[]) found.get(1), fresh((Long) found.get(2)), generation);
                });
    }

    /** @param remaining an entry's remaining lifetime in Redis, negative if none */
    private boolean fresh(long remaining) {
        return maxStaleMillis == 0 || remaining < 0 || remaining > maxStaleMillis;
    }

    /**
     * Sends a loaded value to be stored unless the key was written or invalidated since {@code generation} was read,
     * and returns without waiting: Redis compares the token when the command lands, so a store that lands after a
     * write (however late) stores nothing. Dropped, never queued, when Redis is away or too many stores are unanswered
     * ({@link RedisLink#send}): a store only saves the next reader a load.
     */
    void storeIfGeneration(String id, byte[] value, String generation) {
        if (!trusted(id)) {
            return;
        }
        String[] keys = {redisKey(id), redisKey(id) + ":gen"};
        Span span = startSpan("store");
        dispatch.execute(() -> {
            CompletionStage<Long> sent = batchedStores
                    ? link.sendBuffered(redis -> STORE_IF_GENERATION.send(redis, link::flushStores, keys,
                            bytes(generation), value, bytes(lifetimeMillis())))
                    : link.send(redis -> STORE_IF_GENERATION.send(redis, NO_FLUSH, keys,
                            bytes(generation), value, bytes(lifetimeMillis())));
            if (span == null) {
                return;
            }
            if (sent == null) {
                span.setAttribute(DROPPED, true).end();
            } else {
                sent.whenComplete((stored, failure) -> end(span, failure));
            }
        });
    }

    /**
     * Tests only: stores go through this executor instead of being sent at once (a test holds one back to land it
     * after a write).
     */
    void dispatchStoresWith(Executor executor) {
        this.dispatch = executor;
    }

    /** @return true if Redis holds the value now */
    boolean put(String id, byte[] value) {
        if (!trusted(id)) {
            return false;
        }
        String key = redisKey(id);
        try {
            link.call(redis -> PUT.run(redis, new String[] {key, key + ":gen"},
                    bytes(GENERATION_TTL_MILLIS), value, bytes(lifetimeMillis())));
            return true;
        } catch (RedisUnavailableException e) {
            // Whatever Redis holds for the key is older than this value now.
            pending.add(id);
            return false;
        }
    }

    /** @return true if Redis dropped the entry now; false if remembered for later */
    boolean invalidate(String id) {
        if (tryInvalidate(id)) {
            return true;
        }
        pending.add(id);
        return false;
    }

    /**
     * Drops every entry of the namespace, by SCAN and UNLINK on its prefix (never FLUSHDB: Redis may
     * hold other namespaces and other applications).
     *
     * @return true if done now; false if it will be done on recovery
     */
    boolean clear() {
        pending.coverEverything();
        if (tryClear()) {
            pending.everythingDone();
            return true;
        }
        return false;
    }

    /**
     * @return the key of the namespace's generation counter (generational caches), e.g.
     *         {@code celeris:page:v1:generation}; never an entry's key (those end in {@code }}), and a
     *         {@link #clear} leaves it alone
     */
    String generationKey() {
        return namespacePrefix + "generation";
    }

    /**
     * @return the namespace's generation now (0 if never bumped), or -1 if Redis did not answer
     */
    long generation() {
        try {
            String g = link.call(redis -> {
                byte[] v = redis.get(generationKey());
                return v == null ? "0" : new String(v, StandardCharsets.UTF_8);
            });
            return Long.parseLong(g);
        } catch (RedisUnavailableException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Moves the namespace to its next generation: every entry stored under an older one is never read again.
     *
     * @return the new generation, or -1 if Redis did not answer
     */
    long nextGeneration() {
        try {
            Long g = link.call(redis -> redis.incr(generationKey()));
            return g == null ? -1 : g;
        } catch (RedisUnavailableException e) {
            return -1;
        }
    }

    /** Replays what could not be done while Redis was unreachable; called on recovery. */
    void replayPending() {
        if (pending.everything()) {
            clear();
            return;
        }
        pending.drain(this::tryInvalidate);
    }

    /** @return true when nothing is waiting to be replayed */
    boolean upToDate() {
        return pending.isEmpty();
    }

    private boolean trusted(String id) {
        if (pending.everything()) {
            return false;
        }
        if (!pending.contains(id)) {
            return true;
        }
        if (tryInvalidate(id)) {
            pending.remove(id);
            return true;
        }
        return false;
    }


    private boolean tryInvalidate(String id) {
        String key = redisKey(id);
        try {
            link.call(redis -> INVALIDATE.run(redis, new String[] {key, key + ":gen"}, bytes(GENERATION_TTL_MILLIS)));
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private boolean tryClear() {
        // Our names hold no glob characters (RedisSettings and RedisNamespace check), so the prefix needs no escaping.
        ScanArgs match = ScanArgs.Builder.matches(namespacePrefix + "*").limit(SCAN_COUNT);
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                ScanCursor from = cursor;
                KeyScanCursor<String> page = link.call(redis -> redis.scan(from, match));
                // The generation counter stays: set back to 0, it would bring entries of old generations back.
                String[] keys = page.getKeys().stream().filter(k -> !k.equals(generationKey())).toArray(String[]::new);
                if (keys.length > 0) {
                    link.call(redis -> redis.unlink(keys));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private long lifetimeMillis() {
        return jitter.apply(ttlMillis) + maxStaleMillis;
    }

    /**
     * @return the value of an entry's bytes, or null if they cannot be read: an entry we cannot read is one we do not
     *         have, and the reload overwrites it
     */
    static <V> V decode(ValueCodec<V> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "undecodable cache entry", e);
            return null;
        }
    }

    private static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /**
     * A round trip to Redis as a client span ({@code cache l2 get}), when it runs inside a traced cache operation
     * (see {@link TracedCache#TRACER}); otherwise just the call.
     */
    private static <T> T traced(String operation, Supplier<T> call) {
        Span span = startSpan(operation);
        if (span == null) {
            return call.get();
        }
        return TracedCache.within(span, Context.current().with(span), ignored -> call.get());
    }

    /** @return a client span of a round trip under the current traced cache operation, or null if none is traced */
    private static Span startSpan(String operation) {
        Tracer tracer = Context.current().get(TracedCache.TRACER);
        if (tracer == null) {
            return null;
        }
        return tracer.spanBuilder("cache l2 " + operation).setSpanKind(SpanKind.CLIENT)
                .setAttribute(REDIS, "redis").startSpan();
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
