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
        assertThat(codec.encode(CURSOR, SORT, FILTER)).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
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
        String token = codec.encode(CURSOR, SORT, FILTER);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("Anna", "Zed").getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
        assertThatThrownBy(() -> codec.decode(forged, SORT, FILTER)).isInstanceOf(ProblemException.class);
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
