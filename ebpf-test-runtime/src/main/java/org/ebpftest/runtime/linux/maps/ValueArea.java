package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;
import org.ebpftest.runtime.vm.Region;

/**
 * The values of a map in one preallocated array, mapped into every VM as one region: the value of
 * slot {@code s} on CPU {@code c} starts at {@code (s * cpus + c) * stride}, where the stride is
 * the value size rounded up to 8 as in the kernel, so atomics on values are aligned. Copies leave
 * the value's {@code bpf_spin_lock} word alone, as the kernel's {@code copy_map_value} does.
 */
final class ValueArea {
    private final String mapName;
    private final int valueSize;
    private final int stride;
    private final int cpus;
    private final int lockOffset;
    private final byte[] bytes;
    private final Region region;

    ValueArea(MapDefinition def, int slots, int cpus, boolean writable) {
        this.mapName = def.name();
        this.valueSize = def.valueSize();
        this.stride = roundUp8(def.valueSize());
        this.cpus = cpus;
        this.lockOffset = def.spinLockOffset();
        this.bytes = new byte[Math.multiplyExact(Math.multiplyExact(slots, cpus), stride)];
        this.region = new Region("map " + def.name(), bytes, writable);
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    Region region() {
        return region;
    }

    byte[] bytes() {
        return bytes;
    }

    int stride() {
        return stride;
    }

    int offset(int slot, int cpu) {
        return (slot * cpus + cpu) * stride;
    }

    /** The virtual address of a value; the region must have been mapped into a VM. */
    long address(int slot, int cpu) {
        if (region.baseAddress() == 0) {
            throw new IllegalStateException("the values of map \"" + mapName
                    + "\" are not mapped into the VM; map BpfMap.regions() before running programs");
        }
        return region.baseAddress() + offset(slot, cpu);
    }

    /** Zeroes a slot on every CPU, so a reused slot never shows an earlier element's data. */
    void zero(int slot) {
        int from = offset(slot, 0);
        Arrays.fill(bytes, from, from + cpus * stride, (byte) 0);
    }

    /** Copies a value in, leaving the spin lock word as it is. */
    void write(int slot, int cpu, byte[] src, int srcOffset) {
        int dst = offset(slot, cpu);
        if (lockOffset < 0) {
            System.arraycopy(src, srcOffset, bytes, dst, valueSize);
        } else {
            System.arraycopy(src, srcOffset, bytes, dst, lockOffset);
            int after = lockOffset + 4;
            System.arraycopy(src, srcOffset + after, bytes, dst + after, valueSize - after);
        }
    }

    /** Copies a value in while holding its spin lock ({@code BPF_F_LOCK}). */
    void writeLocked(int slot, int cpu, byte[] src, int srcOffset) {
        int lock = offset(slot, cpu) + lockOffset;
        SpinLocks.lock(bytes, lock);
        try {
            write(slot, cpu, src, srcOffset);
        } finally {
            SpinLocks.unlock(bytes, lock);
        }
    }

    /** Writes the same value on every CPU (a per-CPU value set from the host with one value). */
    void writeAll(int slot, byte[] src, int srcOffset) {
        for (int c = 0; c < cpus; c++) {
            write(slot, c, src, srcOffset);
        }
    }

    /** A copy of a value as user space sees it: the spin lock word reads as zero. */
    byte[] read(int slot, int cpu) {
        byte[] out = Arrays.copyOfRange(bytes, offset(slot, cpu), offset(slot, cpu) + valueSize);
        if (lockOffset >= 0) {
            Arrays.fill(out, lockOffset, lockOffset + 4, (byte) 0);
        }
        return out;
    }

    boolean hasSpinLock() {
        return lockOffset >= 0;
    }
}
