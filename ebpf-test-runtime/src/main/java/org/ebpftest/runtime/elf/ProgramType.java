package org.ebpftest.runtime.elf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpftest.runtime.uapi.ReturnCodes;

/**
 * The kernel's program types ({@code enum bpf_prog_type} in {@code include/uapi/linux/bpf.h}), with
 * their numbers. What a program may do and what its context is follow from its type.
 */
public enum ProgramType {
    /** Not a real program type. */
    UNSPEC(0),
    /** Socket filter: sees a packet as a {@code __sk_buff}, returns how many bytes to keep. */
    SOCKET_FILTER(1),
    /** Kernel or user probe. */
    KPROBE(2),
    /** Traffic-control classifier ({@code tc}, {@code tcx}). */
    SCHED_CLS(3),
    /** Traffic-control action. */
    SCHED_ACT(4),
    /** Kernel tracepoint. */
    TRACEPOINT(5),
    /** eXpress Data Path: sees a packet as an {@code xdp_md}, returns an XDP action. */
    XDP(6),
    /** Perf event handler. */
    PERF_EVENT(7),
    /** Cgroup packet filter. */
    CGROUP_SKB(8),
    /** Cgroup socket creation and release hook. */
    CGROUP_SOCK(9),
    /** Lightweight tunnel input. */
    LWT_IN(10),
    /** Lightweight tunnel output. */
    LWT_OUT(11),
    /** Lightweight tunnel transmit. */
    LWT_XMIT(12),
    /** Socket operations hook. */
    SOCK_OPS(13),
    /** Socket map packet parser or verdict. */
    SK_SKB(14),
    /** Cgroup device access hook. */
    CGROUP_DEVICE(15),
    /** Socket map message verdict. */
    SK_MSG(16),
    /** Raw kernel tracepoint. */
    RAW_TRACEPOINT(17),
    /** Cgroup socket address hook (bind, connect, sendmsg...). */
    CGROUP_SOCK_ADDR(18),
    /** Segment-routing local action. */
    LWT_SEG6LOCAL(19),
    /** Infrared remote decoder. */
    LIRC_MODE2(20),
    /** SO_REUSEPORT socket selection. */
    SK_REUSEPORT(21),
    /** Flow dissector. */
    FLOW_DISSECTOR(22),
    /** Cgroup sysctl access hook. */
    CGROUP_SYSCTL(23),
    /** Raw tracepoint that may write its arguments. */
    RAW_TRACEPOINT_WRITABLE(24),
    /** Cgroup getsockopt/setsockopt hook. */
    CGROUP_SOCKOPT(25),
    /** BTF-typed tracing: fentry, fexit, fmod_ret, tp_btf, iterators. */
    TRACING(26),
    /** Implementation of a kernel struct of operations. */
    STRUCT_OPS(27),
    /** Replacement of a global function of another program. */
    EXT(28),
    /** Linux security module hook. */
    LSM(29),
    /** Socket lookup hook. */
    SK_LOOKUP(30),
    /** Program run by the bpf() syscall. */
    SYSCALL(31),
    /** Netfilter hook. */
    NETFILTER(32);

    private final int id;

    ProgramType(int id) {
        this.id = id;
    }

    /** Short names users type for a program type, as tc and libbpf's sections spell them. */
    private static final Map<String, ProgramType> ALIASES = Map.of(
            "tc", SCHED_CLS, "classifier", SCHED_CLS, "cls", SCHED_CLS, "action", SCHED_ACT, "act", SCHED_ACT,
            "socket", SOCKET_FILTER, "cgroup_skb", CGROUP_SKB);

    /** The kernel's number for this type. */
    public int id() {
        return id;
    }

    /** The name {@code bpftool prog show} prints for this type (libbpf's name): {@code sched_cls}, {@code xdp}, {@code raw_tracepoint}. */
    public String bpftoolName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type a user names: the constant's name in any case, as bpftool prints it
     * ({@code sched_cls}, {@code xdp}, {@code socket_filter}), or a short name: {@code tc},
     * {@code classifier} and {@code cls} for {@link #SCHED_CLS}, {@code action} and {@code act} for
     * {@link #SCHED_ACT}, {@code socket} for {@link #SOCKET_FILTER}.
     *
     * @throws IllegalArgumentException listing the names when none matches
     */
    public static ProgramType named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        ProgramType alias = ALIASES.get(key);
        if (alias != null) {
            return alias;
        }
        for (ProgramType t : values()) {
            if (t != UNSPEC && t.bpftoolName().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown program type \"" + name + "\"; types are tc, socket, action, "
                + Arrays.stream(values()).filter(t -> t != UNSPEC).map(ProgramType::bpftoolName).collect(Collectors.joining(", ")));
    }

    /**
     * What the kernel makes of the value a program of this type returns, such as
     * {@link ReturnCodes#XDP}; empty for types whose return value has no shared meaning (tracing,
     * probes, {@code syscall}...), which tests compare as a number.
     */
    public Optional<ReturnCodes> returnCodes() {
        return Optional.ofNullable(switch (this) {
            case XDP -> ReturnCodes.XDP;
            case SCHED_CLS, SCHED_ACT -> ReturnCodes.TC;
            case SOCKET_FILTER -> ReturnCodes.SOCKET_FILTER;
            case CGROUP_SKB -> ReturnCodes.CGROUP_SKB;
            case SK_SKB, SK_MSG, SK_REUSEPORT, SK_LOOKUP -> ReturnCodes.SK;
            default -> null;
        });
    }
}
