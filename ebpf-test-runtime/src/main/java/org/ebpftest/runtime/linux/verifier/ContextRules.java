package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.elf.AttachType;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.buffers.ContextAccessRules;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.vm.AccessGuard;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Context access at load: the emulator's own rules ({@link ContextAccessRules}, shared, not copied)
 * decide which accesses are valid, and the field decides what a load gives (a packet pointer for
 * {@code data}, {@code data_end}, {@code data_meta}, a socket or NULL for {@code sk}, a scalar otherwise). Program types whose
 * context the emulator does not model accept every access but a narrow load of their 8-byte pointer
 * fields, and give unmodelled values.
 */
final class ContextRules {
    private final ContextType type;
    private final AccessGuard guard;
    private final boolean devmap;
    /**
     * In a context the emulator does not model, the offsets of the 8-byte fields Linux reads only
     * whole (pointers, and sock_ops' hardware timestamp): of {@code struct bpf_sockopt} sk, optval
     * and optval_end, of {@code struct bpf_sock_addr} sk, of {@code struct bpf_sock_ops} sk,
     * skb_data, skb_data_end and skb_hwtstamp. Any narrower load of them is refused, as each type's
     * is_valid_access refuses it; nothing else of these contexts is checked.
     */
    private final int[] wholeFields;

    ContextRules(ProgramType programType, AttachType attachType) {
        this.type = ContextType.of(programType);
        this.guard = ContextAccessRules.of(type).orElse(null);
        this.devmap = attachType == AttachType.XDP_DEVMAP;
        this.wholeFields = guard != null ? new int[0] : switch (programType) {
            case CGROUP_SOCKOPT -> new int[] {0, 8, 16};
            case CGROUP_SOCK_ADDR -> new int[] {64};
            case SOCK_OPS -> new int[] {184, 192, 200, 216};
            default -> new int[0];
        };
    }

    boolean modelled() {
        return guard != null;
    }

    /** Null when the access is valid, else why not. */
    String check(int off, int size, boolean store) {
        if (guard == null) {
            for (int field : wholeFields) {
                if (!store && off < field + 8 && off + size > field && (off != field || size != 8)) {
                    return "a part of a field read only whole";
                }
            }
            return null;
        }
        // past the end of the structure: the emulator's region bounds refuse these at run time
        int structSize = type == ContextType.XDP ? XdpLayout.SIZE : SkbLayout.SIZE;
        if (off < 0 || off + size > structSize) {
            return "outside the context";
        }
        if (type == ContextType.XDP && devmap && off == XdpLayout.EGRESS_IFINDEX && size == 4 && !store) {
            return null;
        }
        return guard.check(off, size, store);
    }

    /**
     * True for a sign-extending load of a packet pointer field (data, data_end, data_meta), which
     * xdp_is_valid_access and bpf_skb_is_valid_access refuse: the field holds a pointer.
     */
    boolean signExtendRefused(int off) {
        if (guard == null) {
            return false;
        }
        if (type == ContextType.XDP) {
            return off == XdpLayout.DATA || off == XdpLayout.DATA_END || off == XdpLayout.DATA_META;
        }
        return within(off, SkbLayout.DATA) || within(off, SkbLayout.DATA_END) || within(off, SkbLayout.DATA_META);
    }

    private static boolean within(int off, int field) {
        return off >= field && off < field + 4;
    }

    /** What a valid load of a field gives. */
    Reg load(int off, int size) {
        if (guard == null) {
            return Reg.UNMODELLED;
        }
        if (type == ContextType.XDP) {
            switch (off) {
                case XdpLayout.DATA:
                    return Reg.pointer(Kind.PACKET, 0);
                case XdpLayout.DATA_END:
                    return Reg.pointer(Kind.PACKET_END, 0);
                case XdpLayout.DATA_META:
                    return Reg.pointer(Kind.PACKET_META, 0);
                default:
                    return Reg.scalar(Scalar.ofBytes(size));
            }
        }
        if (size == 4 && off == SkbLayout.DATA) {
            return Reg.pointer(Kind.PACKET, 0);
        }
        if (size == 4 && off == SkbLayout.DATA_END) {
            return Reg.pointer(Kind.PACKET_END, 0);
        }
        if (size == 4 && off == SkbLayout.DATA_META) {
            return Reg.pointer(Kind.PACKET_META, 0);
        }
        if (size == 8 && off == SkbLayout.SK) {
            // bpf_skb_is_valid_access: the socket the packet belongs to, or NULL; no reference is held
            return Reg.socket(Kind.SOCK_COMMON_OR_NULL, 0, 0);
        }
        if ((off >= SkbLayout.SK && off < SkbLayout.SK + 8) || (off >= SkbLayout.FLOW_KEYS && off < SkbLayout.FLOW_KEYS + 8)) {
            return Reg.UNMODELLED;
        }
        return Reg.scalar(Scalar.ofBytes(size));
    }

    /** True when the program may write packet data directly (the kernel's may_access_direct_pkt_data for writes). */
    boolean packetWritable() {
        // may_access_direct_pkt_data: lwt_in and lwt_out read the packet, only lwt_xmit writes it
        return type != ContextType.CGROUP_SKB && type != ContextType.SOCKET_FILTER && type != ContextType.LWT_IN && type != ContextType.LWT_OUT;
    }
}
