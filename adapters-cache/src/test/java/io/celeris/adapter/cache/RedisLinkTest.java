package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RedisLinkTest {

    @Test
    void onlyASyntaxErrorSaysThatRedisHasNoSetNxGet() {
        var refused = new RedisCommandExecutionException("ERR syntax error");
        assertThat(RedisLink.setGetUnsupported(refused)).isTrue();
        assertThat(RedisLink.setGetUnsupported(new CompletionException(refused))).isTrue();

        assertThat(RedisLink.setGetUnsupported(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisLink.setGetUnsupported(new RedisCommandTimeoutException("Command timed out"))).isFalse();
        assertThat(RedisLink.setGetUnsupported(new CompletionException(new IllegalStateException()))).isFalse();
    }
}
