package org.ebpftest.packet.pcap;

import java.time.Instant;
import java.util.Objects;
import org.ebpftest.packet.Packet;

/**
 * One captured packet: when it was seen, how long it was on the wire and the bytes that were kept.
 */
public final class PcapRecord {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long timestampNanos;
    private final int originalLength;
    private final byte[] data;
    private final int linkType;
    private final int interfaceIndex;

    /**
     * Creates a record.
     *
     * @param timestampNanos nanoseconds since the Unix epoch
     * @param originalLength length of the packet on the wire, at least {@code data.length}
     * @param data the captured bytes
     * @param linkType the LINKTYPE_ value of the data, see {@link LinkType}
     * @param interfaceIndex index of the capture interface (always 0 for classic pcap)
     */
    public PcapRecord(long timestampNanos, int originalLength, byte[] data, int linkType, int interfaceIndex) {
        Objects.requireNonNull(data, "data");
        if (originalLength < data.length) {
            throw new IllegalArgumentException("original length " + originalLength + " is less than the "
                    + data.length + " captured bytes");
        }
        this.timestampNanos = timestampNanos;
        this.originalLength = originalLength;
        this.data = data.clone();
        this.linkType = linkType;
        this.interfaceIndex = interfaceIndex;
    }

    /** An Ethernet record with timestamp 0 whose captured bytes are the whole frame. */
    public static PcapRecord of(byte[] frame) {
        return of(0, frame);
    }

    /** An Ethernet record at {@code timestampNanos} whose captured bytes are the whole frame. */
    public static PcapRecord of(long timestampNanos, byte[] frame) {
        return new PcapRecord(timestampNanos, frame.length, frame, LinkType.ETHERNET, 0);
    }

    /** Nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The timestamp as an instant. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNanos, NANOS_PER_SECOND),
                Math.floorMod(timestampNanos, NANOS_PER_SECOND));
    }

    /** Length of the packet on the wire. */
    public int originalLength() {
        return originalLength;
    }

    /** Number of captured bytes. */
    public int capturedLength() {
        return data.length;
    }

    /** Whether fewer bytes were captured than were on the wire. */
    public boolean isSnapped() {
        return data.length < originalLength;
    }

    /** A copy of the captured bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** The LINKTYPE_ value of the data. */
    public int linkType() {
        return linkType;
    }

    /** Index of the capture interface; 0 for classic pcap. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /**
     * Parses the captured bytes: as Ethernet for {@link LinkType#ETHERNET}, as a bare IP datagram for
     * the raw link types.
     *
     * @throws IllegalStateException for other link types
     */
    public Packet packet() {
        switch (linkType) {
            case LinkType.ETHERNET:
                return Packet.parse(data);
            case LinkType.RAW:
            case LinkType.IPV4:
            case LinkType.IPV6:
                return Packet.parseIp(data);
            default:
                throw new IllegalStateException("cannot parse link type " + linkType
                        + "; only Ethernet (1) and raw IP (101, 228, 229) are understood");
        }
    }

    @Override
    public String toString() {
        return "PcapRecord[" + timestamp() + ", " + data.length + "/" + originalLength + " bytes, link type "
                + linkType + ", interface " + interfaceIndex + "]";
    }
}
