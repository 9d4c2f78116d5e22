package org.ebpftest.runtime.linux.maps;

import java.util.BitSet;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.ArenaMemory;

/**
 * {@code BPF_MAP_TYPE_ARENA} (Linux 6.9+): up to 4 GiB of pages ({@code max_entries} of them)
 * shared between programs and user space, allocated on demand with
 * {@code bpf_arena_alloc_pages} and reached through {@code __arena} pointers, as
 * {@code kernel/bpf/arena.c} does it:
 * <ul>
 *   <li>Pointers are user addresses: {@code user_vm_start} ({@code map_extra}, or where mmap() put
 *       the arena: {@link #DEFAULT_USER_START} here) plus the page offset. Only their low 32 bits
 *       reach memory, through the kernel window ({@link ArenaMemory}).</li>
 *   <li>Allocation takes the lowest free run of pages (or the pages at the address asked for,
 *       when free); freed pages read as zero and drop stores, as pages never allocated do.</li>
 *   <li>There are no elements: lookup from user space answers EINVAL, update, delete and
 *       next-key EOPNOTSUPP. User space reads and writes the pages by offset
 *       ({@link #read}, {@link #write}), as through its mmap(); touching a page there allocates
 *       it, as a page fault in the mapping does, unless the map has {@code BPF_F_SEGV_ON_FAULT}.</li>
 * </ul>
 */
public final class ArenaMap extends BpfMap implements ArenaMemory {
    /** The page size of x86-64 and of the arena. */
    public static final int PAGE_SIZE = 4096;
    /**
     * Where the emulator puts an arena whose {@code map_extra} is 0, as libbpf's mmap() would
     * (the kernel aligns it to 4 GiB so that the arena does not cross a 32-bit boundary).
     */
    public static final long DEFAULT_USER_START = 0x7f00_0000_0000L;
    /** {@code BPF_F_SEGV_ON_FAULT}: user-space faults on pages not allocated raise SIGSEGV instead of allocating them. */
    public static final int BPF_F_SEGV_ON_FAULT = 1 << 17;
    /** {@code BPF_F_NO_USER_CONV}: casts between address spaces are 32-bit moves. */
    public static final int BPF_F_NO_USER_CONV = 1 << 18;

    private final long userStart;
    private final int pageCount;
    /** Allocated pages by page index; null where none is. */
    private final byte[][] pages;
    /** Pages taken from the allocator: allocated, or reserved with bpf_arena_reserve_pages. */
    private final BitSet taken = new BitSet();

    ArenaMap(MapDefinition def, int cpus) {
        super(def, cpus);
        this.userStart = def.mapExtra() != 0 ? def.mapExtra() : DEFAULT_USER_START;
        this.pageCount = (int) def.maxEntries();
        this.pages = new byte[pageCount][];
    }

    @Override
    public long userStart() {
        return userStart;
    }

    @Override
    public boolean noUserConversion() {
        return (definition().flags() & BPF_F_NO_USER_CONV) != 0;
    }

    /** The number of pages the arena may hold ({@code max_entries}). */
    public int pageCount() {
        return pageCount;
    }

    /** The number of pages allocated now. */
    public synchronized int allocatedPages() {
        int n = 0;
        for (byte[] p : pages) {
            n += p != null ? 1 : 0;
        }
        return n;
    }

    @Override
    public byte[] pageAt(long offset) {
        long index = ((offset - (userStart & 0xffffffffL)) & 0xffffffffL) / PAGE_SIZE;
        if (index >= pageCount) {
            return null;
        }
        synchronized (this) {
            return pages[(int) index];
        }
    }

    /** The page index of a user address: its low 32 bits past the low 32 bits of {@code user_vm_start} (compute_pgoff). */
    private long pageIndex(long address) {
        return ((address - (userStart & 0xffffffffL)) & 0xffffffffL) >>> 12;
    }

    /**
     * {@code bpf_arena_alloc_pages}: allocates {@code count} zeroed pages, at {@code address} when
     * it is not 0, and returns the user address of the first, or 0 when the kernel's allocator
     * gives up (no free run, pages taken, an unaligned or out-of-range address, flags, a NUMA node
     * other than NUMA_NO_NODE or 0).
     */
    public synchronized long allocatePages(long address, long count, int node, long flags) {
        if (flags != 0 || count <= 0 || count > pageCount || (node != -1 && node != 0)) {
            return 0;
        }
        int n = (int) count;
        long first;
        if (address != 0) {
            if ((address & (PAGE_SIZE - 1)) != 0) {
                return 0;
            }
            first = pageIndex(address);
            if (first > pageCount - n || taken.get((int) first, (int) first + n).cardinality() > 0) {
                return 0;
            }
        } else {
            first = lowestFreeRun(n);
            if (first < 0) {
                return 0;
            }
        }
        for (int i = (int) first; i < first + n; i++) {
            pages[i] = new byte[PAGE_SIZE];
        }
        taken.set((int) first, (int) first + n);
        return (userStart & 0xffffffff00000000L) + (((userStart & 0xffffffffL) + first * PAGE_SIZE) & 0xffffffffL);
    }

    private long lowestFreeRun(int n) {
        int at = taken.nextClearBit(0);
        while (at <= pageCount - n) {
            int next = taken.nextSetBit(at);
            if (next < 0 || next - at >= n) {
                return at;
            }
            at = taken.nextClearBit(next);
        }
        return -1;
    }

    /**
     * {@code bpf_arena_free_pages}: frees the pages from the one holding {@code address} (its low
     * 32 bits, rounded down to a page) for {@code count} pages, stopping at the arena's end; reserved
     * pages in the range become free too. Does nothing for a null address or no pages.
     */
    public synchronized void freePages(long address, long count) {
        if (address == 0 || count <= 0) {
            return;
        }
        long low = address & 0xffffffffL & ~(PAGE_SIZE - 1L);
        long full = (userStart & 0xffffffff00000000L) + low;
        long end = Math.min(userStart + (long) pageCount * PAGE_SIZE, full + count * PAGE_SIZE);
        if (full >= end) {
            return;
        }
        int first = (int) pageIndex(low);
        int n = (int) ((end - full) / PAGE_SIZE);
        for (int i = first; i < first + n && i < pageCount; i++) {
            pages[i] = null;
        }
        taken.clear(first, Math.min(pageCount, first + n));
    }

    /**
     * {@code bpf_arena_reserve_pages} (Linux 6.17+): takes the pages from {@code address} out of the
     * allocator's reach without allocating them. 0, -EINVAL for an unaligned address or a range past
     * the arena, -EBUSY when a page in it is taken.
     */
    public synchronized long reservePages(long address, long count) {
        if (count == 0) {
            return 0;
        }
        if ((address & (PAGE_SIZE - 1)) != 0) {
            return -Errno.EINVAL;
        }
        long first = pageIndex(address);
        if (first + count > pageCount) {
            return -Errno.EINVAL;
        }
        if (taken.get((int) first, (int) (first + count)).cardinality() > 0) {
            return -Errno.EBUSY;
        }
        taken.set((int) first, (int) (first + count));
        return 0;
    }

    /**
     * Reads bytes at an offset from the arena's start, as user space reads its mapping; pages not
     * allocated read as zero and are allocated by the read, as a fault in the mapping does.
     *
     * @throws MapOperationException EFAULT past the arena's end, or on a page not allocated when the map has {@code BPF_F_SEGV_ON_FAULT}
     */
    public synchronized byte[] read(long offset, int length) {
        requireOpen();
        byte[] out = new byte[length];
        touch(offset, length, "read");
        for (int i = 0; i < length; i++) {
            out[i] = pages[(int) ((offset + i) / PAGE_SIZE)][(int) ((offset + i) % PAGE_SIZE)];
        }
        return out;
    }

    /**
     * Writes bytes at an offset from the arena's start, as user space writes its mapping; pages
     * not allocated are allocated first.
     *
     * @throws MapOperationException EFAULT past the arena's end, or on a page not allocated when the map has {@code BPF_F_SEGV_ON_FAULT}
     */
    public synchronized void write(long offset, byte[] bytes) {
        requireOpen();
        touch(offset, bytes.length, "write");
        for (int i = 0; i < bytes.length; i++) {
            pages[(int) ((offset + i) / PAGE_SIZE)][(int) ((offset + i) % PAGE_SIZE)] = bytes[i];
        }
    }

    /** The user address of an offset in the arena: what a program's {@code __arena} pointer to it holds. */
    public long addressOf(long offset) {
        return userStart + offset;
    }

    /** The offset in the arena of a user address an {@code __arena} pointer holds. */
    public long offsetOf(long address) {
        return address - userStart;
    }

    private void touch(long offset, int length, String what) {
        if (offset < 0 || length < 0 || offset + length > (long) pageCount * PAGE_SIZE) {
            throw new MapOperationException(name(), what + " of " + length + " bytes at offset " + offset, Errno.EFAULT);
        }
        for (long p = offset / PAGE_SIZE; length > 0 && p <= (offset + length - 1) / PAGE_SIZE; p++) {
            if (pages[(int) p] == null) {
                if (taken.get((int) p) || (definition().flags() & BPF_F_SEGV_ON_FAULT) != 0) {
                    throw new MapOperationException(name(), what + " of page " + p + ", which is not allocated (SIGSEGV)", Errno.EFAULT);
                }
                pages[(int) p] = new byte[PAGE_SIZE];
                taken.set((int) p);
            }
        }
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        throw new MapOperationException(name(), "lookup", Errno.EINVAL);
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    long hostDelete(byte[] key) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return -Errno.EOPNOTSUPP;
    }

    /** The number of pages allocated. */
    @Override
    public int size() {
        return allocatedPages();
    }
}
