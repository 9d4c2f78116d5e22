package org.ebpftest.runtime.linux;

/**
 * The program types the emulator builds a context for, each with its kernel number
 * ({@code enum bpf_prog_type}) and the name {@code bpftool} shows.
 */
public enum ProgramType {
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

    ProgramType(int kernelId, String bpftoolName) {
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

    /**
     * The type of an ELF section name as libbpf reads it ({@code xdp}, {@code tc}, {@code classifier},
     * {@code action}, {@code socket}, {@code cgroup_skb/...}); {@link #GENERIC} otherwise.
     */
    public static ProgramType fromSection(String section) {
        String s = section.contains("/") ? section.substring(0, section.indexOf('/')) : section;
        return switch (s) {
            case "xdp", "xdp.frags" -> XDP;
            case "tc", "classifier", "tcx" -> SCHED_CLS;
            case "action" -> SCHED_ACT;
            case "socket" -> SOCKET_FILTER;
            case "cgroup_skb" -> CGROUP_SKB;
            default -> GENERIC;
        };
    }
}
