package io.celeris.domain.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later (to the millisecond), which keeps B-tree inserts at the right edge of the index.
 */
public final class UuidV7 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private UuidV7() {
    }

    /**
     * @param clock the time source
     * @return a new id
     */
    public static UserId next(Clock clock) {
        return of(clock.millis(), RANDOM);
    }

    /**
     * An id whose random bits come from the caller's source. A seeded one makes the ids predictable: the same on
     * every run, which demo data and tests want; the service's own ids come from {@link #next} (a {@link SecureRandom}).
     *
     * @param millis Unix time in milliseconds
     * @param random where the 74 random bits come from
     * @return the id
     */
    public static UserId of(long millis, RandomGenerator random) {
        long randA = random.nextLong();
        long randB = random.nextLong();
        long msb = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UserId(new UUID(msb, lsb));
    }
}
