package org.ebpftest.packet;

/**
 * What the ICMP and ICMPv6 builders share: type, code, the four "rest of header" bytes and an
 * optional checksum override; the checksum rule is each protocol's own.
 */
public abstract sealed class IcmpMessageBuilder<B extends IcmpMessageBuilder<B>> extends PacketBuilder<B>
        permits IcmpBuilder, Icmpv6Builder {

    private final String protocol;
    private int type;
    private int code;
    private long restOfHeader;
    private int checksum = -1;

    IcmpMessageBuilder(Draft draft, String protocol, int echoRequestType) {
        super(draft);
        this.protocol = protocol;
        this.type = echoRequestType;
    }

    B echo(int type, int identifier, int sequenceNumber) {
        return type(type).code(0).restOfHeader((long) u16("identifier", identifier) << 16 | u16("sequence number", sequenceNumber));
    }

    /** Sets the type. */
    public B type(int type) {
        this.type = u8(protocol + " type", type);
        return self();
    }

    /** Sets the code. */
    public B code(int code) {
        this.code = u8(protocol + " code", code);
        return self();
    }

    /** Sets header bytes 4 to 7 (identifier and sequence for echo, an MTU for "too big" messages). */
    public B restOfHeader(long value) {
        this.restOfHeader = u32("rest of header", value);
        return self();
    }

    /** Overrides the checksum. */
    public B checksum(int checksum) {
        this.checksum = u16(protocol + " checksum", checksum);
        return self();
    }

    /** The checksum of a message whose checksum field is still zero. */
    abstract int computeChecksum(byte[] message, Draft d, int index);

    byte[] encode(byte[] inner, Draft d, int index) {
        byte[] out = new byte[IcmpMessage.HEADER_LENGTH + inner.length];
        out[0] = (byte) type;
        out[1] = (byte) code;
        Bytes.put32(out, 4, restOfHeader);
        System.arraycopy(inner, 0, out, IcmpMessage.HEADER_LENGTH, inner.length);
        Bytes.put16(out, 2, checksum >= 0 ? checksum : computeChecksum(out, d, index));
        return out;
    }
}
