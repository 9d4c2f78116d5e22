package org.ebpftest.packet;

/** IANA IP protocol numbers (IPv4 protocol, IPv6 next header) this package knows. */
public final class IpProtocol {

    /** IPv6 hop-by-hop options extension header. */
    public static final int HOP_BY_HOP = 0;
    /** ICMP for IPv4. */
    public static final int ICMP = 1;
    /** IPv4 encapsulated in IP (IPIP). */
    public static final int IPIP = 4;
    /** TCP. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** IPv6 encapsulated in IP (6in4, 6in6). */
    public static final int IPV6 = 41;
    /** IPv6 routing extension header. */
    public static final int ROUTING = 43;
    /** IPv6 fragment extension header. */
    public static final int FRAGMENT = 44;
    /** Generic Routing Encapsulation. */
    public static final int GRE = 47;
    /** ICMPv6. */
    public static final int ICMPV6 = 58;
    /** IPv6 "no next header". */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 destination options extension header. */
    public static final int DESTINATION_OPTIONS = 60;
    /** Reserved for experimentation (RFC 3692), used by the builder for a raw IPv4 payload. */
    public static final int EXPERIMENTAL = 253;

    private IpProtocol() {
    }

    static boolean isIpv6Extension(int protocol) {
        return protocol == HOP_BY_HOP || protocol == ROUTING || protocol == FRAGMENT || protocol == DESTINATION_OPTIONS;
    }
}
