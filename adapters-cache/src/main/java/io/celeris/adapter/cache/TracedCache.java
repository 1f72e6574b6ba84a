package io.celeris.adapter.cache;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Optional;
import java.util.function.Function;

/**
 * A cache's operations as internal spans, children of the current span. A read that missed every tier runs
 * its loader inside the read's span, so the database call shows under the cache that asked for it; with Redis,
 * each round trip to the L2 tier is a client span under it too ({@code cache l2 get}). Keys and values are never
 * recorded.
 */
final class TracedCache<K, V> implements CachePort<K, V> {

    /**
     * The tracer, carried in the context of a traced operation so that the Redis tier ({@link RedisStore}) spans its
     * round trips under it without a tracer of its own: untraced caches pay one context lookup per Redis call.
     */
    static final ContextKey<Tracer> TRACER = ContextKey.named("io.celeris.adapter.cache.tracer");
    private static final AttributeKey<String> NAME = AttributeKey.stringKey("cache.name");
    private static final AttributeKey<String> ANSWERED_BY = AttributeKey.stringKey("cache.answered_by");
    private static final AttributeKey<Boolean> HIT = AttributeKey.booleanKey("cache.hit");
    private static final AttributeKey<Boolean> STALE = AttributeKey.booleanKey("cache.stale");

    private final CachePort<K, V> delegate;
    private final String name;
    private final Tracer tracer;
    private final String readName;
    private final String peekName;

    TracedCache(CachePort<K, V> delegate, String name, Tracer tracer) {
        this.delegate = delegate;
        this.name = name;
        this.tracer = tracer;
        this.readName = "cache " + name + " read";
        this.peekName = "cache " + name + " get";
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        return traced(peekName, span -> {
            Optional<V> found = delegate.getIfPresent(key);
            span.setAttribute(HIT, found.isPresent());
            return found;
        });
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        return traced(readName, span -> {
            CacheRead<V> read = delegate.read(key, loader);
            span.setAttribute(ANSWERED_BY, read.answeredBy() == null ? "loader" : read.answeredBy());
            span.setAttribute(HIT, read.answeredBy() != null);
            if (read.stale()) {
                span.setAttribute(STALE, true);
            }
            return read;
        });
    }

    @Override
    public void put(K key, V value) {
        traced("cache " + name + " put", span -> {
            delegate.put(key, value);
            return null;
        });
    }

    @Override
    public void invalidate(K key) {
        traced("cache " + name + " invalidate", span -> {
            delegate.invalidate(key);
            return null;
        });
    }

    @Override
    public void invalidateAll() {
        traced("cache " + name + " invalidate all", span -> {
            delegate.invalidateAll();
            return null;
        });
    }

    @Override
    public boolean stores() {
        return delegate.stores();
    }

    private <T> T traced(String spanName, Function<Span, T> work) {
        Span span = tracer.spanBuilder(spanName).setAttribute(NAME, name).startSpan();
        return within(span, Context.current().with(span).with(TRACER, tracer), work);
    }

    /**
     * Runs {@code work} with {@code context} current and ends {@code span} after it, marked as an error if it threw:
     * the one way a span of this adapter (a cache operation, a Redis round trip) is run.
     *
     * @param context the context to run in, holding {@code span}
     */
    static <T> T within(Span span, Context context, Function<Span, T> work) {
        try (Scope ignored = context.makeCurrent()) {
            return work.apply(span);
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
