package io.celeris.domain.user;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, normalised to lower case so that uniqueness is case-insensitive.
 * Syntax is the pragmatic subset of RFC 5321/5322 that mail systems accept in practice: a dot-atom
 * local part of at most 64 characters, a domain of DNS labels with a dot, at most 254 in all.
 *
 * @param value the normalised address
 */
public record Email(String value) {

    /** Longest address that fits in an SMTP path (RFC 5321 section 4.5.3.1.3). */
    public static final int MAX_LENGTH = 254;

    /**
     * The syntax of a local part, as a regular expression: the reference {@link #isLocalPart} is tested against.
     */
    static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /**
     * A DNS name with at least one dot, in lower case, as a regular expression: the reference {@link #isDomain} is
     * tested against.
     */
    static final Pattern DOMAIN =
            Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String ATEXT_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";

    public Email {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("email", "is required");
        }
        value = value.strip();
        // Before lower-casing: a few letters outside ASCII have an ASCII lower case (KELVIN SIGN U+212A is 'k'),
        // and an address written with one is not the address it would be stored as.
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                throw new InvalidValueException("email", "must look like name@example.com");
            }
        }
        value = value.toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email", "must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new InvalidValueException("email", "must look like name@example.com");
        }
        // Checked in place: every user read from the database is built again, and two substrings per row showed.
        if (at > 64 || !isLocalPart(value, 0, at) || !isDomain(value, at + 1, value.length())) {
            throw new InvalidValueException("email", "must look like name@example.com");
        }
    }

    /**
     * {@link #LOCAL} without a regular expression: every user read from the database is checked again, and the
     * regular expressions cost more than the rest of reading a row.
     *
     * @param s a candidate local part, in lower case
     * @return true if it is dot-separated runs of atext characters
     */
    static boolean isLocalPart(String s) {
        return isLocalPart(s, 0, s.length());
    }

    private static boolean isLocalPart(String s, int from, int to) {
        boolean afterDot = true; // nothing yet: a dot may not come first
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (afterDot) {
                    return false;
                }
                afterDot = true;
            } else if (isLowerAlnum(c) || ATEXT_SYMBOLS.indexOf(c) >= 0) {
                afterDot = false;
            } else {
                return false;
            }
        }
        return !afterDot;
    }

    /**
     * {@link #DOMAIN} without a regular expression.
     *
     * @param s a candidate domain, in lower case
     * @return true if it is two or more DNS labels joined by dots, the last one starting with a letter
     */
    static boolean isDomain(String s) {
        return isDomain(s, 0, s.length());
    }

    private static boolean isDomain(String s, int from, int to) {
        int labels = 0;
        int start = from;
        while (true) {
            int dot = s.indexOf('.', start, to);
            int end = dot < 0 ? to : dot;
            if (!isLabel(s, start, end, dot < 0)) {
                return false;
            }
            labels++;
            if (dot < 0) {
                return labels >= 2;
            }
            start = dot + 1;
        }
    }

    private static boolean isLabel(String s, int from, int to, boolean last) {
        int length = to - from;
        if (length < 1 || length > 63) {
            return false;
        }
        char first = s.charAt(from);
        if (last ? first < 'a' || first > 'z' : !isLowerAlnum(first)) {
            return false;
        }
        if (!isLowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isLowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /**
     * @return the domain part, after the {@code @}
     */
    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
