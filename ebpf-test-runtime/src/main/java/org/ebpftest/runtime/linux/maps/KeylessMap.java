package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.uapi.MapFlags;

/**
 * A map of values without keys ({@code key_size} 0): queues, stacks and bloom filters. User space
 * adds a value with a push, the {@code BPF_MAP_UPDATE_ELEM} of a null key; there are no keys to
 * look up, update, delete or walk. Every implementation is a {@link BpfMap}.
 */
public sealed interface KeylessMap permits ValueOnlyMap {
    /** The map's name. */
    String name();

    /**
     * Adds a value from user space.
     *
     * @param flags {@link MapFlags#BPF_ANY}; for a queue or stack also {@link MapFlags#BPF_EXIST},
     *     which makes room in a full map by dropping the oldest value
     * @throws MapOperationException with the kernel's errno (E2BIG when full, EINVAL for other
     *     flags, EPERM once the map is frozen)
     */
    void push(byte[] value, long flags);

    /** {@link #push(byte[], long)} with {@link MapFlags#BPF_ANY}. */
    default void push(byte[] value) {
        push(value, MapFlags.BPF_ANY);
    }
}
