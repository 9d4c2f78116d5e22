package org.ebpftest.packet;

/**
 * Starts fluent packet builders, so tests describe frames instead of writing hex.
 *
 * <pre>{@code
 * byte[] frame = Packets.ethernet().source("02:00:00:00:00:01").destination("02:00:00:00:00:02")
 *         .ipv4().source("10.0.0.1").destination("10.0.0.99").ttl(64)
 *         .tcp().sourcePort(12345).destinationPort(80).flags(TcpFlag.SYN)
 *         .build();
 * }</pre>
 *
 * <p>Defaults are documentation values: MAC 02:00:00:00:00:01 to 02:00:00:00:00:02, IPv4
 * 192.0.2.1 to 192.0.2.2, IPv6 2001:db8::1 to 2001:db8::2. Frames are not padded to the 60-byte
 * Ethernet minimum unless {@link EthernetBuilder#padTo(int)} asks for it.
 */
public final class Packets {

    private Packets() {
    }

    /** Starts a frame with an Ethernet II header. */
    public static EthernetBuilder ethernet() {
        Draft draft = new Draft(true);
        return new EthernetBuilder(draft, null);
    }

    /** Starts a bare IPv4 datagram, without a link-layer header. */
    public static Ipv4Builder ipv4() {
        return new Ipv4Builder(new Draft(false), null);
    }

    /** Starts a bare IPv6 datagram, without a link-layer header. */
    public static Ipv6Builder ipv6() {
        return new Ipv6Builder(new Draft(false), null);
    }
}
