package org.ebpftest.runtime.linux.maps;

import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_ACCESS_MASK;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_INNER_MAP;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_MMAPABLE;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_NO_COMMON_LRU;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_CLONE;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_NO_PREALLOC;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_NUMA_NODE;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_PRESERVE_ELEMS;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_RDONLY;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_RDONLY_PROG;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_STACK_BUILD_ID;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_WRONLY;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_WRONLY_PROG;
import static org.ebpftest.runtime.uapi.MapFlags.BPF_F_ZERO_SEED;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;

/**
 * The kernel's creation checks per map type ({@code map_alloc_check} and the allocators of
 * {@code arraymap.c}, {@code hashtab.c}, {@code lpm_trie.c}, {@code queue_stack_maps.c},
 * {@code bloom_filter.c}, {@code ringbuf.c}, {@code stackmap.c}, {@code devmap.c},
 * {@code cpumap.c}, {@code xskmap.c}, {@code sock_map.c}), in the kernel's order, so the first
 * failing check decides the errno as in Linux.
 */
final class MapValidation {
    private static final int ARRAY_FLAGS = BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | BPF_F_PRESERVE_ELEMS | BPF_F_INNER_MAP;
    private static final int HTAB_FLAGS = BPF_F_NO_PREALLOC | BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK | BPF_F_ZERO_SEED;
    private static final int LPM_FLAGS = BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;
    private static final int QUEUE_FLAGS = BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK;
    private static final int BLOOM_FLAGS = BPF_F_NUMA_NODE | BPF_F_ZERO_SEED | BPF_F_ACCESS_MASK;
    private static final int DEV_FLAGS = BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY;
    private static final int STACK_FLAGS = BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_STACK_BUILD_ID;
    /** The kernel's default {@code kernel.perf_event_max_stack}. */
    static final int PERF_EVENT_MAX_STACK = 127;
    /** The kernel's limit on a socket hash key: MAX_BPF_STACK. */
    private static final int MAX_BPF_STACK = 512;
    /** BPF_LOCAL_STORAGE_MAX_VALUE_SIZE: U16_MAX less the storage element's header, 65407 on Linux 6.18 x86-64. */
    static final int LOCAL_STORAGE_MAX_VALUE_SIZE = 65407;
    /** NR_CPUS of common distribution kernels, the cpumap's limit. */
    private static final int NR_CPUS = 8192;

    private MapValidation() {
    }

    static void check(MapDefinition d, int cpus) {
        MapType t = d.type();
        // key_size and value_size are u32 in the kernel: a negative int here is a size above
        // INT_MAX, which each type's own checks refuse (mostly with E2BIG), never an arithmetic error.
        if (d.maxEntries() < 0 || d.maxEntries() > 0xffff_ffffL) {
            fail(d, Errno.EINVAL, "max_entries is a u32 value, was " + d.maxEntries());
        }
        if (t != MapType.BLOOM_FILTER && t != MapType.ARENA && d.mapExtra() != 0) {
            fail(d, Errno.EINVAL, "map_extra must be 0 except for bloom filters and arenas, was " + d.mapExtra());
        }
        if (!accessOk(d.flags())) {
            fail(d, Errno.EINVAL, "map_flags ask for read-only and write-only at once");
        }
        if (d.spinLockOffset() >= 0 && (d.spinLockOffset() % 4 != 0 || d.spinLockOffset() + 4L > valueSize(d))) {
            fail(d, Errno.EINVAL, "bpf_spin_lock at offset " + d.spinLockOffset() + " does not fit an aligned 4-byte word of the value");
        }
        switch (t) {
            case ARRAY, PERCPU_ARRAY -> array(d, cpus);
            case PROG_ARRAY, PERF_EVENT_ARRAY, CGROUP_ARRAY, ARRAY_OF_MAPS -> fdArray(d, cpus);
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> htab(d, cpus);
            case HASH_OF_MAPS -> {
                if (d.valueSize() != 4) {
                    fail(d, Errno.EINVAL, "value_size must be 4 (an inner map fd), was " + valueSize(d));
                }
                htab(d, cpus);
            }
            case LPM_TRIE -> lpm(d);
            case QUEUE, STACK -> queue(d);
            case BLOOM_FILTER -> bloom(d);
            case RINGBUF, USER_RINGBUF -> ringbuf(d);
            case ARENA -> arena(d);
            case STACK_TRACE -> stackTrace(d);
            case DEVMAP, DEVMAP_HASH -> {
                if (d.maxEntries() == 0 || d.keySize() != 4 || (d.valueSize() != 4 && d.valueSize() != 8) || (d.flags() & ~DEV_FLAGS) != 0) {
                    fail(d, Errno.EINVAL, "a devmap needs max_entries > 0, key_size 4, value_size 4 or 8 and flags within 0x" + Integer.toHexString(DEV_FLAGS));
                }
                memory(d, d.maxEntries(), 1);
            }
            case CPUMAP -> {
                if (d.maxEntries() == 0 || d.keySize() != 4 || (d.valueSize() != 4 && d.valueSize() != 8) || (d.flags() & ~BPF_F_NUMA_NODE) != 0) {
                    fail(d, Errno.EINVAL, "a cpumap needs max_entries > 0, key_size 4, value_size 4 or 8 and no flags but BPF_F_NUMA_NODE");
                }
                if (d.maxEntries() > NR_CPUS) {
                    fail(d, Errno.E2BIG, "max_entries " + d.maxEntries() + " exceeds NR_CPUS " + NR_CPUS);
                }
            }
            case XSKMAP -> {
                if (d.maxEntries() == 0 || d.keySize() != 4 || d.valueSize() != 4 || (d.flags() & ~DEV_FLAGS) != 0) {
                    fail(d, Errno.EINVAL, "an xskmap needs max_entries > 0, key_size 4, value_size 4");
                }
                memory(d, d.maxEntries(), 1);
            }
            case SOCKMAP, SOCKHASH -> {
                boolean keyOk = t == MapType.SOCKMAP ? d.keySize() == 4 : d.keySize() != 0;
                if (d.maxEntries() == 0 || !keyOk || (d.valueSize() != 4 && d.valueSize() != 8) || (d.flags() & ~DEV_FLAGS) != 0) {
                    fail(d, Errno.EINVAL, "a " + d.typeName() + " needs max_entries > 0, "
                            + (t == MapType.SOCKMAP ? "key_size 4" : "key_size > 0") + ", value_size 4 or 8");
                }
                if (t == MapType.SOCKHASH && keySize(d) > MAX_BPF_STACK) {
                    fail(d, Errno.E2BIG, "key_size " + keySize(d) + " exceeds " + MAX_BPF_STACK);
                }
                memory(d, d.maxEntries(), 1);
            }
            case CGROUP_STORAGE_DEPRECATED, PERCPU_CGROUP_STORAGE_DEPRECATED -> cgroupStorage(d);
            case SK_STORAGE -> skStorage(d);
            default -> throw new IllegalStateException("no checks for " + t);
        }
    }

    private static void array(MapDefinition d, int cpus) {
        boolean percpu = d.type() == MapType.PERCPU_ARRAY;
        if (d.maxEntries() == 0 || d.keySize() != 4 || d.valueSize() == 0 || (d.flags() & ~ARRAY_FLAGS) != 0) {
            fail(d, Errno.EINVAL, "an array needs max_entries > 0, key_size 4, value_size > 0 and flags within 0x"
                    + Integer.toHexString(ARRAY_FLAGS) + "; got max_entries " + d.maxEntries() + ", key_size " + keySize(d)
                    + ", value_size " + valueSize(d) + ", flags 0x" + Integer.toHexString(d.flags()));
        }
        if (d.type() != MapType.ARRAY && (d.flags() & (BPF_F_MMAPABLE | BPF_F_INNER_MAP)) != 0) {
            fail(d, Errno.EINVAL, "BPF_F_MMAPABLE and BPF_F_INNER_MAP are for plain arrays only");
        }
        if (d.type() != MapType.PERF_EVENT_ARRAY && (d.flags() & BPF_F_PRESERVE_ELEMS) != 0) {
            fail(d, Errno.EINVAL, "BPF_F_PRESERVE_ELEMS is for perf event arrays only");
        }
        if (valueSize(d) > Integer.MAX_VALUE) {
            fail(d, Errno.E2BIG, "value_size " + valueSize(d) + " exceeds INT_MAX, which the kernel refuses before rounding it up to 8");
        }
        perCpuValue(d, percpu);
        memory(d, d.maxEntries(), percpu ? cpus : 1);
    }

    private static void fdArray(MapDefinition d, int cpus) {
        if (d.valueSize() != 4) {
            fail(d, Errno.EINVAL, "value_size must be 4 (a file descriptor), was " + valueSize(d));
        }
        if ((d.flags() & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) != 0) {
            fail(d, Errno.EINVAL, "BPF_F_RDONLY_PROG and BPF_F_WRONLY_PROG are not supported for this type");
        }
        array(d, cpus);
    }

    private static void htab(MapDefinition d, int cpus) {
        MapType t = d.type();
        boolean percpu = t.isPerCpu();
        boolean lru = t == MapType.LRU_HASH || t == MapType.LRU_PERCPU_HASH;
        if ((d.flags() & ~HTAB_FLAGS) != 0) {
            fail(d, Errno.EINVAL, "unknown map_flags 0x" + Integer.toHexString(d.flags() & ~HTAB_FLAGS));
        }
        if (!lru && (d.flags() & BPF_F_NO_COMMON_LRU) != 0) {
            fail(d, Errno.EINVAL, "BPF_F_NO_COMMON_LRU is for LRU hashes only");
        }
        if (lru && (d.flags() & BPF_F_NO_PREALLOC) != 0) {
            fail(d, Errno.ENOTSUPP, "LRU hashes are always preallocated; drop BPF_F_NO_PREALLOC");
        }
        if (d.maxEntries() == 0 || d.keySize() == 0 || d.valueSize() == 0) {
            fail(d, Errno.EINVAL, "a hash needs max_entries, key_size and value_size > 0; got max_entries "
                    + d.maxEntries() + ", key_size " + keySize(d) + ", value_size " + valueSize(d));
        }
        if (keySize(d) + valueSize(d) >= BpfMaps.KMALLOC_MAX_SIZE - BpfMaps.HTAB_ELEM_SIZE) {
            fail(d, Errno.E2BIG, "key_size + value_size must be below " + (BpfMaps.KMALLOC_MAX_SIZE - BpfMaps.HTAB_ELEM_SIZE)
                    + ", was " + keySize(d) + " + " + valueSize(d));
        }
        perCpuValue(d, percpu);
        if (d.maxEntries() > 1L << 31) {
            fail(d, Errno.E2BIG, "max_entries " + d.maxEntries() + " exceeds 2^31");
        }
        if ((d.flags() & BPF_F_NO_PREALLOC) == 0) {
            memory(d, d.maxEntries() + cpus, percpu ? cpus : 1);
        }
    }

    private static void lpm(MapDefinition d) {
        if (d.maxEntries() == 0 || (d.flags() & BPF_F_NO_PREALLOC) == 0 || (d.flags() & ~LPM_FLAGS) != 0
                || keySize(d) < 5 || keySize(d) > 260 || valueSize(d) < 1
                || valueSize(d) > BpfMaps.KMALLOC_MAX_SIZE - 256 - 48) {
            fail(d, Errno.EINVAL, "an LPM trie needs BPF_F_NO_PREALLOC, max_entries > 0, key_size 5 to 260 "
                    + "(u32 prefixlen + 1 to 256 data bytes) and value_size > 0; got flags 0x" + Integer.toHexString(d.flags())
                    + ", key_size " + keySize(d) + ", value_size " + valueSize(d) + ", max_entries " + d.maxEntries());
        }
    }

    private static void queue(MapDefinition d) {
        if (d.maxEntries() == 0 || d.keySize() != 0 || d.valueSize() == 0 || (d.flags() & ~QUEUE_FLAGS) != 0) {
            fail(d, Errno.EINVAL, "a " + d.typeName() + " needs key_size 0, value_size > 0, max_entries > 0; got key_size "
                    + keySize(d) + ", value_size " + valueSize(d) + ", max_entries " + d.maxEntries());
        }
        if (valueSize(d) > BpfMaps.KMALLOC_MAX_SIZE) {
            fail(d, Errno.E2BIG, "value_size may be at most " + BpfMaps.KMALLOC_MAX_SIZE + ", was " + valueSize(d));
        }
        memory(d, d.maxEntries() + 1, 1);
    }

    private static void bloom(MapDefinition d) {
        if (d.keySize() != 0 || d.valueSize() == 0 || d.maxEntries() == 0 || (d.flags() & ~BLOOM_FLAGS) != 0
                || (d.mapExtra() & ~0xfL) != 0) {
            fail(d, Errno.EINVAL, "a bloom filter needs key_size 0, value_size > 0, max_entries > 0 and map_extra 0 to 15; got key_size "
                    + keySize(d) + ", value_size " + valueSize(d) + ", max_entries " + d.maxEntries() + ", map_extra " + d.mapExtra());
        }
        if (valueSize(d) > BpfMaps.KMALLOC_MAX_SIZE) {
            fail(d, Errno.E2BIG, "value_size may be at most " + BpfMaps.KMALLOC_MAX_SIZE + ", was " + valueSize(d));
        }
    }

    /** As kernel/bpf/arena.c's arena_map_alloc checks it. */
    private static void arena(MapDefinition d) {
        int allowed = BPF_F_MMAPABLE | ArenaMap.BPF_F_SEGV_ON_FAULT | ArenaMap.BPF_F_NO_USER_CONV;
        if (d.keySize() != 0 || d.valueSize() != 0 || d.maxEntries() == 0 || (d.flags() & BPF_F_MMAPABLE) == 0 || (d.flags() & ~allowed) != 0) {
            fail(d, Errno.EINVAL, "an arena needs key_size 0, value_size 0, max_entries > 0 (pages), BPF_F_MMAPABLE and no flags but"
                    + " BPF_F_SEGV_ON_FAULT and BPF_F_NO_USER_CONV; got key_size " + keySize(d) + ", value_size " + valueSize(d) + ", max_entries "
                    + d.maxEntries() + ", flags 0x" + Integer.toHexString(d.flags()));
        }
        if ((d.mapExtra() & (ArenaMap.PAGE_SIZE - 1)) != 0) {
            fail(d, Errno.EINVAL, "an arena's map_extra (its user address) must be page-aligned, was 0x" + Long.toHexString(d.mapExtra()));
        }
        long range = d.maxEntries() * ArenaMap.PAGE_SIZE;
        if (range > 1L << 32) {
            fail(d, Errno.E2BIG, "an arena takes at most 4 GiB (1048576 pages), max_entries was " + d.maxEntries());
        }
        if (d.mapExtra() >>> 32 != (d.mapExtra() + range - 1) >>> 32) {
            fail(d, Errno.ERANGE, "an arena must not cross a 4 GiB boundary of user addresses: 0x" + Long.toHexString(d.mapExtra()) + " + " + range);
        }
    }

    private static void ringbuf(MapDefinition d) {
        long size = d.maxEntries();
        if ((d.flags() & ~BPF_F_NUMA_NODE) != 0) {
            fail(d, Errno.EINVAL, "a ring buffer takes no flags but BPF_F_NUMA_NODE");
        }
        if (d.keySize() != 0 || d.valueSize() != 0 || size == 0 || (size & (size - 1)) != 0 || size % BpfMaps.PAGE_SIZE != 0) {
            fail(d, Errno.EINVAL, "a ring buffer needs key_size 0, value_size 0 and max_entries a power of 2 and a multiple of "
                    + BpfMaps.PAGE_SIZE + "; got key_size " + keySize(d) + ", value_size " + valueSize(d) + ", max_entries " + size);
        }
        if (size * 2 > BpfMaps.MAX_MAP_BYTES) {
            fail(d, Errno.ENOMEM, "the emulator keeps ring buffers up to " + BpfMaps.MAX_MAP_BYTES / 2 + " bytes");
        }
    }

    private static void stackTrace(MapDefinition d) {
        if ((d.flags() & ~STACK_FLAGS) != 0) {
            fail(d, Errno.EINVAL, "unknown map_flags 0x" + Integer.toHexString(d.flags() & ~STACK_FLAGS));
        }
        if (d.maxEntries() == 0 || d.keySize() != 4 || valueSize(d) < 8 || valueSize(d) % 8 != 0) {
            fail(d, Errno.EINVAL, "a stack trace map needs max_entries > 0, key_size 4 and value_size a multiple of 8");
        }
        if ((d.flags() & BPF_F_STACK_BUILD_ID) != 0) {
            if (valueSize(d) % 32 != 0) {
                fail(d, Errno.EINVAL, "with BPF_F_STACK_BUILD_ID value_size must be a multiple of 32");
            }
        } else if (valueSize(d) / 8 > PERF_EVENT_MAX_STACK) {
            fail(d, Errno.EINVAL, "value_size holds " + valueSize(d) / 8 + " frames, more than perf_event_max_stack " + PERF_EVENT_MAX_STACK);
        }
        if (d.maxEntries() > 1L << 31) {
            fail(d, Errno.E2BIG, "max_entries " + d.maxEntries() + " exceeds 2^31");
        }
        memory(d, d.maxEntries(), 1);
    }

    /** The kernel's PCPU_MIN_UNIT_SIZE bound on a per-CPU value, checked in u64 so no rounding wraps. */
    private static void perCpuValue(MapDefinition d, boolean percpu) {
        if (percpu && roundUp8(valueSize(d)) > BpfMaps.PCPU_MIN_UNIT_SIZE) {
            fail(d, Errno.E2BIG, "a per-CPU value may be at most " + BpfMaps.PCPU_MIN_UNIT_SIZE + " bytes, was " + valueSize(d));
        }
    }

    /**
     * The emulator's own limit: the keys, and the values of every CPU, of one map each fit one Java
     * array of {@link BpfMaps#MAX_MAP_BYTES}. The kernel would try the allocation and might answer
     * ENOMEM, which is what this says.
     */
    private static void memory(MapDefinition d, long slots, int copies) {
        // Divide rather than multiply: slots and sizes are each up to 2^32, so a product could wrap a long.
        long value = roundUp8(Math.max(valueSize(d), 1)) * copies;
        long key = Math.max(keySize(d), 1);
        if (slots > BpfMaps.MAX_MAP_BYTES / value || slots > BpfMaps.MAX_MAP_BYTES / key) {
            fail(d, Errno.ENOMEM, "the emulator keeps at most " + BpfMaps.MAX_MAP_BYTES + " bytes of keys or of values per map; "
                    + slots + " elements of " + value + " value bytes" + (copies > 1 ? " (" + copies + " CPUs)" : "")
                    + " and " + key + " key bytes are more");
        }
    }

    /** {@code key_size} as the kernel's u32. */
    static long keySize(MapDefinition d) {
        return Integer.toUnsignedLong(d.keySize());
    }

    /** {@code value_size} as the kernel's u32. */
    static long valueSize(MapDefinition d) {
        return Integer.toUnsignedLong(d.valueSize());
    }

    private static long roundUp8(long n) {
        return (n + 7) & ~7L;
    }

    static void fail(MapDefinition d, int errno, String detail) {
        throw new MapCreationException(d, errno, detail);
    }

    /** False when the access bits ask for read-only and write-only at once, which the kernel refuses. */
    /**
     * bpf_local_storage_map_alloc_check: key_size 4 (a socket's descriptor), max_entries 0,
     * BPF_F_NO_PREALLOC set and nothing but it and BPF_F_CLONE, a value of 1 to
     * BPF_LOCAL_STORAGE_MAX_VALUE_SIZE bytes. The kernel also demands BTF for key and value, which a
     * definition does not carry; an object's maps always have it.
     */
    private static void skStorage(MapDefinition d) {
        if ((d.flags() & ~(BPF_F_NO_PREALLOC | BPF_F_CLONE)) != 0 || (d.flags() & BPF_F_NO_PREALLOC) == 0 || d.maxEntries() != 0
                || d.keySize() != 4 || d.valueSize() == 0) {
            fail(d, Errno.EINVAL, "an sk_storage map needs BPF_F_NO_PREALLOC (and no flag but BPF_F_CLONE), max_entries 0, key_size 4"
                    + " and value_size > 0; got flags 0x" + Integer.toHexString(d.flags()) + ", max_entries " + d.maxEntries()
                    + ", key_size " + keySize(d) + ", value_size " + valueSize(d));
        }
        if (Integer.toUnsignedLong(d.valueSize()) > LOCAL_STORAGE_MAX_VALUE_SIZE) {
            fail(d, Errno.E2BIG, "value_size " + valueSize(d) + " exceeds " + LOCAL_STORAGE_MAX_VALUE_SIZE);
        }
    }

    /**
     * cgroup_storage_map_alloc: a key of struct bpf_cgroup_storage_key (16 bytes) or a cgroup id (8),
     * a value of at most BPF_LOCAL_STORAGE_MAX_VALUE_SIZE (65407 on Linux 6.18 x86-64, measured
     * with bpftool) or PCPU_MIN_UNIT_SIZE per CPU, and max_entries 0.
     */
    private static void cgroupStorage(MapDefinition d) {
        int max = d.type() == MapType.PERCPU_CGROUP_STORAGE_DEPRECATED ? Math.min(LOCAL_STORAGE_MAX_VALUE_SIZE, BpfMaps.PCPU_MIN_UNIT_SIZE)
                : LOCAL_STORAGE_MAX_VALUE_SIZE;
        if (d.keySize() != 16 && d.keySize() != 8) {
            fail(d, Errno.EINVAL, "key_size must be 16 (struct bpf_cgroup_storage_key) or 8 (a cgroup id), was " + keySize(d));
        }
        if (d.valueSize() == 0) {
            fail(d, Errno.EINVAL, "value_size must not be 0");
        }
        if (Integer.toUnsignedLong(d.valueSize()) > max) {
            fail(d, Errno.E2BIG, "value_size " + valueSize(d) + " exceeds " + max);
        }
        if ((d.flags() & ~(BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK)) != 0) {
            fail(d, Errno.EINVAL, "flags 0x" + Integer.toHexString(d.flags()) + " other than BPF_F_NUMA_NODE and the access flags");
        }
        if (d.maxEntries() != 0) {
            fail(d, Errno.EINVAL, "max_entries must be 0 (cgroup storage has one element per attached cgroup), was " + d.maxEntries());
        }
    }

    private static boolean accessOk(int flags) {
        return !((flags & MapFlags.BPF_F_RDONLY) != 0 && (flags & MapFlags.BPF_F_WRONLY) != 0)
                && !((flags & MapFlags.BPF_F_RDONLY_PROG) != 0 && (flags & MapFlags.BPF_F_WRONLY_PROG) != 0);
    }
}
