package io.celeris.domain.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written syntax checks of {@link Email} accept exactly what its reference regular expressions accept. */
class EmailSyntaxTest {

    private static final String ALPHABET = "aaz09-..!#_'{~@Aé ";

    @Test
    void theScannersAgreeWithTheRegularExpressionsOnRandomAndEdgeInputs() {
        var random = new Random(20261125);
        int accepted = 0;
        for (int i = 0; i < 300_000; i++) {
            String s = candidate(random);
            boolean domain = Email.isDomain(s);
            assertThat(domain).as("isDomain(\"%s\")", s).isEqualTo(Email.DOMAIN.matcher(s).matches());
            assertThat(Email.isLocalPart(s)).as("isLocalPart(\"%s\")", s).isEqualTo(Email.LOCAL.matcher(s).matches());
            accepted += domain ? 1 : 0;
        }
        assertThat(accepted).as("inputs that are domains: the generator reaches both answers").isGreaterThan(1_000);
        for (String s : new String[] {"", ".", "a.", ".a", "a.b", "a.0", "a-.bc", "-a.bc", "a.b-c", "a.bc-",
                "x".repeat(63) + ".io", "x".repeat(64) + ".io", "io." + "y".repeat(63), "io." + "y".repeat(64),
                "a..b", "1.2.3.4", "example.com", "xn--bcher-kva.example"}) {
            assertThat(Email.isDomain(s)).as("isDomain(\"%s\")", s).isEqualTo(Email.DOMAIN.matcher(s).matches());
            assertThat(Email.isLocalPart(s)).as("isLocalPart(\"%s\")", s).isEqualTo(Email.LOCAL.matcher(s).matches());
        }
    }

    private static String candidate(Random random) {
        if (random.nextInt(10) == 0) {
            // Labels around the 63-character limit.
            return "a".repeat(58 + random.nextInt(8)) + "." + "b".repeat(1 + random.nextInt(66));
        }
        var sb = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
