package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The in-process store under {@link CaffeineCache} and {@link TwoTierCache}: Caffeine entries that
 * know when they were written and how long they are fresh, kept for their lifetime plus the
 * stale-if-error window.
 *
 * <p>Load tokens, in process: a reader takes a {@link #stamp} before it starts loading and stores its
 * result with {@link #putIfUnchanged}; any invalidation of the key in between (or a put, or a clear)
 * changes the stamp, and the loaded value, possibly read before that write, is dropped.
 */
final class L1Store<K, V> {

    /** A held value; {@code writtenAt} and {@code freshNanos} on the store's ticker. */
    record Entry<V>(V value, long writtenAt, long freshNanos) {
    }

    // Stamps are striped: two keys sharing a stripe only cost each other a dropped fill, never a
    // stale one, and memory stays fixed however many keys pass through.
    private static final int STRIPES = 1024;

    private final Cache<K, Entry<V>> cache;
    private final Ticker ticker;
    private final long ttlNanos;
    private final Jitter jitter;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong clears = new AtomicLong();

    /**
     * @param meters where Caffeine's own counters are shown
     * @param name   the cache's name there
     */
    L1Store(L1Settings settings, Ticker ticker, CacheMeters meters, String name) {
        this.ticker = ticker;
        this.ttlNanos = settings.lifetime().timeToLive().toNanos();
        this.jitter = new Jitter(settings.lifetime().jitter());
        long maxStaleNanos = settings.lifetime().maxStale().toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfter(new Expiry<K, Entry<V>>() {
                    @Override
                    public long expireAfterCreate(K key, Entry<V> entry, long currentTime) {
                        return entry.freshNanos() + maxStaleNanos;
                    }

                    @Override
                    public long expireAfterUpdate(K key, Entry<V> entry, long currentTime, long currentDuration) {
                        return entry.freshNanos() + maxStaleNanos;
                    }

                    @Override
                    public long expireAfterRead(K key, Entry<V> entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                // Maintenance on the caller's thread: no ForkJoinPool task per write, and
                // deterministic expiry under a fake ticker in tests.
                .executor(Runnable::run)
                .recordStats()
                .build();
        meters.bind(cache, name);
    }

    /**
     * @param key the key
     * @return the entry held, fresh or within its stale-if-error window, or null
     */
    Entry<V> entry(K key) {
        return cache.getIfPresent(key);
    }

    /**
     * @param entry  an entry of this store
     * @param maxAge a cap on the age of an entry still called fresh ({@link Long#MAX_VALUE}: none)
     * @return true while the entry is younger than its lifetime and the cap
     */
    boolean isFresh(Entry<V> entry, long maxAge) {
        long age = ticker.read() - entry.writtenAt();
        return age < Math.min(entry.freshNanos(), maxAge);
    }

    /**
     * @param key the key
     * @return a token that changes whenever the key is written, invalidated or the store cleared
     */
    long stamp(K key) {
        // Both counters only grow, so their sum changes when either does.
        return stripes.get(stripe(key)) + clears.get();
    }

    /**
     * Stores a loaded value unless the key changed since {@code stamp} was taken.
     *
     * @return true if the value stayed
     */
    boolean putIfUnchanged(K key, V value, long stamp) {
        Entry<V> entry = newEntry(value);
        cache.put(key, entry);
        // Put first, check after: an invalidation that slips in after the check removes our entry
        // itself (it bumps the stamp, then removes), one before the check is seen here.
        if (stamp(key) != stamp) {
            cache.asMap().remove(key, entry);
            return false;
        }
        return true;
    }

    void put(K key, V value) {
        stripes.incrementAndGet(stripe(key));
        cache.put(key, newEntry(value));
    }

    void invalidate(K key) {
        stripes.incrementAndGet(stripe(key));
        cache.invalidate(key);
    }

    void clear() {
        clears.incrementAndGet();
        cache.invalidateAll();
    }

    /**
     * @return entries dropped for size or age
     */
    long evictions() {
        return cache.stats().evictionCount();
    }

    long now() {
        return ticker.read();
    }

    private Entry<V> newEntry(V value) {
        return new Entry<>(value, ticker.read(), jitter.apply(ttlNanos));
    }

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
