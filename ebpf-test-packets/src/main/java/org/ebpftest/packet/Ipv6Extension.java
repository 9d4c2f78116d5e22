package org.ebpftest.packet;

/**
 * One IPv6 extension header: hop-by-hop options, routing, fragment or destination options.
 *
 * <p>Type-specific accessors return 0 or false for the other types.
 */
public final class Ipv6Extension extends Layer {

    static final int MIN_LENGTH = 8;

    private final int type;
    private final int nextHeader;
    private final byte[] data;
    private final int routingType;
    private final int segmentsLeft;
    private final int fragmentOffset;
    private final boolean moreFragments;
    private final long identification;

    Ipv6Extension(byte[] frame, int offset, int type, int length, boolean truncated) {
        super(offset, length, truncated);
        this.type = type;
        this.nextHeader = Bytes.u8(frame, offset);
        this.data = Bytes.copy(frame, offset + 2, length - 2);
        boolean routing = type == IpProtocol.ROUTING;
        boolean fragment = type == IpProtocol.FRAGMENT;
        this.routingType = routing ? Bytes.u8(frame, offset + 2) : 0;
        this.segmentsLeft = routing ? Bytes.u8(frame, offset + 3) : 0;
        int fo = fragment ? Bytes.u16(frame, offset + 2) : 0;
        this.fragmentOffset = fo >>> 3;
        this.moreFragments = (fo & 1) != 0;
        this.identification = fragment ? Bytes.u32(frame, offset + 4) : 0;
    }

    /** Declared length of an extension header of {@code type} whose first two bytes are at {@code offset}. */
    static int declaredLength(byte[] frame, int offset, int type) {
        return type == IpProtocol.FRAGMENT ? MIN_LENGTH : (Bytes.u8(frame, offset + 1) + 1) * 8;
    }

    @Override
    public String name() {
        switch (type) {
            case IpProtocol.HOP_BY_HOP:
                return "IPv6 hop-by-hop";
            case IpProtocol.ROUTING:
                return "IPv6 routing";
            case IpProtocol.FRAGMENT:
                return "IPv6 fragment";
            default:
                return "IPv6 destination options";
        }
    }

    /** Which extension header this is, as the next header value that announced it (0, 43, 44 or 60). */
    public int type() {
        return type;
    }

    /** The next header field. */
    public int nextHeader() {
        return nextHeader;
    }

    /** The bytes after the next header and length fields (options, routing data, fragment fields). */
    public byte[] data() {
        return data.clone();
    }

    /** Routing header: the routing type. */
    public int routingType() {
        return routingType;
    }

    /** Routing header: segments left. */
    public int segmentsLeft() {
        return segmentsLeft;
    }

    /** Fragment header: the fragment offset in units of 8 bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** Fragment header: the M (more fragments) flag. */
    public boolean moreFragments() {
        return moreFragments;
    }

    /** Fragment header: the identification. */
    public long identification() {
        return identification;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("next header", 0, 1);
        switch (type) {
            case IpProtocol.FRAGMENT:
                fields.add("reserved", 1, 1).add("fragment offset/M flag", 2, 2).add("identification", 4, 4);
                break;
            case IpProtocol.ROUTING:
                fields.add("header length", 1, 1).add("routing type", 2, 1).add("segments left", 3, 1)
                        .add("routing data", 4, length() - 4);
                break;
            default:
                fields.add("header length", 1, 1).add("options", 2, length() - 2);
        }
    }

    @Override
    public String toString() {
        if (type == IpProtocol.FRAGMENT) {
            return name() + " offset " + fragmentOffset + (moreFragments ? " M" : "") + " id " + identification;
        }
        if (type == IpProtocol.ROUTING) {
            return name() + " type " + routingType + " segments left " + segmentsLeft;
        }
        return name() + " length " + length();
    }
}
