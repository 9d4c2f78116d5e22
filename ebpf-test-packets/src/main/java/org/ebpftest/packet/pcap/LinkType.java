package org.ebpftest.packet.pcap;

/** Common LINKTYPE_ values of pcap and pcapng files (tcpdump.org link-layer header types). */
public final class LinkType {

    /** BSD loopback: a 4-byte host-order protocol family, then the packet. */
    public static final int NULL = 0;
    /** Ethernet II frames; the default of the writer. */
    public static final int ETHERNET = 1;
    /** Bare IPv4 or IPv6 datagrams, told apart by the version nibble. */
    public static final int RAW = 101;
    /** Linux "cooked" capture (SLL), what {@code tcpdump -i any} writes. */
    public static final int LINUX_SLL = 113;
    /** Bare IPv4 datagrams. */
    public static final int IPV4 = 228;
    /** Bare IPv6 datagrams. */
    public static final int IPV6 = 229;

    private LinkType() {
    }
}
