package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY}: {@code max_entries} values
 * indexed by a u32, all present from creation and zeroed, updated in place. Deleting is -EINVAL,
 * an index past the end is -E2BIG on update and a null lookup. A program's update of a per-CPU
 * array writes only the current CPU's value; the host's writes every CPU.
 */
final class ArrayMap extends BpfMap {
    private final ValueArea values;
    private final boolean percpu;

    ArrayMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.percpu = def.type() == MapType.PERCPU_ARRAY;
        this.values = new ValueArea(def, (int) def.maxEntries(), percpu ? cpus : 1, (def.flags() & MapFlags.BPF_F_RDONLY_PROG) == 0);
    }

    private int cpuSlot(int cpu) {
        return percpu ? cpu : 0;
    }

    private static long index(byte[] key, int off) {
        return ArrayIndex.of(key, off);
    }

    @Override
    public void useArena(MapArena arena) {
        // its values are all allocated: the arena frees what their kernel fields hold
        values.useArena(arena);
    }

    @Override
    public List<Region> regions() {
        return List.of(values.region());
    }

    @Override
    public synchronized void free() {
        if (definition().kernelFields().isEmpty()) {
            return;
        }
        for (int i = 0; i < maxEntries(); i++) {
            for (int c = 0; c < (percpu ? cpus() : 1); c++) {
                values.releaseFields(i, c);
            }
        }
    }

    @Override
    public int size() {
        return maxEntries();
    }

    @Override
    public long lookupAddress(byte[] key, int keyOffset, int cpu) {
        long i = index(key, keyOffset);
        return i >= maxEntries() ? 0 : values.address((int) i, cpuSlot(cpu));
    }

    @Override
    public long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        long i = index(key, keyOffset);
        long err = check(i, flags);
        if (err != 0) {
            return err;
        }
        if ((flags & MapFlags.BPF_F_LOCK) != 0) {
            values.writeLocked((int) i, cpuSlot(cpu), value, valueOffset);
        } else {
            values.write((int) i, cpuSlot(cpu), value, valueOffset);
        }
        return 0;
    }

    private long check(long index, long flags) {
        if ((flags & ~MapFlags.BPF_F_LOCK) > MapFlags.BPF_EXIST || (percpu && (flags & MapFlags.BPF_F_LOCK) != 0)) {
            return -Errno.EINVAL;
        }
        if (index >= maxEntries()) {
            return -Errno.E2BIG;
        }
        if ((flags & MapFlags.BPF_NOEXIST) != 0) {
            return -Errno.EEXIST;
        }
        if ((flags & MapFlags.BPF_F_LOCK) != 0 && !values.hasSpinLock()) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    @Override
    public long deleteElem(byte[] key, int keyOffset, int cpu) {
        return -Errno.EINVAL;
    }

    @Override
    public long forEachElem(long flags, int cpu, ElementVisitor visitor) {
        if (flags != 0) {
            return -Errno.EINVAL;
        }
        byte[] key = new byte[4];
        long visited = 0;
        for (int i = 0; i < maxEntries(); i++) {
            visited++;
            ArrayIndex.write(i, key, 0);
            if (visitor.visit(key, 0, values.address(i, cpuSlot(cpu))) != 0) {
                break;
            }
        }
        return visited;
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        long i = index(key, 0);
        if (i >= maxEntries()) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        for (int c = 0; c < (percpu ? cpus() : 1); c++) {
            out.add(values.read((int) i, c));
        }
        return out;
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> vals, long flags) {
        long i = index(key, 0);
        long err = check(i, flags);
        if (err != 0) {
            return err;
        }
        if (vals.size() == 1) {
            if ((flags & MapFlags.BPF_F_LOCK) != 0) {
                values.writeLocked((int) i, 0, vals.get(0), 0);
            } else {
                values.writeAll((int) i, vals.get(0), 0);
            }
        } else {
            for (int c = 0; c < vals.size(); c++) {
                values.write((int) i, c, vals.get(c), 0);
            }
        }
        return 0;
    }

    @Override
    long hostDelete(byte[] key) {
        return -Errno.EINVAL;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return ArrayIndex.next(key, maxEntries(), out);
    }

    /** Arrays cannot lose elements; clearing zeroes every value as a fresh map has them. */
    @Override
    public void clear() {
        requireNotFrozen("clear");
        Arrays.fill(values.bytes(), (byte) 0);
    }
}
