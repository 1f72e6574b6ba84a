package io.celeris.adapter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the client is: the TCP peer, unless the peer is one of our own trusted proxies, in which case the
 * {@code X-Forwarded-For} chain is walked from the right (the hop the proxy itself appended) past every
 * trusted proxy; the first address that is not one of ours is the client. A header from any other peer
 * is ignored: anyone can send one, and believing it would let a client write any address into our logs.
 * With no trusted proxies (the default) the header is never read.
 */
public final class ClientAddress {

    /** Trusts nobody: the client is always the TCP peer. */
    public static final ClientAddress PEER_ONLY = new ClientAddress(List.of());

    // Literals only: a host name here would mean a DNS lookup per request, or a lookup at start that can go stale.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Cidr> trusted;

    private ClientAddress(List<Cidr> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * @param cidrs trusted proxies as CIDR blocks or single addresses ({@code 10.0.0.0/8}, {@code 127.0.0.1},
     *              {@code ::1/128}); IP literals only
     * @return the resolver
     * @throws IllegalArgumentException for an entry that is not an IP literal or has a bad prefix length
     */
    public static ClientAddress trusting(List<String> cidrs) {
        var blocks = new ArrayList<Cidr>();
        for (String c : Objects.requireNonNull(cidrs, "cidrs")) {
            String s = c.strip();
            if (!s.isEmpty()) {
                blocks.add(Cidr.parse(s));
            }
        }
        return blocks.isEmpty() ? PEER_ONLY : new ClientAddress(blocks);
    }

    /**
     * @param peer          the TCP peer's address (an IP literal)
     * @param forwardedFor  the {@code X-Forwarded-For} header lines, in order (may be empty)
     * @return the client's address as text
     */
    public String resolve(String peer, List<String> forwardedFor) {
        if (trusted.isEmpty() || forwardedFor.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        var hops = new ArrayList<String>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                // Garbage (or "unknown") in the chain: what lies left of it cannot be vouched for.
                return client;
            }
            client = hop.get().getHostAddress();
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    /**
     * @return true when some proxy is trusted
     */
    public boolean trustsAnyProxy() {
        return !trusted.isEmpty();
    }

    private boolean isTrusted(String address) {
        return literal(address).map(this::isTrusted).orElse(false);
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Parses an IP literal without ever asking DNS. */
    static Optional<InetAddress> literal(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            // For a literal, getByName only parses.
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** One block of addresses: the first {@code bits} bits of {@code network}. */
    private record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress a = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "trusted proxy " + text + " is not an IP address or CIDR block (IP literals only)"));
            byte[] bytes = a.getAddress();
            int max = bytes.length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("trusted proxy " + text + " has a bad prefix length", e);
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("trusted proxy " + text + ": prefix length must be 0.." + max);
            }
            return new Cidr(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
