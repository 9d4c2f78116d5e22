package org.ebpftest.packet;

/** An ICMP (for IPv4) header: type, code, checksum and the four "rest of header" bytes. */
public final class Icmp extends IcmpMessage {

    /** Type of an echo reply. */
    public static final int ECHO_REPLY = 0;
    /** Type of destination unreachable. */
    public static final int DESTINATION_UNREACHABLE = 3;
    /** Type of an echo request. */
    public static final int ECHO_REQUEST = 8;
    /** Type of time exceeded. */
    public static final int TIME_EXCEEDED = 11;

    Icmp(byte[] frame, int offset, boolean truncated, Checked checked) {
        super(frame, offset, truncated, checked);
    }

    @Override
    public String name() {
        return "ICMP";
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
