package org.ebpftest.packet;

/** An ICMPv6 header (RFC 4443): type, code, checksum over the IPv6 pseudo-header, and the four bytes after them. */
public final class Icmpv6 extends IcmpMessage {

    /** Type of an echo reply. */
    public static final int ECHO_REPLY = 129;
    /** Type of destination unreachable. */
    public static final int DESTINATION_UNREACHABLE = 1;
    /** Type of an echo request. */
    public static final int ECHO_REQUEST = 128;
    /** Type of time exceeded. */
    public static final int TIME_EXCEEDED = 3;
    /** Type of a neighbor solicitation (RFC 4861). */
    public static final int NEIGHBOR_SOLICITATION = 135;
    /** Type of a neighbor advertisement (RFC 4861). */
    public static final int NEIGHBOR_ADVERTISEMENT = 136;

    Icmpv6(byte[] frame, int offset, boolean truncated, Checked checked) {
        super(frame, offset, truncated, checked);
    }

    @Override
    public String name() {
        return "ICMPv6";
    }

    @Override
    int echoRequestType() {
        return ECHO_REQUEST;
    }

    @Override
    int echoReplyType() {
        return ECHO_REPLY;
    }
}
