package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.EbpfException;

/**
 * An access that misses every region, touches read-only memory or is misaligned for an atomic.
 * The interpreter turns it into a {@link TrapException} that names the program and the pc; host
 * code reading VM memory between runs sees it as it is.
 */
public final class MemoryFault extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** A fault whose message names the address, the region and the regions mapped. */
    public MemoryFault(String message) {
        super(message);
    }
}
