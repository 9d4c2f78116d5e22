package org.ebpftest.packet;

import java.util.List;

/**
 * An IPv6 fixed header (RFC 8200) together with the chain of extension headers that follows it,
 * which {@link Packet#layers()} also lists as {@link Ipv6Extension} layers right after this one.
 */
public final class Ipv6 extends Layer implements IpHeader {

    static final int HEADER_LENGTH = 40;

    private final int version;
    private final int trafficClass;
    private final int flowLabel;
    private final int payloadLength;
    private final int nextHeader;
    private final int hopLimit;
    private final IpAddress source;
    private final IpAddress destination;
    private final List<Ipv6Extension> extensions;
    private final int upperLayerProtocol;

    Ipv6(byte[] frame, int offset, boolean truncated, List<Ipv6Extension> extensions, int upperLayerProtocol) {
        super(offset, HEADER_LENGTH, truncated);
        long first = Bytes.u32(frame, offset);
        this.version = (int) (first >>> 28);
        this.trafficClass = (int) (first >>> 20) & 0xff;
        this.flowLabel = (int) first & 0xfffff;
        this.payloadLength = Bytes.u16(frame, offset + 4);
        this.nextHeader = Bytes.u8(frame, offset + 6);
        this.hopLimit = Bytes.u8(frame, offset + 7);
        this.source = IpAddress.read(frame, offset + 8, 16);
        this.destination = IpAddress.read(frame, offset + 24, 16);
        this.extensions = List.copyOf(extensions);
        this.upperLayerProtocol = upperLayerProtocol;
    }

    @Override
    public String name() {
        return "IPv6";
    }

    /** The version field, 6 for a well-formed header. */
    @Override
    public int version() {
        return version;
    }

    /** The traffic class byte (DSCP and ECN). */
    public int trafficClass() {
        return trafficClass;
    }

    /** The 20-bit flow label. */
    public int flowLabel() {
        return flowLabel;
    }

    /** The payload length field: bytes after this fixed header, extension headers included. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The next header field of the fixed header: an extension header or the upper-layer protocol. */
    public int nextHeader() {
        return nextHeader;
    }

    /** The hop limit. */
    public int hopLimit() {
        return hopLimit;
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

    /** The extension headers that follow, in order (empty if none). */
    public List<Ipv6Extension> extensions() {
        return extensions;
    }

    /**
     * The protocol after the extension chain (such as 6 for TCP), or the next header value where the
     * walk stopped: a non-first fragment, a truncated chain or an unknown header.
     */
    public int upperLayerProtocol() {
        return upperLayerProtocol;
    }

    /** Whether a fragment extension header is present. */
    public boolean isFragment() {
        return extensions.stream().anyMatch(e -> e.type() == IpProtocol.FRAGMENT);
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("version/traffic class/flow label", 0, 4).add("payload length", 4, 2).add("next header", 6, 1)
                .add("hop limit", 7, 1).add("source", 8, 16).add("destination", 24, 16);
    }

    @Override
    public String toString() {
        return "IPv6 " + source + " > " + destination + " hop limit " + hopLimit + " next header " + nextHeader
                + " payload length " + payloadLength;
    }
}
