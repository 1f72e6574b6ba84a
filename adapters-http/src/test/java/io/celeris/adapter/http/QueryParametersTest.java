package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParametersTest {

    @Test
    void decodesPercentEscapesPlusAndUtf8() {
        var q = QueryParameters.parse("name_prefix=Zo%C3%AB+M&created_after=2026-01-01T00%3A00%3A00%2B01%3A00&&x=a=b&flag");
        assertThat(q.single("name_prefix")).isEqualTo("Zoë M");
        assertThat(q.single("created_after")).isEqualTo("2026-01-01T00:00:00+01:00");
        assertThat(q.single("x")).isEqualTo("a=b");
        assertThat(q.names()).containsExactly("name_prefix", "created_after", "x", "flag");
        assertThat(q.contains("flag")).isTrue();
        assertThatThrownBy(() -> q.single("flag")).isInstanceOf(ProblemException.class).hasMessageContaining("must have a value");
        assertThat(QueryParameters.parse("").names()).isEmpty();
    }

    @Test
    void aRepeatedParameterIsNotASingleValue() {
        var q = QueryParameters.parse("limit=1&limit=1");
        assertThatThrownBy(() -> q.single("limit")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("must be given once");
    }

    @Test
    void aParameterWithoutAValueIsToldSo() {
        var q = QueryParameters.parse("limit&sort=name");
        assertThat(q.contains("limit")).isTrue();
        assertThatThrownBy(() -> q.single("limit")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("must have a value");
    }

    /** Helidon would read each of these as U+FFFD or as the bytes' latin-1 text and go on; here they are refused. */
    @ParameterizedTest
    @ValueSource(strings = {"name_prefix=a%C0%AFb", "name_prefix=%FF", "name_prefix=%ED%A0%80", "name_prefix=%E2%82",
        "name_prefix=%F4%90%80%80", "name_prefix=%", "name_prefix=%4", "name_prefix=%G1", "name_prefix=%%41",
        "name_prefix=%٣٣", "n%C0%AF=1", "%FF=1"})
    void invalidEscapesOrUtf8AreInvalidParameters(String raw) {
        assertThatThrownBy(() -> QueryParameters.parse(raw)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.toProblem("/users").type()).isEqualTo("urn:celeris:problem:invalid-parameter"));
    }
}
