package io.celeris.application;

import java.util.regex.Pattern;

/**
 * A position in the store's log of commits: every commit has one, later commits have higher ones, and a copy of
 * the store (a read replica) that has applied the log up to a position shows every commit up to it. The text form
 * is two hexadecimal halves of the 64-bit number, {@code 16/B374D848} (PostgreSQL's LSN); clients treat it as opaque.
 *
 * @param value the position, compared unsigned
 */
public record CommitPosition(long value) implements Comparable<CommitPosition> {

    private static final Pattern TEXT = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /**
     * @param text a position in its text form
     * @return the position
     * @throws IllegalArgumentException when the text is not one
     */
    public static CommitPosition parse(String text) {
        if (text == null || text.length() > 17 || !TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a commit position: two hexadecimal numbers of at most 8 digits"
                    + " separated by a slash, such as 16/B374D848");
        }
        int slash = text.indexOf('/');
        long high = Long.parseLong(text, 0, slash, 16);
        long low = Long.parseLong(text, slash + 1, text.length(), 16);
        return new CommitPosition(high << 32 | low);
    }

    /**
     * @param other another position
     * @return true when this one is at {@code other} or past it
     */
    public boolean reached(CommitPosition other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(CommitPosition other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
