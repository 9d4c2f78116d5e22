package org.ebpftest.assertions.packet;

/** An ICMPv6 header (RFC 4443): type, code, checksum over the IPv6 pseudo-header, and the four bytes after them. */
public final class Icmpv6 extends Layer {

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

    static final int HEADER_LENGTH = 8;

    private final int type;
    private final int code;
    private final int checksum;
    private final long restOfHeader;
    private final Checked checked;

    Icmpv6(byte[] frame, int offset, boolean truncated, Checked checked) {
        super(offset, HEADER_LENGTH, truncated);
        this.type = Bytes.u8(frame, offset);
        this.code = Bytes.u8(frame, offset + 1);
        this.checksum = Bytes.u16(frame, offset + 2);
        this.restOfHeader = Bytes.u32(frame, offset + 4);
        this.checked = checked;
    }

    @Override
    public String name() {
        return "ICMPv6";
    }

    /** The message type. */
    public int type() {
        return type;
    }

    /** The message code. */
    public int code() {
        return code;
    }

    /** The checksum as sent. */
    public int checksum() {
        return checksum;
    }

    /** The checksum the message should carry, or -1 when it cannot be computed. */
    public int computedChecksum() {
        return checked.computed();
    }

    /** Whether the checksum (over the pseudo-header and the whole message) verifies. */
    public ChecksumStatus checksumStatus() {
        return checked.status();
    }

    /** Shorthand for {@code checksumStatus() == VALID}. */
    public boolean checksumValid() {
        return checked.status() == ChecksumStatus.VALID;
    }

    /** Bytes 4 to 7 as one unsigned number; their meaning depends on the type. */
    public long restOfHeader() {
        return restOfHeader;
    }

    /** Whether this is an echo request or reply. */
    public boolean isEcho() {
        return type == ECHO_REQUEST || type == ECHO_REPLY;
    }

    /** Echo identifier (bytes 4-5). */
    public int identifier() {
        return (int) (restOfHeader >>> 16);
    }

    /** Echo sequence number (bytes 6-7). */
    public int sequenceNumber() {
        return (int) restOfHeader & 0xffff;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("type", 0, 1).add("code", 1, 1).add("checksum", 2, 2);
        if (isEcho()) {
            fields.add("identifier", 4, 2).add("sequence number", 6, 2);
        } else {
            fields.add("rest of header", 4, 4);
        }
    }

    @Override
    public String toString() {
        String echo = isEcho() ? " id " + identifier() + " seq " + sequenceNumber() : "";
        return "ICMPv6 type " + type + " code " + code + echo;
    }
}
