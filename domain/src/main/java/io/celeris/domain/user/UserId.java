package io.celeris.domain.user;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of a user: a UUID, version 7 when Celeris generates it (time-ordered, so new rows land at
 * the right edge of the primary-key index).
 *
 * @param value the UUID
 */
public record UserId(UUID value) implements Comparable<UserId> {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Parses the canonical textual form of a UUID.
     *
     * @param text the text, e.g. {@code 0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f}
     * @return the id
     * @throws InvalidValueException when the text is not a canonical UUID
     */
    public static UserId parse(String text) {
        if (text == null || text.length() != 36) {
            throw new InvalidValueException("id", "must be a UUID such as 0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f");
        }
        try {
            return new UserId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("id", "must be a UUID such as 0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f");
        }
    }

    @Override
    public int compareTo(UserId other) {
        // Unsigned, byte-wise order: the order PostgreSQL and H2 use for the uuid type.
        int c = Long.compareUnsigned(value.getMostSignificantBits(), other.value.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(value.getLeastSignificantBits(), other.value.getLeastSignificantBits());
    }

    // Written out instead of the record's generated method: that one is linked through invokedynamic on its
    // first call, and two virtual threads making that first call at once pin their carriers (seen by
    // VirtualThreadPinningTest under JFR). This type is used on every request.
    @Override
    public boolean equals(Object o) {
        return o instanceof UserId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
