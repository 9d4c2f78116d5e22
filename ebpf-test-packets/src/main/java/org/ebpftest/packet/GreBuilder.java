package org.ebpftest.packet;

/**
 * Builds a GRE header (RFC 2784/2890); see {@link Packets}. The protocol type follows the next
 * header; a key, sequence number or checksum is present only when set.
 */
public final class GreBuilder extends PacketBuilder<GreBuilder> {

    private final Draft.Spec spec;
    private long key = -1;
    private long sequenceNumber = -1;
    private boolean withChecksum;
    private int checksum = -1;
    private int protocolType = -1;

    GreBuilder(Draft draft, Draft.Spec after) {
        super(draft);
        this.spec = draft.add(after, new Draft.Spec("gre", -1, IpProtocol.GRE, this::encode));
    }

    /** Adds a key (K bit). */
    public GreBuilder key(long key) {
        this.key = u32("GRE key", key);
        return this;
    }

    /** Adds a sequence number (S bit). */
    public GreBuilder sequenceNumber(long sequenceNumber) {
        this.sequenceNumber = u32("GRE sequence number", sequenceNumber);
        return this;
    }

    /** Adds a checksum (C bit), computed over the GRE header and payload. */
    public GreBuilder withChecksum() {
        this.withChecksum = true;
        return this;
    }

    /** Adds a checksum (C bit) with this value instead of the computed one. */
    public GreBuilder checksum(int checksum) {
        this.withChecksum = true;
        this.checksum = u16("GRE checksum", checksum);
        return this;
    }

    /** Overrides the protocol type. */
    public GreBuilder protocolType(int protocolType) {
        this.protocolType = u16("GRE protocol type", protocolType);
        return this;
    }

    /** Carries an IPv4 datagram. */
    public Ipv4Builder ipv4() {
        return new Ipv4Builder(draft, spec);
    }

    /** Carries an IPv6 datagram. */
    public Ipv6Builder ipv6() {
        return new Ipv6Builder(draft, spec);
    }

    /** Carries an Ethernet frame (protocol type 0x6558, transparent Ethernet bridging). */
    public EthernetBuilder ethernet() {
        return new EthernetBuilder(draft, spec);
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        int flags = (withChecksum ? Gre.FLAG_CHECKSUM : 0) | (key >= 0 ? Gre.FLAG_KEY : 0)
                | (sequenceNumber >= 0 ? Gre.FLAG_SEQUENCE : 0);
        int headerLength = Gre.declaredLength(flags);
        byte[] out = new byte[headerLength + inner.length];
        Bytes.put16(out, 0, flags);
        Bytes.put16(out, 2, protocolType >= 0 ? protocolType : d.nextEtherType(index, EtherType.LOCAL_EXPERIMENTAL));
        int p = withChecksum ? 8 : 4;
        if (key >= 0) {
            Bytes.put32(out, p, key);
            p += 4;
        }
        if (sequenceNumber >= 0) {
            Bytes.put32(out, p, sequenceNumber);
        }
        System.arraycopy(inner, 0, out, headerLength, inner.length);
        if (withChecksum) {
            Bytes.put16(out, 4, checksum >= 0 ? checksum : InternetChecksum.checksum(out, 0, out.length));
        }
        return out;
    }
}
