package io.celeris.adapter.http;

import java.nio.charset.StandardCharsets;
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
 *
 * <p>And writes instants as RFC 3339 text in UTC, exactly as {@link Instant#toString()} writes them (seconds
 * always, the fraction in groups of three digits, none when zero), by arithmetic instead of
 * {@code DateTimeFormatter}: that formatter, reached through {@code Instant.toString}, was 7% of a list
 * request's CPU (three instants per row). Years outside 0000..9999 are left to {@code Instant.toString}.
 */
final class Rfc3339 {

    /** The longest valid text: {@code 2026-01-31T12:00:00.123456789+01:00}. */
    static final int MAX_LENGTH = 35;

    private static final long SECONDS_PER_DAY = 86_400;
    /** "00" to "99", two bytes each. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int v = 0; v < 100; v++) {
            PAIRS[2 * v] = (byte) ('0' + v / 10);
            PAIRS[2 * v + 1] = (byte) ('0' + v % 10);
        }
    }
    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

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

    /**
     * @param instant an instant
     * @return its RFC 3339 text in UTC, as {@link Instant#toString()} has it
     */
    static String utc(Instant instant) {
        byte[] out = new byte[MAX_UTC_LENGTH];
        int n = utc(instant, out, 0);
        return n < 0 ? instant.toString() : new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The longest text {@link #utc(Instant, byte[], int)} writes: {@code 2026-01-31T12:00:00.123456789Z}. */
    static final int MAX_UTC_LENGTH = 30;

    /**
     * Writes {@link #utc(Instant)}'s text, ASCII, into {@code out} from index {@code from} (at least
     * {@link #MAX_UTC_LENGTH} bytes there), so that a JSON writer takes it without a String per value.
     *
     * <p>A page of 20 users writes 60 instants, so this is written for speed: the date of a day is made once and
     * kept ({@link #DAYS}: the instants a service writes fall on a few thousand days at most, and a day's text costs
     * more to compute than the time of day's), and every two digits come from one place in a table. In JMH
     * ({@code PageJsonCost.pageInstants}, the 53 instants of a page of 20) the page's instants took 2.3 µs when
     * every instant computed its date, 0.7-0.8 µs this way.
     *
     * @return the index after the last byte written, or -1 for a year outside 0000..9999 (nothing written)
     */
    static int utc(Instant instant, byte[] out, int from) {
        int at = seconds(instant.getEpochSecond(), out, from);
        if (at < 0) {
            return -1;
        }
        int nanos = instant.getNano();
        if (nanos != 0) {
            // Groups of three digits, as many as the value needs: .123, .123456 or .123456789.
            out[at++] = '.';
            int millis = nanos / 1_000_000;
            int belowMillis = nanos - millis * 1_000_000;
            at = three(out, at, millis);
            if (belowMillis != 0) {
                int micros = belowMillis / 1_000;
                int belowMicros = belowMillis - micros * 1_000;
                at = three(out, at, micros);
                if (belowMicros != 0) {
                    at = three(out, at, belowMicros);
                }
            }
        }
        out[at] = 'Z';
        return at + 1;
    }

    /** The length of {@link #utcMillis}'s text. */
    static final int UTC_MILLIS_LENGTH = 24;

    /**
     * The instant in UTC to the millisecond, always {@value #UTC_MILLIS_LENGTH} characters
     * ({@code 2026-01-31T12:00:00.120Z}, truncated, as the application log's text lines have it), so that lines
     * stamped with it line up. Years outside 0000..9999 get {@code Instant.toString}'s text.
     */
    static String utcMillis(Instant instant) {
        byte[] out = new byte[UTC_MILLIS_LENGTH];
        int at = seconds(instant.getEpochSecond(), out, 0);
        if (at < 0) {
            return instant.toString();
        }
        out[at] = '.';
        three(out, at + 1, instant.getNano() / 1_000_000);
        out[at + 4] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code yyyy-mm-ddThh:mm:ss} of an epoch second.
     *
     * @return the index after it, or -1 for a year outside 0000..9999 (nothing written)
     */
    private static int seconds(long seconds, byte[] out, int from) {
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return -1;
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) (seconds - days * SECONDS_PER_DAY);
        int slot = (int) days & (DAYS.length - 1);
        Day day = DAYS[slot];
        if (day == null || day.epochDay != days) {
            day = Day.of(days);
            DAYS[slot] = day;
        }
        System.arraycopy(day.text, 0, out, from, Day.LENGTH);
        int hour = secondOfDay / 3_600;
        int rest = secondOfDay - hour * 3_600;
        int minute = rest / 60;
        pair(out, from + 11, hour);
        out[from + 13] = ':';
        pair(out, from + 14, minute);
        out[from + 16] = ':';
        pair(out, from + 17, rest - minute * 60);
        return from + 19;
    }

    /**
     * Days whose text was made, by epoch day modulo their number: consecutive days never evict each other, so 2,048
     * cover five and a half years of timestamps. Shared by every thread without a lock: a slot holds an immutable
     * {@link Day} or null, and two threads writing one slot only make one of them compute a day again.
     */
    private static final Day[] DAYS = new Day[2_048];

    /** An epoch day and its text {@code yyyy-mm-ddT}. */
    private record Day(long epochDay, byte[] text) {

        static final int LENGTH = 11;

        /** Days to a proleptic Gregorian date (civil_from_days, H. Hinnant): eras of 400 years from 0000-03-01. */
        static Day of(long days) {
            long z = days + 719_468;
            long era = Math.floorDiv(z, 146_097);
            int dayOfEra = (int) (z - era * 146_097);
            int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
            int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            int monthIndex = (5 * dayOfYear + 2) / 153;
            int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
            int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
            int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
            byte[] text = new byte[LENGTH];
            pair(text, 0, year / 100);
            pair(text, 2, year % 100);
            text[4] = '-';
            pair(text, 5, month);
            text[7] = '-';
            pair(text, 8, day);
            text[10] = 'T';
            return new Day(days, text);
        }
    }

    /** Three digits of {@code value} (0..999). */
    private static int three(byte[] out, int at, int value) {
        int hundreds = value / 100;
        out[at] = (byte) ('0' + hundreds);
        pair(out, at + 1, value - hundreds * 100);
        return at + 3;
    }

    /** Two digits of {@code value} (0..99), from one place in a table. */
    private static void pair(byte[] out, int at, int value) {
        out[at] = PAIRS[2 * value];
        out[at + 1] = PAIRS[2 * value + 1];
    }
}
