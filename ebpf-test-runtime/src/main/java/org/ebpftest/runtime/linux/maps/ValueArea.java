package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;

/**
 * The values of a map, slot by slot: the value of slot {@code s} is at {@code s * stride} of the
 * slot's chunk, where the stride is the value size rounded up to 8 as in the kernel, so atomics
 * on values are aligned. A per-CPU map keeps each CPU's values apart, as the kernel's per-CPU
 * areas do: CPU {@code c}'s values of a chunk start at {@code c * (slotsInChunk * stride + }
 * {@value #CPU_GAP}{@code )}, so two CPUs never write into the same cache line (measured: with
 * the CPUs' values of a slot side by side, a per-CPU counter updated on every packet made a batch
 * on two virtual CPUs cost 2.3 times the CPU time per packet of one). Copies leave the value's
 * {@code bpf_spin_lock} word alone, as the kernel's {@code copy_map_value} does.
 *
 * <p>A preallocated area is one chunk, allocated and mapped with the map. A lazy area (for maps
 * whose elements the kernel allocates on demand) is cut into chunks of at most one address-space
 * slot (1 MiB), each allocated from the map's {@link MapArena} when {@link #ensure} first needs a
 * slot in it; a chunk never moves or goes away, so a value's address is stable for the life of the
 * element and the same in every VM. Not thread-safe: the owning map holds its lock.
 */
final class ValueArea {
    /** The most bytes one lazy chunk holds: one slot of the VM's address space. */
    static final int CHUNK_BYTES = 1 << Memory.SLOT_SHIFT;
    /** Bytes between one CPU's values and the next's: two cache lines, for CPUs that fetch lines in pairs. */
    static final int CPU_GAP = 128;

    private final String mapName;
    private final int valueSize;
    private final int stride;
    private final int cpus;
    private final int lockOffset;
    private final List<MapDefinition.KernelField> kernelFields;
    private final boolean writable;
    private final int slots;
    private final int shift;
    private final int mask;
    private final long chargePerSlot;
    private byte[][] chunks;
    private Region[] regions;
    private int allocated;
    private long charged;
    private MapArena arena;

    /** A preallocated area of {@code slots} values of {@code cpus} CPUs each. */
    ValueArea(MapDefinition def, int slots, int cpus, boolean writable) {
        this(def, slots, cpus, writable, false, 0);
    }

    /**
     * An area of {@code slots} values of {@code cpus} CPUs each.
     *
     * @param lazy allocate chunks as slots are first used instead of all at once
     * @param bookkeepingPerSlot bytes the map spends per slot besides its value (keys, links), charged with each lazy chunk
     */
    ValueArea(MapDefinition def, int slots, int cpus, boolean writable, boolean lazy, long bookkeepingPerSlot) {
        this.mapName = def.name();
        this.valueSize = def.valueSize();
        this.stride = roundUp8(def.valueSize());
        this.cpus = cpus;
        this.lockOffset = def.spinLockOffset();
        this.kernelFields = def.kernelFields();
        this.writable = writable;
        this.slots = slots;
        int element = Math.multiplyExact(cpus, stride);
        if (lazy) {
            int room = CHUNK_BYTES - (cpus > 1 ? cpus * CPU_GAP : 0);
            this.shift = 31 - Integer.numberOfLeadingZeros(Math.max(1, room / element));
            this.chargePerSlot = element + bookkeepingPerSlot;
            this.arena = new OwnArena(BpfMaps.MAX_MAP_BYTES - MapFootprint.bytes(def, cpus));
            this.chunks = new byte[0][];
            this.regions = new Region[0];
        } else {
            this.shift = 31;
            this.chargePerSlot = 0;
            byte[] all = new byte[chunkBytes(slots)];
            this.chunks = new byte[][] {all};
            this.regions = new Region[] {new Region("map " + def.name(), all, writable)};
            this.allocated = 1;
        }
        this.mask = shift == 31 ? -1 : (1 << shift) - 1;
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    /** The one region of a preallocated area. */
    Region region() {
        return regions[0];
    }

    /** The regions allocated so far, in slot order. */
    List<Region> regions() {
        return List.of(Arrays.copyOf(regions, allocated));
    }

    /** From now on, new chunks come from this arena (a loaded object's, charged to its budget). */
    void useArena(MapArena value) {
        this.arena = value;
    }

    /** What the lazy chunks allocated so far were charged: values and the bookkeeping of their slots. */
    long chargedBytes() {
        return charged;
    }

    /**
     * Makes sure the chunk of a slot exists, allocating it from the arena if not.
     *
     * @return the number of slots the allocated chunks now cover, or -1 when the arena refused (ENOMEM)
     */
    int ensure(int slot) {
        int chunk = slot >>> shift;
        while (allocated <= chunk) {
            int first = allocated << shift;
            int count = Math.min(1 << shift, slots - first);
            byte[] bytes = new byte[chunkBytes(count)];
            Region region = new Region(allocated == 0 ? "map " + mapName : "map " + mapName + " chunk " + allocated, bytes, writable);
            long bytesCharged = count * chargePerSlot;
            if (!arena.allocate(region, bytesCharged)) {
                return -1;
            }
            if (allocated == chunks.length) {
                int n = Math.max(4, allocated * 2);
                chunks = Arrays.copyOf(chunks, n);
                regions = Arrays.copyOf(regions, n);
            }
            chunks[allocated] = bytes;
            regions[allocated] = region;
            allocated++;
            charged += bytesCharged;
        }
        return Math.min(slots, allocated << shift);
    }

    /** The chunk of a preallocated area (for maps that never grow, such as arrays). */
    byte[] bytes() {
        return chunks[0];
    }

    /** The distance between two values of a preallocated area. */
    int stride() {
        return stride;
    }

    /** The bytes of a chunk of {@code count} slots: every CPU's values, a gap after each but a single CPU's. */
    private int chunkBytes(int count) {
        return cpus == 1 ? Math.multiplyExact(count, stride) : Math.multiplyExact(cpus, cpuSpan(count));
    }

    /** The distance between two CPUs' values of the same slot in a chunk of {@code count} slots. */
    private int cpuSpan(int count) {
        return Math.addExact(Math.multiplyExact(count, stride), CPU_GAP);
    }

    /** The offset of a value in its slot's chunk. */
    int offset(int slot, int cpu) {
        int inCpu = (slot & mask) * stride;
        if (cpu == 0) {
            return inCpu;
        }
        int chunk = slot >>> shift;
        int count = shift == 31 ? slots : Math.min(1 << shift, slots - (chunk << shift));
        return cpu * cpuSpan(count) + inCpu;
    }

    /** The virtual address of a value; its chunk must have been mapped into a VM. */
    long address(int slot, int cpu) {
        Region region = regions[slot >>> shift];
        if (region.baseAddress() == 0) {
            throw new IllegalStateException("the values of map \"" + mapName
                    + "\" are not mapped into the VM; map BpfMap.regions() before running programs");
        }
        return region.baseAddress() + offset(slot, cpu);
    }

    /** Zeroes a slot on every CPU, so a reused slot never shows an earlier element's data. */
    void zero(int slot) {
        for (int c = 0; c < cpus; c++) {
            int from = offset(slot, c);
            Arrays.fill(chunks[slot >>> shift], from, from + stride, (byte) 0);
        }
    }

    /**
     * Copies a value in, leaving the spin lock word as it is and the kernel fields empty: the
     * kernel skips them when it copies, and then frees what they held.
     */
    void write(int slot, int cpu, byte[] src, int srcOffset) {
        releaseFields(slot, cpu);
        byte[] bytes = chunks[slot >>> shift];
        int dst = offset(slot, cpu);
        copyAroundLock(src, srcOffset, bytes, dst);
        for (MapDefinition.KernelField f : kernelFields) {
            Arrays.fill(bytes, dst + f.offset(), dst + f.offset() + f.size(), (byte) 0);
        }
    }

    /** Copies a value's bytes into place, all but the spin lock word where the value has one. */
    private void copyAroundLock(byte[] src, int srcOffset, byte[] bytes, int dst) {
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
        byte[] bytes = chunks[slot >>> shift];
        int lock = offset(slot, cpu) + lockOffset;
        SpinLocks.lock(bytes, lock);
        try {
            write(slot, cpu, src, srcOffset);
        } finally {
            SpinLocks.unlock(bytes, lock);
        }
    }

    /**
     * Copies a value in while holding its spin lock, leaving its kernel fields as they are: a hash
     * element updated in place with {@code BPF_F_LOCK} keeps its timer, work queue and kptrs, as
     * htab_map_update_elem's copy_map_value_locked does (an array frees them either way).
     */
    void writeLockedKeepingFields(int slot, int cpu, byte[] src, int srcOffset) {
        byte[] bytes = chunks[slot >>> shift];
        int dst = offset(slot, cpu);
        int lock = dst + lockOffset;
        SpinLocks.lock(bytes, lock);
        try {
            byte[][] kept = new byte[kernelFields.size()][];
            for (int i = 0; i < kept.length; i++) {
                MapDefinition.KernelField f = kernelFields.get(i);
                kept[i] = Arrays.copyOfRange(bytes, dst + f.offset(), dst + f.offset() + f.size());
            }
            copyAroundLock(src, srcOffset, bytes, dst);
            for (int i = 0; i < kept.length; i++) {
                System.arraycopy(kept[i], 0, bytes, dst + kernelFields.get(i).offset(), kept[i].length);
            }
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

    /** Frees what the kernel fields of a value held (through the arena) and empties them: the value is overwritten or deleted. */
    void releaseFields(int slot, int cpu) {
        if (kernelFields.isEmpty()) {
            return;
        }
        byte[] bytes = chunks[slot >>> shift];
        int at = offset(slot, cpu);
        for (MapDefinition.KernelField f : kernelFields) {
            int from = at + f.offset();
            long value = 0;
            for (int i = Math.min(8, f.size()) - 1; i >= 0; i--) {
                value = value << 8 | bytes[from + i] & 0xffL;
            }
            Arrays.fill(bytes, from, from + f.size(), (byte) 0);
            if (arena != null) {
                arena.releaseField(f, regions[slot >>> shift].baseAddress() + from, value);
            }
        }
    }

    /** A copy of a value as user space sees it: the spin lock word and the kernel fields read as zero. */
    byte[] read(int slot, int cpu) {
        int from = offset(slot, cpu);
        byte[] out = Arrays.copyOfRange(chunks[slot >>> shift], from, from + valueSize);
        if (lockOffset >= 0) {
            Arrays.fill(out, lockOffset, lockOffset + 4, (byte) 0);
        }
        for (MapDefinition.KernelField f : kernelFields) {
            Arrays.fill(out, f.offset(), f.offset() + f.size(), (byte) 0);
        }
        return out;
    }

    boolean hasSpinLock() {
        return lockOffset >= 0;
    }

    /** The arena of a map on its own: chunks charged against what one map may take, placed when the map is mapped. */
    private static final class OwnArena implements MapArena {
        private long left;

        OwnArena(long bytes) {
            this.left = bytes;
        }

        @Override
        public boolean allocate(Region chunk, long bytes) {
            if (bytes > left) {
                return false;
            }
            left -= bytes;
            return true;
        }
    }
}
