package io.celeris.application.port.out;

/**
 * What a cache read gave, and who answered it: for the RFC 9211 {@code Cache-Status} header and metrics.
 *
 * @param value      the value; {@code null} when absent and the loader gave none
 * @param answeredBy the tier that held the value (an adapter's short name such as {@code l1} or
 *                   {@code l2}), or {@code null} when the loader produced it
 * @param stale      true when the loader failed and an expired copy, still within its stale-if-error
 *                   window, was served instead
 * @param <V>        value type
 */
public record CacheRead<V>(V value, String answeredBy, boolean stale) {

    /**
     * @param value the loaded value
     * @param <V>   value type
     * @return a read that the loader answered
     */
    public static <V> CacheRead<V> loaded(V value) {
        return new CacheRead<>(value, null, false);
    }

    /**
     * @param value the value held
     * @param tier  the tier that held it
     * @param <V>   value type
     * @return a fresh hit
     */
    public static <V> CacheRead<V> hit(V value, String tier) {
        return new CacheRead<>(value, tier, false);
    }

    /**
     * @return true when a tier held the value
     */
    public boolean hit() {
        return answeredBy != null;
    }
}
