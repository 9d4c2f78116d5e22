package org.ebpftest.runtime.vm;

/**
 * Answers the legacy packet loads ({@code LD_ABS}, {@code LD_IND}) for the packet the context in
 * r6 describes. The Linux emulator installs one for socket filters and TC programs.
 */
@FunctionalInterface
public interface LegacyPacketLoader {
    /**
     * Reads {@code size} bytes (1, 2 or 4) at a packet offset, big-endian (network order).
     *
     * @param vm the VM running the program
     * @param context the value of r6, the program's context
     * @param offset the offset from the start the program type defines (may be one of the
     *     kernel's negative {@code SKF_*} offsets)
     * @param size the number of bytes
     * @return the value, zero-extended, or -1 when the bytes are outside the packet, which makes
     *     the program exit with r0 = 0 as in the kernel
     */
    long load(Vm vm, long context, long offset, int size);
}
