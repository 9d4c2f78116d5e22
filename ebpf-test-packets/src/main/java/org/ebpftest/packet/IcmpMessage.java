package org.ebpftest.packet;

/**
 * What ICMP and ICMPv6 headers share: type, code, checksum and the four "rest of header" bytes
 * (identifier and sequence number for echo messages).
 */
public abstract sealed class IcmpMessage extends Layer implements Checksummed permits Icmp, Icmpv6 {

    static final int HEADER_LENGTH = 8;

    private final int type;
    private final int code;
    private final int checksum;
    private final long restOfHeader;
    private final Checked checked;

    IcmpMessage(byte[] frame, int offset, boolean truncated, Checked checked) {
        super(offset, HEADER_LENGTH, truncated);
        this.type = Bytes.u8(frame, offset);
        this.code = Bytes.u8(frame, offset + 1);
        this.checksum = Bytes.u16(frame, offset + 2);
        this.restOfHeader = Bytes.u32(frame, offset + 4);
        this.checked = checked;
    }

    /** The message type. */
    public int type() {
        return type;
    }

    /** The message code. */
    public int code() {
        return code;
    }

    @Override
    public int checksum() {
        return checksum;
    }

    @Override
    public int computedChecksum() {
        return checked.computed();
    }

    /** Whether the checksum verifies (for ICMPv6 it also covers the IPv6 pseudo-header). */
    @Override
    public ChecksumStatus checksumStatus() {
        return checked.status();
    }

    /** Bytes 4 to 7 as one unsigned number; their meaning depends on the type. */
    public long restOfHeader() {
        return restOfHeader;
    }

    /** Whether this is an echo request or reply. */
    public boolean isEcho() {
        return type == echoRequestType() || type == echoReplyType();
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
        return name() + " type " + type + " code " + code + echo;
    }

    /** The type number of an echo request in this protocol. */
    abstract int echoRequestType();

    /** The type number of an echo reply in this protocol. */
    abstract int echoReplyType();
}
