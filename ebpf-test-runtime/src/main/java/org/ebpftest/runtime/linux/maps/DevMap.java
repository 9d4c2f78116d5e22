package org.ebpftest.runtime.linux.maps;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_DEVMAP} and {@code BPF_MAP_TYPE_DEVMAP_HASH}: network devices for
 * {@code bpf_redirect_map}, as {@code struct bpf_devmap_val} ({@code u32 ifindex}, optionally a
 * program fd). Programs may look entries up and get a read-only pointer to the value. The
 * emulator has no real devices, so any non-zero ifindex is accepted.
 *
 * <p>Errors as {@code devmap.c}: an array devmap's update past the end is -E2BIG,
 * {@code BPF_NOEXIST} is -EEXIST (every index "exists"), ifindex 0 clears the entry, and delete
 * succeeds even on an empty index (past the end: -EINVAL). A hash devmap refuses ifindex 0 with
 * -EINVAL, a new key when full with -E2BIG, {@code BPF_NOEXIST} on a present key with -EEXIST,
 * and deleting an absent key is -ENOENT; its buckets are indexed by the key itself.
 */
public final class DevMap extends BpfMap {
    private final boolean hashed;
    private final ValueArea values;
    private final boolean[] present;
    private final FixedSlots slots;

    DevMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.hashed = def.type() == MapType.DEVMAP_HASH;
        int n = (int) def.maxEntries();
        this.values = new ValueArea(def, n, 1, false);
        this.present = new boolean[n];
        this.slots = hashed ? FixedSlots.hash(4, n, true) : FixedSlots.array(n);
    }

    @Override
    public List<Region> regions() {
        return List.of(values.region());
    }

    private int slotOf(byte[] key, int off) {
        if (hashed) {
            return slots.find(key, off);
        }
        long i = ArrayIndex.of(key, off);
        return i < present.length && present[(int) i] ? (int) i : -1;
    }

    @Override
    public synchronized long lookupAddress(byte[] key, int keyOffset, int cpu) {
        int s = slotOf(key, keyOffset);
        return s < 0 ? 0 : values.address(s, 0);
    }

    /** The value a redirect to a key would use ({@code bpf_redirect_map}), or empty when the key has no device. */
    public synchronized Optional<byte[]> target(long key) {
        int s = slotOf(ArrayIndex.key(key), 0);
        return s < 0 ? Optional.empty() : Optional.of(values.read(s, 0));
    }

    @Override
    public synchronized int size() {
        if (hashed) {
            return slots.count();
        }
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }

    private static long ifindex(byte[] value) {
        return ArrayIndex.of(value, 0);
    }

    private static long progFd(byte[] value) {
        return value.length >= 8 ? (int) ArrayIndex.of(value, 4) : 0;
    }

    @Override
    synchronized List<byte[]> hostLookup(byte[] key) {
        int s = slotOf(key, 0);
        return s < 0 ? null : List.of(values.read(s, 0));
    }

    @Override
    synchronized long hostUpdate(byte[] key, List<byte[]> vals, long flags) {
        byte[] value = vals.get(0);
        if (hashed) {
            if (flags > MapFlags.BPF_EXIST || flags < 0 || ifindex(value) == 0) {
                return -Errno.EINVAL;
            }
            int hash = slots.hash(key, 0);
            int old = slots.find(key, 0, hash);
            if (old >= 0 && (flags & MapFlags.BPF_NOEXIST) != 0) {
                return -Errno.EEXIST;
            }
            if (old >= 0) {
                slots.remove(old);
            } else if (slots.count() >= maxEntries()) {
                return -Errno.E2BIG;
            }
            int s = slots.insert(key, 0, hash);
            values.zero(s);
            values.write(s, 0, value, 0);
            return 0;
        }
        if (flags > MapFlags.BPF_EXIST || flags < 0) {
            return -Errno.EINVAL;
        }
        long i = ArrayIndex.of(key, 0);
        if (i >= maxEntries()) {
            return -Errno.E2BIG;
        }
        if (flags == MapFlags.BPF_NOEXIST) {
            return -Errno.EEXIST;
        }
        if (ifindex(value) == 0) {
            if (progFd(value) > 0) {
                return -Errno.EINVAL;
            }
            present[(int) i] = false;
            values.zero((int) i);
            return 0;
        }
        values.zero((int) i);
        values.write((int) i, 0, value, 0);
        present[(int) i] = true;
        return 0;
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        if (hashed) {
            int s = slotOf(key, 0);
            if (s < 0) {
                return -Errno.ENOENT;
            }
            slots.remove(s);
            return 0;
        }
        long i = ArrayIndex.of(key, 0);
        if (i >= maxEntries()) {
            return -Errno.EINVAL;
        }
        present[(int) i] = false;
        return 0;
    }

    @Override
    synchronized long hostNextKey(byte[] key, byte[] out) {
        return slots.nextKey(key, out);
    }
}
