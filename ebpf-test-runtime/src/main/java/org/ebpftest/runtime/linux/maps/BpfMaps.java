package org.ebpftest.runtime.linux.maps;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Creates emulated maps, validating definitions as the kernel's {@code BPF_MAP_CREATE} does
 * ({@code map_alloc_check} of each type): a definition Linux refuses throws a
 * {@link MapCreationException} carrying the kernel's errno.
 */
public final class BpfMaps {
    /** The virtual CPU count maps get when none is given. */
    public static final int DEFAULT_CPUS = 1;
    /**
     * The most memory one map may take: its values, keys and bookkeeping together (see
     * {@link #memoryFootprint}). The kernel would try to allocate more and might return -ENOMEM,
     * which is what the emulator answers; a Java array cannot be larger, and a test does not need more.
     */
    public static final long MAX_MAP_BYTES = 1L << 30;

    /** The kernel's KMALLOC_MAX_SIZE on x86-64 and arm64 with 4 KiB pages. */
    static final long KMALLOC_MAX_SIZE = 1L << 22;
    /** The kernel's PCPU_MIN_UNIT_SIZE: the largest per-CPU value. */
    static final int PCPU_MIN_UNIT_SIZE = 32 * 1024;
    /** {@code sizeof(struct htab_elem)} on 64-bit kernels. */
    static final int HTAB_ELEM_SIZE = 48;
    /** The kernel's page size. */
    static final int PAGE_SIZE = 4096;

    private static final Set<MapType> SUPPORTED = EnumSet.of(MapType.ARRAY, MapType.PERCPU_ARRAY, MapType.HASH,
            MapType.PERCPU_HASH, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE, MapType.QUEUE,
            MapType.STACK, MapType.BLOOM_FILTER, MapType.RINGBUF, MapType.PERF_EVENT_ARRAY, MapType.PROG_ARRAY,
            MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS, MapType.DEVMAP, MapType.DEVMAP_HASH, MapType.CPUMAP,
            MapType.XSKMAP, MapType.SOCKMAP, MapType.SOCKHASH, MapType.CGROUP_ARRAY, MapType.STACK_TRACE,
            MapType.CGROUP_STORAGE_DEPRECATED, MapType.PERCPU_CGROUP_STORAGE_DEPRECATED, MapType.SK_STORAGE, MapType.USER_RINGBUF, MapType.ARENA);

    private BpfMaps() {
    }

    /** The map types this emulator models. */
    public static Set<MapType> supportedTypes() {
        return EnumSet.copyOf(SUPPORTED);
    }

    /** True when {@link #create} can make a map of this type. */
    public static boolean isSupported(MapType type) {
        return SUPPORTED.contains(type);
    }

    /**
     * A map of a type that is not emulated, whose every use fails naming it, its type and what is
     * missing: what a loaded object holds in place of such a map unless it is loaded strictly.
     *
     * @throws IllegalArgumentException if the type is emulated (use {@link #create})
     */
    public static UnsupportedMap unsupported(MapDefinition def, int cpus) {
        if (SUPPORTED.contains(def.type())) {
            throw new IllegalArgumentException("map type " + def.typeName() + " is emulated; create it with BpfMaps.create");
        }
        return new UnsupportedMap(def, cpus);
    }

    /**
     * The class {@link #create} makes for a type: {@link RingBufMap}, {@link PerfEventArrayMap},
     * {@link ReferenceMap} (program arrays, maps of maps, cpumaps, ...), {@link QueueStackMap},
     * {@link BloomFilterMap}, {@link DevMap}, {@link StackTraceMap}, {@link CgroupStorageMap}, or a class of this package for
     * arrays, hashes and tries, which are used as plain {@link BpfMap}s.
     *
     * @throws IllegalArgumentException for a type that is not emulated
     */
    public static Class<? extends BpfMap> classOf(MapType type) {
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("map type " + MapDefinition.typeName(type) + " is not emulated");
        }
        return switch (type) {
            case ARRAY, PERCPU_ARRAY -> ArrayMap.class;
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> HtabMap.class;
            case LPM_TRIE -> LpmTrieMap.class;
            case QUEUE, STACK -> QueueStackMap.class;
            case BLOOM_FILTER -> BloomFilterMap.class;
            case RINGBUF -> RingBufMap.class;
            case USER_RINGBUF -> UserRingBufMap.class;
            case PERF_EVENT_ARRAY -> PerfEventArrayMap.class;
            case STACK_TRACE -> StackTraceMap.class;
            case DEVMAP, DEVMAP_HASH -> DevMap.class;
            case CGROUP_STORAGE_DEPRECATED, PERCPU_CGROUP_STORAGE_DEPRECATED -> CgroupStorageMap.class;
            case SK_STORAGE -> SkStorageMap.class;
            case ARENA -> ArenaMap.class;
            default -> ReferenceMap.class;
        };
    }

    /**
     * Checks a definition as {@code BPF_MAP_CREATE} does and says how much memory the emulator
     * allocates when it creates the map: every CPU's values, the keys and the bookkeeping, as Java
     * arrays. Memory allocated as elements are added is not counted: the value chunks of
     * {@code BPF_F_NO_PREALLOC} hashes and LPM tries (charged to the object's budget as they
     * appear, see {@link BpfMap#memoryFootprint()}), stored stacks, perf samples. A loaded object
     * sums this over its maps against its memory budget.
     *
     * @throws MapCreationException if the kernel would refuse the definition or the type is not emulated
     */
    public static long memoryFootprint(MapDefinition def, int cpus) {
        if (!SUPPORTED.contains(def.type())) {
            throw new MapCreationException(def, Errno.EOPNOTSUPP, "this map type is not emulated; supported types: "
                    + SUPPORTED.stream().map(MapDefinition::typeName).toList());
        }
        MapValidation.check(def, cpus);
        return MapFootprint.bytes(def, cpus);
    }

    /** A byte count as a person reads it: {@code 512 MiB}, {@code 1.5 GiB}, {@code 4096 bytes}. */
    public static String formatBytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = String.format(Locale.ROOT, "%.1f", v);
        n = n.endsWith(".0") ? n.substring(0, n.length() - 2) : n;
        return n + " " + units[u];
    }

    /** Creates a map for {@link #DEFAULT_CPUS} virtual CPUs. */
    public static BpfMap create(MapDefinition def) {
        return create(def, DEFAULT_CPUS);
    }

    /**
     * Creates a map.
     *
     * @param def the definition
     * @param cpus the number of virtual CPUs (per-CPU values, perf buffers, LRU lists)
     * @throws MapCreationException if the kernel would refuse the definition or the type is not emulated
     */
    public static BpfMap create(MapDefinition def, int cpus) {
        if (cpus < 1 || cpus > 1024) {
            throw new IllegalArgumentException("cpus must be 1 to 1024, was " + cpus);
        }
        long footprint = memoryFootprint(def, cpus);
        if (footprint > MAX_MAP_BYTES) {
            throw new MapCreationException(def, Errno.ENOMEM, "the emulator would need " + formatBytes(footprint)
                    + " for it, more than the " + formatBytes(MAX_MAP_BYTES) + " one map may take");
        }
        return switch (def.type()) {
            case ARRAY, PERCPU_ARRAY -> new ArrayMap(def, cpus);
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH -> new HtabMap(def, cpus);
            case LPM_TRIE -> new LpmTrieMap(def, cpus);
            case QUEUE, STACK -> new QueueStackMap(def, cpus);
            case BLOOM_FILTER -> new BloomFilterMap(def, cpus);
            case RINGBUF -> new RingBufMap(def, cpus);
            case USER_RINGBUF -> new UserRingBufMap(def, cpus);
            case PERF_EVENT_ARRAY -> new PerfEventArrayMap(def, cpus);
            case STACK_TRACE -> new StackTraceMap(def, cpus);
            case DEVMAP, DEVMAP_HASH -> new DevMap(def, cpus);
            case CGROUP_STORAGE_DEPRECATED, PERCPU_CGROUP_STORAGE_DEPRECATED -> new CgroupStorageMap(def, cpus);
            case SK_STORAGE -> new SkStorageMap(def, cpus);
            case ARENA -> new ArenaMap(def, cpus);
            default -> new ReferenceMap(def, cpus);
        };
    }
}
