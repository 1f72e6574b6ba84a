package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingFilterTest {

    /** The shortcut for keep-alive answers decides as Helidon's token match does, for every spelling. */
    @Test
    void closeIsFoundAmongTheConnectionTokensAsHelidonFindsIt() {
        List<List<String>> values = List.of(List.of(), List.of("keep-alive"), List.of("Keep-Alive"), List.of("close"),
                List.of("Close"), List.of(" close "), List.of("keep-alive, close"), List.of("close, Upgrade"),
                List.of("Upgrade"), List.of("keep-alive", "close"), List.of("keep-alive", "keep-alive"), List.of("closed"),
                List.of("keep-alive-close"), List.of(""));
        for (List<String> v : values) {
            var headers = WritableHeaders.create();
            if (!v.isEmpty()) {
                headers.set(HeaderValues.create(HeaderNames.CONNECTION, v));
            }
            assertThat(FramingFilter.saysClose(headers)).as(v.toString())
                    .isEqualTo(headers.containsToken(HeaderValues.CONNECTION_CLOSE));
        }
        var close = WritableHeaders.create().set(HeaderValues.CONNECTION_CLOSE);
        assertThat(FramingFilter.saysClose(close)).isTrue();
        var keepAlive = WritableHeaders.create().set(HeaderValues.CONNECTION_KEEP_ALIVE);
        assertThat(FramingFilter.saysClose(keepAlive)).isFalse();
    }
}
