package org.ebpftest.runtime.uapi;

/**
 * The verdicts of a {@code cgroup_skb} program. The kernel names none of them: bit 0 allows the
 * packet, and on egress (since Linux 5.3) bit 1 asks the protocol to react as to congestion.
 */
public enum CgroupSkbVerdict implements ReturnCode {
    /** Drop the packet. */
    DROP(0, "drop"),
    /** Let the packet through. */
    ALLOW(1, "allow"),
    /** Egress only: drop the packet and signal congestion. */
    DROP_CONGESTION(2, "drop and notify congestion"),
    /** Egress only: let the packet through and signal congestion. */
    ALLOW_CONGESTION(3, "allow and notify congestion");

    private final int value;
    private final String symbol;

    CgroupSkbVerdict(int value, String symbol) {
        this.value = value;
        this.symbol = symbol;
    }

    @Override
    public ReturnCodes family() {
        return ReturnCodes.CGROUP_SKB;
    }

    @Override
    public long value() {
        return value;
    }

    /** A short description, such as {@code allow}, since the kernel has no constant for it. */
    @Override
    public String symbol() {
        return symbol;
    }

    /** {@code allow (1)}. */
    @Override
    public String toString() {
        return describe();
    }
}
