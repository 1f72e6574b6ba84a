package io.celeris.adapter.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads an RFC 3339 {@code date-time} and nothing wider: exactly four year digits (no sign, no
 * expanded years as ISO 8601 and {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} allow), seconds
 * required, an offset of {@code Z} or {@code ±hh:mm} (no seconds in it), {@code T}/{@code Z} in
 * either case (RFC 3339 §5.6 note). A fraction of up to nine digits is kept to the nanosecond. Leap
 * seconds ({@code :60}) are refused: no store here can hold one.
 */
final class Rfc3339 {

    /** The longest valid text: {@code 2026-01-31T12:00:00.123456789+01:00}. */
    static final int MAX_LENGTH = 35;

    private Rfc3339() {
    }

    /**
     * @param text the text to read
     * @return the instant, or empty when the text is not an RFC 3339 date-time that this reader takes
     */
    static Optional<Instant> parse(String text) {
        int n = text.length();
        // date-fullyear "-" month "-" mday "T" hour ":" minute ":" second = 19 characters, then fraction, offset.
        if (n < 20 || n > MAX_LENGTH) {
            return Optional.empty();
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || (text.charAt(10) != 'T' && text.charAt(10) != 't')) {
            return Optional.empty();
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return Optional.empty();
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return Optional.empty();
            }
            nanos = digits(text, start, count);
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        OptionalInt offsetSeconds = offsetSeconds(text, i);
        if (offsetSeconds.isEmpty()) {
            return Optional.empty();
        }
        try {
            // of(...) checks the calendar: month 13, 31 April, 29 February of a common year, hour 24, second 60.
            var local = LocalDateTime.of(LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nanos));
            // Not ZoneOffset: RFC 3339 allows offsets to ±23:59, java.time only to ±18:00.
            return Optional.of(local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds.getAsInt()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code Z}, {@code z} or {@code ±hh:mm} with hh ≤ 23 and mm ≤ 59, ending the text, in seconds east of UTC. */
    private static OptionalInt offsetSeconds(String text, int i) {
        int rest = text.length() - i;
        if (rest == 1 && (text.charAt(i) == 'Z' || text.charAt(i) == 'z')) {
            return OptionalInt.of(0);
        }
        if (rest != 6 || text.charAt(i + 3) != ':') {
            return OptionalInt.empty();
        }
        char sign = text.charAt(i);
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        if ((sign != '+' && sign != '-') || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
            return OptionalInt.empty();
        }
        int seconds = (hours * 60 + minutes) * 60;
        return OptionalInt.of(sign == '-' ? -seconds : seconds);
    }

    /** The ASCII digits at {@code [from, from + count)} as a number, or -1 when any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
