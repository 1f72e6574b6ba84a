package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
        "application/json;charset=\"utf-8\"", "application/json ; charset=utf-8 ; q=1", "application/merge-patch+json",
        "application/json;", "application/problem+JSON"})
    void jsonInUtf8IsAccepted(String type) {
        assertThatCode(() -> RequestBodies.requireJson(List.of(type))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "application", "application/", "/json", "application/json/x", "text/json",
        "application/jsonx", "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/json; charset=UTF-16LE", "application/json; charset=utf8", "application/json; charset=",
        "application/json; charset=\"utf-8", "application/json; charset=utf-8; charset=utf-8", "application/json x",
        "application/json; =utf-8", "applicatión/json", "application/json\u0000", "text/plain", "*/*"})
    void anythingElseIs415(String type) {
        assertThatThrownBy(() -> RequestBodies.requireJson(List.of(type))).as(type)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem(null).type())
                        .isEqualTo("urn:celeris:problem:unsupported-media-type"));
    }

    @org.junit.jupiter.api.Test
    void noneOrTwoContentTypesAre415() {
        assertThatThrownBy(() -> RequestBodies.requireJson(List.of())).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> RequestBodies.requireJson(List.of("application/json", "text/plain")))
                .isInstanceOf(ProblemException.class);
    }

    /** Row 9 of issue 10: an overlong "/" (C0 AF) was read by Jackson as "/" and stored. */
    @ParameterizedTest
    @ValueSource(strings = {"61C0AF62", "FF", "C0", "E282", "EDA080", "F4908080", "F880808080", "C1BF", "E08080"})
    void invalidUtf8IsAnInvalidBody(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> RequestBodies.utf8(bytes)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.toProblem(null).type()).isEqualTo("urn:celeris:problem:invalid-body"));
    }

    @org.junit.jupiter.api.Test
    void validUtf8IsText() {
        assertThat(RequestBodies.utf8("{\"name\":\"Zoë 😀\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"name\":\"Zoë 😀\"}");
    }
}
