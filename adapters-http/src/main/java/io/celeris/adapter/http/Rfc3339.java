package io.celeris.adapter.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Instants as RFC 3339 text in UTC, exactly as {@link Instant#toString()} writes them (seconds always, the
 * fraction in groups of three digits, none when zero), by arithmetic instead of {@code DateTimeFormatter}:
 * that formatter, reached through {@code Instant.toString}, was 7% of a list request's CPU (three instants per
 * row). Years outside 0000..9999 are left to {@code Instant.toString}.
 */
final class Rfc3339 {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private Rfc3339() {
    }

    static String utc(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Days to a proleptic Gregorian date (civil_from_days, H. Hinnant): eras of 400 years from 0000-03-01.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthIndex = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
        int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        byte[] out = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int at = 19;
        if (fraction != 0) {
            out[at++] = '.';
            int shown = fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos;
            digits(out, at, shown, fraction);
            at += fraction;
        }
        out[at] = 'Z';
        // ASCII only: the String keeps these bytes as its Latin-1 content.
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] out, int from, int value, int width) {
        for (int i = from + width - 1; i >= from; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
