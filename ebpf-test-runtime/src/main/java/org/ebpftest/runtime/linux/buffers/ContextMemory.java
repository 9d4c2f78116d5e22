package org.ebpftest.runtime.linux.buffers;

import java.util.Objects;
import org.ebpftest.runtime.linux.LinuxEmulator;

/**
 * A named block of memory that a {@link MemoryInput} maps writable at a fixed address for one run: how a generic context's
 * blocks and structs reach the VM. The run writes into {@code bytes}, so they hold what the
 * program left when it returns.
 *
 * @param name the region's name, as memory errors give it
 * @param address where {@code bytes[0]} is mapped, between {@link LinuxEmulator#CONTEXT_MEMORY_START}
 *     and {@link LinuxEmulator#CONTEXT_MEMORY_END}
 * @param bytes the memory itself, not copied
 */
public record ContextMemory(String name, long address, byte[] bytes) {
    /** Checks the fields. */
    public ContextMemory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
        if (address < LinuxEmulator.CONTEXT_MEMORY_START || address + Math.max(bytes.length, 1) > LinuxEmulator.CONTEXT_MEMORY_END) {
            throw new IllegalArgumentException("context memory [" + name + "] of " + bytes.length + " bytes at 0x" + Long.toHexString(address)
                    + " does not fit between 0x" + Long.toHexString(LinuxEmulator.CONTEXT_MEMORY_START) + " and 0x"
                    + Long.toHexString(LinuxEmulator.CONTEXT_MEMORY_END));
        }
    }
}
