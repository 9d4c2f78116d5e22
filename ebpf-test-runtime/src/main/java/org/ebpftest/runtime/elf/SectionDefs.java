package org.ebpftest.runtime.elf;

import java.util.List;

/**
 * Section-name conventions: which program type and expected attach type a section name such as
 * {@code xdp}, {@code tc/ingress} or {@code kprobe/do_exit} stands for. libbpf 1.x's strict rules
 * come first: a pattern ending in {@code +} matches the name itself or the name followed by
 * {@code /} and a target; one ending in {@code /} needs a target; any other pattern matches only
 * itself. The first match wins, as in libbpf. The {@code xdp.frags} rows carry libbpf's
 * SEC_XDP_FRAGS: the program loads with BPF_F_XDP_HAS_FRAGS.
 *
 * <p>A name libbpf leaves untyped then goes through cilium/ebpf's rule over the same table: a
 * pattern without {@code +} or {@code /} matches any name it begins ({@code socket1},
 * {@code xdp_sample}, {@code tc/test/drop}), with no attach target; a leading {@code ?} is
 * ignored. What neither types is left to iproute2's rule, applied across the object by the reader:
 * tc loads every section of an object with the type its command line gives.
 */
final class SectionDefs {

    /** One row of the table. */
    record Def(String pattern, ProgramType type, AttachType attach, boolean xdpFrags) {
        /** The attach target after the prefix ({@code do_exit} in {@code kprobe/do_exit}), or null when this row does not match. */
        String match(String section) {
            int n = pattern.length();
            char last = pattern.charAt(n - 1);
            if (last == '/') {
                return section.startsWith(pattern) ? section.substring(n) : null;
            }
            if (last == '+') {
                String prefix = pattern.substring(0, n - 1);
                if (section.equals(prefix)) {
                    return "";
                }
                return section.startsWith(prefix + "/") ? section.substring(n) : null;
            }
            return section.equals(pattern) ? "" : null;
        }
    }

    private static final List<Def> DEFS = List.of(
            def("socket", ProgramType.SOCKET_FILTER, AttachType.NONE),
            def("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE),
            def("sk_reuseport", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT),
            def("kprobe+", ProgramType.KPROBE, AttachType.NONE),
            def("uprobe+", ProgramType.KPROBE, AttachType.NONE),
            def("uprobe.s+", ProgramType.KPROBE, AttachType.NONE),
            def("kretprobe+", ProgramType.KPROBE, AttachType.NONE),
            def("uretprobe+", ProgramType.KPROBE, AttachType.NONE),
            def("uretprobe.s+", ProgramType.KPROBE, AttachType.NONE),
            def("kprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI),
            def("kretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI),
            def("uprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI),
            def("uretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI),
            def("ksyscall+", ProgramType.KPROBE, AttachType.NONE),
            def("kretsyscall+", ProgramType.KPROBE, AttachType.NONE),
            def("usdt+", ProgramType.KPROBE, AttachType.NONE),
            def("tc/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS),
            def("tc/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS),
            def("tcx/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS),
            def("tcx/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS),
            def("netkit/primary", ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY),
            def("netkit/peer", ProgramType.SCHED_CLS, AttachType.NETKIT_PEER),
            def("tc", ProgramType.SCHED_CLS, AttachType.NONE),
            def("classifier", ProgramType.SCHED_CLS, AttachType.NONE),
            def("action", ProgramType.SCHED_ACT, AttachType.NONE),
            def("tracepoint+", ProgramType.TRACEPOINT, AttachType.NONE),
            def("tp+", ProgramType.TRACEPOINT, AttachType.NONE),
            def("raw_tracepoint+", ProgramType.RAW_TRACEPOINT, AttachType.NONE),
            def("raw_tp+", ProgramType.RAW_TRACEPOINT, AttachType.NONE),
            def("raw_tracepoint.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, AttachType.NONE),
            def("raw_tp.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, AttachType.NONE),
            def("tp_btf+", ProgramType.TRACING, AttachType.TRACE_RAW_TP),
            def("fentry+", ProgramType.TRACING, AttachType.TRACE_FENTRY),
            def("fmod_ret+", ProgramType.TRACING, AttachType.MODIFY_RETURN),
            def("fexit+", ProgramType.TRACING, AttachType.TRACE_FEXIT),
            def("fentry.s+", ProgramType.TRACING, AttachType.TRACE_FENTRY),
            def("fmod_ret.s+", ProgramType.TRACING, AttachType.MODIFY_RETURN),
            def("fexit.s+", ProgramType.TRACING, AttachType.TRACE_FEXIT),
            def("freplace+", ProgramType.EXT, AttachType.NONE),
            def("lsm+", ProgramType.LSM, AttachType.LSM_MAC),
            def("lsm.s+", ProgramType.LSM, AttachType.LSM_MAC),
            def("lsm_cgroup+", ProgramType.LSM, AttachType.LSM_CGROUP),
            def("iter+", ProgramType.TRACING, AttachType.TRACE_ITER),
            def("iter.s+", ProgramType.TRACING, AttachType.TRACE_ITER),
            def("syscall", ProgramType.SYSCALL, AttachType.NONE),
            def("xdp.frags/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP),
            def("xdp/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP),
            def("xdp.frags/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP),
            def("xdp/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP),
            def("xdp.frags", ProgramType.XDP, AttachType.XDP),
            def("xdp", ProgramType.XDP, AttachType.XDP),
            def("perf_event", ProgramType.PERF_EVENT, AttachType.NONE),
            def("lwt_in", ProgramType.LWT_IN, AttachType.NONE),
            def("lwt_out", ProgramType.LWT_OUT, AttachType.NONE),
            def("lwt_xmit", ProgramType.LWT_XMIT, AttachType.NONE),
            def("lwt_seg6local", ProgramType.LWT_SEG6LOCAL, AttachType.NONE),
            def("sockops", ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS),
            def("sk_skb/stream_parser", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER),
            def("sk_skb/stream_verdict", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT),
            def("sk_skb/verdict", ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT),
            def("sk_skb", ProgramType.SK_SKB, AttachType.NONE),
            def("sk_msg", ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT),
            def("lirc_mode2", ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2),
            def("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR),
            def("cgroup_skb/ingress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS),
            def("cgroup_skb/egress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS),
            def("cgroup/skb", ProgramType.CGROUP_SKB, AttachType.NONE),
            def("cgroup/sock_create", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            def("cgroup/sock_release", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE),
            def("cgroup/sock", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE),
            def("cgroup/post_bind4", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND),
            def("cgroup/post_bind6", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND),
            def("cgroup/bind4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND),
            def("cgroup/bind6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND),
            def("cgroup/connect4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT),
            def("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT),
            def("cgroup/connect_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT),
            def("cgroup/sendmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG),
            def("cgroup/sendmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG),
            def("cgroup/sendmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG),
            def("cgroup/recvmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG),
            def("cgroup/recvmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG),
            def("cgroup/recvmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG),
            def("cgroup/getpeername4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME),
            def("cgroup/getpeername6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME),
            def("cgroup/getpeername_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME),
            def("cgroup/getsockname4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME),
            def("cgroup/getsockname6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME),
            def("cgroup/getsockname_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME),
            def("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL),
            def("cgroup/getsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT),
            def("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT),
            def("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE),
            def("struct_ops+", ProgramType.STRUCT_OPS, AttachType.NONE),
            def("struct_ops.s+", ProgramType.STRUCT_OPS, AttachType.NONE),
            def("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP),
            def("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER));

    private SectionDefs() {
    }

    private static Def def(String pattern, ProgramType type, AttachType attach) {
        return new Def(pattern, type, attach, pattern.startsWith("xdp.frags"));
    }

    /**
     * What a section name stands for: the matching row, the attach target and the rule that
     * matched, libbpf's first and cilium/ebpf's prefix rule after it; null for a name neither types.
     */
    static Match lookup(String section) {
        // libbpf reads SEC("?name") as SEC("name") whose program is not loaded unless asked for
        // (autoload off): the '?' plays no part in the type
        String name = section.startsWith("?") ? section.substring(1) : section;
        for (Def d : DEFS) {
            String target = d.match(name);
            if (target != null) {
                return new Match(d.type(), d.attach(), target, d.xdpFrags(), new TypeRule(TypeRule.Origin.LIBBPF, d.pattern()));
            }
        }
        for (Def d : DEFS) {
            char last = d.pattern().charAt(d.pattern().length() - 1);
            if (last != '+' && last != '/' && name.startsWith(d.pattern())) {
                return new Match(d.type(), d.attach(), "", d.xdpFrags(), new TypeRule(TypeRule.Origin.CILIUM_EBPF, d.pattern()));
            }
        }
        return null;
    }

    /** The result of a lookup. */
    record Match(ProgramType type, AttachType attach, String attachTo, boolean xdpFrags, TypeRule rule) {
    }
}
