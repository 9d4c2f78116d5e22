package org.ebpftest.runtime.linux.maps;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;

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
    private final boolean hashed;
    private final FixedSlots slots;
    private final byte[][] values;
    private final Object[] references;
    /** The object the update in progress stores ({@link #setReference}); null for an update with bytes only. */
    private Object incoming;
    /** Told when a slot takes or drops an inner map; null until the map belongs to a loaded object. */
    private MapArena arena;

    ReferenceMap(MapDefinition def, int cpus) {
        super(def, cpus);
        MapType t = def.type();
        this.hashed = t == MapType.HASH_OF_MAPS || t == MapType.SOCKHASH;
        int n = (int) def.maxEntries();
        this.values = new byte[n][];
        this.references = new Object[n];
        this.slots = hashed ? FixedSlots.hash(def.keySize(), n, false) : FixedSlots.array(n);
    }

    private int slotOf(byte[] key, int off) {
        if (hashed) {
            return slots.find(key, off);
        }
        long i = ArrayIndex.of(key, off);
        return i < values.length && values[(int) i] != null ? (int) i : -1;
    }

    /** The object at an array index (a tail call's program, an inner map...), or empty when there is none or the index is past the end. */
    public synchronized Optional<Object> reference(long index) {
        if (hashed) {
            return reference(ArrayIndex.key(index));
        }
        return Optional.ofNullable(index >= 0 && index < references.length ? references[(int) index] : null);
    }

    /** The object under a key, or empty. */
    public synchronized Optional<Object> reference(byte[] key) {
        int s = slotOf(checkKey(key), 0);
        return Optional.ofNullable(s < 0 ? null : references[s]);
    }

    /**
     * Stores an element with the object it refers to, as an update from user space with
     * {@code BPF_ANY}.
     *
     * @param value the bytes user space would pass (an fd or id, a cpumap value)
     * @throws MapOperationException with the kernel's errno
     */
    public synchronized void setReference(byte[] key, byte[] value, Object reference) {
        incoming = reference;
        try {
            check("update", updateErrno(key, value, MapFlags.BPF_ANY));
        } finally {
            incoming = null;
        }
    }

    @Override
    public synchronized void useArena(MapArena value) {
        this.arena = value;
    }

    /** The maps of maps' inner maps are dropped as the kernel's {@code bpf_map_free} drops them. */
    @Override
    public synchronized void free() {
        for (int s = 0; s < references.length; s++) {
            Object old = references[s];
            references[s] = null;
            changed(null, old);
        }
    }

    /** Tells the arena that a slot took {@code added} in place of {@code dropped}: the new one is held before the old one is let go. */
    private void changed(Object added, Object dropped) {
        if (arena == null || added == dropped) {
            return;
        }
        if (added instanceof BpfMap map) {
            arena.holdInnerMap(map);
        }
        if (dropped instanceof BpfMap map) {
            arena.releaseInnerMap(map);
        }
    }

    /**
     * {@code bpf_map_lookup_elem}, which programs may call on an xskmap, a sockmap and a sockhash
     * (the other maps here are read through their own helpers, or are maps of maps): 0 (NULL) for a
     * key past the end, an empty slot or a key the sockhash lacks, as {@code xsk_map_lookup_elem}
     * and {@code sock_map_lookup} answer; a filled slot holds an AF_XDP socket
     * ({@code struct xdp_sock}) or a socket the emulator does not model there, and the run stops
     * naming it.
     */
    @Override
    public synchronized long lookupAddress(byte[] key, int keyOffset, int cpu) {
        MapType t = type();
        if (t != MapType.XSKMAP && t != MapType.SOCKMAP && t != MapType.SOCKHASH) {
            return super.lookupAddress(key, keyOffset, cpu);
        }
        int s = slotOf(key, keyOffset);
        if (s < 0) {
            return 0;
        }
        String what = t == MapType.XSKMAP ? "an AF_XDP socket (struct xdp_sock)" : "a socket (struct sock)";
        throw new UnsupportedOperationException("bpf_map_lookup_elem on " + definition().typeName() + " \"" + name() + "\": "
                + (hashed ? "the key" : "slot " + s) + " holds " + what + ", which the emulator does not model");
    }

    @Override
    public synchronized int size() {
        if (hashed) {
            return slots.count();
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
                    return -Errno.EOVERFLOW;
                }
                if (i >= cpus()) {
                    return -Errno.ENODEV;
                }
                if (qsize == 0) {
                    Object old = references[s];
                    values[s] = null;
                    references[s] = null;
                    changed(null, old);
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
        Object old = references[s];
        values[s] = value;
        references[s] = incoming;
        changed(incoming, old);
        return 0;
    }

    private long hashUpdate(byte[] key, byte[] value, long flags) {
        if ((flags & ~MapFlags.BPF_F_LOCK) > MapFlags.BPF_EXIST || (flags & MapFlags.BPF_F_LOCK) != 0) {
            return -Errno.EINVAL;
        }
        int hash = slots.hash(key, 0);
        int old = slots.find(key, 0, hash);
        if (old >= 0 && flags == MapFlags.BPF_NOEXIST) {
            return -Errno.EEXIST;
        }
        if (old < 0 && flags == MapFlags.BPF_EXIST) {
            return -Errno.ENOENT;
        }
        if (old < 0 && slots.isFull()) {
            return -Errno.E2BIG;
        }
        Object previous = null;
        if (old >= 0) {
            slots.remove(old);
            previous = references[old];
            references[old] = null;
        }
        int s = slots.insert(key, 0, hash);
        values[s] = value;
        references[s] = incoming;
        changed(incoming, previous);
        return 0;
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        if (hashed) {
            int s = slotOf(key, 0);
            if (s < 0) {
                return -Errno.ENOENT;
            }
            Object old = references[s];
            slots.remove(s);
            values[s] = null;
            references[s] = null;
            changed(null, old);
            return 0;
        }
        long i = ArrayIndex.of(key, 0);
        boolean fdArray = type() == MapType.PROG_ARRAY || type() == MapType.ARRAY_OF_MAPS || type() == MapType.CGROUP_ARRAY;
        if (i >= maxEntries()) {
            return fdArray ? -Errno.E2BIG : -Errno.EINVAL;
        }
        int s = (int) i;
        boolean had = values[s] != null;
        Object old = references[s];
        values[s] = null;
        references[s] = null;
        changed(null, old);
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
        return slots.nextKey(key, out);
    }
}
