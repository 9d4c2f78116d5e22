package org.ebpftest.runtime.elf;

/**
 * The kernel's attach types ({@code enum bpf_attach_type} in {@code include/uapi/linux/bpf.h}), with
 * their numbers: where a program of a type is attached, which for some types changes what it may do.
 */
public enum AttachType {
    /** No attach type is expected at load time (the kernel's 0 is also {@code CGROUP_INET_INGRESS}). */
    NONE(-1),
    /** Cgroup ingress packets. */
    CGROUP_INET_INGRESS(0),
    /** Cgroup egress packets. */
    CGROUP_INET_EGRESS(1),
    /** Cgroup socket creation. */
    CGROUP_INET_SOCK_CREATE(2),
    /** Cgroup socket operations. */
    CGROUP_SOCK_OPS(3),
    /** Socket map stream parser. */
    SK_SKB_STREAM_PARSER(4),
    /** Socket map stream verdict. */
    SK_SKB_STREAM_VERDICT(5),
    /** Cgroup device access. */
    CGROUP_DEVICE(6),
    /** Socket map message verdict. */
    SK_MSG_VERDICT(7),
    /** IPv4 bind. */
    CGROUP_INET4_BIND(8),
    /** IPv6 bind. */
    CGROUP_INET6_BIND(9),
    /** IPv4 connect. */
    CGROUP_INET4_CONNECT(10),
    /** IPv6 connect. */
    CGROUP_INET6_CONNECT(11),
    /** After an IPv4 bind. */
    CGROUP_INET4_POST_BIND(12),
    /** After an IPv6 bind. */
    CGROUP_INET6_POST_BIND(13),
    /** UDP over IPv4 sendmsg. */
    CGROUP_UDP4_SENDMSG(14),
    /** UDP over IPv6 sendmsg. */
    CGROUP_UDP6_SENDMSG(15),
    /** Infrared decoding. */
    LIRC_MODE2(16),
    /** Flow dissection. */
    FLOW_DISSECTOR(17),
    /** Sysctl access. */
    CGROUP_SYSCTL(18),
    /** UDP over IPv4 recvmsg. */
    CGROUP_UDP4_RECVMSG(19),
    /** UDP over IPv6 recvmsg. */
    CGROUP_UDP6_RECVMSG(20),
    /** getsockopt. */
    CGROUP_GETSOCKOPT(21),
    /** setsockopt. */
    CGROUP_SETSOCKOPT(22),
    /** BTF-typed raw tracepoint. */
    TRACE_RAW_TP(23),
    /** Function entry. */
    TRACE_FENTRY(24),
    /** Function exit. */
    TRACE_FEXIT(25),
    /** Function return value override. */
    MODIFY_RETURN(26),
    /** Security module hook. */
    LSM_MAC(27),
    /** Iterator. */
    TRACE_ITER(28),
    /** IPv4 getpeername. */
    CGROUP_INET4_GETPEERNAME(29),
    /** IPv6 getpeername. */
    CGROUP_INET6_GETPEERNAME(30),
    /** IPv4 getsockname. */
    CGROUP_INET4_GETSOCKNAME(31),
    /** IPv6 getsockname. */
    CGROUP_INET6_GETSOCKNAME(32),
    /** XDP program run by a device map. */
    XDP_DEVMAP(33),
    /** Cgroup socket release. */
    CGROUP_INET_SOCK_RELEASE(34),
    /** XDP program run by a CPU map. */
    XDP_CPUMAP(35),
    /** Socket lookup. */
    SK_LOOKUP(36),
    /** XDP on a network device. */
    XDP(37),
    /** Socket map verdict. */
    SK_SKB_VERDICT(38),
    /** SO_REUSEPORT selection. */
    SK_REUSEPORT_SELECT(39),
    /** SO_REUSEPORT selection or migration. */
    SK_REUSEPORT_SELECT_OR_MIGRATE(40),
    /** Perf event. */
    PERF_EVENT(41),
    /** Kprobe on many functions. */
    TRACE_KPROBE_MULTI(42),
    /** Security module hook per cgroup. */
    LSM_CGROUP(43),
    /** Struct ops. */
    STRUCT_OPS(44),
    /** Netfilter hook. */
    NETFILTER(45),
    /** tcx ingress. */
    TCX_INGRESS(46),
    /** tcx egress. */
    TCX_EGRESS(47),
    /** Uprobe on many locations. */
    TRACE_UPROBE_MULTI(48),
    /** Unix socket connect. */
    CGROUP_UNIX_CONNECT(49),
    /** Unix socket sendmsg. */
    CGROUP_UNIX_SENDMSG(50),
    /** Unix socket recvmsg. */
    CGROUP_UNIX_RECVMSG(51),
    /** Unix socket getpeername. */
    CGROUP_UNIX_GETPEERNAME(52),
    /** Unix socket getsockname. */
    CGROUP_UNIX_GETSOCKNAME(53),
    /** netkit primary device. */
    NETKIT_PRIMARY(54),
    /** netkit peer device. */
    NETKIT_PEER(55),
    /** Kprobe entry and exit session. */
    TRACE_KPROBE_SESSION(56);

    private final int id;

    AttachType(int id) {
        this.id = id;
    }

    /** The kernel's number for this type; for {@link #NONE}, 0, which is what the kernel is given. */
    public int id() {
        return Math.max(id, 0);
    }
}
