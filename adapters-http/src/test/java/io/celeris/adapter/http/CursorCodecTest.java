package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.service.UserSortKeys;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
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

class CursorCodecTest {

    private static final byte[] SECRET = "0123456789abcdef-current".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD = "0123456789abcdef-previous".getBytes(StandardCharsets.UTF_8);
    private static final Sort SORT = Sort.parse("-last_login_at,name", UserSortKeys.SORTABLE);
    private static final UserFilter FILTER = new UserFilter(Optional.of("An"), Optional.empty(), Optional.empty(), Optional.empty());
    private static final Cursor CURSOR = new Cursor(Cursor.Towards.BEFORE,
            Arrays.asList(null, "Anna \"quoted\" ✓", UUID.fromString("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f")));

    private final CursorCodec codec = new CursorCodec(SECRET, Optional.empty());

    @Test
    void roundTripsEveryKeyType() {
        assertThat(codec.decode(codec.encode(CURSOR, SORT, FILTER), SORT, FILTER)).isEqualTo(CURSOR);
        Sort byCreation = Sort.parse("created_at", UserSortKeys.SORTABLE);
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
        assertThatThrownBy(() -> codec.decode(token, Sort.parse("name", UserSortKeys.SORTABLE), FILTER))
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
