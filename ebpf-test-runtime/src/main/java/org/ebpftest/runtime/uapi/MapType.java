package org.ebpftest.runtime.uapi;

import java.util.Locale;

/**
 * The kernel's map types ({@code enum bpf_map_type} in {@code include/uapi/linux/bpf.h}), with the
 * numbers objects and the kernel use. Whether the emulator supports a type is the emulator's
 * business; this only names them.
 */
public enum MapType {
    /** Not a real map type. */
    UNSPEC(0),
    /** Hash table. */
    HASH(1),
    /** Array indexed by u32. */
    ARRAY(2),
    /** Array of program references, for tail calls. */
    PROG_ARRAY(3),
    /** Per-CPU perf event buffers. */
    PERF_EVENT_ARRAY(4),
    /** Hash table with a value per CPU. */
    PERCPU_HASH(5),
    /** Array with a value per CPU. */
    PERCPU_ARRAY(6),
    /** Stack traces by id. */
    STACK_TRACE(7),
    /** Array of cgroup references. */
    CGROUP_ARRAY(8),
    /** Hash table that evicts the least recently used entry when full. */
    LRU_HASH(9),
    /** LRU hash table with a value per CPU. */
    LRU_PERCPU_HASH(10),
    /** Longest-prefix-match trie. */
    LPM_TRIE(11),
    /** Array of maps. */
    ARRAY_OF_MAPS(12),
    /** Hash table of maps. */
    HASH_OF_MAPS(13),
    /** Array of network devices, for redirects. */
    DEVMAP(14),
    /** Array of sockets. */
    SOCKMAP(15),
    /** Array of CPUs, for redirects. */
    CPUMAP(16),
    /** Array of AF_XDP sockets. */
    XSKMAP(17),
    /** Hash table of sockets. */
    SOCKHASH(18),
    /** Deprecated cgroup storage. */
    CGROUP_STORAGE_DEPRECATED(19),
    /** Array of sockets for SO_REUSEPORT. */
    REUSEPORT_SOCKARRAY(20),
    /** Deprecated per-CPU cgroup storage. */
    PERCPU_CGROUP_STORAGE_DEPRECATED(21),
    /** FIFO queue without keys. */
    QUEUE(22),
    /** LIFO stack without keys. */
    STACK(23),
    /** Socket-local storage. */
    SK_STORAGE(24),
    /** Hash table of network devices, for redirects. */
    DEVMAP_HASH(25),
    /** Struct ops. */
    STRUCT_OPS(26),
    /** Ring buffer shared with user space. */
    RINGBUF(27),
    /** Inode-local storage. */
    INODE_STORAGE(28),
    /** Task-local storage. */
    TASK_STORAGE(29),
    /** Bloom filter. */
    BLOOM_FILTER(30),
    /** Ring buffer written by user space. */
    USER_RINGBUF(31),
    /** Cgroup-local storage. */
    CGRP_STORAGE(32),
    /** Arena of pages shared with user space. */
    ARENA(33);

    private final int id;

    MapType(int id) {
        this.id = id;
    }

    /** The kernel's number for this type. */
    public int id() {
        return id;
    }

    /** The type with a kernel number, or null for a number this list does not know. */
    public static MapType of(int id) {
        for (MapType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type as messages, {@code describe} and golden files print it: the UAPI name without
     * {@code BPF_MAP_TYPE_}, in lower case ({@code percpu_hash}).
     */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the types whose values exist once per CPU. */
    public boolean isPerCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
    }
}
