package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;

/**
 * The hash maps: {@code HASH}, {@code PERCPU_HASH}, {@code LRU_HASH} and {@code LRU_PERCPU_HASH},
 * with the kernel's update rules, errno values and memory behaviour:
 *
 * <ul>
 *   <li>a plain hash replaces an existing element with a new one (from a spare slot per CPU, like
 *       the kernel's extra elements), so a value pointer taken before the update still shows the
 *       old value; a new key in a full map is -E2BIG; {@code BPF_F_LOCK} updates in place under
 *       the value's spin lock;</li>
 *   <li>per-CPU hashes update in place; a program writes its CPU's value and a new element's other
 *       CPUs start zeroed;</li>
 *   <li>LRU hashes take a node from the {@link Lru} before looking at the key, so even an update
 *       that fails with -EEXIST can evict, exactly as in Linux; program lookups set the reference
 *       bit, host lookups do not.</li>
 * </ul>
 *
 * <p>Iteration follows bucket order with hash seed 0: the kernel seeds randomly unless
 * {@code BPF_F_ZERO_SEED} is set, so the order here is that of a zero-seeded map. Freed slots
 * keep their memory (a stale pointer still reads) and are zeroed when reused.
 *
 * <p>A {@code BPF_F_NO_PREALLOC} hash allocates as the kernel does: its buckets at creation, its
 * elements as they are added. Values come in chunks from the map's {@link MapArena} when a slot
 * in them is first used; a replacement takes a new slot (not a per-CPU spare) and frees the old
 * one; a new key in a map holding {@code max_entries} elements is -E2BIG, and an element the arena
 * has no room for is -ENOMEM, the kernel's failed allocation.
 */
final class HtabMap extends BpfMap {
    private final boolean percpu;
    private final boolean lru;
    private final boolean lazy;
    private final HashTable table;
    private final ValueArea values;
    private final SlotPool free;
    private final int[] spare;
    private final Lru lruList;
    private final int capacity;
    private final int slots;
    /** Per slot of an LRU hash, when its element was linked: the order {@link #keysInLinkOrder} gives. */
    private final long[] linked;
    private long linkClock;

    HtabMap(MapDefinition def, int cpus) {
        super(def, cpus);
        MapType t = def.type();
        this.percpu = t.isPerCpu();
        this.lru = t == MapType.LRU_HASH || t == MapType.LRU_PERCPU_HASH;
        this.lazy = isLazy(def);
        this.capacity = lazy ? (int) Math.min(def.maxEntries(), Integer.MAX_VALUE - 1) : effectiveMaxEntries(def, cpus);
        // A preallocated plain hash keeps a spare element per CPU for replacements, as the kernel
        // does; a lazy one allocates the replacement instead, so it needs one slot more at most.
        boolean spares = !percpu && !lru && !lazy;
        this.slots = capacity + (spares ? cpus : 0) + (lazy && !percpu ? 1 : 0);
        this.table = new HashTable(def.keySize(), capacity, slots, false, lazy ? 0 : slots);
        this.values = new ValueArea(def, slots, percpu ? cpus : 1, true, lazy, HashTable.bytesPerSlot(def.keySize()));
        if (lru) {
            this.lruList = new Lru(capacity, cpus, (def.flags() & MapFlags.BPF_F_NO_COMMON_LRU) != 0, table::unlink);
            this.free = null;
            this.spare = null;
            this.linked = new long[slots];
        } else {
            this.lruList = null;
            this.free = new SlotPool(lazy ? slots : capacity);
            this.spare = new int[spares ? cpus : 0];
            for (int c = 0; c < spare.length; c++) {
                spare[c] = capacity + c;
            }
            this.linked = null;
        }
    }

    /** A {@code BPF_F_NO_PREALLOC} hash: the kernel allocates its elements on demand, and so does the emulator. */
    static boolean isLazy(MapDefinition def) {
        return (def.flags() & MapFlags.BPF_F_NO_PREALLOC) != 0;
    }

    /** A per-CPU LRU rounds max_entries to a multiple of the CPU count, as the kernel does. */
    static int effectiveMaxEntries(MapDefinition def, int cpus) {
        long max = def.maxEntries();
        if ((def.flags() & MapFlags.BPF_F_NO_COMMON_LRU) != 0) {
            long up = (max + cpus - 1) / cpus * cpus;
            max = up <= 0xffff_ffffL ? up : max / cpus * cpus;
        }
        return (int) max;
    }

    @Override
    public int maxEntries() {
        return capacity;
    }

    @Override
    public synchronized List<Region> regions() {
        return values.regions();
    }

    @Override
    public synchronized void useArena(MapArena arena) {
        values.useArena(arena);
    }

    @Override
    public synchronized void free() {
        if (definition().kernelFields().isEmpty()) {
            return;
        }
        for (int s = table.firstFrom(0); s >= 0; s = table.after(s)) {
            for (int c = 0; c < (percpu ? cpus() : 1); c++) {
                values.releaseFields(s, c);
            }
        }
    }

    @Override
    public synchronized long memoryFootprint() {
        return super.memoryFootprint() + values.chargedBytes();
    }

    private int valueCpu(int cpu) {
        return percpu ? cpu : 0;
    }

    @Override
    public synchronized int size() {
        return table.count();
    }

    // ---- program path ----

    @Override
    public synchronized long lookupAddress(byte[] key, int keyOffset, int cpu) {
        int s = table.find(key, keyOffset, table.hash(key, keyOffset));
        if (s < 0) {
            return 0;
        }
        if (lru) {
            lruList.setRef(s);
        }
        return values.address(s, valueCpu(cpu));
    }

    @Override
    public synchronized long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        return updateElement(key, keyOffset, value, valueOffset, null, flags, cpu);
    }

    @Override
    public synchronized long deleteElem(byte[] key, int keyOffset, int cpu) {
        int s = table.find(key, keyOffset, table.hash(key, keyOffset));
        if (s < 0) {
            return -Errno.ENOENT;
        }
        table.unlink(s);
        release(s);
        return 0;
    }

    @Override
    public synchronized long forEachElem(long flags, int cpu, ElementVisitor visitor) {
        if (flags != 0) {
            return -Errno.EINVAL;
        }
        long visited = 0;
        for (int s = table.firstFrom(0); s >= 0; ) {
            // The callback may delete the element it is given; the kernel's walk still finds its successor.
            int following = table.after(s);
            visited++;
            if (visitor.visit(table.keys(), table.keyOffset(s), values.address(s, valueCpu(cpu))) != 0) {
                break;
            }
            s = following;
        }
        return visited;
    }

    // ---- the update rules ----

    private static long checkFlags(boolean exists, long flags) {
        long f = flags & ~MapFlags.BPF_F_LOCK;
        if (exists && f == MapFlags.BPF_NOEXIST) {
            return -Errno.EEXIST;
        }
        if (!exists && f == MapFlags.BPF_EXIST) {
            return -Errno.ENOENT;
        }
        return 0;
    }

    /**
     * One update: from a program, {@code value} at {@code valueOffset} and {@code host} null; from
     * the host ({@code host} non-null, the syscall's "onallcpus"), one value for every CPU or one per CPU.
     */
    private long updateElement(byte[] key, int keyOffset, byte[] value, int valueOffset, List<byte[]> host, long flags, int cpu) {
        if (lru) {
            return percpu ? updateLruPercpu(key, keyOffset, value, valueOffset, host, flags, cpu)
                    : updateLru(key, keyOffset, value, valueOffset, flags, cpu);
        }
        if (percpu) {
            return updatePercpu(key, keyOffset, value, valueOffset, host, flags, cpu);
        }
        return updatePlain(key, keyOffset, value, valueOffset, flags, cpu);
    }

    private long updatePlain(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        if ((flags & ~MapFlags.BPF_F_LOCK) > MapFlags.BPF_EXIST) {
            return -Errno.EINVAL;
        }
        boolean locked = (flags & MapFlags.BPF_F_LOCK) != 0;
        if (locked && !values.hasSpinLock()) {
            return -Errno.EINVAL;
        }
        int hash = table.hash(key, keyOffset);
        int old = table.find(key, keyOffset, hash);
        long err = checkFlags(old >= 0, flags);
        if (err != 0) {
            return err;
        }
        if (locked && old >= 0) {
            values.writeLockedKeepingFields(old, 0, value, valueOffset);
            return 0;
        }
        int s;
        if (old >= 0 && !lazy) {
            s = spare[cpu];
            spare[cpu] = old;
        } else {
            // A replacement in a lazy hash allocates a new element without counting it, as
            // alloc_htab_elem does; only a new key can find the map full.
            if (old < 0 && (lazy ? table.count() >= capacity : !free.hasFree())) {
                return -Errno.E2BIG;
            }
            s = take();
            if (s < 0) {
                return -Errno.ENOMEM;
            }
        }
        values.zero(s);
        values.write(s, 0, value, valueOffset);
        table.linkHead(s, key, keyOffset, hash);
        if (old >= 0) {
            table.unlink(old);
            // the replaced element's kernel fields are freed now (its timer cancelled), as
            // htab_map_update_elem's check_and_free_fields does before the element is reused
            values.releaseFields(old, 0);
            if (lazy) {
                free.give(old);
            }
        }
        return 0;
    }

    private long updatePercpu(byte[] key, int keyOffset, byte[] value, int valueOffset, List<byte[]> host, long flags, int cpu) {
        if (flags > MapFlags.BPF_EXIST) {
            return -Errno.EINVAL;
        }
        int hash = table.hash(key, keyOffset);
        int old = table.find(key, keyOffset, hash);
        long err = checkFlags(old >= 0, flags);
        if (err != 0) {
            return err;
        }
        if (old >= 0) {
            writePercpu(old, value, valueOffset, host, cpu);
            return 0;
        }
        if (!free.hasFree()) {
            return -Errno.E2BIG;
        }
        int s = take();
        if (s < 0) {
            return -Errno.ENOMEM;
        }
        values.zero(s);
        writePercpu(s, value, valueOffset, host, cpu);
        table.linkHead(s, key, keyOffset, hash);
        return 0;
    }

    private void writePercpu(int s, byte[] value, int valueOffset, List<byte[]> host, int cpu) {
        if (host == null) {
            values.write(s, cpu, value, valueOffset);
        } else if (host.size() == 1) {
            values.writeAll(s, host.get(0), 0);
        } else {
            for (int c = 0; c < host.size(); c++) {
                values.write(s, c, host.get(c), 0);
            }
        }
    }

    private long updateLru(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        if (flags > MapFlags.BPF_EXIST) {
            return -Errno.EINVAL;
        }
        int hash = table.hash(key, keyOffset);
        // The kernel takes the node first (possibly evicting), then looks at the key.
        int s = lruList.popFree(cpu);
        if (s < 0) {
            return -Errno.ENOMEM;
        }
        values.zero(s);
        values.write(s, 0, value, valueOffset);
        int old = table.find(key, keyOffset, hash);
        long err = checkFlags(old >= 0, flags);
        if (err != 0) {
            lruList.pushFree(s);
            return err;
        }
        table.linkHead(s, key, keyOffset, hash);
        linked[s] = ++linkClock;
        if (old >= 0) {
            lruList.setRef(s);
            table.unlink(old);
            values.releaseFields(old, 0);
            lruList.pushFree(old);
        }
        return 0;
    }

    private long updateLruPercpu(byte[] key, int keyOffset, byte[] value, int valueOffset, List<byte[]> host, long flags, int cpu) {
        if (flags > MapFlags.BPF_EXIST) {
            return -Errno.EINVAL;
        }
        int hash = table.hash(key, keyOffset);
        int s = -1;
        if (flags != MapFlags.BPF_EXIST) {
            s = lruList.popFree(cpu);
            if (s < 0) {
                return -Errno.ENOMEM;
            }
        }
        int old = table.find(key, keyOffset, hash);
        long err = checkFlags(old >= 0, flags);
        if (err == 0 && old >= 0) {
            lruList.setRef(old);
            writePercpu(old, value, valueOffset, host, cpu);
        } else if (err == 0) {
            values.zero(s);
            writePercpu(s, value, valueOffset, host, cpu);
            table.linkHead(s, key, keyOffset, hash);
            linked[s] = ++linkClock;
            s = -1;
        }
        if (s >= 0) {
            lruList.pushFree(s);
        }
        return err;
    }

    /**
     * A free slot whose memory exists: in a lazy hash its chunk is allocated on first use, and -1
     * (the kernel's failed allocation, -ENOMEM) when the arena refuses it. The pool must have a slot.
     */
    private int take() {
        int s = free.take();
        if (!lazy) {
            return s;
        }
        int covered = values.ensure(s);
        if (covered < 0 || (long) covered * Math.max(keySize(), 1) > Integer.MAX_VALUE - 8) {
            free.give(s);
            return -1;
        }
        table.growTo(covered, slots);
        return s;
    }

    private void release(int s) {
        for (int c = 0; c < (percpu ? cpus() : 1); c++) {
            values.releaseFields(s, c);
        }
        if (lru) {
            lruList.pushFree(s);
        } else {
            free.give(s);
        }
    }

    // ---- host path ----

    @Override
    synchronized List<byte[]> hostLookup(byte[] key) {
        int s = table.find(key, 0, table.hash(key, 0));
        if (s < 0) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        for (int c = 0; c < (percpu ? cpus() : 1); c++) {
            out.add(values.read(s, c));
        }
        return out;
    }

    @Override
    synchronized long hostUpdate(byte[] key, List<byte[]> vals, long flags) {
        return updateElement(key, 0, vals.get(0), 0, vals, flags, 0);
    }

    @Override
    synchronized long hostDelete(byte[] key) {
        return deleteElem(key, 0, 0);
    }

    @Override
    synchronized long hostNextKey(byte[] key, byte[] out) {
        int s = table.nextSlot(key);
        if (s < 0) {
            return -Errno.ENOENT;
        }
        System.arraycopy(table.keys(), table.keyOffset(s), out, 0, keySize());
        return 0;
    }

    /**
     * An LRU hash's keys in the order their elements were linked into the table, oldest first (a
     * replacement links a new element); other hashes walk as {@link #keys()} does.
     */
    @Override
    public synchronized List<byte[]> keysInLinkOrder() {
        if (!lru) {
            return super.keysInLinkOrder();
        }
        List<byte[]> keys = keys();
        Map<byte[], Long> when = new IdentityHashMap<>();
        for (byte[] k : keys) {
            when.put(k, linked[table.find(k, 0, table.hash(k, 0))]);
        }
        keys.sort(Comparator.comparingLong(when::get));
        return keys;
    }
}
