package org.ebpftest.runtime.linux;

import org.ebpftest.runtime.elf.ProgramType;

/**
 * The kind of context the emulator builds for a run, as BPF_PROG_TEST_RUN builds it for the
 * program's type: {@code xdp_md}, {@code __sk_buff} in its four flavours, or raw bytes for every
 * other type. {@link #of(ProgramType)} maps a loaded program's type onto it.
 */
public enum ContextType {
    /** {@code BPF_PROG_TYPE_SOCKET_FILTER}: sees the packet from the network header, reads {@code __sk_buff}. */
    SOCKET_FILTER(1, "socket_filter"),
    /** {@code BPF_PROG_TYPE_SCHED_CLS}: a tc classifier; sees the packet from the Ethernet header. */
    SCHED_CLS(3, "sched_cls"),
    /** {@code BPF_PROG_TYPE_SCHED_ACT}: a tc action; same context as {@link #SCHED_CLS}. */
    SCHED_ACT(4, "sched_act"),
    /** {@code BPF_PROG_TYPE_XDP}: sees the frame through {@code xdp_md}. */
    XDP(6, "xdp"),
    /** {@code BPF_PROG_TYPE_CGROUP_SKB}: sees the packet from the network header, read-only. */
    CGROUP_SKB(8, "cgroup_skb"),
    /** Any other type: the program gets the raw context bytes the test supplies. */
    GENERIC(0, "generic");

    private final int kernelId;
    private final String bpftoolName;

    ContextType(int kernelId, String bpftoolName) {
        this.kernelId = kernelId;
        this.bpftoolName = bpftoolName;
    }

    /** The kernel's number for this type, 0 for {@link #GENERIC}. */
    public int kernelId() {
        return kernelId;
    }

    /** The name {@code bpftool prog show} prints. */
    public String bpftoolName() {
        return bpftoolName;
    }

    /** True for the types whose context is {@code struct __sk_buff}. */
    public boolean isSkb() {
        return this == SOCKET_FILTER || this == SCHED_CLS || this == SCHED_ACT || this == CGROUP_SKB;
    }

    /** True for tc programs, which see the packet from the Ethernet header and may change it. */
    public boolean isTc() {
        return this == SCHED_CLS || this == SCHED_ACT;
    }

    /** The context a program of a kernel program type runs on; {@link #GENERIC} for types without an emulated context. */
    public static ContextType of(ProgramType type) {
        return switch (type) {
            case XDP -> XDP;
            case SCHED_CLS -> SCHED_CLS;
            case SCHED_ACT -> SCHED_ACT;
            case SOCKET_FILTER -> SOCKET_FILTER;
            case CGROUP_SKB -> CGROUP_SKB;
            default -> GENERIC;
        };
    }
}
