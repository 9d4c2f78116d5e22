package org.ebpftest.packet;

/**
 * Builds an IPv4 header; see {@link Packets}.
 *
 * <p>Defaults: 192.0.2.1 to 192.0.2.2, TTL 64, identification 0, DF set, no options. Total length,
 * protocol and header checksum are computed unless overridden.
 */
public final class Ipv4Builder extends IpBuilder<Ipv4Builder> {

    private final Draft.Spec spec;
    private IpAddress source = IpAddress.of("192.0.2.1");
    private IpAddress destination = IpAddress.of("192.0.2.2");
    private int ttl = 64;
    private int tos;
    private int identification;
    private boolean dontFragment = true;
    private boolean moreFragments;
    private int fragmentOffset;
    private byte[] options = new byte[0];
    private int protocol = -1;
    private int totalLength = -1;
    private int checksum = -1;

    Ipv4Builder(Draft draft, Draft.Spec after) {
        super(draft);
        this.spec = draft.add(after, new Draft.Spec("ipv4", EtherType.IPV4, IpProtocol.IPIP, this::encode,
                () -> source, () -> destination));
    }

    @Override
    Draft.Spec last() {
        return spec;
    }

    /** Sets the source address, a dotted quad such as {@code "10.0.0.1"}. */
    public Ipv4Builder source(String address) {
        return source(IpAddress.of(address));
    }

    /** Sets the source address from four bytes. */
    public Ipv4Builder source(byte[] address) {
        return source(IpAddress.of(address));
    }

    /** Sets the source address. */
    public Ipv4Builder source(IpAddress address) {
        this.source = ipv4Address("IPv4 source", address);
        return this;
    }

    /** Sets the destination address, a dotted quad such as {@code "10.0.0.99"}. */
    public Ipv4Builder destination(String address) {
        return destination(IpAddress.of(address));
    }

    /** Sets the destination address from four bytes. */
    public Ipv4Builder destination(byte[] address) {
        return destination(IpAddress.of(address));
    }

    /** Sets the destination address. */
    public Ipv4Builder destination(IpAddress address) {
        this.destination = ipv4Address("IPv4 destination", address);
        return this;
    }

    /** Sets the time to live (default 64). */
    public Ipv4Builder ttl(int ttl) {
        this.ttl = u8("TTL", ttl);
        return this;
    }

    /** Sets the whole DSCP/ECN byte (formerly type of service). */
    public Ipv4Builder tos(int tos) {
        this.tos = u8("TOS", tos);
        return this;
    }

    /** Sets the DSCP (upper six bits of the TOS byte), keeping ECN. */
    public Ipv4Builder dscp(int dscp) {
        this.tos = Bytes.checkRange("DSCP", dscp, 63) << 2 | (tos & 3);
        return this;
    }

    /** Sets the ECN bits (lower two bits of the TOS byte), keeping DSCP. */
    public Ipv4Builder ecn(int ecn) {
        this.tos = (tos & ~3) | Bytes.checkRange("ECN", ecn, 3);
        return this;
    }

    /** Sets the identification (default 0). */
    public Ipv4Builder identification(int identification) {
        this.identification = u16("identification", identification);
        return this;
    }

    /** Sets or clears DF (set by default). */
    public Ipv4Builder dontFragment(boolean dontFragment) {
        this.dontFragment = dontFragment;
        return this;
    }

    /** Sets or clears MF. */
    public Ipv4Builder moreFragments(boolean moreFragments) {
        this.moreFragments = moreFragments;
        return this;
    }

    /** Sets the fragment offset in units of 8 bytes. */
    public Ipv4Builder fragmentOffset(int units) {
        this.fragmentOffset = Bytes.checkRange("fragment offset", units, 0x1fff);
        return this;
    }

    /** Sets raw option bytes; they are padded with zeros (end of options) to a multiple of 4. */
    public Ipv4Builder options(byte[] options) {
        int padded = (options.length + 3) / 4 * 4;
        if (padded > 40) {
            throw new IllegalArgumentException("IPv4 options are at most 40 bytes but " + options.length + " were given");
        }
        this.options = new byte[padded];
        System.arraycopy(options, 0, this.options, 0, options.length);
        return this;
    }

    /** Overrides the protocol field, which is otherwise that of the next header (253 for a bare payload). */
    public Ipv4Builder protocol(int protocol) {
        this.protocol = u8("protocol", protocol);
        return this;
    }

    /** Overrides the total length field. */
    public Ipv4Builder totalLength(int totalLength) {
        this.totalLength = u16("total length", totalLength);
        return this;
    }

    /** Overrides the header checksum, for example to build a packet with a bad one. */
    public Ipv4Builder checksum(int checksum) {
        this.checksum = u16("IPv4 header checksum", checksum);
        return this;
    }

    /** Adds an ICMP header after this one (an echo request unless told otherwise). */
    public IcmpBuilder icmp() {
        return new IcmpBuilder(draft, spec);
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        int headerLength = Ipv4.MIN_HEADER_LENGTH + options.length;
        int length = headerLength + inner.length;
        if (totalLength < 0 && length > 0xffff) {
            throw new IllegalArgumentException("IPv4 datagram of " + length + " bytes exceeds the 65535 a total length can say");
        }
        byte[] out = new byte[length];
        out[0] = (byte) (0x40 | headerLength / 4);
        out[1] = (byte) tos;
        Bytes.put16(out, 2, totalLength >= 0 ? totalLength : length);
        Bytes.put16(out, 4, identification);
        Bytes.put16(out, 6, (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset);
        out[8] = (byte) ttl;
        out[9] = (byte) (protocol >= 0 ? protocol : d.nextIpProtocol(index, IpProtocol.EXPERIMENTAL));
        System.arraycopy(source.bytes(), 0, out, 12, 4);
        System.arraycopy(destination.bytes(), 0, out, 16, 4);
        System.arraycopy(options, 0, out, 20, options.length);
        Bytes.put16(out, 10, checksum >= 0 ? checksum : InternetChecksum.ipv4HeaderChecksum(out, 0, headerLength));
        System.arraycopy(inner, 0, out, headerLength, inner.length);
        return out;
    }
}
