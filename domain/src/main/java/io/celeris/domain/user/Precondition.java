package io.celeris.domain.user;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The condition a change puts on the stored version of a user (HTTP {@code If-Match}, {@code If-None-Match}). It travels
 * with the command to the store and is decided there, in the same statement as the write, so the
 * check and the write are one decision against the stored row, never against a cached copy.
 *
 * <p>Every precondition needs the user to exist: a change to a missing user is "not found", whatever
 * the condition.
 */
public sealed interface Precondition
        permits Precondition.None, Precondition.Any, Precondition.OneOf, Precondition.NoneOf, Precondition.Absent,
        Precondition.AllOf {

    /** The most versions one condition may name; more is not a request a client makes in good faith. */
    int MAX_VERSIONS = 32;

    /** No condition: the change applies to whatever version is stored. */
    Precondition NONE = new None();

    /** {@code If-Match: *}: any stored version. */
    Precondition ANY = new Any();

    /** {@code If-None-Match: *}: only if there is no user, which no change to a user can meet. */
    Precondition ABSENT = new Absent();

    /**
     * @param first  a condition
     * @param second another
     * @return a condition that holds when both do ({@code If-Match} and {@code If-None-Match} together)
     */
    static Precondition both(Precondition first, Precondition second) {
        if (first instanceof None) {
            return second;
        }
        return second instanceof None ? first : new AllOf(List.of(first, second));
    }

    /**
     * @param versions the versions the change may apply to
     * @return a condition that holds when the stored version is one of them
     */
    static Precondition oneOf(long... versions) {
        var set = new java.util.LinkedHashSet<Long>();
        for (long v : versions) {
            set.add(v);
        }
        return new OneOf(set);
    }

    /**
     * @param storedVersion the version stored now
     * @return whether the change may apply to it
     */
    boolean holdsFor(long storedVersion);

    /** An immutable copy of at most {@link #MAX_VERSIONS} versions. */
    private static Set<Long> bounded(Set<Long> versions) {
        Set<Long> copy = Set.copyOf(Objects.requireNonNull(versions, "versions"));
        if (copy.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException("at most " + MAX_VERSIONS + " versions, not " + copy.size());
        }
        return copy;
    }

    /** No condition. */
    record None() implements Precondition {
        @Override
        public boolean holdsFor(long storedVersion) {
            return true;
        }
    }

    /** Any stored version. */
    record Any() implements Precondition {
        @Override
        public boolean holdsFor(long storedVersion) {
            return true;
        }
    }

    /**
     * The stored version must be one of {@code versions}. An empty set holds for nothing (a list of
     * tags this API never issued, or only weak ones, which never match strongly).
     *
     * @param versions the acceptable versions, at most {@link #MAX_VERSIONS}
     */
    record OneOf(Set<Long> versions) implements Precondition {
        public OneOf {
            versions = bounded(versions);
        }

        @Override
        public boolean holdsFor(long storedVersion) {
            return versions.contains(storedVersion);
        }
    }

    /**
     * The stored version must be none of {@code versions} ({@code If-None-Match} with entity tags).
     *
     * @param versions the versions the change may not apply to, at most {@link #MAX_VERSIONS}
     */
    record NoneOf(Set<Long> versions) implements Precondition {
        public NoneOf {
            versions = bounded(versions);
        }

        @Override
        public boolean holdsFor(long storedVersion) {
            return !versions.contains(storedVersion);
        }
    }

    /** Only if there is no user: holds for no stored version. */
    record Absent() implements Precondition {
        @Override
        public boolean holdsFor(long storedVersion) {
            return false;
        }
    }

    /**
     * Every one of {@code all} must hold.
     *
     * @param all the conditions
     */
    record AllOf(List<Precondition> all) implements Precondition {
        public AllOf {
            all = List.copyOf(Objects.requireNonNull(all, "all"));
        }

        @Override
        public boolean holdsFor(long storedVersion) {
            for (Precondition p : all) {
                if (!p.holdsFor(storedVersion)) {
                    return false;
                }
            }
            return true;
        }
    }
}
