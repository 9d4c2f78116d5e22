package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;

/**
 * An emulated kernel map, shared by every VM and by the host. It has two faces:
 *
 * <ul>
 *   <li>the <b>program path</b>, which helpers call with keys and values still in VM memory
 *       ({@code byte[]} plus offset, no copies): {@link #lookupAddress}, {@link #updateElem},
 *       {@link #deleteElem}, {@link #forEachElem}, {@link #pushElem}, {@link #popElem},
 *       {@link #peekElem}, named after the helpers. They return what the kernel puts in r0: a value
 *       address or 0, or 0 / a negative errno. Calls the verifier would refuse for the map's type
 *       throw {@link UnsupportedOperationException}, which the VM reports as an unsupported helper
 *       use;</li>
 *   <li>the <b>host path</b>, with {@code bpf()} syscall semantics, for tests and tools:
 *       {@link #lookup}, {@link #lookupPerCpu}, {@link #update}, {@link #updatePerCpu},
 *       {@link #delete}, {@link #nextKey}, {@link #freeze}, and the conveniences {@link #put},
 *       {@link #keys}, {@link #entries}, {@link #clear}, {@link #typed}. Where the syscall would fail
 *       they throw a {@link MapOperationException} carrying the errno; where absence is an ordinary
 *       answer (no such key, the last key) they return an empty {@link Optional}.</li>
 * </ul>
 *
 * <p>What only some map types can do is a capability interface: {@link RecordMap} (ring buffers and
 * perf event arrays) and {@link KeylessMap} (queues, stacks and bloom filters).
 *
 * <p>Values live in the regions of {@link #regions()}; the emulator maps each at the same address
 * in every VM before programs run. Every operation is thread-safe, so parallel tests may share a map.
 */
public abstract class BpfMap {
    private final MapDefinition definition;
    private final int cpus;
    private volatile boolean frozen;
    /** Why user space can no longer use the map, or null while it can. */
    private volatile String closed;

    BpfMap(MapDefinition definition, int cpus) {
        this.definition = definition;
        this.cpus = cpus;
    }

    /** The definition the map was created from. */
    public final MapDefinition definition() {
        return definition;
    }

    /** The map's name. */
    public final String name() {
        return definition.name();
    }

    /** The map's type. */
    public final MapType type() {
        return definition.type();
    }

    /** {@code key_size}. */
    public final int keySize() {
        return definition.keySize();
    }

    /** {@code value_size}. */
    public final int valueSize() {
        return definition.valueSize();
    }

    /** {@code max_entries} (for some types rounded as the kernel rounds it). */
    public int maxEntries() {
        return (int) definition.maxEntries();
    }

    /** The number of virtual CPUs: per-CPU maps keep this many values per element. */
    public final int cpus() {
        return cpus;
    }

    /** True when every element holds one value per CPU. */
    public boolean isPerCpu() {
        return definition.type().isPerCpu();
    }

    /**
     * {@code BPF_MAP_FREEZE}: from now on user space may not change the map. Every host-path write
     * ({@link #update}, {@link #updatePerCpu}, {@link #delete}, a queue's push and pop, a bloom
     * filter's push) fails with EPERM, before any other check, as {@code map_update_elem} and
     * {@code map_delete_elem} do once the map has lost write access; lookups and key walks still
     * work. Programs may still write, unless the map is also {@code BPF_F_RDONLY_PROG}
     * ({@code .rodata}), which the verifier enforces. A loaded object freezes {@code .rodata} and
     * {@code .rodata.*} after writing their initial values, as libbpf does.
     *
     * @throws MapOperationException EPERM when the map is already frozen (it has lost write access,
     *     so the kernel answers EPERM, not EBUSY); ENOTSUPP (524) when the value holds a
     *     {@code bpf_spin_lock}
     */
    public void freeze() {
        check("freeze", freezeErrno());
    }

    /** {@link #freeze()} as the syscall answers it: 0 or a negative errno. */
    final long freezeErrno() {
        requireOpen();
        synchronized (this) {
            if (definition.spinLockOffset() >= 0) {
                return -Errno.ENOTSUPP;
            }
            if (frozen) {
                return -Errno.EPERM;
            }
            frozen = true;
            return 0;
        }
    }

    /** True once {@link #freeze()} has succeeded: user space can no longer change the map. */
    public final boolean isFrozen() {
        return frozen;
    }

    /** -EPERM for a host-path write to a frozen map, 0 otherwise. */
    final long frozenError() {
        return frozen ? -Errno.EPERM : 0;
    }

    /** Throws for a host convenience that changes a frozen map, such as {@link #clear()}. */
    final void requireNotFrozen(String operation) {
        if (frozen) {
            throw new MapOperationException(name(), operation, Errno.EPERM);
        }
    }

    /**
     * Ends user space's use of the map, as closing the last file descriptor of it does: from now on
     * every host-path call (lookups, updates, deletes, key walks, freezing, and what
     * {@link RecordMap}, {@link KeylessMap} and the arena, ring buffer and storage maps offer the
     * host) throws an {@link IllegalStateException} with {@code why}. The program path is not
     * affected: programs that still hold the map (through a map of maps) keep using it. A loaded
     * object closes its maps when it is closed, and one map when the test closes that map.
     */
    public final void closeHostAccess(String why) {
        closed = Objects.requireNonNull(why, "why");
    }

    /** True once {@link #closeHostAccess} was called: user space can no longer use the map. */
    public final boolean isHostAccessClosed() {
        return closed != null;
    }

    /** Throws for a host-path call once {@link #closeHostAccess} was called. */
    final void requireOpen() {
        String why = closed;
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    /**
     * Frees what the map holds, as {@code bpf_map_free} does when the last reference to the map
     * goes: through the map's arena, what the kernel fields of every value hold (timers, work
     * queues, the objects of {@code __kptr} fields, list and tree nodes), and a map of maps' inner
     * maps. A loaded object frees its maps when it is closed, and a map nothing holds any more;
     * user space no longer reaches a freed map ({@link #closeHostAccess}). Maps that hold nothing
     * of the kind do nothing.
     */
    public void free() {
    }

    /** Turns a syscall's negative errno into the host path's exception; 0 and positive results pass. */
    final void check(String operation, long result) {
        if (result < 0) {
            throw new MapOperationException(name(), operation, (int) -result);
        }
    }

    /**
     * The memory programs reach through this map's pointers, to map into every VM at one address
     * each. A map that allocates elements on demand ({@code BPF_F_NO_PREALLOC} hashes, LPM tries)
     * lists the chunks allocated so far; later ones come from its {@link #useArena arena}.
     */
    public List<Region> regions() {
        return List.of();
    }

    /**
     * Gives the map the arena its value memory grows from from now on: a loaded object's, which
     * charges each chunk to the object's memory budget and places it in the address space its VMs
     * share. Maps whose memory is all allocated at creation ignore it.
     */
    public void useArena(MapArena arena) {
        Objects.requireNonNull(arena, "arena");
    }

    /**
     * The bytes this map takes now: what it allocated at creation ({@link BpfMaps#memoryFootprint})
     * plus, for a map that allocates elements on demand, the value chunks (and their keys and
     * links) allocated since, which only grow: memory of deleted elements is reused, not returned.
     */
    public long memoryFootprint() {
        return MapFootprint.bytes(definition, cpus);
    }

    // ---- program path ----

    /**
     * {@code bpf_map_lookup_elem}: the address of the value for a key (the current CPU's value of a
     * per-CPU map), or 0 when there is none.
     */
    public long lookupAddress(byte[] key, int keyOffset, int cpu) {
        throw unsupported("bpf_map_lookup_elem");
    }

    /** {@code bpf_map_update_elem} from a program: 0 or a negative errno. */
    public long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        throw unsupported("bpf_map_update_elem");
    }

    /** {@code bpf_map_delete_elem} from a program: 0 or a negative errno. */
    public long deleteElem(byte[] key, int keyOffset, int cpu) {
        throw unsupported("bpf_map_delete_elem");
    }

    /**
     * {@code bpf_for_each_map_elem}: visits the elements in the kernel's order until the visitor
     * returns non-zero, and returns the number of elements visited (the stopping one included), or
     * -EINVAL for non-zero flags.
     */
    public long forEachElem(long flags, int cpu, ElementVisitor visitor) {
        throw unsupported("bpf_for_each_map_elem");
    }

    /** {@code bpf_map_push_elem}: 0 or a negative errno. */
    public long pushElem(byte[] value, int valueOffset, long flags) {
        throw unsupported("bpf_map_push_elem");
    }

    /** {@code bpf_map_pop_elem}: copies the element out and returns 0, or a negative errno. */
    public long popElem(byte[] out, int outOffset) {
        throw unsupported("bpf_map_pop_elem");
    }

    /** {@code bpf_map_peek_elem}: copies the element out and returns 0, or a negative errno. */
    public long peekElem(byte[] out, int outOffset) {
        throw unsupported("bpf_map_peek_elem");
    }

    final UnsupportedOperationException unsupported(String helper) {
        return new UnsupportedOperationException(helper + " is not valid for map \"" + name() + "\" of type "
                + definition.typeName() + "; the kernel's verifier rejects such a program");
    }

    // ---- host path: the bpf() syscall ----

    /**
     * The values of a key (one, or one per CPU), or null when it has none; as
     * {@code BPF_MAP_LOOKUP_ELEM} from user space, which never touches LRU reference bits.
     */
    abstract List<byte[]> hostLookup(byte[] key);

    /** Updates from user space with one value (set on every CPU of a per-CPU map) or one per CPU. */
    abstract long hostUpdate(byte[] key, List<byte[]> values, long flags);

    /** Deletes from user space. */
    abstract long hostDelete(byte[] key);

    /** {@code BPF_MAP_GET_NEXT_KEY}: writes the key after {@code key} (null: the first) into {@code out}. */
    abstract long hostNextKey(byte[] key, byte[] out);

    /** The number of elements present. */
    public abstract int size();

    /**
     * The value of a key as {@code BPF_MAP_LOOKUP_ELEM} returns it, or empty when the key has none.
     *
     * @throws IllegalStateException for per-CPU maps, whose values {@link #lookupPerCpu} returns
     * @throws MapOperationException for map types whose elements user space cannot look up
     */
    public Optional<byte[]> lookup(byte[] key) {
        requireOpen();
        if (isPerCpu()) {
            throw new IllegalStateException("map \"" + name() + "\" is per-CPU; use lookupPerCpu");
        }
        return Optional.ofNullable(hostLookup(checkKey(key))).map(v -> v.get(0));
    }

    /** One value per CPU (a single value for maps that are not per-CPU), or empty when the key has none. */
    public Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        requireOpen();
        return Optional.ofNullable(hostLookup(checkKey(key)));
    }

    /**
     * Updates as user space does. A per-CPU map takes either one value, which every CPU gets, or
     * {@code cpus} values of {@code round_up(value_size, 8)} bytes each, the syscall's layout.
     *
     * @param flags {@link MapFlags#BPF_ANY}, {@link MapFlags#BPF_NOEXIST}, {@link MapFlags#BPF_EXIST},
     *     optionally with {@link MapFlags#BPF_F_LOCK}
     * @throws MapOperationException with the kernel's errno (EEXIST, ENOENT, E2BIG, EPERM once the
     *     map is frozen, ...)
     */
    public void update(byte[] key, byte[] value, long flags) {
        check("update", updateErrno(key, value, flags));
    }

    /** {@link #update} as the syscall answers it: 0 or a negative errno. */
    final long updateErrno(byte[] key, byte[] value, long flags) {
        requireOpen();
        checkKey(key);
        if (frozen) {
            return -Errno.EPERM;
        }
        int stride = ValueArea.roundUp8(valueSize());
        if (isPerCpu() && value.length == cpus * stride && value.length != valueSize()) {
            List<byte[]> split = new ArrayList<>();
            for (int c = 0; c < cpus; c++) {
                split.add(Arrays.copyOfRange(value, c * stride, c * stride + valueSize()));
            }
            return hostUpdate(key, split, flags);
        }
        return hostUpdate(key, List.of(checkValue(value)), flags);
    }

    /**
     * Updates a per-CPU map with one value per CPU.
     *
     * @throws MapOperationException with the kernel's errno
     * @throws IllegalArgumentException when the map is not per-CPU (give it one value with
     *     {@link #update(byte[], byte[], long)}), when there is not exactly one value per CPU, or
     *     when a key or value has the wrong length
     */
    public void updatePerCpu(byte[] key, List<byte[]> values, long flags) {
        check("update", updatePerCpuErrno(key, values, flags));
    }

    /** {@link #updatePerCpu} as the syscall answers it: 0 or a negative errno. */
    final long updatePerCpuErrno(byte[] key, List<byte[]> values, long flags) {
        requireOpen();
        if (!isPerCpu()) {
            throw new IllegalArgumentException("map \"" + name() + "\" of type " + definition.typeName()
                    + " is not per-CPU; it takes one value, not one per CPU");
        }
        if (values == null || values.size() != cpus) {
            throw new IllegalArgumentException("map \"" + name() + "\" needs " + cpus + " values, one per CPU, got "
                    + (values == null ? "none" : values.size()));
        }
        values.forEach(this::checkValue);
        checkKey(key);
        if (frozen) {
            return -Errno.EPERM;
        }
        return hostUpdate(key, List.copyOf(values), flags);
    }

    /**
     * Deletes as user space does.
     *
     * @return true when an element was removed, false when the key had none (the kernel's ENOENT)
     * @throws MapOperationException for any other error (EINVAL for arrays, EPERM once the map is frozen, ...)
     */
    public boolean delete(byte[] key) {
        long r = deleteErrno(key);
        if (r == -Errno.ENOENT) {
            return false;
        }
        check("delete", r);
        return true;
    }

    /** {@link #delete} as the syscall answers it: 0 or a negative errno. */
    final long deleteErrno(byte[] key) {
        requireOpen();
        checkKey(key);
        if (frozen) {
            return -Errno.EPERM;
        }
        return hostDelete(key);
    }

    /**
     * The key after {@code key} in the kernel's iteration order ({@code null}: the first key), or
     * empty after the last one.
     *
     * @throws MapOperationException for map types without keys to walk
     */
    public Optional<byte[]> nextKey(byte[] key) {
        requireOpen();
        byte[] out = new byte[keySize()];
        long r = hostNextKey(key == null ? null : checkKey(key), out);
        if (r == -Errno.ENOENT) {
            return Optional.empty();
        }
        check("get_next_key", r);
        return Optional.of(out);
    }

    /**
     * Inserts or replaces an element: {@link #update} with {@link MapFlags#BPF_ANY}.
     *
     * @throws MapOperationException where the kernel fails
     */
    public void put(byte[] key, byte[] value) {
        update(key, value, MapFlags.BPF_ANY);
    }

    /** True when the key has an element. */
    public boolean containsKey(byte[] key) {
        requireOpen();
        return hostLookup(checkKey(key)) != null;
    }

    /** Every key, in the order {@code bpf_map_get_next_key} walks them. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        synchronized (this) {
            for (Optional<byte[]> k = nextKey(null); k.isPresent(); k = nextKey(k.get())) {
                out.add(k.get());
                if (out.size() > maxEntries() + 1) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Every key, oldest element first where the map's behaviour depends on that order (an LRU
     * hash: the order its elements were linked, so that writing them to a fresh kernel map in this
     * order rebuilds what host updates built); otherwise as {@link #keys()}.
     */
    public List<byte[]> keysInLinkOrder() {
        return keys();
    }

    /** Every element with its value(s), in the order of {@link #keys()}. */
    public List<MapEntry> entries() {
        List<MapEntry> out = new ArrayList<>();
        synchronized (this) {
            for (byte[] k : keys()) {
                List<byte[]> v = hostLookup(k);
                if (v != null) {
                    out.add(new MapEntry(k, v));
                }
            }
        }
        return out;
    }

    /**
     * Removes every element (arrays: zeroes every value).
     *
     * @throws MapOperationException (EPERM) when the map is frozen
     */
    public void clear() {
        requireOpen();
        requireNotFrozen("clear");
        synchronized (this) {
            for (byte[] k : keys()) {
                hostDelete(k);
            }
        }
    }

    /** A typed view of this map. */
    public <K, V> TypedMap<K, V> typed(MapCodec<K> keyCodec, MapCodec<V> valueCodec) {
        return new TypedMap<>(this, keyCodec, valueCodec);
    }

    final byte[] checkKey(byte[] key) {
        if (key == null || key.length != keySize()) {
            throw new IllegalArgumentException("key of map \"" + name() + "\" must be " + keySize() + " bytes, was "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        return key;
    }

    final byte[] checkValue(byte[] value) {
        if (value == null || value.length != valueSize()) {
            throw new IllegalArgumentException("value of map \"" + name() + "\" must be " + valueSize() + " bytes, was "
                    + (value == null ? "null" : value.length + " bytes"));
        }
        return value;
    }

    @Override
    public String toString() {
        return "map \"" + name() + "\" (" + definition.typeName() + ", key " + keySize() + ", value " + valueSize()
                + ", max_entries " + maxEntries() + ")";
    }
}
