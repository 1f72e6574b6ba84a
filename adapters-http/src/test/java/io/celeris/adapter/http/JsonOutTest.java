package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-written writer against Jackson's, value by value: Jackson is the reference. */
class JsonOutTest {

    private static String written(java.util.function.Consumer<JsonOut> value) {
        var out = new JsonOut(1);
        value.accept(out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Jackson's own escaping (Json.write escapes more, for problem bodies that echo a client's text). */
    private static String jackson(Object value) {
        try {
            return new String(Json.MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() {
        StringBuilder everyAscii = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            everyAscii.append(c);
        }
        String[] samples = {"", "plain", "q\"uote", "back\\slash", everyAscii.toString(), "Jos\u00e9 Garc\u00eda",
            "\u00ff\u0100\u07ff\u0800\uffff", "\u2028\u2029", "\uD83D\uDE00 \uDBFF\uDFFF", "</script>", "\u007f"};
        for (String s : samples) {
            assertThat(written(out -> out.string(s))).as("%s", s).isEqualTo(jackson(s));
        }
    }

    @Test
    void randomStringsOfEveryPlaneAreWhatJacksonWrites() {
        var random = new Random(20261130);
        for (int i = 0; i < 20_000; i++) {
            var s = new StringBuilder();
            int length = random.nextInt(40);
            while (s.length() < length) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x800);
                    case 2 -> 0x10000 + random.nextInt(0x100000);
                    default -> random.nextInt(0x10000);
                };
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    continue; // lone surrogates: Jackson refuses them (see below)
                }
                s.appendCodePoint(cp);
            }
            String text = s.toString();
            assertThat(written(out -> out.string(text))).as("%s", text).isEqualTo(jackson(text));
        }
    }

    @Test
    void aLoneSurrogateIsEscapedLikeAPairedOneWhereJacksonWouldRefuseIt() {
        assertThat(written(out -> out.string("a\uD800b"))).isEqualTo("\"a\\uD800b\"");
        assertThat(written(out -> out.string("\uDC00"))).isEqualTo("\"\\uDC00\"");
        assertThat(written(out -> out.string("\uD83D"))).isEqualTo("\"\\uD83D\"");
    }

    @Test
    void numbersUuidsInstantsAndLiteralsAreWhatJacksonWrites() {
        for (long n : new long[] {0, 1, 9, 10, 99, 100, -1, -10, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1}) {
            assertThat(written(out -> out.number(n))).isEqualTo(jackson(n));
        }
        var random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            assertThat(written(out -> out.uuid(id))).isEqualTo(jackson(id.toString()));
        }
        for (String t : new String[] {"2026-01-01T00:00:00Z", "2026-01-01T00:00:00.120Z", "1970-01-01T00:00:00.000001Z",
            "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999999999Z"}) {
            Instant instant = Instant.parse(t);
            assertThat(written(out -> out.instant(instant))).isEqualTo(jackson(instant.toString()));
        }
        assertThat(written(out -> out.instant(null).raw(JsonOut.ascii(",")).string(null))).isEqualTo("null,null");
        assertThat(written(out -> out.bool(true).bool(false).nullValue())).isEqualTo("truefalsenull");
    }

    @Test
    void theBufferGrowsPastItsFirstSize() {
        String long1 = "x".repeat(10_000);
        assertThat(written(out -> out.string("\u0001".repeat(3_000)).string(long1)))
                .isEqualTo(jackson("\u0001".repeat(3_000)) + jackson(long1));
    }
}
