package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.EbpfException;

/**
 * An access that misses every region, touches read-only memory or is misaligned for an atomic.
 * The interpreter turns it into a {@link TrapException} that names the program and the pc; host
 * code reading VM memory between runs sees it as it is.
 */
public final class MemoryFault extends EbpfException {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final String mappedRegions;

    /** A fault: what went wrong, and the regions that were mapped (what would have been allowed). */
    public MemoryFault(String detail, String mappedRegions) {
        super(detail + "; mapped regions: " + mappedRegions);
        this.detail = detail;
        this.mappedRegions = mappedRegions;
    }

    /** What went wrong, such as {@code out-of-bounds load of 4 bytes at 0x3000040 (packet + 64, packet is 60 bytes)}. */
    public String detail() {
        return detail;
    }

    /** The regions that were mapped, in address order. */
    public String mappedRegions() {
        return mappedRegions;
    }
}
