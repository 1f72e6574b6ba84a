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

    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    /** A DNS name with at least one dot, in lower case. */
    static final Pattern DOMAIN =
            Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    public Email {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("email", "is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email", "must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new InvalidValueException("email", "must look like name@example.com");
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidValueException("email", "must look like name@example.com");
        }
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
