package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UserValueCodecTest {

    private final UserValueCodec codec = new UserValueCodec();

    @Test
    void roundTripsEveryField() {
        var t = Instant.parse("2026-03-04T05:06:07.123456Z");
        User u = User.create(UuidV7.next(Clock.systemUTC()), new Email("zoë@example.org".replace("ë", "e")),
                new UserName("Zoë 🚀 Ångström"), t).update(new Email("z@example.org"), new UserName("Zoë"), t.plusSeconds(9));
        assertThat(codec.decode(codec.encode(u))).isEqualTo(u);
        User withLogin = u.withLastLoginAt(t.plusSeconds(60));
        assertThat(codec.decode(codec.encode(withLogin))).isEqualTo(withLogin);
        assertThat(codec.encode(u).length).as("compact").isLessThan(80);
    }

    @Test
    void aTruncatedEntryFailsToDecode() {
        User u = User.create(UuidV7.next(Clock.systemUTC()), new Email("a@example.org"), new UserName("A"), Instant.now());
        byte[] bytes = codec.encode(u);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(RuntimeException.class);
    }
}
