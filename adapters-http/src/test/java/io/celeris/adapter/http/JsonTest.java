package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A body Jackson cannot read is a 400 whose detail says why in the API's words, never in Jackson's. */
class JsonTest {

    /** Jackson's own vocabulary: its packages, classes, features, backquoted names and source echo. */
    private static final Pattern JACKSON = Pattern.compile(
            "com\\.fasterxml|[Jj]ackson|JsonNode|StreamRead|JsonReadFeature|DeserializationFeature|Feature|`|\\[Source|REDACTED");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "two values | {\"email\":\"a@x.org\",\"name\":\"x\"}{\"a\":1} | more content after the JSON value (line 1, column 31)",
        "nested too deep | DEEP | nested deeper than 32 levels",
        "a number too long | LONG_NUMBER | a number longer than 64 characters",
        "NaN | {\"email\":NaN} | Non-standard token 'NaN' (line 1, column 13)",
        "a comment | {/* c */\"email\":\"a@x.org\"} | Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (line 1, column 2)",
        "a duplicate field | {\"email\":\"a\",\"email\":\"b\"} | field 'email' given twice (line 1, column 21)",
        "cut short | {\"email\":\"a | Unexpected end-of-input: was expecting closing quote for a string value (line 1, column 12)",
        "a bare word | {\"email\":tru} | Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 10)",
        "single quotes | {'email':'a'} | Unexpected character (''' (code 39)): was expecting double-quote to start field name (line 1, column 2)",
    })
    void aBodyJacksonCannotReadIs400InTheApisWords(String what, String body, String detail) {
        String text = switch (body) {
            case "DEEP" -> "[".repeat(40) + "]".repeat(40);
            case "LONG_NUMBER" -> "{\"n\":" + "1".repeat(100) + "}";
            default -> body;
        };
        var e = catchThrowableOfType(ProblemException.class, () -> Json.readObject(text));
        var problem = e.toProblem("/users");
        assertThat(problem.slug()).as(what).isEqualTo("invalid-body");
        assertThat(problem.detail()).as(what).startsWith("malformed JSON: ").doesNotContainPattern(JACKSON);
        assertThat(problem.detail()).as(what).isEqualTo("malformed JSON: " + detail);
    }

    @org.junit.jupiter.api.Test
    void problemBodiesEscapeControlsATerminalWouldAct() throws Exception {
        String hostile = "a\u0085b\u009B31mc\u007Fd\u2028e\u0001f\u00e9g";
        String written = new String(Json.write(java.util.Map.of("detail", hostile)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(written).contains("\\u0085", "\\u009B", "\\u007F", "\\u2028", "\\u0001")
                .doesNotContain("\u0085", "\u009B", "\u007F", "\u2028", "\u0001")
                .as("other non-ASCII text stays as it is").contains("\u00e9");
        assertThat(Json.MAPPER.readTree(written).path("detail").asText()).as("the same text, read back").isEqualTo(hostile);
    }
}
