package org.ebpftest.runtime.vm;

import java.util.Objects;

/**
 * A block of memory a program may touch, mapped at a fixed address of the VM's 32-bit address
 * space: a stack frame, the context, the packet, a map's values, global data. The backing array may
 * be larger than what is accessible (a packet keeps its headroom and tailroom in the same array);
 * only bytes {@code [start, end)} of the array are in bounds, and that window may move while a
 * program runs (as {@code bpf_xdp_adjust_head} moves it).
 */
public final class Region {
    /** What a region is, as far as the VM itself needs to know. */
    public enum Kind {
        /** The stack of one call frame, which the VM maps itself. */
        STACK,
        /** Anything else a program may touch: context, packet, map values, global data, scratch memory. */
        DATA
    }

    private final String name;
    private final Kind kind;
    /** The backing memory; Memory's fast loads and stores read the field itself. */
    final byte[] bytes;
    private final boolean writable;
    private int base;
    private int start;
    private int end;
    private AccessGuard guard;
    /** True while loads need no check beyond the bounds: no guard. */
    private boolean plainLoads = true;
    /** True while stores need no check beyond the bounds: writable, no guard. */
    private boolean plainStores;
    /**
     * For a guard with {@link AccessGuard#fixedLoadRules() fixed rules}: bit {@code size} of entry
     * {@code offset} is set once the guard allowed a load of that size at that window offset.
     */
    private byte[] allowedLoads;
    // What Memory's fast loads and stores read (Memory.load8 ...), kept in step with base, window,
    // guard and writable by refresh(): the address of bytes[0] as an unsigned long, and the indices
    // from ...From to ...To (the window) where a load or store needs no check beyond its bounds;
    // an empty range (1 to 0) where a guard has a say or, for stores, the region is read-only.
    long origin;
    long loadFrom;
    long loadTo;
    long storeFrom;
    long storeTo;

    /**
     * A region over the whole of {@code bytes}.
     *
     * @param name how error messages call it, such as {@code packet} or {@code map flows}
     * @param bytes the backing memory, shared, not copied
     * @param writable false for read-only data such as {@code .rodata}
     */
    public Region(String name, byte[] bytes, boolean writable) {
        this(name, bytes, writable, 0, bytes.length);
    }

    /** A region of which only bytes {@code [start, end)} of {@code bytes} are accessible. */
    public Region(String name, byte[] bytes, boolean writable, int start, int end) {
        this(name, Kind.DATA, bytes, writable, start, end);
    }

    /** A stack frame's region: only the VM makes them. */
    static Region stack(String name, byte[] bytes) {
        return new Region(name, Kind.STACK, bytes, true, 0, bytes.length);
    }

    private Region(String name, Kind kind, byte[] bytes, boolean writable, int start, int end) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.writable = writable;
        this.plainStores = writable;
        setWindow(start, end);
    }

    /** How error messages call this region. */
    public String name() {
        return name;
    }

    /** Whether this is a stack frame or other memory. */
    public Kind kind() {
        return kind;
    }

    /** The backing array (shared). */
    public byte[] bytes() {
        return bytes;
    }

    /** False when stores must trap. */
    public boolean writable() {
        return writable;
    }

    /** The virtual address of {@code bytes[0]}; 0 until the region is mapped. */
    public long baseAddress() {
        return base & 0xffffffffL;
    }

    /** The virtual address of the first accessible byte. */
    public long startAddress() {
        return (base & 0xffffffffL) + start;
    }

    /** The virtual address one past the last accessible byte. */
    public long endAddress() {
        return (base & 0xffffffffL) + end;
    }

    /** The index in {@link #bytes()} of the first accessible byte. */
    public int start() {
        return start;
    }

    /** The index in {@link #bytes()} one past the last accessible byte. */
    public int end() {
        return end;
    }

    /** The number of accessible bytes. */
    public int length() {
        return end - start;
    }

    /** Moves the accessible window to bytes {@code [start, end)} of the backing array. */
    public void setWindow(int start, int end) {
        if (start < 0 || end < start || end > bytes.length) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") outside " + bytes.length + " bytes of " + name);
        }
        this.start = start;
        this.end = end;
        refresh();
    }

    /** The guard the program's loads and stores must pass, or null. */
    public AccessGuard guard() {
        return guard;
    }

    /**
     * Installs a guard that checks every load and store a program makes here (helpers and host
     * code are not checked); null removes it. Atomic operations on a guarded region always trap.
     *
     * @throws IllegalStateException for a stack frame, which takes no guard
     */
    public void setGuard(AccessGuard guard) {
        if (kind == Kind.STACK) {
            // Compiled code reaches a frame through r10 without asking the region.
            throw new IllegalStateException("stack frame " + name + " takes no guard");
        }
        this.guard = guard;
        plainLoads = guard == null;
        plainStores = guard == null && writable;
        allowedLoads = guard != null && guard.fixedLoadRules() ? new byte[bytes.length] : null;
        refresh();
    }

    private void refresh() {
        origin = base & 0xffffffffL;
        loadFrom = plainLoads ? start : 1;
        loadTo = plainLoads ? end : 0;
        storeFrom = plainStores ? start : 1;
        storeTo = plainStores ? end : 0;
    }

    /**
     * Whether a program's load of {@code size} bytes at index {@code i} of the backing array, inside
     * the window, needs no further check: the region has no guard, or its guard's fixed rules
     * allowed that load before.
     */
    boolean plainLoad(int i, int size) {
        return plainLoads || allowedLoads != null && (allowedLoads[i - start] & size) != 0;
    }

    /** Whether a program's store inside the window needs no further check: writable, no guard. */
    boolean plainStore() {
        return plainStores;
    }

    /**
     * Whether the guard's fixed rules allowed a load of {@code size} bytes at index {@code i} of
     * the backing array before: a load Memory's fast path may then make without asking again.
     */
    boolean allowedBefore(long i, int size) {
        return allowedLoads != null && i >= start && i <= end - size && (allowedLoads[(int) i - start] & size) != 0;
    }

    /** Remembers that the guard allowed a load at a window offset, when its rules are fixed. */
    void allowedLoad(int offset, int size) {
        if (allowedLoads != null) {
            allowedLoads[offset] |= (byte) size;
        }
    }

    /** The virtual address of a byte of the backing array. */
    public long addressOf(int index) {
        return (base & 0xffffffffL) + index;
    }

    /**
     * Fixes the address of {@code bytes[0]} before any VM maps the region: a region that several
     * VMs share (a map's values) has one address in all of them.
     *
     * @throws IllegalArgumentException if the region already has another address
     */
    public void placeAt(long address) {
        if (address <= 0 || address >= 1L << 32) {
            throw new IllegalArgumentException("address " + hex(address) + " of " + name + " is outside the 32-bit address space");
        }
        if (base != 0 && base != (int) address) {
            throw new IllegalArgumentException(name + " is already at " + hex(baseAddress()) + ", cannot move it to " + hex(address));
        }
        base = (int) address;
        refresh();
    }

    int base() {
        return base;
    }

    void setBase(int base) {
        this.base = base;
        refresh();
    }

    @Override
    public String toString() {
        return name + " [" + hex(startAddress()) + ", " + hex(endAddress()) + ")";
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
