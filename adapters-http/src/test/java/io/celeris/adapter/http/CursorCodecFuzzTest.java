package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coverage-guided fuzzing of {@link CursorCodec#decode}: whatever a client sends as {@code cursor}, the codec
 * answers with a cursor or a {@link ProblemException} (a 400 {@code invalid-cursor}), never anything else.
 * In a normal build Jazzer replays the seeds under {@code CursorCodecFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for the {@code maxDuration} of each target (see {@code .ci/fuzz}).
 */
class CursorCodecFuzzTest {

    private static final byte[] SECRET = "fuzzing-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final List<Sort> SORTS = List.of(UserSortKey.DEFAULT, Sort.parse("-name", UserSortKey.SORTABLE),
            Sort.parse("last_login_at,email", UserSortKey.SORTABLE), Sort.parse("-created_at,name", UserSortKey.SORTABLE));
    private static final UserFilter FILTER = new UserFilter(Optional.of("An"), Optional.empty(), Optional.empty(),
            Optional.empty());

    private final CursorCodec codec = new CursorCodec(SECRET, Optional.empty());

    /** Any token text at all: almost all fail the signature, so this fuzzes the shape and base64 checks. */
    @FuzzTest(maxDuration = "60s")
    void decodesAnyTokenOrRefusesItWithA400(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Sort sort = SORTS.get((input[0] & 0xff) % SORTS.size());
        String token = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        decodeOrRefuse(token, sort);
    }

    /**
     * Any payload, correctly signed: what a leaked secret or a bug in our own encoder could produce. Past the
     * signature the codec still trusts nothing: malformed JSON, wrong shapes and values are a 400 as well.
     */
    @FuzzTest(maxDuration = "60s")
    void decodesAnySignedPayloadOrRefusesItWithA400(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Sort sort = SORTS.get((input[0] & 0xff) % SORTS.size());
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        var b64 = Base64.getUrlEncoder().withoutPadding();
        decodeOrRefuse(b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload)), sort);
    }

    /**
     * Any payload in the binary form of version 2 (no dot), correctly signed: past the signature the version,
     * lengths, tags and values are still checked, and anything off is a 400.
     */
    @FuzzTest(maxDuration = "60s")
    void decodesAnySignedBinaryPayloadOrRefusesItWithA400(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Sort sort = SORTS.get((input[0] & 0xff) % SORTS.size());
        byte[] token = Arrays.copyOfRange(input, 1, input.length + 16);
        System.arraycopy(mac(Arrays.copyOfRange(input, 1, input.length)), 0, token, input.length - 1, 16);
        decodeOrRefuse(Base64.getUrlEncoder().withoutPadding().encodeToString(token), sort);
    }

    private void decodeOrRefuse(String token, Sort sort) {
        try {
            Cursor cursor = codec.decode(token, sort, FILTER);
            assertThat(cursor.keys()).hasSize(sort.orders().size());
        } catch (ProblemException e) {
            assertThat(e.toProblem("/users").type()).isEqualTo("urn:celeris:problem:invalid-cursor");
        }
    }

    private static byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
