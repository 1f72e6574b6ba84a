package io.celeris.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes cursors as opaque, signed tokens and reads them back: {@code base64url(payload ‖ mac)}, where the
 * payload is a few bytes (format version, direction, the sort it was made for, a fingerprint of the filters, the
 * edge row's key values) and the MAC is HMAC-SHA256 (first 128 bits) under the current secret; a token signed
 * with the previous secret is still accepted, so the secret can be rotated without breaking clients.
 * Anything else (tampered, truncated, foreign, made for another sort, or key values that do not fit the
 * sort's {@link UserSortKey}s, even when signed) is refused with a 400.
 *
 * <p>Version 2, binary (all integers big-endian):
 * <pre>
 * 0x02  direction ('a' after, 'b' before)  len(1) sort text (UTF-8)  len(1) filter fingerprint  count(1)
 * then per key: 'z' (null) | 't' micros since the epoch (8) | 'u' UUID (16) | 's' len(2) UTF-8
 * </pre>
 * Tokens of version 1 (the previous release: {@code base64url(json).base64url(mac)}, told apart by the dot)
 * are still read, so that clients paging across an upgrade keep going; only version 2 is written. The
 * binary form replaced the JSON one because building and parsing a JSON tree per cursor, three times per
 * keyset page, was a tenth of the page's CPU; its tokens are also half as long.
 */
final class CursorCodec {

    static final int MAX_TOKEN_LENGTH = 2048;
    private static final int VERSION_1 = 1;
    private static final byte VERSION = 2;
    private static final int MAC_BYTES = 16;
    private static final int FINGERPRINT_BYTES = 9;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    // Type tags of key values on the wire, one per type a UserSortKey can have (the old "l" for longs is gone:
    // no sort key holds a long, so a cursor carrying one was never ours).
    private static final String NULL = "z";
    private static final String TIMESTAMP = "t";
    private static final String UUID_TAG = "u";
    private static final String TEXT = "s";
    private static final byte DIRECTION_AFTER = 'a';
    private static final byte DIRECTION_BEFORE = 'b';

    // Initialised once and never used themselves: each request signs or checks with a clone, which starts
    // from the keyed state (HMAC's inner and outer pads already hashed), instead of Mac.getInstance + init,
    // which looks the provider up and hashes the key's pads again. No per-thread copies: virtual threads
    // are many and short-lived.
    private final Mac current;
    private final Optional<Mac> previous;

    CursorCodec(byte[] secret, Optional<byte[]> previousSecret) {
        this.current = keyed(key(secret));
        this.previous = previousSecret.map(CursorCodec::key).map(CursorCodec::keyed);
    }

    /**
     * What the cursors of one listing are bound to, worked out once per request (the filter's fingerprint is a
     * SHA-256) and used for the cursor read and the two written.
     *
     * @param sort        the listing's sort
     * @param filter      the listing's filters
     * @param sortText    the sort's text in UTF-8
     * @param fingerprint the first bytes of SHA-256 over the filters' text; empty without filters
     */
    record Binding(Sort sort, UserFilter filter, byte[] sortText, byte[] fingerprint) {
    }

    Binding bind(Sort sort, UserFilter filter) {
        byte[] sortText = sort.text().getBytes(StandardCharsets.UTF_8);
        if (sortText.length > 255) {
            throw new IllegalArgumentException("sort text longer than 255 bytes: " + sort.text());
        }
        return new Binding(sort, filter, sortText, fingerprint(filter));
    }

    String encode(Cursor cursor, Sort sort, UserFilter filter) {
        return encode(cursor, bind(sort, filter));
    }

    Cursor decode(String token, Sort sort, UserFilter filter) {
        return decode(token, bind(sort, filter));
    }

    String encode(Cursor cursor, Binding binding) {
        List<Object> keys = cursor.keys();
        var out = new Writer(64 + binding.sortText().length);
        out.put(VERSION);
        out.put(cursor.direction() == Cursor.Towards.AFTER ? DIRECTION_AFTER : DIRECTION_BEFORE);
        out.put((byte) binding.sortText().length);
        out.put(binding.sortText());
        out.put((byte) binding.fingerprint().length);
        out.put(binding.fingerprint());
        out.put((byte) keys.size());
        for (Object k : keys) {
            switch (k) {
                case null -> out.put((byte) 'z');
                case Instant i -> {
                    out.put((byte) 't');
                    out.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, i));
                }
                case UUID u -> {
                    out.put((byte) 'u');
                    out.putLong(u.getMostSignificantBits());
                    out.putLong(u.getLeastSignificantBits());
                }
                case String str -> {
                    byte[] utf8 = str.getBytes(StandardCharsets.UTF_8);
                    if (utf8.length > 0xffff) {
                        throw new IllegalArgumentException("cursor key longer than 65535 bytes");
                    }
                    out.put((byte) 's');
                    out.put((byte) (utf8.length >>> 8));
                    out.put((byte) utf8.length);
                    out.put(utf8);
                }
                default -> throw new IllegalArgumentException("cannot encode cursor key " + k.getClass());
            }
        }
        int payloadLength = out.length();
        out.put(mac(current, out.bytes(), payloadLength));
        return B64.encodeToString(out.bytes().length == out.length() ? out.bytes() : Arrays.copyOf(out.bytes(), out.length()));
    }

    Cursor decode(String token, Binding binding) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw ProblemException.badCursor("cursor must be a token returned by this API");
        }
        if (token.indexOf('.') >= 0) {
            return decodeVersion1(token, binding.sort(), binding.filter());
        }
        byte[] bytes;
        try {
            bytes = B64D.decode(token);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badCursor("cursor is not a token returned by this API");
        }
        int payloadLength = bytes.length - MAC_BYTES;
        if (payloadLength < 1 || !signed(bytes, payloadLength)) {
            throw ProblemException.badCursor("cursor is not a token returned by this API, or was altered");
        }
        // Signed by us: the content is ours, but check it anyway rather than trust it blindly.
        try {
            var in = new Reader(bytes, payloadLength);
            if (in.get() != VERSION) {
                throw ProblemException.badCursor("cursor format is no longer supported; start from the first page");
            }
            Cursor.Towards towards = switch (in.get()) {
                case DIRECTION_AFTER -> Cursor.Towards.AFTER;
                case DIRECTION_BEFORE -> Cursor.Towards.BEFORE;
                default -> throw new IllegalArgumentException("direction");
            };
            int sortStart = in.skip(in.length());
            int sortLength = in.at() - sortStart;
            if (!Arrays.equals(bytes, sortStart, sortStart + sortLength, binding.sortText(), 0, binding.sortText().length)) {
                String madeFor = new String(bytes, sortStart, sortLength, StandardCharsets.UTF_8);
                throw ProblemException.badCursor("cursor was made for sort '" + madeFor + "', not '"
                        + binding.sort().text() + "'; keep the sort the same while paging");
            }
            int fingerprintStart = in.skip(in.length());
            if (!Arrays.equals(bytes, fingerprintStart, in.at(), binding.fingerprint(), 0, binding.fingerprint().length)) {
                throw ProblemException.badCursor("cursor was made for other filters; keep the filters the same while"
                        + " paging");
            }
            List<Sort.Order> orders = binding.sort().orders();
            if (in.length() != orders.size()) {
                throw new IllegalArgumentException("key count");
            }
            // Each value is read as the type its sort key has, and must be one the key accepts: a cursor
            // signed with our secret but not made by us (a leaked or old secret) still cannot reach a query.
            List<Object> keys = new ArrayList<>(orders.size());
            for (Sort.Order order : orders) {
                keys.add(value(in, UserSortKey.of(order.property())));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException("trailing bytes");
            }
            UserSortKey.requireFit(binding.sort(), keys);
            return new Cursor(towards, keys);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw ProblemException.badCursor("cursor is not a token returned by this API");
        }
    }

    /** One key value of a version 2 token, read as {@code key}'s type; anything else is refused. */
    private static Object value(Reader in, UserSortKey key) {
        byte tag = in.get();
        if (tag == 'z' && key.nullable()) {
            return null;
        }
        if (key.type() == Instant.class && tag == 't') {
            return Instant.EPOCH.plus(in.getLong(), ChronoUnit.MICROS);
        }
        if (key.type() == UUID.class && tag == 'u') {
            return new UUID(in.getLong(), in.getLong());
        }
        if (key.type() == String.class && tag == 's') {
            int length = (in.get() & 0xff) << 8 | in.get() & 0xff;
            int start = in.skip(length);
            // Strictly: malformed UTF-8 is no text this codec wrote (a lenient decoder would make U+FFFD of it).
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.bytes, start, length)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("not UTF-8");
            }
        }
        throw new IllegalArgumentException("not a value of " + key.property());
    }

    private boolean signed(byte[] bytes, int payloadLength) {
        return verifies(current, bytes, payloadLength) || previous.map(p -> verifies(p, bytes, payloadLength)).orElse(false);
    }

    private static boolean verifies(Mac key, byte[] bytes, int payloadLength) {
        byte[] expected = mac(key, bytes, payloadLength);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, payloadLength, bytes.length));
    }

    /** A growing byte array, for the payload and then its MAC. */
    private static final class Writer {
        private byte[] bytes;
        private int length;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void put(byte b) {
            ensure(1);
            bytes[length++] = b;
        }

        void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
        }

        void putLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (v >>> shift);
            }
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }
    }

    /** Reads a payload of {@code end} bytes; reading past it throws (a refused token, never a 500). */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int at;

        Reader(byte[] bytes, int end) {
            this.bytes = bytes;
            this.end = end;
        }

        byte get() {
            if (at >= end) {
                throw new IllegalArgumentException("truncated");
            }
            return bytes[at++];
        }

        /** An unsigned length byte. */
        int length() {
            return get() & 0xff;
        }

        long getLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | get() & 0xff;
            }
            return v;
        }

        /** Skips {@code n} bytes, which must be there, and answers where they start. */
        int skip(int n) {
            if (n > end - at) {
                throw new IllegalArgumentException("truncated");
            }
            int start = at;
            at += n;
            return start;
        }

        int at() {
            return at;
        }

        int remaining() {
            return end - at;
        }
    }

    /** A token of version 1: {@code base64url(json).base64url(mac)}, the previous release's. */
    private Cursor decodeVersion1(String token, Sort sort, UserFilter filter) {
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] mac;
        try {
            if (dot <= 0 || dot != token.lastIndexOf('.')) {
                throw new IllegalArgumentException("shape");
            }
            payload = B64D.decode(token.substring(0, dot));
            mac = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badCursor("cursor is not a token returned by this API");
        }
        if (!verifies(current, payload, mac) && previous.map(p -> !verifies(p, payload, mac)).orElse(true)) {
            throw ProblemException.badCursor("cursor is not a token returned by this API, or was altered");
        }
        // Signed by us: the content is ours, but check it anyway rather than trust it blindly.
        try {
            JsonNode json = Json.MAPPER.readTree(payload);
            if (json.path("v").asInt() != VERSION_1) {
                throw ProblemException.badCursor("cursor format is no longer supported; start from the first page");
            }
            String madeFor = json.path("s").asText();
            if (!madeFor.equals(sort.text())) {
                throw ProblemException.badCursor("cursor was made for sort '" + madeFor + "', not '" + sort.text()
                        + "'; keep the sort the same while paging");
            }
            if (!json.path("f").asText().equals(filter.isEmpty() ? "" : B64.encodeToString(fingerprint(filter)))) {
                throw ProblemException.badCursor("cursor was made for other filters; keep the filters the same while"
                        + " paging");
            }
            Cursor.Towards towards = switch (json.path("d").asText()) {
                case "a" -> Cursor.Towards.AFTER;
                case "b" -> Cursor.Towards.BEFORE;
                default -> throw new IllegalArgumentException("direction");
            };
            JsonNode pairs = json.path("k");
            if (!pairs.isArray() || pairs.size() != sort.orders().size()) {
                throw new IllegalArgumentException("key count");
            }
            // Each value is read as the type its sort key has, and must be one the key accepts: a cursor
            // signed with our secret but not made by us (a leaked or old secret) still cannot reach a query.
            List<Object> keys = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                keys.add(jsonValue(pairs.get(i), UserSortKey.of(sort.orders().get(i).property())));
            }
            UserSortKey.requireFit(sort, keys);
            return new Cursor(towards, keys);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw ProblemException.badCursor("cursor is not a token returned by this API");
        }
    }

    /** One key value of a version 1 token, read as {@code key}'s type; anything else is refused. */
    private static Object jsonValue(JsonNode pair, UserSortKey key) {
        if (!pair.isArray() || !pair.path(0).isTextual()) {
            throw new IllegalArgumentException("key shape");
        }
        String tag = pair.get(0).textValue();
        if (tag.equals(NULL) && pair.size() == 1 && key.nullable()) {
            return null;
        }
        JsonNode v = pair.path(1);
        if (pair.size() != 2) {
            throw new IllegalArgumentException("key shape");
        }
        if (key.type() == Instant.class && tag.equals(TIMESTAMP) && v.isIntegralNumber() && v.canConvertToLong()) {
            return Instant.EPOCH.plus(v.longValue(), ChronoUnit.MICROS);
        }
        if (key.type() == UUID.class && tag.equals(UUID_TAG) && v.isTextual() && v.textValue().length() == 36) {
            // The 36-character form only: UUID.fromString also reads "1-1-1-1-1".
            return UUID.fromString(v.textValue());
        }
        if (key.type() == String.class && tag.equals(TEXT) && v.isTextual()) {
            return v.textValue();
        }
        throw new IllegalArgumentException("not a value of " + key.property());
    }

    /** A short digest of the filter: binds the cursor to it without carrying the filter's text. */
    private static byte[] fingerprint(UserFilter filter) {
        if (filter.isEmpty()) {
            return new byte[0];
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.text().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, FINGERPRINT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verifies(Mac key, byte[] payload, byte[] mac) {
        return mac.length == MAC_BYTES && MessageDigest.isEqual(mac(key, payload, payload.length), mac);
    }

    private static byte[] mac(Mac prototype, byte[] payload, int length) {
        try {
            Mac mac = (Mac) prototype.clone();
            mac.update(payload, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 of this JDK cannot be cloned", e);
        }
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Fail at start, not on the first request, where a provider cannot clone its Mac.
            mac.clone();
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 unavailable or not cloneable", e);
        }
    }

    private static SecretKeySpec key(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("cursor secret must be at least 16 bytes");
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    static byte[] secretBytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
