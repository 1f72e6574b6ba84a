package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CursorCodecTest {

    private static final byte[] SECRET = "0123456789abcdef-current".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD = "0123456789abcdef-previous".getBytes(StandardCharsets.UTF_8);
    private static final Sort SORT = Sort.parse("-last_login_at,name", UserSortKey.SORTABLE);
    private static final UserFilter FILTER = new UserFilter(Optional.of("An"), Optional.empty(), Optional.empty(), Optional.empty());
    private static final Cursor CURSOR = new Cursor(Cursor.Towards.BEFORE,
            Arrays.asList(null, "Anna \"quoted\" ✓", UUID.fromString("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f")));

    private static final String ID = "0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f";

    private final CursorCodec codec = new CursorCodec(SECRET, Optional.empty());

    @Test
    void roundTripsEveryKeyType() {
        assertThat(codec.decode(codec.encode(CURSOR, SORT, FILTER), SORT, FILTER)).isEqualTo(CURSOR);
        Sort byCreation = Sort.parse("created_at", UserSortKey.SORTABLE);
        var c = new Cursor(Cursor.Towards.AFTER, List.of(Instant.parse("2026-05-06T07:08:09.123456Z"), UUID.randomUUID()));
        assertThat(codec.decode(codec.encode(c, byCreation, UserFilter.NONE), byCreation, UserFilter.NONE)).isEqualTo(c);
    }

    @Test
    void tokensAreUrlSafe() {
        assertThat(codec.encode(CURSOR, SORT, FILTER)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aCursorIsBoundToItsSortAndFilters() {
        String token = codec.encode(CURSOR, SORT, FILTER);
        assertThatThrownBy(() -> codec.decode(token, Sort.parse("name", UserSortKey.SORTABLE), FILTER))
                .isInstanceOf(ProblemException.class).hasMessageContaining("sort");
        assertThatThrownBy(() -> codec.decode(token, SORT, UserFilter.NONE))
                .isInstanceOf(ProblemException.class).hasMessageContaining("filters");
    }

    @Test
    void theSecretCanBeRotated() {
        String oldToken = new CursorCodec(OLD, Optional.empty()).encode(CURSOR, SORT, FILTER);
        assertThatThrownBy(() -> codec.decode(oldToken, SORT, FILTER)).isInstanceOf(ProblemException.class);
        var rotated = new CursorCodec(SECRET, Optional.of(OLD));
        assertThat(rotated.decode(oldToken, SORT, FILTER)).isEqualTo(CURSOR);
        assertThat(rotated.decode(codec.encode(CURSOR, SORT, FILTER), SORT, FILTER)).isEqualTo(CURSOR);
    }

    @Test
    void aForgedPayloadWithoutTheKeyIsRefused() {
        byte[] token = Base64.getUrlDecoder().decode(codec.encode(CURSOR, SORT, FILTER));
        String text = new String(token, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Anna");
        assertThat(at).isPositive();
        token[at] = 'Z';
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        assertThatThrownBy(() -> codec.decode(forged, SORT, FILTER)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.getMessage()).contains("altered"));
    }

    /** The binary tokens are what the class documents: a reader of the format can check and read them. */
    @Test
    void aTokenIsTheDocumentedBinaryPayloadAndItsMac() throws Exception {
        Sort byCreation = Sort.parse("created_at", UserSortKey.SORTABLE);
        UUID id = UUID.fromString(ID);
        Instant at = Instant.parse("2026-05-06T07:08:09.123456Z");
        byte[] token = Base64.getUrlDecoder().decode(
                codec.encode(new Cursor(Cursor.Towards.AFTER, List.of(at, id)), byCreation, UserFilter.NONE));
        var payload = java.nio.ByteBuffer.wrap(token, 0, token.length - 16);
        assertThat(payload.get()).isEqualTo((byte) 2);
        assertThat(payload.get()).isEqualTo((byte) 'a');
        byte[] sort = new byte[payload.get()];
        payload.get(sort);
        assertThat(new String(sort, StandardCharsets.UTF_8)).isEqualTo("created_at,id");
        assertThat(payload.get()).as("no filters, no fingerprint").isZero();
        assertThat(payload.get()).isEqualTo((byte) 2);
        assertThat(payload.get()).isEqualTo((byte) 't');
        assertThat(payload.getLong()).isEqualTo(1778051289123456L);
        assertThat(payload.get()).isEqualTo((byte) 'u');
        assertThat(new UUID(payload.getLong(), payload.getLong())).isEqualTo(id);
        assertThat(payload.hasRemaining()).isFalse();
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        mac.update(token, 0, token.length - 16);
        assertThat(Arrays.copyOfRange(token, token.length - 16, token.length))
                .isEqualTo(Arrays.copyOf(mac.doFinal(), 16));
        // Half the length of the JSON tokens of version 1.
        assertThat(token.length).isLessThan(64);
    }

    /** Cursors handed out by the previous release (JSON, version 1) still lead to their page after an upgrade. */
    @Test
    void aVersion1TokenOfThePreviousReleaseIsStillRead() throws Exception {
        Sort byCreation = Sort.parse("created_at", UserSortKey.SORTABLE);
        String token = signed("{\"v\":1,\"d\":\"b\",\"s\":\"created_at,id\",\"f\":\"\",\"k\":"
                + "[[\"t\",1767225600000000],[\"u\",\"" + ID + "\"]]}");
        assertThat(codec.decode(token, byCreation, UserFilter.NONE)).isEqualTo(new Cursor(Cursor.Towards.BEFORE,
                List.of(Instant.parse("2026-01-01T00:00:00Z"), UUID.fromString(ID))));
        // Bound to its filters as before: the fingerprint of version 1 is base64url of the same 9 bytes.
        String filtered = v1Token(CURSOR, SORT, FILTER);
        assertThat(codec.decode(filtered, SORT, FILTER)).isEqualTo(CURSOR);
        assertThatThrownBy(() -> codec.decode(filtered, SORT, UserFilter.NONE)).hasMessageContaining("filters");
        assertThatThrownBy(() -> codec.decode(token, Sort.parse("name", UserSortKey.SORTABLE), UserFilter.NONE))
                .hasMessageContaining("sort");
    }

    /** A version 1 token as the previous release wrote it (JSON payload, its own MAC after a dot). */
    private static String v1Token(Cursor cursor, Sort sort, UserFilter filter) throws Exception {
        var keys = new StringBuilder();
        for (Object k : cursor.keys()) {
            keys.append(keys.isEmpty() ? "" : ",");
            switch (k) {
                case null -> keys.append("[\"z\"]");
                case String s -> keys.append("[\"s\",").append(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(s)).append(']');
                case UUID u -> keys.append("[\"u\",\"").append(u).append("\"]");
                default -> throw new IllegalArgumentException(String.valueOf(k));
            }
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(filter.text().getBytes(StandardCharsets.UTF_8));
        String fingerprint = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        return signed("{\"v\":1,\"d\":\"" + (cursor.direction() == Cursor.Towards.AFTER ? "a" : "b")
                + "\",\"s\":\"" + sort.text() + "\",\"f\":\"" + fingerprint + "\",\"k\":[" + keys + "]}");
    }

    /** Signs a payload the way the codec does: what a holder of the secret (leaked, or an old release) can make. */
    private static String signed(String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(Arrays.copyOf(mac.doFinal(bytes), 16));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a string where a timestamp is | created_at,id | [[\"s\",\"2026-01-01T00:00:00Z\"],[\"u\",\"" + ID + "\"]]",
        "a number where a string is | name,id | [[\"l\",42],[\"u\",\"" + ID + "\"]]",
        "a number tagged as a string | name,id | [[\"s\",42],[\"u\",\"" + ID + "\"]]",
        "text tagged as a timestamp | created_at,id | [[\"t\",\"soon\"],[\"u\",\"" + ID + "\"]]",
        "null for a key that is never null | created_at,id | [[\"z\"],[\"u\",\"" + ID + "\"]]",
        "null for the id | -last_login_at,name,id | [[\"z\"],[\"s\",\"A\"],[\"z\"]]",
        "too few keys | name,id | [[\"s\",\"A\"]]",
        "too many keys | name,id | [[\"s\",\"A\"],[\"u\",\"" + ID + "\"],[\"s\",\"x\"]]",
        "a string where the id is | created_at,id | [[\"t\",1767225600000000],[\"s\",\"not-a-uuid\"]]",
        "an id that is no UUID | created_at,id | [[\"t\",1767225600000000],[\"u\",\"not-a-uuid\"]]",
        "an id in UUID.fromString's short form | created_at,id | [[\"t\",1767225600000000],[\"u\",\"1-1-1-1-1\"]]",
        "a NUL in a name | name,id | [[\"s\",\"a\\u0000b\"],[\"u\",\"" + ID + "\"]]",
        "a lone surrogate in a name | name,id | [[\"s\",\"\\ud800\"],[\"u\",\"" + ID + "\"]]",
        "an email in upper case | email,id | [[\"s\",\"Ada@example.org\"],[\"u\",\"" + ID + "\"]]",
        "a timestamp before year 1 | created_at,id | [[\"t\",-9223372036854775807],[\"u\",\"" + ID + "\"]]",
        "a timestamp past 9999 | created_at,id | [[\"t\",9223372036854775807],[\"u\",\"" + ID + "\"]]",
        "a key that is no pair | name,id | [\"A\",[\"u\",\"" + ID + "\"]]",
        "keys that are no list | name,id | {\"a\":1}",
    })
    void aSignedCursorWhoseKeysDoNotFitItsSortIsRefused(String what, String sortText, String keys) throws Exception {
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        String token = signed("{\"v\":1,\"d\":\"a\",\"s\":\"" + sort.text() + "\",\"f\":\"\",\"k\":" + keys + "}");
        assertThatThrownBy(() -> codec.decode(token, sort, UserFilter.NONE)).as(what)
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem("/users").slug()).isEqualTo("invalid-cursor"));
    }

    /** A payload of version 2 signed the way the codec does: what a holder of the secret can make. */
    private static String signedBinary(byte[] payload) throws Exception {
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] token = Arrays.copyOf(payload, payload.length + 16);
        System.arraycopy(mac.doFinal(payload), 0, token, payload.length, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** Version, direction 'a', the sort's text, no fingerprint, then {@code keys} (count and values) as hex. */
    private static byte[] binary(int version, Sort sort, String keysHex) {
        var out = new java.io.ByteArrayOutputStream();
        out.write(version);
        out.write('a');
        byte[] text = sort.text().getBytes(StandardCharsets.UTF_8);
        out.write(text.length);
        out.writeBytes(text);
        out.write(0);
        out.writeBytes(java.util.HexFormat.of().parseHex(keysHex.replace(" ", "")));
        return out.toByteArray();
    }

    private static final String T = "74"; // 't'
    private static final String U = "75"; // 'u'
    private static final String S = "73"; // 's'
    private static final String Z = "7a"; // 'z'
    private static final String TIME = T + "00064739fc2f8000"; // 2026-01-01T00:00:00Z in microseconds
    private static final String UUID_HEX = U + "0190f0a86c1e7b3a9d1e2f4b5c6d7e8f";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a string where a timestamp is | created_at,id | 02 " + S + " 0001 41 " + UUID_HEX,
        "a timestamp where a string is | name,id | 02 " + TIME + " " + UUID_HEX,
        "null for a key that is never null | created_at,id | 02 " + Z + " " + UUID_HEX,
        "null for the id | -last_login_at,name,id | 03 " + Z + " " + S + "0001 41 " + Z,
        "too few keys | name,id | 01 " + S + " 0001 41",
        "too many keys | name,id | 03 " + S + " 0001 41 " + UUID_HEX + " " + S + " 0001 78",
        "a key count that says more than there is | name,id | 03 " + S + " 0001 41 " + UUID_HEX,
        "a string longer than the token | name,id | 02 " + S + " ffff 41 " + UUID_HEX,
        "a truncated timestamp | created_at,id | 02 " + T + " 0006",
        "a truncated id | created_at,id | 02 " + TIME + " " + U + " 0190f0a8",
        "an unknown tag | created_at,id | 02 " + TIME + " 6c 0000000000000007",
        "trailing bytes | created_at,id | 02 " + TIME + " " + UUID_HEX + " 00",
        "a timestamp before year 1 | created_at,id | 02 " + T + " 8000000000000001 " + UUID_HEX,
        "a timestamp past 9999 | created_at,id | 02 " + T + " 7fffffffffffffff " + UUID_HEX,
        "a NUL in a name | name,id | 02 " + S + " 0003 610062 " + UUID_HEX,
        "a NUL in an email | email,id | 02 " + S + " 0008 6100624078 2e 636f " + UUID_HEX,
        "a name that is not UTF-8 | name,id | 02 " + S + " 0001 ff " + UUID_HEX,
        "a surrogate encoded in UTF-8 | name,id | 02 " + S + " 0003 eda080 " + UUID_HEX,
        "an unstripped name | name,id | 02 " + S + " 0002 2041 " + UUID_HEX,
        "no keys at all | created_at,id | 00",
        "nothing after the fingerprint | created_at,id | ''",
    })
    void aSignedBinaryCursorWhoseKeysDoNotFitItsSortIsRefused(String what, String sortText, String keys) throws Exception {
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        String token = signedBinary(binary(2, sort, keys == null ? "" : keys));
        assertThatThrownBy(() -> codec.decode(token, sort, UserFilter.NONE)).as(what)
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.toProblem("/users").slug()).isEqualTo("invalid-cursor"));
    }

    @Test
    void aSignedBinaryCursorWhoseKeysFitIsReadAndOtherVersionsOrShapesAreNot() throws Exception {
        Sort sort = Sort.parse("-last_login_at,name", UserSortKey.SORTABLE);
        String keys = "03 " + Z + " " + S + " 0002 c3a9 " + UUID_HEX;
        assertThat(codec.decode(signedBinary(binary(2, sort, keys)), sort, UserFilter.NONE))
                .isEqualTo(new Cursor(Cursor.Towards.AFTER, Arrays.asList(null, "\u00e9", UUID.fromString(ID))));
        assertThatThrownBy(() -> codec.decode(signedBinary(binary(3, sort, keys)), sort, UserFilter.NONE))
                .isInstanceOf(ProblemException.class).hasMessageContaining("no longer supported");
        byte[] badDirection = binary(2, sort, keys);
        badDirection[1] = 'x';
        assertThatThrownBy(() -> codec.decode(signedBinary(badDirection), sort, UserFilter.NONE))
                .isInstanceOf(ProblemException.class);
        byte[] sortLengthPastEnd = binary(2, sort, keys);
        sortLengthPastEnd[2] = (byte) 0xff;
        assertThatThrownBy(() -> codec.decode(signedBinary(sortLengthPastEnd), sort, UserFilter.NONE))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> codec.decode(signedBinary(new byte[0]), sort, UserFilter.NONE))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void aSignedCursorWhoseKeysFitIsRead() throws Exception {
        Sort sort = Sort.parse("-last_login_at,name", UserSortKey.SORTABLE);
        String token = signed("{\"v\":1,\"d\":\"b\",\"s\":\"" + sort.text() + "\",\"f\":\"\",\"k\":"
                + "[[\"z\"],[\"s\",\"A\"],[\"u\",\"" + ID + "\"]]}");
        assertThat(codec.decode(token, sort, UserFilter.NONE))
                .isEqualTo(new Cursor(Cursor.Towards.BEFORE, Arrays.asList(null, "A", UUID.fromString(ID))));
    }

    /** Fuzz: mutated, truncated, extended and random tokens are refused with a 400 problem, never anything else. */
    @Test
    void noInputBreaksTheDecoder() {
        var random = new Random(20261125);
        String good = codec.encode(CURSOR, SORT, FILTER);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            char[] c = good.toCharArray();
            switch (i % 6) {
                case 0 -> c[random.nextInt(c.length)] = (char) random.nextInt(128);
                case 1 -> c = Arrays.copyOf(c, random.nextInt(c.length));
                case 2 -> c = (good + (char) (32 + random.nextInt(95))).toCharArray();
                case 3 -> {
                    byte[] b = new byte[random.nextInt(300)];
                    random.nextBytes(b);
                    c = (Base64.getUrlEncoder().encodeToString(b) + "." + Base64.getUrlEncoder().encodeToString(b)).toCharArray();
                }
                case 4 -> {
                    c = new char[random.nextInt(3000)];
                    for (int j = 0; j < c.length; j++) {
                        c[j] = (char) random.nextInt(0x3000);
                    }
                }
                default -> c = good.replace('.', (char) random.nextInt(128)).toCharArray();
            }
            inputs.add(new String(c));
        }
        for (String input : inputs) {
            if (input.equals(good)) {
                continue;
            }
            try {
                Cursor decoded = codec.decode(input, SORT, FILTER);
                // Only a token that still carries a valid MAC for the same payload can decode (padding variants).
                assertThat(decoded).isEqualTo(CURSOR);
            } catch (ProblemException e) {
                assertThat(e.toProblem("/users").status().code()).isEqualTo(400);
            }
        }
    }
}
