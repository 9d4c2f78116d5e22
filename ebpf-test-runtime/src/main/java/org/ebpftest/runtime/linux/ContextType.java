package org.ebpftest.runtime.linux;

import java.util.Optional;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.uapi.ReturnCodes;

/**
 * The kind of context the emulator builds for a run, as BPF_PROG_TEST_RUN builds it for the
 * program's type: {@code xdp_md}, {@code __sk_buff} in its flavours (tc, socket filter, cgroup, lightweight tunnels), netfilter's
 * {@code bpf_nf_ctx}, or raw bytes for every
 * other type. Each emulated context names its {@link ProgramType}, which owns the kernel's number
 * and return codes; this type adds what the emulated context lets a program see and do.
 * {@link #of(ProgramType)} maps a loaded program's type onto it.
 */
public enum ContextType {
    /** {@code BPF_PROG_TYPE_SOCKET_FILTER}: sees the packet from the network header, reads {@code __sk_buff}. */
    SOCKET_FILTER(ProgramType.SOCKET_FILTER),
    /** {@code BPF_PROG_TYPE_SCHED_CLS}: a tc classifier; sees the packet from the Ethernet header. */
    SCHED_CLS(ProgramType.SCHED_CLS),
    /** {@code BPF_PROG_TYPE_SCHED_ACT}: a tc action; same context as {@link #SCHED_CLS}. */
    SCHED_ACT(ProgramType.SCHED_ACT),
    /** {@code BPF_PROG_TYPE_XDP}: sees the frame through {@code xdp_md}. */
    XDP(ProgramType.XDP),
    /** {@code BPF_PROG_TYPE_CGROUP_SKB}: sees the packet from the network header, read-only. */
    CGROUP_SKB(ProgramType.CGROUP_SKB),
    /** {@code BPF_PROG_TYPE_LWT_IN}: a route's input hook; sees the packet from the network header, may not write it. */
    LWT_IN(ProgramType.LWT_IN),
    /** {@code BPF_PROG_TYPE_LWT_OUT}: a route's output hook; sees the packet from the network header, may not write it. */
    LWT_OUT(ProgramType.LWT_OUT),
    /** {@code BPF_PROG_TYPE_LWT_XMIT}: a route's transmit hook; sees the packet from the network header and may change it. */
    LWT_XMIT(ProgramType.LWT_XMIT),
    /**
     * {@code BPF_PROG_TYPE_NETFILTER}: a netfilter hook; sees {@code struct bpf_nf_ctx}, pointers to
     * the hook state and the kernel's socket buffer, and reads the packet through a dynptr.
     */
    NETFILTER(ProgramType.NETFILTER),
    /** Any other type: the program gets the raw context bytes the test supplies. */
    GENERIC(null);

    private final ProgramType programType;

    ContextType(ProgramType programType) {
        this.programType = programType;
    }

    /** The kernel's program type this context is built for; empty for {@link #GENERIC}, which stands for every other type. */
    public Optional<ProgramType> programType() {
        return Optional.ofNullable(programType);
    }

    /** The name {@code bpftool prog show} prints for its program type; {@code generic} for {@link #GENERIC}. */
    public String bpftoolName() {
        return programType().map(ProgramType::bpftoolName).orElse("generic");
    }

    /** What the kernel makes of the program's return value; empty for {@link #GENERIC}, whose programs' return values have no common meaning. */
    public Optional<ReturnCodes> returnCodes() {
        return programType().flatMap(ProgramType::returnCodes);
    }

    /** True for the types whose context is {@code struct __sk_buff}. */
    public boolean isSkb() {
        return this == SOCKET_FILTER || this == SCHED_CLS || this == SCHED_ACT || this == CGROUP_SKB || isLwt();
    }

    /** True for the lightweight-tunnel types, whose packet starts at the network header as routes see it. */
    public boolean isLwt() {
        return this == LWT_IN || this == LWT_OUT || this == LWT_XMIT;
    }

    /** True for tc programs, which see the packet from the Ethernet header and may change it. */
    public boolean isTc() {
        return this == SCHED_CLS || this == SCHED_ACT;
    }

    /** The context a program of a kernel program type runs on; {@link #GENERIC} for types without an emulated context. */
    public static ContextType of(ProgramType type) {
        for (ContextType c : values()) {
            if (c.programType == type) {
                return c;
            }
        }
        return GENERIC;
    }
}
