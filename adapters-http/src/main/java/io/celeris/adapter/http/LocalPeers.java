package io.celeris.adapter.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Which clients may write while no write token is configured: by default only those on this machine, so the
 * demo works where it runs and nowhere else.
 */
@FunctionalInterface
interface LocalPeers {

    /** 127.0.0.0/8 and ::1 (an IPv4-mapped {@code ::ffff:127.x.y.z} arrives as IPv4). */
    LocalPeers LOOPBACK = peer -> peer instanceof InetSocketAddress a && !a.isUnresolved()
            && a.getAddress().isLoopbackAddress();

    /**
     * @param peer the client's address, as the socket has it
     * @return whether it is local
     */
    boolean isLocal(SocketAddress peer);
}
