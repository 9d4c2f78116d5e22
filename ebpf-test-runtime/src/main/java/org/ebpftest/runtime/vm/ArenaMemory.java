package org.ebpftest.runtime.vm;

/**
 * The pages of a BPF arena ({@code BPF_MAP_TYPE_ARENA}) as a program reaches them. Linux maps an
 * arena's pages twice: at {@code user_vm_start} in user space, where pointers in the arena
 * ({@code __arena}, address space 1) point, and in a 4 GiB kernel window ({@code kern_vm_start}),
 * where a program's loads and stores land after the verifier turned them into
 * {@code kern_vm_start + (u32) pointer + off}. The VM places that window at {@link Vm#ARENA_BASE}.
 */
public interface ArenaMemory {
    /** {@code user_vm_start}: the user address of the arena's first page, as the map's {@code map_extra} or mmap() set it. */
    long userStart();

    /** Whether the map has {@code BPF_F_NO_USER_CONV}: both casts are then a 32-bit move. */
    boolean noUserConversion();

    /**
     * The bytes of the allocated page that holds a byte of the kernel window, or null when no
     * page is allocated there (the kernel's fault handler then reads zero and drops stores).
     *
     * @param offset the offset in the window, 0 to 2^32 - 1: the low 32 bits of a user address
     */
    byte[] pageAt(long offset);
}
