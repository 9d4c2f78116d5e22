package org.ebpftest.runtime.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.isa.AtomicOp;

/**
 * The VM's 32-bit address space: a table of 4096 slots of 1 MiB, each pointing at the {@link Region}
 * mapped there, so finding the region of an address is one array load. Address 0 and its slot are
 * never mapped, so null pointers trap. Values are little-endian, as on x86 and arm64.
 *
 * <p>Every access is checked against its region's window; a miss throws an error that names the
 * address, the nearest region and the regions that were mapped. Atomic operations use
 * {@link VarHandle} access, so they are atomic across threads that share a region (map values).
 */
public final class Memory {
    /** log2 of the slot size. */
    public static final int SLOT_SHIFT = 20;
    /** The number of slots: 4096 slots of 1 MiB cover 4 GiB. */
    public static final int SLOTS = 1 << (32 - SLOT_SHIFT);

    // Little-endian views of a byte array. Compiled code reads and writes stack frames through them
    // directly (ProgramCompiler's stack fast path, where no access can fault), so they are not private.
    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Half the guard around an arena's kernel window: a 16-bit offset from any address in it stays in the guard. */
    private static final long ARENA_GUARD = 1L << 15;
    private static final int PAGE = 4096;

    private final Region[] table = new Region[SLOTS];
    /**
     * The table again, with {@link #UNMAPPED} where it has null: what the fast loads and stores
     * index, so that finding a region and checking the access are a few loads and two compares.
     */
    private final Region[] fast = new Region[SLOTS];
    /** The region of no slot: its window is empty, so every fast access to it takes the full check. */
    private static final Region UNMAPPED = new Region("unmapped", new byte[0], false);
    private SharedRegions shared;
    private ArenaMemory arena;

    /** An empty address space. */
    public Memory() {
        Arrays.fill(fast, UNMAPPED);
    }

    private void setSlot(int s, Region r) {
        table[s] = r;
        fast[s] = r == null ? UNMAPPED : r;
    }

    /**
     * Maps a region so that {@code bytes[0]} of its backing array is at {@code address}. The region
     * owns every slot it touches; the address need not be slot-aligned (a stack frame sits at the
     * top of its slot so that r10 is a round number).
     *
     * @throws IllegalArgumentException if the address is 0, the region leaves the 32-bit space, or
     *     a slot it needs belongs to another region
     */
    public void map(Region region, long address) {
        int length = Math.max(region.bytes().length, 1);
        if (address <= 0 || address + length > 1L << 32) {
            throw new IllegalArgumentException("cannot map " + region.name() + " at " + Region.hex(address));
        }
        if (region.base() != 0 && region.base() != (int) address) {
            throw new IllegalArgumentException("cannot map " + region.name() + " at " + Region.hex(address)
                    + ": it is mapped at " + Region.hex(region.baseAddress()) + " elsewhere, and a region shared between VMs must have one address");
        }
        int first = (int) (address >>> SLOT_SHIFT);
        int last = (int) ((address + length - 1) >>> SLOT_SHIFT);
        for (int s = first; s <= last; s++) {
            if (table[s] != null && table[s] != region) {
                throw new IllegalArgumentException("cannot map " + region.name() + " at " + Region.hex(address) + ": " + table[s].name() + " is there");
            }
        }
        region.setBase((int) address);
        for (int s = first; s <= last; s++) {
            setSlot(s, region);
        }
    }

    /** Maps a region at an address, first removing whatever was mapped in the slots it needs. */
    public void remap(Region region, long address) {
        int length = Math.max(region.bytes().length, 1);
        int first = (int) (address >>> SLOT_SHIFT);
        int last = (int) Math.min(SLOTS - 1, (address + length - 1) >>> SLOT_SHIFT);
        if (mappedAt(region, address, first, last)) {
            return; // a run mapping its context and packet where the last run did: nothing to change
        }
        for (int s = first; s <= last; s++) {
            setSlot(s, null);
        }
        map(region, address);
    }

    private boolean mappedAt(Region region, long address, int first, int last) {
        if (address <= 0 || region.base() != (int) address || address + Math.max(region.bytes().length, 1) > 1L << 32) {
            return false;
        }
        for (int s = first; s <= last; s++) {
            if (table[s] != region) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draws on a table of regions shared with other VMs: an access to an address that is unmapped
     * here but placed there maps that region here first, so memory a map allocates while programs
     * run (in any VM) appears in this one at its one address. Costs nothing on mapped addresses.
     */
    public void share(SharedRegions regions) {
        this.shared = regions;
    }

    /** Maps the shared region at an address into this space, or returns null when there is none or its slots are taken. */
    private Region adopt(long address) {
        Region r = shared == null ? null : shared.regionAt(address);
        if (r == null) {
            return null;
        }
        int first = (int) (r.baseAddress() >>> SLOT_SHIFT);
        int last = first + SharedRegions.slotsOf(r) - 1;
        for (int s = first; s <= last; s++) {
            if (table[s] != null && table[s] != r) {
                return null;
            }
        }
        for (int s = first; s <= last; s++) {
            setSlot(s, r);
        }
        return r;
    }

    /** Gives the program an arena: its kernel window appears at {@link Vm#ARENA_BASE}; null removes it. */
    public void useArena(ArenaMemory arenaMemory) {
        this.arena = arenaMemory;
    }

    /** The arena the program reaches, or null. */
    public ArenaMemory arena() {
        return arena;
    }

    /**
     * {@code addr_space_cast}: imm 1 casts an arena pointer (address space 1, a user address) to
     * the kernel window (address space 0), which the kernel's verifier turns into a 32-bit move
     * and whose loads and stores the JIT bases at {@code kern_vm_start}; here the result is
     * {@link Vm#ARENA_BASE} plus those 32 bits, so its loads and stores find the window on their
     * own (its low 32 bits are the kernel's value). imm 0x10000 casts back: the low 32 bits with
     * the upper half of {@code user_vm_start}, or 0 when the low 32 bits are 0, as the x86 JIT does.
     *
     * @throws MemoryFault when the program has no arena, which Linux's verifier refuses
     */
    public long addrSpaceCast(long value, int imm) {
        if (arena == null) {
            throw new MemoryFault("addr_space_cast in a program that has no arena map (Linux's verifier refuses it:"
                    + " \"addr_space_cast insn can only be used in a program that has an associated arena\")", describeRegions());
        }
        long low = value & 0xffffffffL;
        if (imm == 1) {
            return Vm.ARENA_BASE + low;
        }
        if (arena.noUserConversion()) {
            return low;
        }
        return low == 0 ? 0 : (arena.userStart() & 0xffffffff00000000L) | low;
    }

    /**
     * An access to the arena's kernel window or its guard: the allocated page, or where there is
     * none, a scratch region that reads as zero and keeps no store, as the kernel's exception
     * handler for arena accesses does. Null when the address is not in the window.
     */
    private Region arenaAccess(long address, int size) {
        long offset = address - Vm.ARENA_BASE;
        if (arena == null || offset < -ARENA_GUARD || offset >= (1L << 32) + ARENA_GUARD) {
            return null;
        }
        byte[] page = offset >= 0 && offset < 1L << 32 ? arena.pageAt(offset) : null;
        int in = (int) (offset & (PAGE - 1));
        if (page != null) {
            if (in + size > PAGE) {
                throw new MemoryFault("access of " + size + " bytes at " + Region.hex(address) + " crosses from one arena page into the next;"
                        + " the emulator keeps arena pages apart and does not support such an access", describeRegions());
            }
            Region r = new Region("arena page", page, true);
            r.setBase((int) (address - in));
            return r;
        }
        Region none = new Region("arena (no page)", new byte[size], true);
        none.setBase((int) address);
        return none;
    }

    /** Removes a region's mapping from this address space (the region keeps its address for others). */
    public void unmap(Region region) {
        int first = (int) (region.baseAddress() >>> SLOT_SHIFT);
        int last = (int) Math.min(SLOTS - 1, (region.baseAddress() + Math.max(region.bytes().length, 1) - 1) >>> SLOT_SHIFT);
        for (int s = first; s <= last; s++) {
            if (table[s] == region) {
                setSlot(s, null);
            }
        }
    }

    /** The region mapped at an address, or null. */
    public Region regionAt(long address) {
        if ((address >>> 32) != 0) {
            return null;
        }
        Region r = table[(int) (address >>> SLOT_SHIFT)];
        return r != null ? r : adopt(address);
    }

    /** The first free slot-aligned address at or after {@code from} with room for {@code size} bytes. */
    public long findFree(long from, int size) {
        int slots = Math.max(1, (size + (1 << SLOT_SHIFT) - 1) >>> SLOT_SHIFT);
        int s = (int) (from >>> SLOT_SHIFT);
        while (s + slots <= SLOTS) {
            int run = 0;
            while (run < slots && table[s + run] == null) {
                run++;
            }
            if (run == slots) {
                return (long) s << SLOT_SHIFT;
            }
            s += run + 1;
        }
        throw new IllegalStateException("address space full: no room for " + size + " bytes");
    }

    /**
     * The mapped regions for an error message, in address order; the stack frames after the first
     * (the deeper call frames, always mapped) are folded into one entry.
     */
    public String describeRegions() {
        StringBuilder sb = new StringBuilder("[");
        int frames = 0;
        boolean outermostFrameListed = false;
        for (Region r : regions()) {
            if (r.kind() == Region.Kind.STACK) {
                if (outermostFrameListed) {
                    frames++;
                    continue;
                }
                outermostFrameListed = true;
            }
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(r);
        }
        if (frames > 0) {
            sb.append(sb.length() > 1 ? ", " : "").append(frames).append(" deeper stack frames");
        }
        return sb.append(']').toString();
    }

    /** Every mapped region, in address order. */
    public List<Region> regions() {
        List<Region> out = new ArrayList<>();
        for (Region r : table) {
            if (r != null && (out.isEmpty() || out.get(out.size() - 1) != r)) {
                out.add(r);
            }
        }
        return out;
    }

    // ---- checked access: the interpreter's loads and stores ----

    private Region check(long address, int size, AccessKind access) {
        return check(address, size, access, true);
    }

    /**
     * The region of an access, checked. The common case (a mapped region, in bounds, nothing more
     * to ask) is kept small enough for the JVM to inline into every load and store, the
     * interpreter's and compiled code's; anything else takes {@link #checkFully}, which makes every
     * check and throws every fault.
     */
    private Region check(long address, int size, AccessKind access, boolean program) {
        Region r = (address >>> 32) == 0 ? table[(int) (address >>> SLOT_SHIFT)] : null;
        if (r != null) {
            int i = (int) address - r.base();
            if (i >= r.start() && i <= r.end() - size
                    && (access == AccessKind.LOAD ? r.plainLoad(i, size) : access == AccessKind.STORE && r.plainStore())) {
                return r;
            }
        }
        return checkFully(address, size, access, program);
    }

    private Region checkFully(long address, int size, AccessKind access, boolean program) {
        Region r = (address >>> 32) == 0 ? table[(int) (address >>> SLOT_SHIFT)] : null;
        if (r != null) {
            int i = (int) address - r.base();
            if (i >= r.start() && i <= r.end() - size) {
                if (access == AccessKind.STORE && !r.writable()) {
                    throw new MemoryFault("store of " + size + " bytes to read-only " + describe(address, r), describeRegions());
                }
                if (program && r.guard() != null) {
                    guarded(r, i - r.start(), size, access);
                }
                return r;
            }
        } else if ((address >>> 32) == 0 && adopt(address) != null) {
            return checkFully(address, size, access, program);
        } else if ((address >>> 32) != 0) {
            Region window = arenaAccess(address, size);
            if (window != null) {
                return window;
            }
        }
        throw fault(address, size, access, r);
    }

    private void guarded(Region r, int offset, int size, AccessKind access) {
        String refusal = access == AccessKind.ATOMIC
                ? "atomic access to " + r.name() + " is not allowed"
                : r.guard().check(offset, size, access == AccessKind.STORE);
        if (refusal != null) {
            throw new MemoryFault(refusal, describeRegions());
        }
        if (access == AccessKind.LOAD) {
            r.allowedLoad(offset, size);
        }
    }

    private MemoryFault fault(long address, int size, AccessKind access, Region r) {
        StringBuilder msg = new StringBuilder();
        if (address == 0) {
            msg.append("null pointer ").append(access.word()).append(" of ").append(size).append(" bytes");
        } else if (r == null) {
            msg.append(access.word()).append(" of ").append(size).append(" bytes at unmapped address ").append(Region.hex(address));
        } else {
            msg.append("out-of-bounds ").append(access.word()).append(" of ").append(size).append(" bytes at ").append(describe(address, r));
        }
        return new MemoryFault(msg.toString(), describeRegions());
    }

    private static String describe(long address, Region r) {
        long rel = address - r.startAddress();
        return Region.hex(address) + " (" + r.name() + (rel < 0 ? " - " + -rel : " + " + rel) + ", " + r.name() + " is " + r.length() + " bytes)";
    }

    private int index(long address, int size, AccessKind access) {
        Region r = check(address, size, access, false);
        return (int) address - r.base();
    }

    // The loads and stores programs make. Each is small enough for the JVM to inline into compiled
    // programs: the region of the address's slot, the access inside the part of its window where
    // nothing more is asked (no guard, or one that allowed this load before; for a store, writable),
    // with the address's upper half zero (else the distance from the region's start is at least
    // 2^32 - 2^20, past any window). Anything else goes to slowLoad and slowStore, which make
    // every check and throw every fault.

    /** Loads an unsigned byte. */
    public long load8(long address) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.loadFrom && i <= r.loadTo - 1 || r.allowedBefore(i, 1)) {
            return r.bytes[(int) i] & 0xffL;
        }
        return slowLoad(address, 1);
    }

    /** Loads an unsigned little-endian 16-bit value. */
    public long load16(long address) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.loadFrom && i <= r.loadTo - 2 || r.allowedBefore(i, 2)) {
            return (short) I16.get(r.bytes, (int) i) & 0xffffL;
        }
        return slowLoad(address, 2);
    }

    /** Loads an unsigned little-endian 32-bit value. */
    public long load32(long address) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.loadFrom && i <= r.loadTo - 4 || r.allowedBefore(i, 4)) {
            return (int) I32.get(r.bytes, (int) i) & 0xffffffffL;
        }
        return slowLoad(address, 4);
    }

    /** Loads a little-endian 64-bit value. */
    public long load64(long address) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.loadFrom && i <= r.loadTo - 8 || r.allowedBefore(i, 8)) {
            return (long) I64.get(r.bytes, (int) i);
        }
        return slowLoad(address, 8);
    }

    /** Stores the low byte of a value. */
    public void store8(long address, long value) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.storeFrom && i <= r.storeTo - 1) {
            r.bytes[(int) i] = (byte) value;
        } else {
            slowStore(address, 1, value);
        }
    }

    /** Stores the low 16 bits of a value, little-endian. */
    public void store16(long address, long value) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.storeFrom && i <= r.storeTo - 2) {
            I16.set(r.bytes, (int) i, (short) value);
        } else {
            slowStore(address, 2, value);
        }
    }

    /** Stores the low 32 bits of a value, little-endian. */
    public void store32(long address, long value) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.storeFrom && i <= r.storeTo - 4) {
            I32.set(r.bytes, (int) i, (int) value);
        } else {
            slowStore(address, 4, value);
        }
    }

    /** Stores a 64-bit value, little-endian. */
    public void store64(long address, long value) {
        Region r = fast[(int) address >>> SLOT_SHIFT];
        long i = address - r.origin;
        if (i >= r.storeFrom && i <= r.storeTo - 8) {
            I64.set(r.bytes, (int) i, value);
        } else {
            slowStore(address, 8, value);
        }
    }

    private long slowLoad(long address, int size) {
        Region r = check(address, size, AccessKind.LOAD);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        return switch (size) {
            case 1 -> b[i] & 0xffL;
            case 2 -> (short) I16.get(b, i) & 0xffffL;
            case 4 -> (int) I32.get(b, i) & 0xffffffffL;
            default -> (long) I64.get(b, i);
        };
    }

    private void slowStore(long address, int size, long value) {
        Region r = check(address, size, AccessKind.STORE);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        switch (size) {
            case 1 -> b[i] = (byte) value;
            case 2 -> I16.set(b, i, (short) value);
            case 4 -> I32.set(b, i, (int) value);
            default -> I64.set(b, i, value);
        }
    }

    // ---- atomics ----

    private Region atomic(long address, int size) {
        // the stores' short path: aligned, in the window of a writable region with no guard
        Region f = fast[(int) address >>> SLOT_SHIFT];
        long i = address - f.origin;
        if ((address & (size - 1)) == 0 && i >= f.storeFrom && i <= f.storeTo - size) {
            return f;
        }
        return checkedAtomic(address, size);
    }

    /** The full check of an atomic access: alignment, then the region and its rules. */
    private Region checkedAtomic(long address, int size) {
        if ((address & (size - 1)) != 0) {
            Region r = regionAt(address);
            throw new MemoryFault("misaligned atomic access of " + size + " bytes at "
                    + (r == null ? Region.hex(address) : describe(address, r)) + "; atomics need natural alignment", describeRegions());
        }
        Region r = check(address, size, AccessKind.ATOMIC);
        if (!r.writable()) {
            throw new MemoryFault("atomic access of " + size + " bytes to read-only " + describe(address, r), describeRegions());
        }
        return r;
    }

    /**
     * Atomically applies a read-modify-write operation ({@code add}, {@code or}, {@code and},
     * {@code xor}, their fetching forms, or {@code xchg}) to the 32-bit value at an address and
     * returns the old value, zero-extended.
     */
    public long atomic32(long address, AtomicOp op, long operand) {
        Region r = atomic(address, 4);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        int v = (int) operand;
        int old = switch (op) {
            case ADD, FETCH_ADD -> (int) I32.getAndAdd(b, i, v);
            case OR, FETCH_OR -> (int) I32.getAndBitwiseOr(b, i, v);
            case AND, FETCH_AND -> (int) I32.getAndBitwiseAnd(b, i, v);
            case XOR, FETCH_XOR -> (int) I32.getAndBitwiseXor(b, i, v);
            case XCHG -> (int) I32.getAndSet(b, i, v);
            default -> throw new IllegalArgumentException("not a read-modify-write operation: " + op);
        };
        return old & 0xffffffffL;
    }

    /** Atomically applies a read-modify-write operation to the 64-bit value at an address and returns the old value. */
    public long atomic64(long address, AtomicOp op, long operand) {
        Region r = atomic(address, 8);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        return switch (op) {
            case ADD, FETCH_ADD -> (long) I64.getAndAdd(b, i, operand);
            case OR, FETCH_OR -> (long) I64.getAndBitwiseOr(b, i, operand);
            case AND, FETCH_AND -> (long) I64.getAndBitwiseAnd(b, i, operand);
            case XOR, FETCH_XOR -> (long) I64.getAndBitwiseXor(b, i, operand);
            case XCHG -> (long) I64.getAndSet(b, i, operand);
            default -> throw new IllegalArgumentException("not a read-modify-write operation: " + op);
        };
    }

    /** Atomic compare-and-exchange of 32 bits; returns the old value, zero-extended. */
    public long cmpxchg32(long address, long expected, long replacement) {
        Region r = atomic(address, 4);
        return (int) I32.compareAndExchange(r.bytes(), (int) address - r.base(), (int) expected, (int) replacement) & 0xffffffffL;
    }

    /** Atomic compare-and-exchange of 64 bits; returns the old value. */
    public long cmpxchg64(long address, long expected, long replacement) {
        Region r = atomic(address, 8);
        return (long) I64.compareAndExchange(r.bytes(), (int) address - r.base(), expected, replacement);
    }

    /** Load with acquire ordering, zero-extended. */
    public long loadAcquire(long address, int size) {
        if ((address & (size - 1)) != 0) {
            throw new MemoryFault("misaligned load-acquire of " + size + " bytes at " + Region.hex(address), describeRegions());
        }
        Region r = check(address, size, AccessKind.LOAD);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        return switch (size) {
            case 1 -> {
                long v = b[i] & 0xffL;
                VarHandle.acquireFence();
                yield v;
            }
            case 2 -> (short) I16.getAcquire(b, i) & 0xffffL;
            case 4 -> (int) I32.getAcquire(b, i) & 0xffffffffL;
            default -> (long) I64.getAcquire(b, i);
        };
    }

    /** Store with release ordering. */
    public void storeRelease(long address, int size, long value) {
        if ((address & (size - 1)) != 0) {
            throw new MemoryFault("misaligned store-release of " + size + " bytes at " + Region.hex(address), describeRegions());
        }
        Region r = check(address, size, AccessKind.STORE);
        byte[] b = r.bytes();
        int i = (int) address - r.base();
        switch (size) {
            case 1 -> {
                VarHandle.releaseFence();
                b[i] = (byte) value;
            }
            case 2 -> I16.setRelease(b, i, (short) value);
            case 4 -> I32.setRelease(b, i, (int) value);
            default -> I64.setRelease(b, i, value);
        }
    }

    // ---- bulk access for helpers and hosts ----

    /**
     * Copies {@code length} bytes starting at a virtual address, which must lie inside one region.
     *
     * @throws MemoryFault if the range is not mapped
     */
    public byte[] read(long address, int length) {
        byte[] out = new byte[length];
        if (length > 0) {
            int i = index(address, length, AccessKind.LOAD);
            System.arraycopy(regionAt(address).bytes(), i, out, 0, length);
        }
        return out;
    }

    /** Copies bytes into memory at a virtual address, inside one writable region. */
    public void write(long address, byte[] data) {
        if (data.length > 0) {
            int i = index(address, data.length, AccessKind.STORE);
            System.arraycopy(data, 0, regionAt(address).bytes(), i, data.length);
        }
    }

    /** Checks that {@code length} bytes at an address are mapped (writable when asked) and returns the region. */
    public Region require(long address, int length, boolean forWrite) {
        if (length == 0) {
            Region r = regionAt(address);
            if (r == null) {
                throw fault(address, 0, forWrite ? AccessKind.STORE : AccessKind.LOAD, null);
            }
            return r;
        }
        return check(address, length, forWrite ? AccessKind.STORE : AccessKind.LOAD, false);
    }
}
