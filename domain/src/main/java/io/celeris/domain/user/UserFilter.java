package io.celeris.domain.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Which users a listing shows. Every part is optional; given parts all apply.
 *
 * @param namePrefix    names starting with this text (case-sensitive)
 * @param emailDomain   emails at exactly this domain (case-insensitive)
 * @param createdAfter  created strictly after this instant
 * @param createdBefore created strictly before this instant
 */
public record UserFilter(Optional<String> namePrefix, Optional<String> emailDomain,
                         Optional<Instant> createdAfter, Optional<Instant> createdBefore) {

    /**
     * The earliest instant a created-at bound may name: the first instant of year 0000, where RFC 3339 starts.
     * Every store must accept any bound from {@link #EARLIEST} to {@link #LATEST} (PostgreSQL's timestamptz
     * reaches from 4713 BC to 294276 AD, H2's further), so an out-of-range date never reaches a query.
     */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

    /** The latest instant a created-at bound may name: the last microsecond of year 9999, where RFC 3339 ends. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** No filter: every user. */
    public static final UserFilter NONE = new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public UserFilter {
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(emailDomain, "emailDomain");
        Objects.requireNonNull(createdAfter, "createdAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        namePrefix.ifPresent(p -> {
            if (p.isEmpty() || p.codePointCount(0, p.length()) > UserName.MAX_LENGTH) {
                throw new InvalidValueException("name_prefix", "must be 1 to " + UserName.MAX_LENGTH + " characters");
            }
            if (Text.hasControlCharacter(p)) {
                throw new InvalidValueException("name_prefix", "must not contain control characters");
            }
        });
        emailDomain = emailDomain.map(d -> d.strip().toLowerCase(java.util.Locale.ROOT));
        emailDomain.ifPresent(d -> {
            if (d.length() > 253 || !Email.isDomain(d)) {
                throw new InvalidValueException("email_domain", "must be a domain such as example.com");
            }
        });
        createdAfter = createdAfter.map(t -> t.truncatedTo(ChronoUnit.MICROS));
        createdBefore = createdBefore.map(t -> t.truncatedTo(ChronoUnit.MICROS));
        createdAfter.ifPresent(t -> requireInRange("created_after", t));
        createdBefore.ifPresent(t -> requireInRange("created_before", t));
    }

    private static void requireInRange(String field, Instant t) {
        if (!isInRange(t)) {
            throw new InvalidValueException(field, "must be from " + EARLIEST + " to " + LATEST);
        }
    }

    /**
     * @param t an instant
     * @return true when {@code t}, to the microsecond, may be a created-at bound: from {@link #EARLIEST} to
     *         {@link #LATEST}
     */
    public static boolean isInRange(Instant t) {
        Instant micros = t.truncatedTo(ChronoUnit.MICROS);
        return !micros.isBefore(EARLIEST) && !micros.isAfter(LATEST);
    }

    /**
     * @return true when nothing is filtered
     */
    public boolean isEmpty() {
        return namePrefix.isEmpty() && emailDomain.isEmpty() && createdAfter.isEmpty() && createdBefore.isEmpty();
    }

    // Written out instead of the record's generated method: that one is linked through invokedynamic on its
    // first call, and two virtual threads making that first call at once pin their carriers (seen by
    // VirtualThreadPinningTest under JFR). This type is used on every request.
    @Override
    public boolean equals(Object o) {
        return o instanceof UserFilter f && namePrefix.equals(f.namePrefix) && emailDomain.equals(f.emailDomain)
                && createdAfter.equals(f.createdAfter) && createdBefore.equals(f.createdBefore);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(namePrefix, emailDomain, createdAfter, createdBefore);
    }

    /**
     * @return the filter as a predicate over users, the reference for every store
     */
    public Predicate<User> asPredicate() {
        return u -> namePrefix.map(p -> u.name().value().startsWith(p)).orElse(true)
                && emailDomain.map(d -> u.email().domain().equals(d)).orElse(true)
                && createdAfter.map(t -> u.createdAt().isAfter(t)).orElse(true)
                && createdBefore.map(t -> u.createdAt().isBefore(t)).orElse(true);
    }

    /**
     * @return a canonical text of this filter: equal filters give equal texts, and different filters different
     *         texts (a name prefix holding {@code &} or {@code =} is escaped, so it cannot pose as another part)
     */
    public String text() {
        var j = new StringJoiner("&");
        namePrefix.ifPresent(p -> j.add("name_prefix=" + escape(p)));
        emailDomain.ifPresent(d -> j.add("email_domain=" + d));
        createdAfter.ifPresent(t -> j.add("created_after=" + t));
        createdBefore.ifPresent(t -> j.add("created_before=" + t));
        return j.toString();
    }

    /** Percent-escapes the three characters that delimit {@link #text()}; any other text stays as it is. */
    private static String escape(String value) {
        if (value.indexOf('%') < 0 && value.indexOf('&') < 0 && value.indexOf('=') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace("&", "%26").replace("=", "%3D");
    }
}
