package org.ebpftest.packet;

/** What IPv4 and IPv6 headers have in common: a version and the two addresses. */
public sealed interface IpHeader permits Ipv4, Ipv6 {

    /** The version field: 4 or 6 for a well-formed header. */
    int version();

    /** Source address. */
    IpAddress source();

    /** Destination address. */
    IpAddress destination();
}
