package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Loads and stores through a pointer register, after the kernel's {@code check_mem_access}: the
 * pointer's kind decides the rules (context fields, stack slots, packet range, map value bounds)
 * and what a load gives.
 */
final class MemoryAccess {
    private static final long MAX_VAR_OFF = 1L << 29;
    private final Explorer ex;

    MemoryAccess(Explorer ex) {
        this.ex = ex;
    }

    /** Checks an access and returns what a load gives (null for a store). */
    Reg access(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, Reg value, boolean signExtend)
            throws Explorer.Stop {
        switch (base.kind()) {
            case UNMODELLED:
                return write ? null : Reg.UNMODELLED;
            case MAP_PTR:
                // check_ptr_to_map_access: a privileged program may read the map's kernel struct
                // (BTF-typed; the emulator lays it out as this kernel does), never write it. What a
                // read gives (a scalar or a BTF pointer) is not modelled.
                if (write) {
                    throw Explorer.refuse(s, pc, "only read from " + kernelStruct(ex.maps.get(base.map()).type()) + " is supported");
                }
                return Reg.UNMODELLED;
            case SCALAR:
            case PACKET_END:
            case RINGBUF_MEM_OR_NULL:
            case MEM_OR_NULL:
            case SOCKET_OR_NULL:
            case SOCK_COMMON_OR_NULL:
            case TCP_SOCK_OR_NULL:
                throw Explorer.refuse(s, pc, "R" + regno + " invalid mem access '" + base.kind().logName + "'");
            case MAP_KEY:
                if (write) {
                    throw Explorer.refuse(s, pc, "write to change key R" + regno + " not allowed");
                }
                region(s, pc, regno, base, insnOff, size, ex.maps.get(base.map()).keySize(), "map key, key_size=");
                return loaded(size, signExtend);
            case RINGBUF_MEM:
            case MEM:
                region(s, pc, regno, base, insnOff, size, base.range(), "memory, mem_size=");
                return write ? null : loaded(size, signExtend);
            case SOCKET:
            case SOCK_COMMON:
            case TCP_SOCK:
                return socket(s, pc, regno, base, insnOff, size, write, signExtend);
            case MAP_VALUE_OR_NULL:
                if (!base.maybeNonNull()) {
                    throw Explorer.refuse(s, pc, "R" + regno + " invalid mem access 'map_value_or_null'");
                }
                // refused either way when out of bounds: as a map value, or as a value not NULL-checked
                return mapValue(s, pc, regno, base, insnOff, size, write, signExtend);
            case CTX:
                return context(s, pc, regno, base, insnOff, size, write, signExtend);
            case STACK:
                return stack(s, pc, regno, base, insnOff, size, write, value, signExtend);
            case PACKET:
            case PACKET_META:
                return packet(s, pc, regno, base, insnOff, size, write, signExtend);
            case MAP_VALUE:
                return mapValue(s, pc, regno, base, insnOff, size, write, signExtend);
            default:
                return write ? null : Reg.UNMODELLED;
        }
    }

    /**
     * check_mem_access for a socket pointer: never written; a read goes through check_sock_access,
     * the field rules of its kind ({@link SocketFields}), and gives an unknown scalar.
     */
    private static Reg socket(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, boolean signExtend)
            throws Explorer.Stop {
        String kind = base.kind().logName;
        if (write) {
            throw Explorer.refuse(s, pc, "R" + regno + " cannot write into " + kind);
        }
        // pointer arithmetic on a socket is refused, so its offset is the instruction's alone
        long off = base.off() + (long) insnOff;
        if (!base.value().exact() || !base.value().isConst() || base.value().lo() != 0 || base.off() != 0) {
            return Reg.UNMODELLED;
        }
        if (!SocketFields.readable(base.kind(), off, size)) {
            throw Explorer.refuse(s, pc, "R" + regno + " invalid " + kind + " access off=" + off + " size=" + size);
        }
        return loaded(size, signExtend);
    }

    /** The kernel struct a map type's map pointer points at (its ops' map_btf_id), as the kernel names it. */
    private static String kernelStruct(MapType type) {
        return switch (type) {
            case ARRAY, PERCPU_ARRAY, PROG_ARRAY, PERF_EVENT_ARRAY, CGROUP_ARRAY, ARRAY_OF_MAPS -> "bpf_array";
            case HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, HASH_OF_MAPS -> "bpf_htab";
            case RINGBUF, USER_RINGBUF -> "bpf_ringbuf_map";
            default -> "bpf_map";
        };
    }

    /**
     * check_mem_region_access for memory of a known size (a map key, reserved ring buffer memory),
     * at a constant offset: a variable offset is not checked.
     */
    void region(State s, int pc, int regno, Reg base, int insnOff, long size, int memSize, String what) throws Explorer.Stop {
        Scalar var = base.value();
        if (!var.exact() || !var.isConst()) {
            return;
        }
        long off = base.off() + var.lo() + insnOff;
        if (off < 0 || off + size > memSize) {
            // check_mem_region_access adds its own line after __check_mem_access's
            throw Explorer.refuse(s, pc, "invalid access to " + what + memSize + " off=" + off + " size=" + size,
                    "R" + regno + " min value is outside of the allowed memory range");
        }
    }

    /**
     * __check_ptr_off_reg without a fixed offset allowed, for a context pointer accessed or passed to
     * a helper: a negative fixed offset, then any fixed offset, then a variable offset are refused.
     */
    void unmodifiedContext(State s, int pc, int regno, Reg base) throws Explorer.Stop {
        if (base.off() < 0) {
            throw Explorer.refuse(s, pc, "negative offset ctx ptr R" + regno + " off=" + base.off() + " disallowed");
        }
        if (base.off() != 0) {
            throw Explorer.refuse(s, pc, "dereference of modified ctx ptr R" + regno + " off=" + base.off() + " disallowed");
        }
        Scalar var = base.value();
        if (var.exact() && !(var.isConst() && var.lo() == 0)) {
            throw Explorer.refuse(s, pc, "variable ctx access var_off=" + tnum(var) + " disallowed");
        }
    }

    /** A helper's access to packet memory through an argument: check_packet_access. */
    void helperPacket(State s, int pc, int regno, Reg base, int size) throws Explorer.Stop {
        packet(s, pc, regno, base, 0, size, false, false);
    }

    /** A helper's access to a map value through an argument: check_map_access. */
    void helperMapValue(State s, int pc, int regno, Reg base, int size, boolean write) throws Explorer.Stop {
        mapValue(s, pc, regno, base, 0, size, write, false);
    }

    private static Reg loaded(int size, boolean signExtend) {
        return Reg.scalar(signExtend ? Scalar.ofSignedBytes(size) : Scalar.ofBytes(size));
    }

    private Reg context(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, boolean signExtend)
            throws Explorer.Stop {
        unmodifiedContext(s, pc, regno, base);
        if (!base.value().isConst()) {
            return write ? null : Reg.UNMODELLED;
        }
        String why = ex.context.check(insnOff, size, write);
        if (why != null || (signExtend && ex.context.signExtendRefused(insnOff))) {
            throw Explorer.refuse(s, pc, "invalid bpf_context access off=" + insnOff + " size=" + size);
        }
        if (write) {
            return null;
        }
        Reg field = ex.context.load(insnOff, size);
        if (field.maybeNull()) {
            // a field that may be NULL gets an id of its own for its NULL check
            field = field.withId(ex.newId());
        }
        // a sign-extending load of a scalar field gives the signed range of its size
        return signExtend && field.isScalar() ? loaded(size, true) : field;
    }

    private Reg stack(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, Reg value, boolean signExtend)
            throws Explorer.Stop {
        State.Frame frame = s.frames[base.frame()];
        if (!base.value().isConst() || !base.value().exact()) {
            if (base.value().exact()) {
                variableStackBounds(s, pc, regno, base, insnOff, size, write, frame);
            }
            // a variable offset: the verifier does not follow which slots it reaches
            if (write) {
                if (base.value().exact()) {
                    // check_stack_write_var_off destroys every dynptr it may reach, and refuses a referenced one
                    long from = base.value().smin() + base.off() + insnOff + State.STACK_SIZE;
                    long to = base.value().smax() + base.off() + insnOff + size + State.STACK_SIZE;
                    for (long slot = from / 8; slot * 8 < to; slot++) {
                        Dynptrs.destroy(s, pc, frame, (int) slot);
                    }
                }
                boolean[] scrubbed = base.value().exact() ? pointerSpillsReached(frame, base, insnOff, size) : null;
                Arrays.fill(frame.stack, State.LOSSY);
                Arrays.fill(frame.spills, null);
                for (int slot = 0; scrubbed != null && slot < scrubbed.length; slot++) {
                    if (scrubbed[slot]) {
                        Arrays.fill(frame.stack, slot * 8, slot * 8 + 8, State.MISC);
                    }
                }
                return null;
            }
            return Reg.UNMODELLED;
        }
        int off = base.off() + insnOff;
        // alignment first, as check_mem_access checks it before the stack bounds
        if (off % size != 0) {
            // the kernel prints a constant var_off as its value: "off 0+-8+2"
            throw Explorer.refuse(s, pc, "misaligned stack access off 0+" + base.off() + "+" + insnOff + " size " + size);
        }
        if (off < -State.STACK_SIZE || off + size > 0) {
            throw Explorer.refuse(s, pc, "invalid " + (write ? "write to" : "read from") + " stack R" + regno + " off=" + off + " size=" + size);
        }
        ex.growStack(s, frame, -off);
        if (s.certain) {
            ex.fastcall.access(s.cur().subprog, pc, off);
        }
        int at = off + State.STACK_SIZE;
        int slot = at / 8;
        if (write) {
            // check_stack_write_fixed_off: a write into a dynptr's slot destroys it, or is refused
            Dynptrs.destroy(s, pc, frame, slot);
            writeStack(frame, at, slot, size, value);
            return null;
        }
        int dyn = Dynptrs.firstByte(frame, at, size);
        if (dyn >= 0) {
            // check_stack_read_fixed_off: a dynptr's bytes are not data
            throw Explorer.refuse(s, pc, "invalid read from stack off " + off + "+" + (dyn - at) + " size " + size);
        }
        if (size != 8 && frame.spills[slot] != null && frame.spills[slot].isPointer() && wholeSpill(frame, slot)) {
            throw Explorer.refuse(s, pc, "invalid size of register fill");
        }
        return readStack(frame, at, slot, size, signExtend);
    }

    private static boolean wholeSpill(State.Frame frame, int slot) {
        for (int i = slot * 8; i < slot * 8 + 8; i++) {
            if (frame.stack[i] != State.SPILL) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stack access at an exact variable offset (every offset it may take, the kernel's bounds hold
     * too): check_ptr_alignment, which is strict for the stack, then check_stack_access_within_bounds.
     */
    private void variableStackBounds(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, State.Frame frame)
            throws Explorer.Stop {
        Scalar var = base.value();
        // lo and lo + stride are both held: some offset is misaligned unless the stride and lo are aligned
        boolean aligned = var.stride() % size == 0 && Math.floorMod(var.lo() + base.off() + insnOff, size) == 0;
        if (size > 1 && !aligned) {
            throw Explorer.refuse(s, pc, "misaligned stack access off " + tnum(var) + "+" + base.off() + "+" + insnOff + " size " + size);
        }
        long min = variableStackRange(s, pc, regno, var, (long) base.off() + insnOff, size, write, frame);
        if (s.certain) {
            ex.fastcall.access(s.cur().subprog, pc, (int) min);
        }
    }

    /**
     * check_stack_access_within_bounds for an exact variable offset {@code var} plus {@code off}, by
     * an instruction or a helper ({@code size} may then be 0): every offset the kernel may take lies in
     * the frame, or the kernel refuses. Returns the lowest offset, which the frame grows to.
     */
    long variableStackRange(State s, int pc, int regno, Scalar var, long off, int size, boolean write, State.Frame frame)
            throws Explorer.Stop {
        String what = write ? "write to" : "read from";
        if (var.smin() <= -MAX_VAR_OFF || var.smax() >= MAX_VAR_OFF) {
            throw Explorer.refuse(s, pc, "invalid unbounded variable-offset " + what + " stack R" + regno);
        }
        long min = var.smin() + off;
        long max = var.smax() + off + size;
        if (min < -State.STACK_SIZE || max > 0) {
            throw Explorer.refuse(s, pc, "invalid variable-offset " + what + " stack R" + regno + " var_off=" + tnum(var) + " off=" + off
                    + " size=" + size);
        }
        ex.growStack(s, frame, (int) -min);
        return min;
    }

    /**
     * The slots holding a spilled pointer that a write at an exact variable offset may reach
     * (bounds already checked). check_stack_write_var_off destroys every spill in its range and
     * scrubs the slot: all 8 bytes become STACK_MISC, so a fill gives an unknown scalar.
     */
    private static boolean[] pointerSpillsReached(State.Frame frame, Reg base, int insnOff, int size) {
        boolean[] reached = new boolean[frame.spills.length];
        long from = base.value().smin() + base.off() + insnOff + State.STACK_SIZE;
        long to = base.value().smax() + base.off() + insnOff + size + State.STACK_SIZE;
        for (long i = from; i < to; i++) {
            int slot = (int) (i / 8);
            reached[slot] |= frame.spills[slot] != null && frame.spills[slot].isPointer() && wholeSpill(frame, slot);
        }
        return reached;
    }

    /** The kernel's tnum for an interval, as its log prints it: {@code (0x0; 0xf)}, the values 0 to 15. */
    static String tnum(Scalar v) {
        long chi = v.lo() ^ v.hi();
        int bits = 64 - Long.numberOfLeadingZeros(chi);
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        // a strided value keeps the low bits its stride never changes ((x & 4) is (0x0; 0x4))
        mask &= -Long.lowestOneBit(v.stride());
        return "(0x" + Long.toHexString(v.lo() & ~mask) + "; 0x" + Long.toHexString(mask) + ")";
    }

    private static void writeStack(State.Frame frame, int at, int slot, int size, Reg value) {
        if (size == 8) {
            frame.spills[slot] = value;
            Arrays.fill(frame.stack, at, at + 8, State.SPILL);
            return;
        }
        if (frame.spills[slot] != null) {
            // the rest of a spilled register that is partly overwritten: the kernel's view of it varies
            frame.spills[slot] = null;
            for (int i = slot * 8; i < slot * 8 + 8; i++) {
                if (frame.stack[i] == State.SPILL) {
                    frame.stack[i] = State.LOSSY;
                }
            }
        }
        boolean exact = value.isScalar() && value.value().exact();
        boolean zero = exact && value.value().isConst() && value.value().lo() == 0;
        // check_stack_write_fixed_off: at an 8-byte aligned offset a narrower store of a scalar is kept
        // as a spilled register, which this verifier does not follow (reads decide nothing); elsewhere
        // the bytes become STACK_ZERO for a known zero and STACK_MISC for any other known scalar
        byte kind = zero ? State.ZERO : exact && at % 8 != 0 ? State.MISC : State.LOSSY;
        Arrays.fill(frame.stack, at, at + size, kind);
    }

    private static Reg readStack(State.Frame frame, int at, int slot, int size, boolean signExtend) {
        boolean anyLossy = false;
        boolean anySpill = false;
        boolean allZero = true;
        for (int i = at; i < at + size; i++) {
            byte b = frame.stack[i];
            anyLossy |= b == State.LOSSY;
            anySpill |= b == State.SPILL;
            allZero &= b == State.ZERO;
        }
        if (size == 8 && frame.spills[slot] != null && !anyLossy) {
            boolean whole = true;
            for (int i = at; i < at + 8; i++) {
                whole &= frame.stack[i] == State.SPILL;
            }
            if (whole) {
                return frame.spills[slot];
            }
        }
        if (anyLossy) {
            return Reg.UNMODELLED;
        }
        if (anySpill) {
            return Reg.COARSE_SCALAR;
        }
        if (allZero) {
            return Reg.constant(0);
        }
        return loaded(size, signExtend);
    }

    private Reg packet(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, boolean signExtend) throws Explorer.Stop {
        if (write && !ex.context.packetWritable()) {
            throw Explorer.refuse(s, pc, "cannot write into packet");
        }
        Scalar var = base.value();
        if (var.exact()) {
            if (var.smin() < 0) {
                throw Explorer.refuse(s, pc, "R" + regno + " min value is negative, either use unsigned index or do a if (index >=0) check.");
            }
            int off = base.off() + insnOff;
            if (base.range() < 0) {
                throw Explorer.refuse(s, pc, "R" + regno + " offset is outside of the packet");
            }
            if (off < 0 || (long) off + size > base.range()) {
                // __check_mem_access's line, then check_packet_access's own
                throw Explorer.refuse(s, pc, "invalid access to packet, off=" + off + " size=" + size + ", R" + regno + "(id=" + base.id()
                        + ",off=" + off + ",r=" + base.range() + ")", "R" + regno + " offset is outside of the packet");
            }
        }
        return write ? null : loaded(size, signExtend);
    }

    private Reg mapValue(State s, int pc, int regno, Reg base, int insnOff, int size, boolean write, boolean signExtend) throws Explorer.Stop {
        MapInfo map = ex.maps.get(base.map());
        int valueSize = map.valueSize();
        Scalar var = base.value();
        int off = base.off() + insnOff;
        if (write && map.readOnly()) {
            throw Explorer.refuse(s, pc, "write into map forbidden, value_size=" + valueSize + " off=" + off + " size=" + size);
        }
        if (!write && map.writeOnly()) {
            throw Explorer.refuse(s, pc, "read from map forbidden, value_size=" + valueSize + " off=" + off + " size=" + size);
        }
        if (!var.exact()) {
            return write ? null : map.readOnly() ? Reg.COARSE_SCALAR : loaded(size, signExtend);
        }
        if (var.isConst()) {
            long at = off + var.lo();
            if (at < 0 || at + size > valueSize) {
                // check_mem_region_access checks the least offset first, which a constant one is
                throw Explorer.refuse(s, pc, "invalid access to map value, value_size=" + valueSize + " off=" + at + " size=" + size,
                        "R" + regno + " min value is outside of the allowed memory range");
            }
            lockField(s, pc, map, at, at + size);
            if (write) {
                return null;
            }
            if (map.readOnly()) {
                byte[] bytes = map.frozenValueNoCopy();
                return bytes == null || at + size > bytes.length ? Reg.COARSE_SCALAR : Reg.constant(little(bytes, (int) at, size, signExtend));
            }
            return loaded(size, signExtend);
        }
        long smin = var.smin();
        if (smin < 0 && (smin == Long.MIN_VALUE || smin + off < 0)) {
            throw Explorer.refuse(s, pc, "R" + regno + " min value is negative, either use unsigned index or do a if (index >=0) check.");
        }
        if (smin + off + size > valueSize) {
            // the kernel's first line, from __check_mem_access; "R0 min value is outside ..." follows it
            throw Explorer.refuse(s, pc, "invalid access to map value, value_size=" + valueSize + " off=" + (smin + off) + " size=" + size,
                    "R" + regno + " min value is outside of the allowed memory range");
        }
        long umax = var.umax();
        if (umax < 0 || umax >= MAX_VAR_OFF) {
            throw Explorer.refuse(s, pc, "R" + regno + " unbounded memory access, make sure to bounds check any such access");
        }
        if (off + umax + size > valueSize) {
            // the kernel's first line, from __check_mem_access; "R0 max value is outside ..." follows it
            throw Explorer.refuse(s, pc, "invalid access to map value, value_size=" + valueSize + " off=" + (off + umax) + " size=" + size,
                    "R" + regno + " max value is outside of the allowed memory range");
        }
        lockField(s, pc, map, smin + off, off + umax + size);
        return write ? null : map.readOnly() ? Reg.COARSE_SCALAR : loaded(size, signExtend);
    }

    /** The value's bpf_spin_lock is only for the lock helpers: check_map_access refuses any access reaching it. */
    private static void lockField(State s, int pc, MapInfo map, long from, long to) throws Explorer.Stop {
        int lock = map.spinLockOffset();
        if (lock >= 0 && from < lock + 4 && lock < to) {
            throw Explorer.refuse(s, pc, "bpf_spin_lock cannot be accessed directly by load/store");
        }
    }

    private static long little(byte[] bytes, int at, int size, boolean signExtend) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[at + i] & 0xff);
        }
        if (signExtend && size < 8) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }
}
