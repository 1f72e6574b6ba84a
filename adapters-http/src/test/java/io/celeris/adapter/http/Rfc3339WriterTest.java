package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The hand-written writer against {@link Instant#toString()}, its reference. */
class Rfc3339WriterTest {

    @Test
    void writesWhatInstantToStringWritesAtTheEdges() {
        String[] edges = {"0000-01-01T00:00:00Z", "0000-02-29T23:59:59.999999999Z", "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000001Z",
            "1999-12-31T23:59:59.100Z", "2000-02-29T12:00:00.000000100Z", "2026-01-01T00:00:00.123456Z",
            "2100-02-28T23:59:59Z", "2100-03-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
            "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"};
        for (String edge : edges) {
            Instant t = Instant.parse(edge);
            assertThat(Rfc3339.utc(t)).as(edge).isEqualTo(t.toString());
        }
        assertThat(Rfc3339.utc(Instant.parse("2026-03-04T05:06:07.890Z"))).isEqualTo("2026-03-04T05:06:07.890Z");
    }

    @Test
    void writesWhatInstantToStringWritesForAMillionRandomInstants() {
        var random = new Random(20261130);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            long seconds = i % 2 == 0 ? min + (long) (random.nextDouble() * (max - min))
                    : 1_600_000_000L + random.nextInt(400_000_000);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Rfc3339.utc(t)).as("%s", t).isEqualTo(t.toString());
        }
    }

    /** The log stamp: the application log's own pattern, always 24 characters, for any instant of years 0000-9999. */
    @Test
    void writesMillisecondStampsAsTheApplicationLogsPatternDoes() {
        var pattern = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        var random = new Random(20261202);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
            String stamp = Rfc3339.utcMillis(t);
            assertThat(stamp).as("%s", t).isEqualTo(pattern.format(t)).hasSize(Rfc3339.UTC_MILLIS_LENGTH);
        }
        assertThat(Rfc3339.utcMillis(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    }

    @Test
    void daysThatShareAKeptSlotEachKeepTheirOwnDate() {
        // The writer keeps 2,048 days' dates by epoch day modulo 2,048: these two take turns in one slot.
        Instant a = Instant.parse("2026-12-02T10:00:00.5Z");
        Instant b = a.plus(Duration.ofDays(2_048));
        for (int i = 0; i < 3; i++) {
            assertThat(Rfc3339.utc(a)).isEqualTo("2026-12-02T10:00:00.500Z");
            assertThat(Rfc3339.utc(b)).isEqualTo(b.toString());
        }
    }

    @Test
    void threadsWritingDaysThatEvictEachOtherEachGetTheirOwnText() throws Exception {
        long from = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            var random = new Random(w);
            writers.add(() -> {
                int wrong = 0;
                for (int i = 0; i < 200_000; i++) {
                    // 8,000 days: four times the slots, so that threads keep replacing each other's days.
                    Instant t = Instant.ofEpochSecond(from + random.nextLong(8_000L * 86_400),
                            random.nextInt(1_000_000) * 1_000);
                    if (!Rfc3339.utc(t).equals(t.toString())) {
                        wrong++;
                    }
                }
                return wrong;
            });
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> wrong : pool.invokeAll(writers)) {
                assertThat(wrong.get()).isZero();
            }
        }
    }
}
