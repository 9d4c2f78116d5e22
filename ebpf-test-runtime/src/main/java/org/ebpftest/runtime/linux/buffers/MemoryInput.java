package org.ebpftest.runtime.linux.buffers;

import java.util.List;
import java.util.Objects;

/**
 * Memory the caller lays out for a generic run: each block is mapped writable at its address for
 * this run only, and r1 to r5 hold {@code registers}. The run's final context is the block r1
 * points into (empty when it points into none); the blocks hold what the program left. This is
 * how a generic context file's blocks and structs reach the VM.
 *
 * @param blocks the memory to map; not copied, so they show what the program wrote
 * @param registers the values of r1 to r5
 */
public record MemoryInput(List<ContextMemory> blocks, long[] registers) implements RunInput {
    /** An input. */
    public MemoryInput {
        blocks = List.copyOf(blocks);
        registers = Objects.requireNonNull(registers, "registers").clone();
    }

    @Override
    public long[] registers() {
        return registers.clone();
    }
}
