package io.celeris.bootstrap.logging;

import java.util.Locale;

/** What {@link AsyncHandler#publish} does when the queue is full. */
public enum Overflow {

    /** Wait for room, however long it takes: nothing is dropped, the caller pays for a slow writer. */
    BLOCK("block"),

    /** Drop the record at once (counted, and reported by the writer). The caller never waits. */
    DROP("drop"),

    /** Wait for room up to {@link AsyncSettings#blockTimeout()}, then drop (counted, reported). */
    BLOCK_THEN_DROP("block-then-drop");

    private final String key;

    Overflow(String key) {
        this.key = key;
    }

    /**
     * @return the spelling used in logging.properties and configuration
     */
    public String key() {
        return key;
    }

    /**
     * @param text {@code block}, {@code drop} or {@code block-then-drop} (case and {@code _} / {@code -} ignored)
     * @return the policy
     * @throws IllegalArgumentException for any other text
     */
    public static Overflow parse(String text) {
        String normal = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Overflow o : values()) {
            if (o.key.equals(normal)) {
                return o;
            }
        }
        throw new IllegalArgumentException("overflow must be block, drop or block-then-drop, not '" + text + "'");
    }
}
