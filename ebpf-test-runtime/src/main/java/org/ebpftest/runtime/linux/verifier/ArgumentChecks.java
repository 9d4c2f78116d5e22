package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.linux.verifier.HelperArgs.Arg;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;
import org.ebpftest.runtime.uapi.MapType;

/**
 * One helper argument against its prototype's kind, after the kernel's {@code check_func_arg}: the
 * register's type ({@code check_reg_type}, {@code R2 type=scalar expected=...}), and for memory the
 * range the helper reads or writes ({@code check_helper_mem_access}: a map's key or value size, or
 * the size in the next argument, {@code check_mem_size_reg}).
 *
 * <p>What the verifier does not model (an unmodelled register, a coarse size or offset) is accepted
 * as the kernel might.
 */
final class ArgumentChecks {
    private static final long MAX_VAR_SIZE = 1L << 29;

    private final Explorer ex;
    private final MemoryAccess memory;
    /** Whether the memory argument just checked is written by the helper (the next argument sizes it). */
    private boolean sizedWrite;
    /** The stack bytes the helper being checked writes: frame, offset and size; null if none is known. */
    private int[] writtenStack;
    /** The initialised dynptr (its first slot's marker) the helper being checked takes, or null. */
    private Reg dynptr;
    /** Where the helper being checked makes a dynptr: frame and offset; null if nowhere known. */
    private int[] newDynptr;
    /** The argument registers that point at dynptrs, one bit each: the helper writes no other stack through them. */
    private int dynptrRegs;
    /** Whether the helper being checked may take packet pointers (its prototype's pkt_access). */
    private boolean packetAccess;

    ArgumentChecks(Explorer ex, MemoryAccess memory) {
        this.ex = ex;
        this.memory = memory;
    }

    /** Forgets what the previous helper call wrote; called before the first argument of helper {@code id}. */
    void beginCall(int id) {
        writtenStack = null;
        dynptr = null;
        newDynptr = null;
        dynptrRegs = 0;
        packetAccess = HelperProtos.packetAccess(id, ex.type);
    }

    /** The initialised dynptr the helper just checked takes (its first slot's marker), or null where not known. */
    Reg dynptr() {
        return dynptr;
    }

    /** Where the helper just checked makes a dynptr: {frame, offset}, or null where not known. */
    int[] newDynptr() {
        return newDynptr;
    }

    /** True when argument register r of the helper just checked points at a dynptr. */
    boolean dynptrArgument(int r) {
        return (dynptrRegs & 1 << r) != 0;
    }

    /**
     * The stack bytes the helper just checked writes, at a constant offset: {frame, offset, size}, or
     * null. The kernel marks them written byte by byte after the call (a raw-mode argument,
     * ARG_PTR_TO_UNINIT_MEM or an uninitialised map value), so they read back as unknown scalars,
     * whatever was spilled there.
     */
    int[] writtenStack() {
        return writtenStack;
    }

    /**
     * Checks argument register {@code r} of kind {@code kind}; {@code map} is the map an earlier
     * argument named. Returns the map this argument names, or null.
     */
    MapInfo check(State s, int pc, int r, Reg arg, Arg kind, MapInfo map) throws Explorer.Stop {
        if (arg.kind() == Kind.UNMODELLED) {
            return null;
        }
        // check_func_arg: before the argument's type, a packet pointer needs a helper with pkt_access
        if (arg.isPacket() && kind != Arg.ANYTHING && !packetAccess) {
            throw Explorer.refuse(s, pc, "helper access to the packet is not allowed");
        }
        switch (kind) {
            case MAP_PTR:
                if (arg.kind() != Kind.MAP_PTR) {
                    throw mismatch(s, pc, r, arg, "map_ptr");
                }
                return ex.maps.get(arg.map());
            case MAP_KEY:
                memoryType(s, pc, r, arg, false);
                if (map != null) {
                    access(s, pc, r, arg, map.keySize(), false, false);
                }
                return null;
            case MAP_VALUE:
            case MAP_VALUE_OUT:
                // other maps' values are other kinds (a socket for a sockmap: resolve_map_arg_type)
                if (map != null && HelperArgs.plainValues(map.type())) {
                    memoryType(s, pc, r, arg, false);
                    access(s, pc, r, arg, map.valueSize(), kind == Arg.MAP_VALUE_OUT, false);
                }
                return null;
            case MEM:
            case MEM_OUT:
            case MEM_OR_NULL:
                memoryType(s, pc, r, arg, kind == Arg.MEM_OR_NULL);
                sizedWrite = kind == Arg.MEM_OUT;
                return null;
            case SIZE:
            case SIZE_OR_ZERO:
                if (!arg.isScalar()) {
                    throw mismatch(s, pc, r, arg, "scalar");
                }
                size(s, pc, r, arg, kind == Arg.SIZE_OR_ZERO);
                return null;
            case CTX:
                if (arg.kind() != Kind.CTX) {
                    throw mismatch(s, pc, r, arg, "ctx");
                }
                // check_func_arg_reg_off: a context argument must be the context itself
                memory.unmodifiedContext(s, pc, r, arg);
                return null;
            case FUNC:
                if (arg.kind() != Kind.FUNC) {
                    throw mismatch(s, pc, r, arg, "func");
                }
                return null;
            case STACK_OR_NULL:
                if (arg.kind() != Kind.STACK && !isNull(arg)) {
                    throw mismatch(s, pc, r, arg, "fp");
                }
                return null;
            case SPIN_LOCK:
                if (arg.kind() != Kind.MAP_VALUE && !(arg.kind() == Kind.MAP_VALUE_OR_NULL && arg.maybeNonNull())) {
                    throw mismatch(s, pc, r, arg, "map_value, ptr_");
                }
                return null;
            case SOCK_COMMON:
                if (!isSocket(arg)) {
                    throw mismatch(s, pc, r, arg, "sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_");
                }
                // bpf_sk_release, the one helper taking it: what it releases must hold a reference
                if (arg.ref() == 0) {
                    throw Explorer.refuse(s, pc, "R" + r + " must be referenced when passed to release function");
                }
                return null;
            case SOCKET:
                if (!isSocket(arg)) {
                    throw mismatch(s, pc, r, arg, "sock_common, sock, tcp_sock, xdp_sock");
                }
                return null;
            case DYNPTR:
            case DYNPTR_RELEASE:
                dynptrRegs |= 1 << r;
                dynptr = kind == Arg.DYNPTR ? Dynptrs.initialised(s, pc, r, arg) : Dynptrs.released(s, pc, arg);
                return null;
            case DYNPTR_LOCAL_OUT:
            case DYNPTR_RINGBUF_OUT: {
                dynptrRegs |= 1 << r;
                Integer off = Dynptrs.uninitialised(s, pc, r, arg);
                if (off != null) {
                    newDynptr = new int[] {arg.frame(), off};
                    ex.growStack(s, s.frames[arg.frame()], -off);
                }
                return null;
            }
            case FIXED_20:
            case FIXED_40:
            case FIXED_U32_OUT:
            case FIXED_S64_OUT:
                fixedSize(s, pc, r, arg, kind);
                return null;
            case TIMER:
                if (arg.kind() != Kind.MAP_VALUE) {
                    throw mismatch(s, pc, r, arg, "map_value");
                }
                return null;
            case CONST_STR:
                constString(s, pc, r, arg);
                return null;
            case ALLOC_SIZE:
                if (!arg.isScalar()) {
                    throw mismatch(s, pc, r, arg, "scalar");
                }
                if (arg.value().exact() && !arg.value().isConst()) {
                    throw Explorer.refuse(s, pc, "R" + r + " is not a known constant'");
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * ARG_PTR_TO_FIXED_SIZE_MEM: the prototype's size read or written at once, and for an aligned
     * argument the pointer aligned to that size (check_ptr_alignment, strict for the call). The bytes
     * written on the stack are left lossy (the helper writes them; forgetStackFrom) rather than marked.
     */
    private void fixedSize(State s, int pc, int r, Reg arg, Arg kind) throws Explorer.Stop {
        memoryType(s, pc, r, arg, false);
        int size = switch (kind) {
            case FIXED_20 -> 20;
            case FIXED_40 -> 40;
            case FIXED_U32_OUT -> 4;
            default -> 8;
        };
        boolean write = kind == Arg.FIXED_U32_OUT || kind == Arg.FIXED_S64_OUT;
        int[] written = writtenStack;
        access(s, pc, r, arg, size, write, false);
        writtenStack = written;
        if (!write) {
            return;
        }
        String what = switch (arg.kind()) {
            case STACK -> "stack ";
            case MAP_VALUE -> "value ";
            case MAP_KEY -> "key ";
            default -> null;
        };
        Scalar var = arg.value();
        // a constant offset only (the kernel prints a constant tnum as its value); a variable one is
        // aligned or not by the kernel's tnum, not followed here
        if (what != null && var.exact() && var.isConst() && Math.floorMod(arg.off() + var.lo(), size) != 0) {
            throw Explorer.refuse(s, pc, "misaligned " + what + "access off " + var.lo() + "+" + arg.off() + "+0 size " + size);
        }
    }

    /**
     * ARG_PTR_TO_CONST_STR (check_reg_const_str): a map value, of a read-only map, at a constant
     * offset, with a NUL byte before the value's end. Only a map programs may write is certainly not
     * read-only (the kernel wants BPF_F_RDONLY_PROG and a frozen map); the NUL is looked for only in
     * a value known here (a frozen {@code .rodata}).
     */
    private void constString(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        if (arg.kind() != Kind.MAP_VALUE) {
            throw mismatch(s, pc, r, arg, "map_value");
        }
        MapInfo map = ex.maps.get(arg.map());
        if (!map.readOnly()) {
            throw Explorer.refuse(s, pc, "R" + r + " does not point to a readonly map'");
        }
        Scalar var = arg.value();
        if (!var.exact()) {
            return;
        }
        if (!var.isConst()) {
            throw Explorer.refuse(s, pc, "R" + r + " is not a constant address'");
        }
        byte[] value = map.frozenValueNoCopy();
        long off = arg.off() + var.lo();
        if (value == null || off < 0 || off >= value.length || map.type() != MapType.ARRAY) {
            return;
        }
        for (long i = off; i < value.length; i++) {
            if (value[(int) i] == 0) {
                return;
            }
        }
        throw Explorer.refuse(s, pc, "string is not zero-terminated");
    }

    private static Explorer.Refusal mismatch(State s, int pc, int r, Reg arg, String expected) throws Explorer.Stop {
        return Explorer.refuse(s, pc, "R" + r + " type=" + arg.kind().logName + " expected=" + expected);
    }

    /** A socket pointer known not to be NULL (compatible_reg_types' sock_types, but xdp_sock). */
    private static boolean isSocket(Reg r) {
        return r.kind() == Kind.SOCKET || r.kind() == Kind.SOCK_COMMON || r.kind() == Kind.TCP_SOCK;
    }

    private static boolean isNull(Reg r) {
        return r.isScalar() && r.value().exact() && r.value().isConst() && r.value().lo() == 0;
    }

    /** The pointer kinds a memory argument takes (compatible_reg_types' mem_types). */
    private static void memoryType(State s, int pc, int r, Reg arg, boolean nullable) throws Explorer.Stop {
        switch (arg.kind()) {
            case STACK, PACKET, PACKET_META, MAP_VALUE, MAP_KEY, RINGBUF_MEM, MEM:
                return;
            case MAP_VALUE_OR_NULL, RINGBUF_MEM_OR_NULL, MEM_OR_NULL:
                if (nullable || arg.maybeNonNull()) {
                    return; // an argument that may be NULL takes a pointer that may be NULL
                }
                break;
            case SCALAR:
                if (nullable && isNull(arg)) {
                    return;
                }
                if (!arg.value().exact() || (nullable && !arg.value().isConst() && arg.value().umin() == 0)) {
                    return; // the kernel may know it is NULL
                }
                break;
            case FUNC:
                return; // not a kind this verifier names as the kernel does
            default:
                break;
        }
        throw mismatch(s, pc, r, arg, HelperArgs.MEM_TYPES);
    }

    /** check_mem_size_reg: the size in register r for the memory in register r - 1. */
    private void size(State s, int pc, int r, Reg size, boolean zeroAllowed) throws Explorer.Stop {
        Scalar v = size.value();
        if (!v.exact()) {
            return;
        }
        if (v.smin() < 0) {
            throw Explorer.refuse(s, pc, "R" + r + " min value is negative, either use unsigned or 'var &= const'");
        }
        if (!zeroAllowed && v.umin() == 0) {
            throw Explorer.refuse(s, pc, "R" + r + " invalid zero-sized read: u64=[" + v.umin() + "," + v.umax() + "]");
        }
        if (v.umax() >= MAX_VAR_SIZE) {
            throw Explorer.refuse(s, pc, "R" + r + " unbounded memory access, use 'var &= const' or 'if (var < const)'");
        }
        access(s, pc, r - 1, s.reg(r - 1), (int) v.umax(), sizedWrite, zeroAllowed);
    }

    /** check_helper_mem_access: {@code size} bytes from the pointer in register r. */
    void access(State s, int pc, int r, Reg ptr, int size, boolean write, boolean zeroAllowed) throws Explorer.Stop {
        switch (ptr.kind()) {
            case STACK: {
                Scalar var = ptr.value();
                if (!var.exact()) {
                    return;
                }
                if (size == 0 && !zeroAllowed) {
                    throw Explorer.refuse(s, pc, "invalid zero-sized read");
                }
                if (!var.isConst()) {
                    // check_stack_range_initialized: the bounds of every offset, even for no bytes;
                    // as root any byte in the frame may be read (allow_uninit_stack)
                    memory.variableStackRange(s, pc, r, var, ptr.off(), size, write, s.frames[ptr.frame()]);
                    return;
                }
                if (size == 0) {
                    return;
                }
                long off = ptr.off() + var.lo();
                if (off < -State.STACK_SIZE || off + size > 0) {
                    throw Explorer.refuse(s, pc, "invalid " + (write ? "write to" : "read from") + " stack R" + r + " off=" + ptr.off()
                            + " size=" + size);
                }
                // check_stack_range_initialized: a helper writing (raw mode) over a dynptr, or reading one
                int at = (int) off + State.STACK_SIZE;
                int dyn = Dynptrs.firstByte(s.frames[ptr.frame()], at, size);
                if (dyn >= 0 && write) {
                    throw Explorer.refuse(s, pc, "potential write to dynptr at off=" + (dyn - State.STACK_SIZE) + " disallowed");
                }
                if (dyn >= 0) {
                    throw Explorer.refuse(s, pc, "invalid read from stack R" + r + " off " + off + "+" + (dyn - at) + " size " + size);
                }
                ex.growStack(s, s.frames[ptr.frame()], (int) -off);
                if (write) {
                    writtenStack = new int[] {ptr.frame(), (int) off, size};
                }
                return;
            }
            case PACKET:
            case PACKET_META:
                if (size > 0) {
                    memory.helperPacket(s, pc, r, ptr, size);
                }
                return;
            case MAP_VALUE:
                if (size > 0) {
                    memory.helperMapValue(s, pc, r, ptr, size, write);
                }
                return;
            case MAP_KEY:
                if (write) {
                    throw Explorer.refuse(s, pc, "R" + r + " cannot write into map_key");
                }
                memory.region(s, pc, r, ptr, 0, size, ex.maps.get(ptr.map()).keySize(), "map key, key_size=");
                return;
            case RINGBUF_MEM:
            case MEM:
                memory.region(s, pc, r, ptr, 0, size, ptr.range(), "memory, mem_size=");
                return;
            default:
                // NULL stands for no bytes only; for more, the kernel names the stack as what it expected
                if (size > 0 && isNull(ptr)) {
                    throw Explorer.refuse(s, pc, "R" + r + " type=scalar expected=fp");
                }
                return;
        }
    }
}
