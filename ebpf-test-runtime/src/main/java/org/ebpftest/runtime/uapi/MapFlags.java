package org.ebpftest.runtime.uapi;

/**
 * The flag bits of map creation ({@code map_flags}) and of element updates, with the values of
 * {@code include/uapi/linux/bpf.h}.
 */
public final class MapFlags {
    /** Update: create a new element or replace an existing one. */
    public static final long BPF_ANY = 0;
    /** Update: create a new element only; -EEXIST if the key exists. */
    public static final long BPF_NOEXIST = 1;
    /** Update: replace an existing element only; -ENOENT if it does not exist. */
    public static final long BPF_EXIST = 2;
    /** Update: copy the value while holding the value's {@code bpf_spin_lock}. */
    public static final long BPF_F_LOCK = 4;

    /** Creation: allocate hash elements on demand instead of up front (required by LPM tries). */
    public static final int BPF_F_NO_PREALLOC = 1;
    /** Creation: an LRU hash keeps one LRU list per CPU instead of a common one. */
    public static final int BPF_F_NO_COMMON_LRU = 1 << 1;
    /** Creation: the {@code numa_node} attribute is valid. */
    public static final int BPF_F_NUMA_NODE = 1 << 2;
    /** Creation: read-only from user space. */
    public static final int BPF_F_RDONLY = 1 << 3;
    /** Creation: write-only from user space. */
    public static final int BPF_F_WRONLY = 1 << 4;
    /** Creation: stack trace maps store build ids instead of addresses. */
    public static final int BPF_F_STACK_BUILD_ID = 1 << 5;
    /** Creation: hash seed 0 instead of a random one (deterministic iteration order). */
    public static final int BPF_F_ZERO_SEED = 1 << 6;
    /** Creation: read-only from programs. */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    /** Creation: write-only from programs. */
    public static final int BPF_F_WRONLY_PROG = 1 << 8;
    /** Creation: clone the map's storage (socket storage). */
    public static final int BPF_F_CLONE = 1 << 9;
    /** Creation: the array may be mmap()ed. */
    public static final int BPF_F_MMAPABLE = 1 << 10;
    /** Creation: perf event arrays keep their events when the map's file is closed. */
    public static final int BPF_F_PRESERVE_ELEMS = 1 << 11;
    /** Creation: the array may be an inner map of differently sized maps. */
    public static final int BPF_F_INNER_MAP = 1 << 12;

    /** The access bits, which every map type accepts in valid combinations. */
    public static final int BPF_F_ACCESS_MASK = BPF_F_RDONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY | BPF_F_WRONLY_PROG;

    /** Perf event output: the low 32 bits of the flags name the CPU's buffer. */
    public static final long BPF_F_INDEX_MASK = 0xffff_ffffL;
    /** Perf event output: write to the buffer of the CPU the program runs on. */
    public static final long BPF_F_CURRENT_CPU = BPF_F_INDEX_MASK;

    /** Ring buffer submit: do not wake the consumer. */
    public static final long BPF_RB_NO_WAKEUP = 1;
    /** Ring buffer submit: wake the consumer even if it is not waiting for this record. */
    public static final long BPF_RB_FORCE_WAKEUP = 2;
    /** Ring buffer query: bytes not yet consumed. */
    public static final long BPF_RB_AVAIL_DATA = 0;
    /** Ring buffer query: the size of the data area. */
    public static final long BPF_RB_RING_SIZE = 1;
    /** Ring buffer query: the consumer position. */
    public static final long BPF_RB_CONS_POS = 2;
    /** Ring buffer query: the producer position. */
    public static final long BPF_RB_PROD_POS = 3;

    /** Stack trace: the low 8 bits of the flags are the number of frames to skip. */
    public static final long BPF_F_SKIP_FIELD_MASK = 0xff;
    /** Stack trace: collect the user-space stack. */
    public static final long BPF_F_USER_STACK = 1 << 8;
    /** Stack trace: on a hash collision replace the old stack instead of failing with -EEXIST. */
    public static final long BPF_F_REUSE_STACKID = 1 << 10;

    private MapFlags() {
    }
}
