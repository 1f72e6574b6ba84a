package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies = ClientAddress.trusting(List.of("127.0.0.1/32", " 10.0.0.0/8", "::1"));

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        assertThat(ClientAddress.trusting(List.of("", " ")).resolve("127.0.0.1", List.of("203.0.113.7")))
                .isEqualTo("127.0.0.1");
        assertThat(ClientAddress.PEER_ONLY.trustsAnyProxy()).isFalse();
    }

    @Test
    void aTrustedPeerNamesTheClient() {
        assertThat(behindProxies.resolve("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(behindProxies.resolve("::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnored() {
        assertThat(behindProxies.resolve("192.0.2.1", List.of("203.0.113.7"))).isEqualTo("192.0.2.1");
    }

    @Test
    void theChainIsWalkedFromTheRightPastTrustedHopsOnly() {
        // A client put 198.51.100.9 in its own header; our proxy appended the address it saw (203.0.113.7).
        assertThat(behindProxies.resolve("127.0.0.1", List.of("198.51.100.9, 203.0.113.7"))).isEqualTo("203.0.113.7");
        // Two of our proxies in a row, the header split over two lines.
        assertThat(behindProxies.resolve("127.0.0.1", List.of("198.51.100.9", "203.0.113.7, 10.1.2.3")))
                .isEqualTo("203.0.113.7");
        // Only our proxies: the leftmost is the best we know.
        assertThat(behindProxies.resolve("127.0.0.1", List.of("10.0.0.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void garbageInTheChainStopsTheWalk() {
        assertThat(behindProxies.resolve("127.0.0.1", List.of("203.0.113.7, unknown"))).isEqualTo("127.0.0.1");
        assertThat(behindProxies.resolve("127.0.0.1", List.of("evil.example, 10.0.0.2"))).isEqualTo("10.0.0.2");
    }

    @Test
    void prefixesCountBits() {
        var c = ClientAddress.trusting(List.of("192.168.4.0/22"));
        assertThat(c.resolve("192.168.7.255", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(c.resolve("192.168.8.0", List.of("203.0.113.7"))).isEqualTo("192.168.8.0");
    }

    @Test
    void onlyIpLiteralsAreAccepted() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.internal"))).hasMessageContaining("IP literals");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).hasMessageContaining("0..32");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/x"))).hasMessageContaining("prefix");
    }
}
