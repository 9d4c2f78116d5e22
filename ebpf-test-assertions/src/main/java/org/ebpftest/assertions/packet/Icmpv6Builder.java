package org.ebpftest.assertions.packet;

/**
 * Builds an ICMPv6 header; see {@link Packets}. Defaults to an echo request with
 * identifier and sequence number 0; the checksum (over the IPv6 pseudo-header) is computed unless overridden.
 */
public final class Icmpv6Builder extends PacketBuilder<Icmpv6Builder> {

    private int type = Icmpv6.ECHO_REQUEST;
    private int code;
    private long restOfHeader;
    private int checksum = -1;

    Icmpv6Builder(Draft draft, Draft.Spec after) {
        super(draft);
        draft.add(after, new Draft.Spec("icmpv6", -1, IpProtocol.ICMPV6, this::encode));
    }

    /** Makes an echo request (type 128) with this identifier and sequence number. */
    public Icmpv6Builder echoRequest(int identifier, int sequenceNumber) {
        return type(Icmpv6.ECHO_REQUEST).code(0).echo(identifier, sequenceNumber);
    }

    /** Makes an echo reply (type 129) with this identifier and sequence number. */
    public Icmpv6Builder echoReply(int identifier, int sequenceNumber) {
        return type(Icmpv6.ECHO_REPLY).code(0).echo(identifier, sequenceNumber);
    }

    private Icmpv6Builder echo(int identifier, int sequenceNumber) {
        return restOfHeader((long) u16("identifier", identifier) << 16 | u16("sequence number", sequenceNumber));
    }

    /** Sets the type. */
    public Icmpv6Builder type(int type) {
        this.type = u8("ICMPv6 type", type);
        return this;
    }

    /** Sets the code. */
    public Icmpv6Builder code(int code) {
        this.code = u8("ICMPv6 code", code);
        return this;
    }

    /** Sets header bytes 4 to 7 (identifier and sequence for echo, MTU for "packet too big"). */
    public Icmpv6Builder restOfHeader(long value) {
        this.restOfHeader = u32("rest of header", value);
        return this;
    }

    /** Overrides the checksum. */
    public Icmpv6Builder checksum(int checksum) {
        this.checksum = u16("ICMPv6 checksum", checksum);
        return this;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        byte[] out = new byte[Icmpv6.HEADER_LENGTH + inner.length];
        out[0] = (byte) type;
        out[1] = (byte) code;
        Bytes.put32(out, 4, restOfHeader);
        System.arraycopy(inner, 0, out, Icmpv6.HEADER_LENGTH, inner.length);
        Bytes.put16(out, 2, checksum >= 0 ? checksum : d.transportChecksum(index, IpProtocol.ICMPV6, out, 2));
        return out;
    }
}
