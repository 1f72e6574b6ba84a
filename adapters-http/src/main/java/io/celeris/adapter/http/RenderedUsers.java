package io.celeris.adapter.http;

import io.celeris.domain.user.User;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON body and ETag of the user instances answered lately, so that a read the cache answers with the instance
 * it answered before writes bytes instead of serializing again.
 *
 * <p>Why here, keyed by the instance: the core and the caches stay free of JSON, and a {@link User} is immutable, so
 * bytes rendered from one instance can never disagree with it, nor with the ETag rendered with them. Not keyed by
 * (id, version): a login changes {@code last_login_at} without a new version. Writes need no hook: a write replaces or
 * drops the cached instance, and the next read brings another instance, which is rendered anew.
 *
 * <p>Fixed memory, no lock: {@code capacity} slots in buckets of four, a bucket chosen by the user's id. A bucket
 * holds the four renderings last needed there; a fifth user needing the same bucket costs a rendering, never a wrong
 * answer. Four, not two: with buckets of two, 0.6% of the reads of a hot set of 1,000 users rendered again, and that
 * rare rendering, running cold, still took 3% of the CPU of L1 hits in a profile. Slots are written racily: every
 * thread sees either an older rendering or a complete newer one (a record's fields are final), and the identity
 * check decides.
 */
final class RenderedUsers {

    /** Slots by default: a few megabytes at most, enough for a hot set of thousands of users. */
    static final int DEFAULT_CAPACITY = 8192;

    /**
     * One user as answered: its JSON and its ETag, both rendered from {@code user}.
     *
     * @param user the instance rendered
     * @param json the body, {@link UserJson#bytes}
     * @param etag the {@code ETag} header, its bytes prepared and checked once
     */
    record Rendered(User user, byte[] json, Header etag) {

        static Rendered of(User user) {
            return new Rendered(user, UserJson.bytes(user),
                    CheckedHeader.of(HeaderNames.ETAG, Preconditions.etag(user)));
        }
    }

    private static final int WAYS = 4;

    private final AtomicReferenceArray<Rendered> slots;
    private final int bucketMask;

    /**
     * @param capacity slots, a power of two of at least {@value #WAYS}
     */
    RenderedUsers(int capacity) {
        if (capacity < WAYS || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= " + WAYS + ": " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.bucketMask = capacity / WAYS - 1;
    }

    RenderedUsers() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param user a user as the cache answered it
     * @return its rendering: the one kept for this very instance, or a new one, kept from now on
     */
    Rendered of(User user) {
        int first = bucket(user) * WAYS;
        for (int i = first; i < first + WAYS; i++) {
            Rendered r = slots.getAcquire(i);
            if (r != null && r.user() == user) {
                return r;
            }
        }
        Rendered rendered = Rendered.of(user);
        slots.setRelease(victim(first, user), rendered);
        return rendered;
    }

    /** An empty slot, else one holding an older rendering of the same user, else any (at random: no bookkeeping per hit). */
    private int victim(int first, User user) {
        for (int i = first; i < first + WAYS; i++) {
            Rendered r = slots.getAcquire(i);
            if (r == null || r.user().id().equals(user.id())) {
                return i;
            }
        }
        return first + ThreadLocalRandom.current().nextInt(WAYS);
    }

    private int bucket(User user) {
        int h = user.id().hashCode();
        return (h ^ (h >>> 16)) & bucketMask;
    }
}
