package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckedHeaderTest {

    @Test
    void refusesWhenMadeWhatHelidonRefusesWhenSent() {
        for (String value : new String[] {"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u0000b", "a\u007fb"}) {
            assertThatIllegalArgumentException().as(value)
                    .isThrownBy(() -> HeaderValues.create(HeaderNames.ETAG, value).validate());
            assertThatIllegalArgumentException().as(value)
                    .isThrownBy(() -> CheckedHeader.of(HeaderNames.ETAG, value));
        }
        for (String name : new String[] {"Bad Name", "Bad:Name", "Bad\r\nName"}) {
            assertThatIllegalArgumentException().as(name)
                    .isThrownBy(() -> CheckedHeader.of(HeaderNames.create(name), "v"));
        }
    }

    @Test
    void isSentAsHelidonsOwnHeaderIsAndNotCheckedAgain() {
        Header checked = CheckedHeader.of(HeaderNames.ETAG, "\"12\"");
        Header helidon = HeaderValues.createCached(HeaderNames.ETAG, "\"12\"");
        assertThat(http1(checked)).isEqualTo(http1(helidon)).isEqualTo("ETag: \"12\"\r\n");
        assertThat(checked.name()).isEqualTo("ETag");
        assertThat(checked.headerName()).isEqualTo(HeaderNames.ETAG);
        assertThat(checked.get()).isEqualTo("\"12\"");
        assertThat(checked.allValues()).containsExactly("\"12\"");
        assertThat(checked.valueCount()).isOne();
        assertThat(checked.sensitive()).isEqualTo(helidon.sensitive());
        assertThat(checked.changing()).isEqualTo(helidon.changing());
        assertThat(checked.valueBytes()).isEqualTo("\"12\"".getBytes(StandardCharsets.US_ASCII));
        assertThatNoException().isThrownBy(checked::validate);
    }

    @Test
    void staysWhatItIsInTheResponsesHeaders() {
        Header checked = CheckedHeader.of(HeaderNames.CACHE_CONTROL, "private, no-cache");
        Header status = CheckedHeader.of(CacheStatus.HEADER, "celeris-l1; hit");
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(checked);
        headers.set(status);
        // Kept as given (not copied into a header Helidon would check again at send time).
        assertThat(headers.get(HeaderNames.CACHE_CONTROL)).isSameAs(checked);
        assertThat(headers.get(CacheStatus.HEADER)).isSameAs(status);
    }

    private static String http1(Header header) {
        BufferData buffer = BufferData.growing(64);
        header.writeHttp1Header(buffer);
        return new String(buffer.readBytes(), StandardCharsets.US_ASCII);
    }
}
