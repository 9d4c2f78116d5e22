package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.vm.Region;

/**
 * Where a map puts the memory it allocates as elements are added ({@code BPF_F_NO_PREALLOC}
 * hashes and LPM tries, whose elements the kernel allocates on demand): each new chunk of values is
 * charged to a budget and placed at one address that every VM running the map's programs sees. A
 * loaded object gives its maps an arena charged to the object's memory budget; a map on its own
 * charges its chunks against {@link BpfMaps#MAX_MAP_BYTES} and leaves them unplaced until mapped.
 */
public interface MapArena {
    /**
     * Charges {@code bytes} for a new chunk of values (its length plus the bookkeeping that grows
     * with it) and places the chunk's region.
     *
     * @return false, with nothing charged or placed, when the budget or the address space has no
     *     room left: the kernel's allocation failure, which the map answers with -ENOMEM
     */
    boolean allocate(Region chunk, long bytes);

    /**
     * Frees what a kernel field of a value held, as the kernel's {@code bpf_obj_free_fields} does
     * when a value is overwritten or its element deleted: the object a {@code __kptr} points to,
     * the nodes of a {@code bpf_list_head} or {@code bpf_rb_root}. Nothing by default: only a
     * loaded object's programs allocate objects.
     *
     * @param field the field
     * @param address the field's address in the VM
     * @param value the field's first 8 bytes (a kptr's object address)
     */
    default void releaseField(MapDefinition.KernelField field, long address, long value) {
    }

    /**
     * A map of maps took a reference to an inner map (one of its slots now holds it), as the
     * kernel's {@code bpf_map_fd_get_ptr} does. Nothing by default.
     */
    default void holdInnerMap(BpfMap inner) {
    }

    /**
     * A map of maps dropped its reference to an inner map (the slot was deleted or overwritten, or
     * the outer map freed), as {@code bpf_map_fd_put_ptr} does: the inner map is freed once nothing
     * else holds it. Nothing by default.
     */
    default void releaseInnerMap(BpfMap inner) {
    }
}
