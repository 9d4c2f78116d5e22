package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.uapi.MapType;

/**
 * The memory the emulator allocates when it creates a map: its values (every CPU's), keys and
 * bookkeeping arrays, in bytes of Java arrays (object headers and references counted at 8 bytes).
 * Memory that only appears as elements are added is not counted here: the value chunks of
 * {@code BPF_F_NO_PREALLOC} hashes and LPM tries (with their keys and nodes) are charged to the
 * loaded object's budget as they are allocated ({@link MapArena}); stored stacks, perf samples and
 * inner values of reference maps are bounded by what the test puts in. Kept
 * next to the allocations it describes, so a change of layout changes the estimate with it.
 */
final class MapFootprint {
    private static final int REFERENCE = 8;

    private MapFootprint() {
    }

    /** The bytes a validated definition allocates on creation. */
    static long bytes(MapDefinition d, int cpus) {
        long entries = d.maxEntries();
        long value = roundUp8(Integer.toUnsignedLong(d.valueSize()));
        long key = Integer.toUnsignedLong(d.keySize());
        MapType t = d.type();
        return switch (t) {
            case ARRAY, PERCPU_ARRAY -> entries * (t.isPerCpu() ? cpus : 1) * value;
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> htab(d, cpus, value, key);
            case LPM_TRIE -> 0;
            case CGROUP_STORAGE_DEPRECATED -> value;
            case PERCPU_CGROUP_STORAGE_DEPRECATED -> cpus * value;
            case SK_STORAGE -> SlotPool.bytes(SkStorageMap.MAX_OWNERS);
            case QUEUE, STACK -> (entries + 1) * Integer.toUnsignedLong(d.valueSize());
            case BLOOM_FILTER -> BloomFilterMap.bitCount(d) / 8;
            case RINGBUF, USER_RINGBUF -> 2 * entries;
            // pages come as programs allocate them; the page table is allocated at creation
            case ARENA -> entries * REFERENCE;
            case PERF_EVENT_ARRAY -> entries;
            case STACK_TRACE -> buckets(entries) * (REFERENCE + Integer.BYTES);
            case DEVMAP -> entries * (value + 1);
            case DEVMAP_HASH -> entries * (value + 1 + Integer.BYTES) + HashTable.bytes(4, entries, entries);
            case HASH_OF_MAPS, SOCKHASH -> entries * (2 * REFERENCE + Integer.BYTES) + HashTable.bytes(key, entries, entries);
            default -> entries * 2 * REFERENCE;
        };
    }

    private static long htab(MapDefinition d, int cpus, long value, long key) {
        MapType t = d.type();
        boolean lru = t == MapType.LRU_HASH || t == MapType.LRU_PERCPU_HASH;
        if (HtabMap.isLazy(d)) {
            // The bucket array, as the kernel allocates it eagerly too; elements come later.
            return buckets(d.maxEntries()) * Integer.BYTES;
        }
        long capacity = HtabMap.effectiveMaxEntries(d, cpus);
        long slots = capacity + (!t.isPerCpu() && !lru ? cpus : 0);
        long values = slots * (t.isPerCpu() ? cpus : 1) * value;
        long freeList = lru ? Lru.bytes(capacity, cpus) : capacity * Integer.BYTES;
        return values + HashTable.bytes(key, capacity, slots) + freeList;
    }

    /** {@code roundup_pow_of_two(entries)}, as hash tables and stack maps size their buckets. */
    static long buckets(long entries) {
        long n = Long.highestOneBit(Math.max(1, entries));
        return n < entries ? n << 1 : n;
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }
}
