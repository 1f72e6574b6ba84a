package io.celeris.adapter.http;

import java.util.Locale;

/** What a token may do beyond reading: {@code write} users, run {@code admin} operations. */
public enum Scope {
    /** Create, replace and delete users. */
    WRITE,
    /** The {@code /admin} operations. */
    ADMIN;

    /**
     * @param text {@code write} or {@code admin} (any case)
     * @return the scope
     * @throws IllegalArgumentException for anything else
     */
    public static Scope parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "write" -> WRITE;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown token scope '" + text + "': use write or admin");
        };
    }

    /**
     * @return the name used in configuration and in answers ({@code write}, {@code admin})
     */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
