package org.ebpftest.runtime.linux.maps;

import java.util.List;
import org.ebpftest.runtime.elf.MapType;

/**
 * The maps whose elements refer to kernel objects: {@code PROG_ARRAY} (tail calls),
 * {@code ARRAY_OF_MAPS} and {@code HASH_OF_MAPS}, {@code CGROUP_ARRAY}, {@code CPUMAP},
 * {@code XSKMAP}, {@code SOCKMAP} and {@code SOCKHASH}. Each element keeps the bytes user space
 * wrote (an fd, id or {@code bpf_cpumap_val}) and, optionally, the emulated object itself
 * ({@link #setReference}), which the emulator uses for tail calls, inner map lookups and
 * redirects through {@link #reference(long)} and {@link #reference(byte[])}.
 *
 * <p>Updates and deletes return each type's kernel errors: fd arrays take only {@code BPF_ANY}
 * (-EINVAL otherwise), -E2BIG past the end, and deleting an empty index is -ENOENT; a cpumap
 * refuses {@code BPF_NOEXIST} (-EEXIST), a queue size above 16384 (-EOVERFLOW) and an index that
 * is not a CPU (-ENODEV), and a queue size of 0 clears the entry; xskmap and sockmap check
 * {@code BPF_NOEXIST}/{@code BPF_EXIST} against the slot, and deleting an empty sockmap slot is
 * -EINVAL; the hash-shaped ones follow hash map rules.
 */
public final class ReferenceMap extends BpfMap {
    private static final int EOVERFLOW = 75;
    private static final int ENODEV = 19;

    private final boolean hashed;
    private final HashTable table;
    private final int[] free;
    private int freeTop;
    private final byte[][] values;
    private final Object[] references;

    ReferenceMap(MapDefinition def, int cpus) {
        super(def, cpus);
        MapType t = def.type();
        this.hashed = t == MapType.HASH_OF_MAPS || t == MapType.SOCKHASH;
        int slots = (int) def.maxEntries();
        this.values = new byte[slots][];
        this.references = new Object[slots];
        this.table = hashed ? new HashTable(def.keySize(), slots, slots) : null;
        this.free = new int[hashed ? slots : 0];
        for (int i = 0; i < free.length; i++) {
            free[i] = slots - 1 - i;
        }
        this.freeTop = free.length;
    }

    private int slotOf(byte[] key, int off) {
        if (hashed) {
            return table.find(key, off, table.hash(key, off));
        }
        long i = ArrayIndex.of(key, off);
        return i < values.length && values[(int) i] != null ? (int) i : -1;
    }

    /** The object at an array index (a tail call's program, an inner map...), or null when empty or past the end. */
    public synchronized Object reference(long index) {
        if (hashed) {
            return reference(ArrayIndex.key(index));
        }
        return index >= 0 && index < references.length ? references[(int) index] : null;
    }

    /** The object under a key, or null. */
    public synchronized Object reference(byte[] key) {
        int s = slotOf(checkKey(key), 0);
        return s < 0 ? null : references[s];
    }

    /**
     * Stores an element with the object it refers to, as an update from user space with
     * {@code BPF_ANY}: 0 or a negative errno.
     *
     * @param value the bytes user space would pass (an fd or id, a cpumap value)
     */
    public synchronized long setReference(byte[] key, byte[] value, Object reference) {
        long r = update(key, value, MapFlags.BPF_ANY);
        if (r == 0) {
            int s = slotOf(key, 0);
            if (s >= 0) {
                references[s] = reference;
            }
        }
        return r;
    }

    @Override
    public synchronized int size() {
        if (hashed) {
            return table.count();
        }
        int n = 0;
        for (byte[] v : values) {
            n += v != null ? 1 : 0;
        }
        return n;
    }

    @Override
    synchronized List<byte[]> hostLookup(byte[] key) {
        int s = slotOf(key, 0);
        return s < 0 ? null : List.of(values[s].clone());
    }

    @Override
    synchronized long hostUpdate(byte[] key, List<byte[]> vals, long flags) {
        byte[] value = vals.get(0).clone();
        if (hashed) {
            return hashUpdate(key, value, flags);
        }
        long i = ArrayIndex.of(key, 0);
        int s = (int) i;
        switch (type()) {
            case PROG_ARRAY, ARRAY_OF_MAPS, CGROUP_ARRAY -> {
                if (flags != MapFlags.BPF_ANY) {
                    return -Errno.EINVAL;
                }
                if (i >= maxEntries()) {
                    return -Errno.E2BIG;
                }
            }
            case CPUMAP -> {
                if (flags > MapFlags.BPF_EXIST || flags < 0) {
                    return -Errno.EINVAL;
                }
                if (i >= maxEntries()) {
                    return -Errno.E2BIG;
                }
                if (flags == MapFlags.BPF_NOEXIST) {
                    return -Errno.EEXIST;
                }
                long qsize = ArrayIndex.of(value, 0);
                if (qsize > 16384) {
                    return -EOVERFLOW;
                }
                if (i >= cpus()) {
                    return -ENODEV;
                }
                if (qsize == 0) {
                    values[s] = null;
                    references[s] = null;
                    return 0;
                }
            }
            default -> {
                // XSKMAP, SOCKMAP
                if (flags > MapFlags.BPF_EXIST || flags < 0) {
                    return -Errno.EINVAL;
                }
                if (i >= maxEntries()) {
                    return -Errno.E2BIG;
                }
                if (values[s] != null && flags == MapFlags.BPF_NOEXIST) {
                    return -Errno.EEXIST;
                }
                if (values[s] == null && flags == MapFlags.BPF_EXIST) {
                    return -Errno.ENOENT;
                }
            }
        }
        values[s] = value;
        references[s] = null;
        return 0;
    }

    private long hashUpdate(byte[] key, byte[] value, long flags) {
        if ((flags & ~MapFlags.BPF_F_LOCK) > MapFlags.BPF_EXIST || (flags & MapFlags.BPF_F_LOCK) != 0) {
            return -Errno.EINVAL;
        }
        int hash = table.hash(key, 0);
        int old = table.find(key, 0, hash);
        if (old >= 0 && flags == MapFlags.BPF_NOEXIST) {
            return -Errno.EEXIST;
        }
        if (old < 0 && flags == MapFlags.BPF_EXIST) {
            return -Errno.ENOENT;
        }
        if (old < 0 && freeTop == 0) {
            return -Errno.E2BIG;
        }
        if (old >= 0) {
            table.unlink(old);
            free[freeTop++] = old;
            references[old] = null;
        }
        int s = free[--freeTop];
        values[s] = value;
        references[s] = null;
        table.linkHead(s, key, 0, hash);
        return 0;
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        if (hashed) {
            int s = slotOf(key, 0);
            if (s < 0) {
                return -Errno.ENOENT;
            }
            table.unlink(s);
            free[freeTop++] = s;
            values[s] = null;
            references[s] = null;
            return 0;
        }
        long i = ArrayIndex.of(key, 0);
        boolean fdArray = type() == MapType.PROG_ARRAY || type() == MapType.ARRAY_OF_MAPS || type() == MapType.CGROUP_ARRAY;
        if (i >= maxEntries()) {
            return fdArray ? -Errno.E2BIG : -Errno.EINVAL;
        }
        int s = (int) i;
        boolean had = values[s] != null;
        values[s] = null;
        references[s] = null;
        if (!had && fdArray) {
            return -Errno.ENOENT;
        }
        if (!had && type() == MapType.SOCKMAP) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    @Override
    synchronized long hostNextKey(byte[] key, byte[] out) {
        if (!hashed) {
            return ArrayIndex.next(key, maxEntries(), out);
        }
        int s = table.nextSlot(key);
        if (s < 0) {
            return -Errno.ENOENT;
        }
        System.arraycopy(table.keys(), table.keyOffset(s), out, 0, keySize());
        return 0;
    }
}
