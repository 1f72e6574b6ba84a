package io.celeris.adapter.cache;

/**
 * Turns a cache key into the text that names it in Redis and in invalidation messages. Two keys must
 * give the same text exactly when they are equal, and the text must not be empty.
 *
 * @param <K> key type
 */
@FunctionalInterface
public interface KeyCodec<K> {

    /**
     * @param key the key
     * @return its stable, non-empty text form
     */
    String encode(K key);

    /**
     * @param <K> key type
     * @return the codec that uses {@link Object#toString()}
     */
    static <K> KeyCodec<K> toStringCodec() {
        return Object::toString;
    }
}
