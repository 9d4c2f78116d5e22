package org.ebpftest.assertions.packet;

/**
 * Builds an ICMP (for IPv4) header; see {@link Packets}. Defaults to an echo request with
 * identifier and sequence number 0; the checksum is computed unless overridden.
 */
public final class IcmpBuilder extends PacketBuilder<IcmpBuilder> {

    private int type = Icmp.ECHO_REQUEST;
    private int code;
    private long restOfHeader;
    private int checksum = -1;

    IcmpBuilder(Draft draft, Draft.Spec after) {
        super(draft);
        draft.add(after, new Draft.Spec("icmp", -1, IpProtocol.ICMP, this::encode));
    }

    /** Makes an echo request (type 8) with this identifier and sequence number. */
    public IcmpBuilder echoRequest(int identifier, int sequenceNumber) {
        return type(Icmp.ECHO_REQUEST).code(0).echo(identifier, sequenceNumber);
    }

    /** Makes an echo reply (type 0) with this identifier and sequence number. */
    public IcmpBuilder echoReply(int identifier, int sequenceNumber) {
        return type(Icmp.ECHO_REPLY).code(0).echo(identifier, sequenceNumber);
    }

    private IcmpBuilder echo(int identifier, int sequenceNumber) {
        return restOfHeader((long) u16("identifier", identifier) << 16 | u16("sequence number", sequenceNumber));
    }

    /** Sets the type. */
    public IcmpBuilder type(int type) {
        this.type = u8("ICMP type", type);
        return this;
    }

    /** Sets the code. */
    public IcmpBuilder code(int code) {
        this.code = u8("ICMP code", code);
        return this;
    }

    /** Sets header bytes 4 to 7 (identifier and sequence for echo, next-hop MTU for "fragmentation needed"). */
    public IcmpBuilder restOfHeader(long value) {
        this.restOfHeader = u32("rest of header", value);
        return this;
    }

    /** Overrides the checksum. */
    public IcmpBuilder checksum(int checksum) {
        this.checksum = u16("ICMP checksum", checksum);
        return this;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        byte[] out = new byte[Icmp.HEADER_LENGTH + inner.length];
        out[0] = (byte) type;
        out[1] = (byte) code;
        Bytes.put32(out, 4, restOfHeader);
        System.arraycopy(inner, 0, out, Icmp.HEADER_LENGTH, inner.length);
        Bytes.put16(out, 2, checksum >= 0 ? checksum : InternetChecksum.checksum(out, 0, out.length));
        return out;
    }
}
