package org.ebpftest.packet;

/**
 * A UDP header and whether its checksum verifies.
 *
 * <p>A zero checksum over IPv4 means "none" and reads as {@link ChecksumStatus#ABSENT}; over IPv6
 * it is {@link ChecksumStatus#INVALID}, as RFC 8200 requires (tunnels that relax this per RFC 6935
 * still show INVALID here).
 */
public final class Udp extends Layer implements TransportHeader {

    static final int HEADER_LENGTH = 8;

    private final int sourcePort;
    private final int destinationPort;
    private final int udpLength;
    private final int checksum;
    private final Checked checked;

    Udp(byte[] frame, int offset, boolean truncated, Checked checked) {
        super(offset, HEADER_LENGTH, truncated);
        this.sourcePort = Bytes.u16(frame, offset);
        this.destinationPort = Bytes.u16(frame, offset + 2);
        this.udpLength = Bytes.u16(frame, offset + 4);
        this.checksum = Bytes.u16(frame, offset + 6);
        this.checked = checked;
    }

    @Override
    public String name() {
        return "UDP";
    }

    /** Source port. */
    @Override
    public int sourcePort() {
        return sourcePort;
    }

    /** Destination port. */
    @Override
    public int destinationPort() {
        return destinationPort;
    }

    /** The length field: header plus data, in bytes. */
    public int udpLength() {
        return udpLength;
    }

    /** The checksum as sent. */
    @Override
    public int checksum() {
        return checksum;
    }

    /** The checksum the datagram should carry, or -1 when it cannot be computed. */
    @Override
    public int computedChecksum() {
        return checked.computed();
    }

    /** Whether the checksum verifies. */
    @Override
    public ChecksumStatus checksumStatus() {
        return checked.status();
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("source port", 0, 2).add("destination port", 2, 2).add("length", 4, 2).add("checksum", 6, 2);
    }

    @Override
    public String toString() {
        return "UDP " + sourcePort + " > " + destinationPort + " length " + udpLength;
    }
}
