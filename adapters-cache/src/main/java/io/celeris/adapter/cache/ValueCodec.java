package io.celeris.adapter.cache;

/**
 * Turns a cached value into bytes for Redis and back. Keep the form compact, and bump the schema
 * version of the cache's namespace (the {@code v1} of {@code celeris:user:v1:}) whenever it changes: entries
 * written in another shape are then simply never read.
 *
 * @param <V> value type
 */
public interface ValueCodec<V> {

    /**
     * @param value a value, never null
     * @return its bytes
     */
    byte[] encode(V value);

    /**
     * @param bytes what {@link #encode} gave for some value
     * @return that value
     * @throws RuntimeException if the bytes cannot be read; the cache then treats the entry as a miss
     */
    V decode(byte[] bytes);
}
