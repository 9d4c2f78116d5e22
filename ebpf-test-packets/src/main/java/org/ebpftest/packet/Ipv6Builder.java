package org.ebpftest.packet;

/**
 * Builds an IPv6 header and, in call order, any extension headers after it; see {@link Packets}.
 *
 * <p>Defaults: 2001:db8::1 to 2001:db8::2, hop limit 64, traffic class and flow label 0. Payload
 * length and next header are computed unless overridden.
 */
public final class Ipv6Builder extends IpBuilder<Ipv6Builder> {

    private final Draft.Spec spec;
    private Draft.Spec last;
    private IpAddress source = IpAddress.of("2001:db8::1");
    private IpAddress destination = IpAddress.of("2001:db8::2");
    private int hopLimit = 64;
    private int trafficClass;
    private int flowLabel;
    private int nextHeader = -1;
    private int payloadLength = -1;

    Ipv6Builder(Draft draft, Draft.Spec after) {
        super(draft);
        this.spec = draft.add(after, new Draft.Spec("ipv6", EtherType.IPV6, IpProtocol.IPV6, this::encode,
                () -> source, () -> destination));
        this.last = spec;
    }

    @Override
    Draft.Spec last() {
        return last;
    }

    /** Sets the source address, such as {@code "2001:db8::1"}. */
    public Ipv6Builder source(String address) {
        return source(IpAddress.of(address));
    }

    /** Sets the source address from 16 bytes. */
    public Ipv6Builder source(byte[] address) {
        return source(IpAddress.of(address));
    }

    /** Sets the source address. */
    public Ipv6Builder source(IpAddress address) {
        this.source = ipv6Address("IPv6 source", address);
        return this;
    }

    /** Sets the destination address, such as {@code "2001:db8::2"}. */
    public Ipv6Builder destination(String address) {
        return destination(IpAddress.of(address));
    }

    /** Sets the destination address from 16 bytes. */
    public Ipv6Builder destination(byte[] address) {
        return destination(IpAddress.of(address));
    }

    /** Sets the destination address. */
    public Ipv6Builder destination(IpAddress address) {
        this.destination = ipv6Address("IPv6 destination", address);
        return this;
    }

    /** Sets the hop limit (default 64). */
    public Ipv6Builder hopLimit(int hopLimit) {
        this.hopLimit = u8("hop limit", hopLimit);
        return this;
    }

    /** Sets the traffic class byte. */
    public Ipv6Builder trafficClass(int trafficClass) {
        this.trafficClass = u8("traffic class", trafficClass);
        return this;
    }

    /** Sets the 20-bit flow label. */
    public Ipv6Builder flowLabel(int flowLabel) {
        this.flowLabel = Bytes.checkRange("flow label", flowLabel, 0xfffff);
        return this;
    }

    /** Overrides the next header field of the fixed header. */
    public Ipv6Builder nextHeader(int nextHeader) {
        this.nextHeader = u8("next header", nextHeader);
        return this;
    }

    /** Overrides the payload length field. */
    public Ipv6Builder payloadLength(int payloadLength) {
        this.payloadLength = u16("payload length", payloadLength);
        return this;
    }

    /** Adds a hop-by-hop options header holding only padding. */
    public Ipv6Builder hopByHop() {
        return hopByHop(new byte[0]);
    }

    /** Adds a hop-by-hop options header with these option TLVs, padded with Pad1/PadN to a multiple of 8. */
    public Ipv6Builder hopByHop(byte[] options) {
        return extension("hopByHop", IpProtocol.HOP_BY_HOP, padOptions(options));
    }

    /** Adds a destination options header holding only padding. */
    public Ipv6Builder destinationOptions() {
        return destinationOptions(new byte[0]);
    }

    /** Adds a destination options header with these option TLVs, padded with Pad1/PadN to a multiple of 8. */
    public Ipv6Builder destinationOptions(byte[] options) {
        return extension("destinationOptions", IpProtocol.DESTINATION_OPTIONS, padOptions(options));
    }

    /**
     * Adds a routing header; {@code data} is what follows the segments-left byte (for types 0 and 2,
     * four reserved bytes and the addresses) and is padded with zeros to a multiple of 8.
     */
    public Ipv6Builder routing(int routingType, int segmentsLeft, byte[] data) {
        int length = (2 + 2 + data.length + 7) / 8 * 8;
        byte[] body = new byte[length - 2];
        body[0] = (byte) u8("routing type", routingType);
        body[1] = (byte) u8("segments left", segmentsLeft);
        System.arraycopy(data, 0, body, 2, data.length);
        return extension("routing", IpProtocol.ROUTING, body);
    }

    /** Adds a fragment header. */
    public Ipv6Builder fragment(int offsetUnits, boolean moreFragments, long identification) {
        byte[] body = new byte[6];
        Bytes.put16(body, 0, Bytes.checkRange("fragment offset", offsetUnits, 0x1fff) << 3 | (moreFragments ? 1 : 0));
        Bytes.put32(body, 2, u32("fragment identification", identification));
        return extension("fragment", IpProtocol.FRAGMENT, body);
    }

    /** Adds an ICMPv6 header after this one (an echo request unless told otherwise). */
    public Icmpv6Builder icmpv6() {
        return new Icmpv6Builder(draft, last);
    }

    private static byte[] padOptions(byte[] options) {
        int total = (2 + options.length + 7) / 8 * 8;
        byte[] body = new byte[total - 2];
        System.arraycopy(options, 0, body, 0, options.length);
        int pad = body.length - options.length;
        if (pad >= 2) {
            body[options.length] = 1;
            body[options.length + 1] = (byte) (pad - 2);
        }
        // A single missing byte is Pad1, which is the zero already there.
        return body;
    }

    private Ipv6Builder extension(String name, int type, byte[] body) {
        if ((body.length + 2) / 8 - 1 > 0xff) {
            throw new IllegalArgumentException("IPv6 " + name + " header of " + (body.length + 2) + " bytes is too long");
        }
        last = draft.add(last, new Draft.Spec(name, -1, type, (inner, d, index) -> {
            byte[] out = new byte[2 + body.length + inner.length];
            out[0] = (byte) d.nextIpProtocol(index, IpProtocol.NO_NEXT_HEADER);
            out[1] = (byte) (type == IpProtocol.FRAGMENT ? 0 : (body.length + 2) / 8 - 1);
            System.arraycopy(body, 0, out, 2, body.length);
            System.arraycopy(inner, 0, out, 2 + body.length, inner.length);
            return out;
        }));
        return this;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        if (payloadLength < 0 && inner.length > 0xffff) {
            throw new IllegalArgumentException("IPv6 payload of " + inner.length + " bytes needs a jumbogram, which is not supported");
        }
        byte[] out = new byte[Ipv6.HEADER_LENGTH + inner.length];
        Bytes.put32(out, 0, 6L << 28 | (long) trafficClass << 20 | flowLabel);
        Bytes.put16(out, 4, payloadLength >= 0 ? payloadLength : inner.length);
        out[6] = (byte) (nextHeader >= 0 ? nextHeader : d.nextIpProtocol(index, IpProtocol.NO_NEXT_HEADER));
        out[7] = (byte) hopLimit;
        System.arraycopy(source.bytes(), 0, out, 8, 16);
        System.arraycopy(destination.bytes(), 0, out, 24, 16);
        System.arraycopy(inner, 0, out, Ipv6.HEADER_LENGTH, inner.length);
        return out;
    }
}
