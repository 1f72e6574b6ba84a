package io.celeris.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
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
 * Writes cursors as opaque, signed tokens and reads them back: {@code base64url(json).base64url(mac)}
 * where the JSON holds a format version, the direction, the sort it was made for, a fingerprint of
 * the filters, and the edge row's key values, and the MAC is HMAC-SHA256 (first 128 bits) under the current secret; a token signed
 * with the previous secret is still accepted, so the secret can be rotated without breaking clients.
 * Anything else (tampered, truncated, foreign, made for another sort, or key values that do not fit the
 * sort's {@link UserSortKey}s, even when signed) is refused with a 400.
 */
final class CursorCodec {

    static final int MAX_TOKEN_LENGTH = 2048;
    private static final int VERSION = 1;
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    // Type tags of key values on the wire, one per type a UserSortKey can have (the old "l" for longs is gone:
    // no sort key holds a long, so a cursor carrying one was never ours).
    private static final String NULL = "z";
    private static final String TIMESTAMP = "t";
    private static final String UUID_TAG = "u";
    private static final String TEXT = "s";

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

    String encode(Cursor cursor, Sort sort, UserFilter filter) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("v", VERSION);
        json.put("d", cursor.direction() == Cursor.Towards.AFTER ? "a" : "b");
        json.put("s", sort.text());
        json.put("f", fingerprint(filter));
        ArrayNode keys = json.putArray("k");
        for (Object k : cursor.keys()) {
            ArrayNode pair = keys.addArray();
            switch (k) {
                case null -> pair.add(NULL);
                case Instant i -> pair.add(TIMESTAMP).add(ChronoUnit.MICROS.between(Instant.EPOCH, i));
                case UUID u -> pair.add(UUID_TAG).add(u.toString());
                case String str -> pair.add(TEXT).add(str);
                default -> throw new IllegalArgumentException("cannot encode cursor key " + k.getClass());
            }
        }
        byte[] payload = Json.write(json);
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(current, payload));
    }

    Cursor decode(String token, Sort sort, UserFilter filter) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw ProblemException.badCursor("cursor must be a token returned by this API");
        }
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
            if (json.path("v").asInt() != VERSION) {
                throw ProblemException.badCursor("cursor format is no longer supported; start from the first page");
            }
            String madeFor = json.path("s").asText();
            if (!madeFor.equals(sort.text())) {
                throw ProblemException.badCursor("cursor was made for sort '" + madeFor + "', not '" + sort.text()
                        + "'; keep the sort the same while paging");
            }
            if (!json.path("f").asText().equals(fingerprint(filter))) {
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
                keys.add(value(pairs.get(i), UserSortKey.of(sort.orders().get(i).property())));
            }
            UserSortKey.requireFit(sort, keys);
            return new Cursor(towards, keys);
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw ProblemException.badCursor("cursor is not a token returned by this API");
        }
    }

    /** One key value, read as {@code key}'s type; anything else is refused. */
    private static Object value(JsonNode pair, UserSortKey key) {
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
        if (key.type() == UUID.class && tag.equals(UUID_TAG) && v.isTextual()) {
            return UUID.fromString(v.textValue());
        }
        if (key.type() == String.class && tag.equals(TEXT) && v.isTextual()) {
            return v.textValue();
        }
        throw new IllegalArgumentException("not a value of " + key.property());
    }

    /** A short digest of the filter: binds the cursor to it without carrying the filter's text. */
    private static String fingerprint(UserFilter filter) {
        if (filter.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.text().getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean verifies(Mac key, byte[] payload, byte[] mac) {
        return mac.length == MAC_BYTES && MessageDigest.isEqual(mac(key, payload), mac);
    }

    private static byte[] mac(Mac prototype, byte[] payload) {
        try {
            return Arrays.copyOf(((Mac) prototype.clone()).doFinal(payload), MAC_BYTES);
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
