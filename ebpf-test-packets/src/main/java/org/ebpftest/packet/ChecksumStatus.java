package org.ebpftest.packet;

/** What checking a header's checksum against the bytes of the frame found. */
public enum ChecksumStatus {
    /** The checksum field matches the bytes it covers. */
    VALID,
    /** The checksum field does not match the bytes it covers. */
    INVALID,
    /** The header carries no checksum: UDP over IPv4 with checksum 0, or GRE without the C bit. */
    ABSENT,
    /** The covered bytes are not all in the frame (truncated packet, IP fragment), so nothing can be said. */
    UNVERIFIABLE
}
