package org.ebpftest.packet;

import java.util.EnumSet;
import java.util.Set;

/** The TCP control bits of header byte 13, each with its bit mask. */
public enum TcpFlag {
    /** No more data from sender. */
    FIN(0x01),
    /** Synchronize sequence numbers. */
    SYN(0x02),
    /** Reset the connection. */
    RST(0x04),
    /** Push function. */
    PSH(0x08),
    /** Acknowledgment field is significant. */
    ACK(0x10),
    /** Urgent pointer field is significant. */
    URG(0x20),
    /** ECN-Echo (RFC 3168). */
    ECE(0x40),
    /** Congestion window reduced (RFC 3168). */
    CWR(0x80);

    private final int mask;

    TcpFlag(int mask) {
        this.mask = mask;
    }

    /** The bit of this flag in the flags byte. */
    public int mask() {
        return mask;
    }

    /** The flags set in a flags byte. */
    public static Set<TcpFlag> fromBits(int bits) {
        Set<TcpFlag> set = EnumSet.noneOf(TcpFlag.class);
        for (TcpFlag f : values()) {
            if ((bits & f.mask) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** The flags byte with the given flags set. */
    public static int toBits(Set<TcpFlag> flags) {
        int bits = 0;
        for (TcpFlag f : flags) {
            bits |= f.mask;
        }
        return bits;
    }
}
