package io.celeris.adapter.http;

import io.helidon.common.GenericType;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.mapper.Value;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderValues;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A response header checked once, when it is made, with Helidon's own rules (a token for the name; no control
 * character but tab in the value, so no CR or LF: no header injection), and not again each time it is sent. Helidon
 * checks every response header at send time ({@code validate-response-headers}, on by default, left on): for a
 * header made once and sent with many answers (an entry's {@code ETag}, a constant {@code Cache-Status}) that is
 * the same work again per answer. The bytes are prepared once too ({@link HeaderValues#createCached}).
 */
final class CheckedHeader implements Header {

    private final Header header;

    private CheckedHeader(Header header) {
        this.header = header;
    }

    /**
     * @throws IllegalArgumentException the name is not an HTTP token, or the value holds a character a header's value
     *                                  may not (Helidon's check, made here once)
     */
    static Header of(HeaderName name, String value) {
        Header header = HeaderValues.createCached(name, value);
        header.validate();
        return new CheckedHeader(header);
    }

    /** Checked when it was made. */
    @Override
    public void validate() {
    }

    @Override
    public String name() {
        return header.name();
    }

    @Override
    public String get() {
        return header.get();
    }

    @Override
    public String value() {
        return header.value();
    }

    @Override
    public HeaderName headerName() {
        return header.headerName();
    }

    @Override
    public String values() {
        return header.values();
    }

    @Override
    public List<String> allValues() {
        return header.allValues();
    }

    @Override
    public List<String> allValues(boolean split) {
        return header.allValues(split);
    }

    @Override
    public int valueCount() {
        return header.valueCount();
    }

    @Override
    public boolean sensitive() {
        return header.sensitive();
    }

    @Override
    public boolean changing() {
        return header.changing();
    }

    @Override
    public byte[] valueBytes() {
        return header.valueBytes();
    }

    @Override
    public void writeHttp1Header(BufferData buffer) {
        header.writeHttp1Header(buffer);
    }

    @Override
    public <N> Value<N> as(Class<N> type) {
        return header.as(type);
    }

    @Override
    public <N> Value<N> as(GenericType<N> type) {
        return header.as(type);
    }

    @Override
    public <N> Value<N> as(Function<? super String, ? extends N> mapper) {
        return header.as(mapper);
    }

    @Override
    public Optional<String> asOptional() {
        return header.asOptional();
    }

    @Override
    public Value<Boolean> asBoolean() {
        return header.asBoolean();
    }

    @Override
    public Value<String> asString() {
        return header.asString();
    }

    @Override
    public Value<Integer> asInt() {
        return header.asInt();
    }

    @Override
    public Value<Long> asLong() {
        return header.asLong();
    }

    @Override
    public Value<Double> asDouble() {
        return header.asDouble();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckedHeader other && header.equals(other.header);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return header.toString();
    }
}
