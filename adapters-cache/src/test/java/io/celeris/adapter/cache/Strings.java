package io.celeris.adapter.cache;

import java.nio.charset.StandardCharsets;

/** The value codec of the tests: UTF-8 text. */
final class Strings implements ValueCodec<String> {

    static final Strings CODEC = new Strings();

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
