package org.ebpftest.runtime.linux.verifier;

/**
 * One register's abstract value, after {@code struct bpf_reg_state}: its kind, and for scalars the
 * values, for pointers the fixed offset, the variable offset ({@link #value}), and what the kind
 * needs (packet id and verified range, map index, stack frame, or-NULL id). {@code mapUid} tells
 * apart inner maps reached through lookups in one outer map (which share the outer map's inner
 * template, their {@code map}): the id of the lookup that gave the inner map, when its values hold a
 * timer or a work queue, else 0, as the kernel's {@code map_uid}.
 *
 * <p>{@link Kind#UNMODELLED} is what the verifier does not model yet (a kfunc's result, a BTF
 * pointer, a context field of a type it does not know): it is accepted everywhere and decides nothing.
 */
record Reg(Kind kind, Scalar value, int off, int id, int range, int map, int frame, int link, boolean maybeNonNull, int mapUid) {
    /** A packet pointer compared equal to or past data_end on this path ({@code AT_PKT_END} in the kernel). */
    static final int AT_PKT_END = -1;
    /** A packet pointer known to lie past data_end ({@code BEYOND_PKT_END}). */
    static final int BEYOND_PKT_END = -2;

    /** The register kinds the verifier models, named as the kernel's log names them. */
    enum Kind {
        NOT_INIT("?"),
        SCALAR("scalar"),
        UNMODELLED("unmodelled"),
        CTX("ctx"),
        STACK("fp"),
        PACKET("pkt"),
        PACKET_META("pkt_meta"),
        PACKET_END("pkt_end"),
        MAP_VALUE("map_value"),
        MAP_VALUE_OR_NULL("map_value_or_null"),
        MAP_PTR("map_ptr"),
        /** Ring buffer memory from bpf_ringbuf_reserve, an acquired reference ({@code id}). */
        RINGBUF_MEM("ringbuf_mem"),
        RINGBUF_MEM_OR_NULL("ringbuf_mem_or_null"),
        /** A global function's pointer argument to a sized type: {@code range} bytes ({@code PTR_TO_MEM}). */
        MEM("mem"),
        MEM_OR_NULL("mem_or_null"),
        /** A socket from bpf_sk_lookup_tcp/udp, an acquired reference ({@code id}). */
        SOCKET("sock"),
        SOCKET_OR_NULL("sock_or_null"),
        /** A socket from bpf_skc_lookup_tcp, an acquired reference ({@code id}), or {@code __sk_buff->sk}. */
        SOCK_COMMON("sock_common"),
        SOCK_COMMON_OR_NULL("sock_common_or_null"),
        /** A TCP socket from bpf_tcp_sock. */
        TCP_SOCK("tcp_sock"),
        TCP_SOCK_OR_NULL("tcp_sock_or_null"),
        /** A map key handed to a callback ({@code map}), readable but not writable. */
        MAP_KEY("map_key"),
        /** The address of a subprogram ({@code off} holds its first instruction), for callbacks. */
        FUNC("func"),
        /** Only as the spill of a dynptr's stack slot ({@link Dynptrs#marker}), never in a register. */
        DYNPTR("dynptr");

        final String logName;

        Kind(String logName) {
            this.logName = logName;
        }
    }

    static final Reg NOT_INIT = new Reg(Kind.NOT_INIT, Scalar.COARSE, 0, 0, 0, -1, 0, 0, false, 0);
    static final Reg UNMODELLED = new Reg(Kind.UNMODELLED, Scalar.COARSE, 0, 0, 0, -1, 0, 0, false, 0);
    static final Reg UNKNOWN_SCALAR = scalar(Scalar.UNKNOWN);
    static final Reg COARSE_SCALAR = scalar(Scalar.COARSE);

    static Reg scalar(Scalar value) {
        return new Reg(Kind.SCALAR, value, 0, 0, 0, -1, 0, 0, false, 0);
    }

    static Reg constant(long v) {
        return scalar(Scalar.constant(v));
    }

    static Reg pointer(Kind kind, int off) {
        return new Reg(kind, Scalar.constant(0), off, 0, 0, -1, 0, 0, false, 0);
    }

    static Reg stack(int frame, int off) {
        return new Reg(Kind.STACK, Scalar.constant(0), off, 0, 0, -1, frame, 0, false, 0);
    }

    static Reg mapValue(Kind kind, int map, int off, int id, boolean maybeNonNull) {
        return mapValue(kind, map, off, id, maybeNonNull, 0);
    }

    static Reg mapValue(Kind kind, int map, int off, int id, boolean maybeNonNull, int mapUid) {
        return new Reg(kind, Scalar.constant(0), off, id, 0, map, 0, 0, maybeNonNull, mapUid);
    }

    /** A pointer to a map ({@code CONST_PTR_TO_MAP}), of an inner map too ({@code mapUid} the lookup's id). */
    static Reg mapPointer(int map, int mapUid) {
        return new Reg(Kind.MAP_PTR, Scalar.constant(0), 0, 0, 0, map, 0, 0, false, mapUid);
    }

    /**
     * A socket pointer ({@code kind} one of the socket kinds): {@code id} names it for its NULL check,
     * {@code ref} is the acquired reference it holds or was cast from ({@code ref_obj_id}), 0 for
     * none. A socket pointer has no link, so the link field holds the reference.
     */
    static Reg socket(Kind kind, int id, int ref) {
        return new Reg(kind, Scalar.constant(0), 0, id, 0, -1, 0, ref, false, 0);
    }

    /** True for the socket kinds (sock, sock_common, tcp_sock, and their or-NULL kinds). */
    boolean isSocket() {
        return switch (kind) {
            case SOCKET, SOCKET_OR_NULL, SOCK_COMMON, SOCK_COMMON_OR_NULL, TCP_SOCK, TCP_SOCK_OR_NULL -> true;
            default -> false;
        };
    }

    /** The acquired reference a socket pointer holds ({@code ref_obj_id}), 0 for none or another kind. */
    int ref() {
        return isSocket() ? link : 0;
    }

    boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    boolean isPointer() {
        return kind != Kind.SCALAR && kind != Kind.NOT_INIT && kind != Kind.UNMODELLED;
    }

    /** True for the kinds the kernel may hold as NULL until a comparison with 0 tells. */
    boolean maybeNull() {
        return kind == Kind.MAP_VALUE_OR_NULL || kind == Kind.RINGBUF_MEM_OR_NULL || kind == Kind.MEM_OR_NULL || kind == Kind.SOCKET_OR_NULL
                || kind == Kind.SOCK_COMMON_OR_NULL || kind == Kind.TCP_SOCK_OR_NULL;
    }

    /** The kind a NULL check leaves on the non-NULL side. */
    Kind nonNullKind() {
        return switch (kind) {
            case MAP_VALUE_OR_NULL -> Kind.MAP_VALUE;
            case RINGBUF_MEM_OR_NULL -> Kind.RINGBUF_MEM;
            case MEM_OR_NULL -> Kind.MEM;
            case SOCKET_OR_NULL -> Kind.SOCKET;
            case SOCK_COMMON_OR_NULL -> Kind.SOCK_COMMON;
            case TCP_SOCK_OR_NULL -> Kind.TCP_SOCK;
            default -> kind;
        };
    }

    boolean isPacket() {
        return kind == Kind.PACKET || kind == Kind.PACKET_META;
    }

    /** True for pointers the kernel knows are not NULL, which a comparison with 0 therefore decides. */
    boolean notNull() {
        return switch (kind) {
            case CTX, STACK, PACKET, PACKET_META, PACKET_END, MAP_VALUE, MAP_PTR, SOCKET, SOCK_COMMON, TCP_SOCK, MAP_KEY -> true;
            default -> false;
        };
    }

    /** True when the value (scalar, or pointer offset) is what the kernel has or a subset of it. */
    boolean exact() {
        return kind != Kind.UNMODELLED && value.exact();
    }

    Reg withValue(Scalar v) {
        return new Reg(kind, v, off, id, range, map, frame, link, maybeNonNull, mapUid);
    }

    Reg withOff(int newOff) {
        return new Reg(kind, value, newOff, id, range, map, frame, link, maybeNonNull, mapUid);
    }

    Reg withRange(int newRange) {
        return new Reg(kind, value, off, id, newRange, map, frame, link, maybeNonNull, mapUid);
    }

    Reg withId(int newId) {
        return new Reg(kind, value, off, newId, range, map, frame, link, maybeNonNull, mapUid);
    }

    Reg withLink(int newLink) {
        return new Reg(kind, value, off, id, range, map, frame, newLink, maybeNonNull, mapUid);
    }

    Reg withKind(Kind newKind) {
        return new Reg(newKind, value, off, id, range, map, frame, link, maybeNonNull, mapUid);
    }

    /** As the kernel's log prints a register, roughly: {@code pkt(id=0,off=14,r=0)}. */
    String describe() {
        return switch (kind) {
            case SCALAR -> value.toString();
            case PACKET, PACKET_META -> kind.logName + "(id=" + id + ",off=" + off + ",r=" + range + ")";
            case STACK -> "fp" + off;
            case MAP_VALUE, MAP_VALUE_OR_NULL -> kind.logName + "(map=" + map + ",off=" + off + ")";
            default -> kind.logName;
        };
    }
}
