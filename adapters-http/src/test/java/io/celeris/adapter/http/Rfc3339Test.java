package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
        "2026-01-31T12:00:00Z, 2026-01-31T12:00:00Z",
        "2026-01-31t12:00:00z, 2026-01-31T12:00:00Z",
        "2026-01-31T12:00:00.5+01:00, 2026-01-31T11:00:00.500Z",
        "2026-01-31T12:00:00.123456789-00:30, 2026-01-31T12:30:00.123456789Z",
        "2024-02-29T23:59:59-23:59, 2024-03-01T23:58:59Z",
        "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z, 9999-12-31T23:59:59.999999Z",
        "1970-01-01T00:00:00-00:00, 1970-01-01T00:00:00Z"})
    void readsRfc3339DateTimes(String text, String expected) {
        assertThat(Rfc3339.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-01-31", "2026-01-31T12:00Z", "2026-01-31T12:00:00", "+294277-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z", "+2026-01-31T12:00:00Z", "20260-01-31T12:00:00Z", "2026-1-31T12:00:00Z",
        "2026-01-31 12:00:00Z", "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567890Z", "2026-01-31T12:00:00+01",
        "2026-01-31T12:00:00+0100", "2026-01-31T12:00:00+01:00:00", "2026-01-31T12:00:00+24:00", "2026-01-31T12:00:00+01:60",
        "2026-02-29T12:00:00Z", "2026-04-31T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T12:60:00Z", "2016-12-31T23:59:60Z", "2026-01-31T12:00:00ZZ",
        "2026-01-31T12:00:00Z ", " 2026-01-31T12:00:00Z", "２０２６-01-31T12:00:00Z", "2026-01-31T1२:00:00Z",
        "2026-01-31T12:00:00+1:00", "2026-01-31T12:00:00\u0000Z", "2026-01-31T12:00:00.12345678901234567Z"})
    void refusesAnythingElse(String text) {
        assertThat(Rfc3339.parse(text)).isEmpty();
    }
}
