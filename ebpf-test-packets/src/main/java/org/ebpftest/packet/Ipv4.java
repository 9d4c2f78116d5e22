package org.ebpftest.packet;

/** An IPv4 header (RFC 791) with its options, and whether its header checksum verifies. */
public final class Ipv4 extends Layer implements IpHeader {

    static final int MIN_HEADER_LENGTH = 20;

    private final int version;
    private final int ihl;
    private final int dscp;
    private final int ecn;
    private final int totalLength;
    private final int identification;
    private final boolean reservedFlag;
    private final boolean dontFragment;
    private final boolean moreFragments;
    private final int fragmentOffset;
    private final int ttl;
    private final int protocol;
    private final int checksum;
    private final IpAddress source;
    private final IpAddress destination;
    private final byte[] options;
    private final int computedChecksum;
    private final ChecksumStatus checksumStatus;

    Ipv4(byte[] frame, int offset, int available, boolean truncated) {
        super(offset, Math.min(available, Math.max(MIN_HEADER_LENGTH, (frame[offset] & 0xf) * 4)), truncated);
        this.version = Bytes.u8(frame, offset) >>> 4;
        this.ihl = Bytes.u8(frame, offset) & 0xf;
        this.dscp = Bytes.u8(frame, offset + 1) >>> 2;
        this.ecn = Bytes.u8(frame, offset + 1) & 3;
        this.totalLength = Bytes.u16(frame, offset + 2);
        this.identification = Bytes.u16(frame, offset + 4);
        int flagsAndOffset = Bytes.u16(frame, offset + 6);
        this.reservedFlag = (flagsAndOffset & 0x8000) != 0;
        this.dontFragment = (flagsAndOffset & 0x4000) != 0;
        this.moreFragments = (flagsAndOffset & 0x2000) != 0;
        this.fragmentOffset = flagsAndOffset & 0x1fff;
        this.ttl = Bytes.u8(frame, offset + 8);
        this.protocol = Bytes.u8(frame, offset + 9);
        this.checksum = Bytes.u16(frame, offset + 10);
        this.source = IpAddress.read(frame, offset + 12, 4);
        this.destination = IpAddress.read(frame, offset + 16, 4);
        this.options = Bytes.copy(frame, offset + MIN_HEADER_LENGTH, length() - MIN_HEADER_LENGTH);
        int declared = ihl * 4;
        if (ihl >= 5 && declared <= available) {
            this.computedChecksum = InternetChecksum.ipv4HeaderChecksum(frame, offset, declared);
            this.checksumStatus = InternetChecksum.verifies(frame, offset, declared)
                    ? ChecksumStatus.VALID : ChecksumStatus.INVALID;
        } else {
            this.computedChecksum = -1;
            this.checksumStatus = ChecksumStatus.UNVERIFIABLE;
        }
    }

    @Override
    public String name() {
        return "IPv4";
    }

    /** The version field, 4 for a well-formed header. */
    @Override
    public int version() {
        return version;
    }

    /** The internet header length field, in 32-bit words. */
    public int ihl() {
        return ihl;
    }

    /** The declared header length in bytes: {@code ihl() * 4}. */
    public int headerLength() {
        return ihl * 4;
    }

    /** The differentiated services code point (upper six bits of the former TOS byte). */
    public int dscp() {
        return dscp;
    }

    /** The explicit congestion notification bits. */
    public int ecn() {
        return ecn;
    }

    /** The total length field: header plus data, in bytes. */
    public int totalLength() {
        return totalLength;
    }

    /** The identification field. */
    public int identification() {
        return identification;
    }

    /** The reserved ("evil") flag bit. */
    public boolean reservedFlag() {
        return reservedFlag;
    }

    /** The DF flag. */
    public boolean dontFragment() {
        return dontFragment;
    }

    /** The MF flag. */
    public boolean moreFragments() {
        return moreFragments;
    }

    /** The fragment offset field, in units of 8 bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** Whether this datagram is a fragment: MF is set or the fragment offset is not zero. */
    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    /** The time to live. */
    public int ttl() {
        return ttl;
    }

    /** The protocol of the payload, see {@link IpProtocol}. */
    public int protocol() {
        return protocol;
    }

    /** The header checksum as sent. */
    public int checksum() {
        return checksum;
    }

    /** The header checksum the header should carry, or -1 when the header is truncated. */
    public int computedChecksum() {
        return computedChecksum;
    }

    /** Whether the header checksum verifies. */
    public ChecksumStatus checksumStatus() {
        return checksumStatus;
    }

    /** Shorthand for {@code checksumStatus() == VALID}. */
    public boolean checksumValid() {
        return checksumStatus == ChecksumStatus.VALID;
    }

    /** Source address. */
    @Override
    public IpAddress source() {
        return source;
    }

    /** Destination address. */
    @Override
    public IpAddress destination() {
        return destination;
    }

    /** The raw option bytes between the fixed header and the payload (empty without options). */
    public byte[] options() {
        return options.clone();
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("version/IHL", 0, 1).add("DSCP/ECN", 1, 1).add("total length", 2, 2)
                .add("identification", 4, 2).add("flags/fragment offset", 6, 2).add("ttl", 8, 1)
                .add("protocol", 9, 1).add("header checksum", 10, 2).add("source", 12, 4)
                .add("destination", 16, 4).add("options", 20, options.length);
    }

    @Override
    public String toString() {
        String frag = isFragment() ? " fragment offset " + fragmentOffset + (moreFragments ? " MF" : "") : "";
        return "IPv4 " + source + " > " + destination + " ttl " + ttl + " protocol " + protocol + " length "
                + totalLength + frag;
    }
}
