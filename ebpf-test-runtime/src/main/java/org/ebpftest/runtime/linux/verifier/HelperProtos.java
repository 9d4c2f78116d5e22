package org.ebpftest.runtime.linux.verifier;

import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LwtHelpers;

/**
 * What the verifier knows of each helper: how many argument registers the kernel reads (its
 * prototype's arguments before the first {@code ARG_DONTCARE}), what it returns, which program
 * types may call it, which need a GPL-compatible licence, which may sleep, which may take packet
 * pointers and which invalidate them.
 *
 * <p>The argument counts and return kinds come from the prototypes in Linux's sources (where the
 * variants of a helper differ, the fewest arguments and an unmodelled return are kept, so that a
 * difference can only make the verifier accept more). The program-type and GPL sets were taken
 * from Linux 6.18 itself, by loading a call of each helper under each type (the same for every
 * attach type of these five); the helper sets, and only those, of kprobes, tracepoints, raw
 * tracepoints and perf events too; other program types are not checked.
 */
final class HelperProtos {
    /** What a helper leaves in r0. */
    enum Return {
        /** An integer: an unknown scalar. */
        INTEGER,
        /** Nothing: r0 is not initialised afterwards. */
        VOID,
        /** A pointer or something else the verifier does not model yet. */
        UNMODELLED
    }

    /** A helper's prototype as far as the verifier uses it; {@code args} is -1 when unknown. */
    record Proto(int args, Return ret) {
    }

    /** NAME:nI = n argument registers read, integer return; V = void; U = unmodelled; -1 = unknown. */
    private static final String TABLE = """
            MAP_LOOKUP_ELEM:2U MAP_UPDATE_ELEM:4I MAP_DELETE_ELEM:2I PROBE_READ:-1U KTIME_GET_NS:0I TRACE_PRINTK:2I
            GET_PRANDOM_U32:0I GET_SMP_PROCESSOR_ID:0I SKB_STORE_BYTES:5I L3_CSUM_REPLACE:5I L4_CSUM_REPLACE:5I TAIL_CALL:3V
            CLONE_REDIRECT:3I GET_CURRENT_PID_TGID:0I GET_CURRENT_UID_GID:0I GET_CURRENT_COMM:2I GET_CGROUP_CLASSID:0I
            SKB_VLAN_PUSH:3I SKB_VLAN_POP:1I SKB_GET_TUNNEL_KEY:4I SKB_SET_TUNNEL_KEY:4I PERF_EVENT_READ:2I REDIRECT:2I
            GET_ROUTE_REALM:1I PERF_EVENT_OUTPUT:5I SKB_LOAD_BYTES:4I GET_STACKID:3I CSUM_DIFF:5I SKB_GET_TUNNEL_OPT:3I
            SKB_SET_TUNNEL_OPT:3I SKB_CHANGE_PROTO:3I SKB_CHANGE_TYPE:2I SKB_UNDER_CGROUP:3I GET_HASH_RECALC:1I
            GET_CURRENT_TASK:0I PROBE_WRITE_USER:3I CURRENT_TASK_UNDER_CGROUP:2I SKB_CHANGE_TAIL:3I SKB_PULL_DATA:2I
            CSUM_UPDATE:2I SET_HASH_INVALID:1I GET_NUMA_NODE_ID:0I SKB_CHANGE_HEAD:3I XDP_ADJUST_HEAD:2I PROBE_READ_STR:-1U
            GET_SOCKET_COOKIE:1I GET_SOCKET_UID:1I SET_HASH:2I SETSOCKOPT:5I SKB_ADJUST_ROOM:4I REDIRECT_MAP:3I
            SK_REDIRECT_MAP:4I SOCK_MAP_UPDATE:4I XDP_ADJUST_META:2I PERF_EVENT_READ_VALUE:4I PERF_PROG_READ_VALUE:3I
            GETSOCKOPT:5I OVERRIDE_RETURN:2I SOCK_OPS_CB_FLAGS_SET:2I MSG_REDIRECT_MAP:4I MSG_APPLY_BYTES:2I MSG_CORK_BYTES:2I
            MSG_PULL_DATA:4I BIND:3I XDP_ADJUST_TAIL:2I SKB_GET_XFRM_STATE:5I GET_STACK:4I SKB_LOAD_BYTES_RELATIVE:5I
            FIB_LOOKUP:4I SOCK_HASH_UPDATE:4I MSG_REDIRECT_HASH:4I SK_REDIRECT_HASH:4I LWT_PUSH_ENCAP:4I LWT_SEG6_STORE_BYTES:4I
            LWT_SEG6_ADJUST_SRH:3I LWT_SEG6_ACTION:4I RC_REPEAT:1I RC_KEYDOWN:4I SKB_CGROUP_ID:1I GET_CURRENT_CGROUP_ID:0I
            GET_LOCAL_STORAGE:2U SK_SELECT_REUSEPORT:-1U SKB_ANCESTOR_CGROUP_ID:2I SK_LOOKUP_TCP:5U SK_LOOKUP_UDP:5U
            SK_RELEASE:1I MAP_PUSH_ELEM:3I MAP_POP_ELEM:2I MAP_PEEK_ELEM:2I MSG_PUSH_DATA:4I MSG_POP_DATA:4I RC_POINTER_REL:3I
            SPIN_LOCK:1V SPIN_UNLOCK:1V SK_FULLSOCK:1U TCP_SOCK:1U SKB_ECN_SET_CE:1I GET_LISTENER_SOCK:1U SKC_LOOKUP_TCP:5U
            TCP_CHECK_SYNCOOKIE:5I SYSCTL_GET_NAME:4I SYSCTL_GET_CURRENT_VALUE:3I SYSCTL_GET_NEW_VALUE:3I SYSCTL_SET_NEW_VALUE:3I
            STRTOL:4I STRTOUL:4I SK_STORAGE_GET:4U SK_STORAGE_DELETE:2I SEND_SIGNAL:1I TCP_GEN_SYNCOOKIE:5I SKB_OUTPUT:5I
            PROBE_READ_USER:3I PROBE_READ_KERNEL:3I PROBE_READ_USER_STR:3I PROBE_READ_KERNEL_STR:3I TCP_SEND_ACK:2I
            SEND_SIGNAL_THREAD:1I JIFFIES64:0I READ_BRANCH_RECORDS:4I GET_NS_CURRENT_PID_TGID:4I XDP_OUTPUT:5I
            GET_NETNS_COOKIE:-1U GET_CURRENT_ANCESTOR_CGROUP_ID:1I SK_ASSIGN:3I KTIME_GET_BOOT_NS:0I SEQ_PRINTF:5I SEQ_WRITE:3I
            SK_CGROUP_ID:1I SK_ANCESTOR_CGROUP_ID:2I RINGBUF_OUTPUT:4I RINGBUF_RESERVE:3U RINGBUF_SUBMIT:2V RINGBUF_DISCARD:2V
            RINGBUF_QUERY:2I CSUM_LEVEL:2I SKC_TO_TCP6_SOCK:1U SKC_TO_TCP_SOCK:1U SKC_TO_TCP_TIMEWAIT_SOCK:1U
            SKC_TO_TCP_REQUEST_SOCK:1U SKC_TO_UDP6_SOCK:1U GET_TASK_STACK:4I LOAD_HDR_OPT:4I STORE_HDR_OPT:4I RESERVE_HDR_OPT:3I
            INODE_STORAGE_GET:4U INODE_STORAGE_DELETE:2I D_PATH:3I COPY_FROM_USER:3I SNPRINTF_BTF:5I SEQ_PRINTF_BTF:4I
            SKB_CGROUP_CLASSID:1I REDIRECT_NEIGH:4I PER_CPU_PTR:2U THIS_CPU_PTR:1U REDIRECT_PEER:2I TASK_STORAGE_GET:4U
            TASK_STORAGE_DELETE:2I GET_CURRENT_TASK_BTF:0U BPRM_OPTS_SET:2I KTIME_GET_COARSE_NS:0I IMA_INODE_HASH:3I
            SOCK_FROM_FILE:1U CHECK_MTU:5I FOR_EACH_MAP_ELEM:4I SNPRINTF:5I SYS_BPF:3I BTF_FIND_BY_NAME_KIND:4I SYS_CLOSE:1I
            TIMER_INIT:3I TIMER_SET_CALLBACK:2I TIMER_START:3I TIMER_CANCEL:1I GET_FUNC_IP:-1U GET_ATTACH_COOKIE:1I
            TASK_PT_REGS:1U GET_BRANCH_SNAPSHOT:2I TRACE_VPRINTK:4I SKC_TO_UNIX_SOCK:1U KALLSYMS_LOOKUP_NAME:4I FIND_VMA:5I
            LOOP:4I STRNCMP:3I GET_FUNC_ARG:3I GET_FUNC_RET:2I GET_FUNC_ARG_CNT:1I GET_RETVAL:0I SET_RETVAL:1I
            XDP_GET_BUFF_LEN:1U XDP_LOAD_BYTES:4I XDP_STORE_BYTES:4I COPY_FROM_USER_TASK:5I SKB_SET_TSTAMP:3I IMA_FILE_HASH:3I
            KPTR_XCHG:2U MAP_LOOKUP_PERCPU_ELEM:3U SKC_TO_MPTCP_SOCK:1U DYNPTR_FROM_MEM:4I RINGBUF_RESERVE_DYNPTR:4I
            RINGBUF_SUBMIT_DYNPTR:2V RINGBUF_DISCARD_DYNPTR:2V DYNPTR_READ:5I DYNPTR_WRITE:5I DYNPTR_DATA:3U
            TCP_RAW_GEN_SYNCOOKIE_IPV4:3I TCP_RAW_GEN_SYNCOOKIE_IPV6:3I TCP_RAW_CHECK_SYNCOOKIE_IPV4:2I
            TCP_RAW_CHECK_SYNCOOKIE_IPV6:2I KTIME_GET_TAI_NS:0I USER_RINGBUF_DRAIN:4I CGRP_STORAGE_GET:4U CGRP_STORAGE_DELETE:2I
            """;

    private static final Map<ProgramType, BitSet> AVAILABLE = new EnumMap<>(ProgramType.class);
    /** Program types whose helper sets are checked, but not their helpers' arguments or GPL rules. */
    private static final Map<ProgramType, BitSet> ONLY_AVAILABILITY = new EnumMap<>(ProgramType.class);
    private static final Map<HelperId, Proto> PROTOS = new EnumMap<>(HelperId.class);
    private static final BitSet GPL_ONLY = ids("6 22 25 35 55 69 100 110 112-115 158 163 165 169-172 175-177 191 204-207");
    private static final BitSet CHANGES_PACKET_DATA = new BitSet();

    static {
        AVAILABLE.put(ProgramType.SOCKET_FILTER, ids("1-3 5-8 12 14-17 22 25-26 35 37 42 46-47 55 68 80 87-89 93-94 105-106 109 112-115 117-118 120 122-123 125 130-134 136-141 148-149 153-154 156-158 160 164-165 169-172 175-178 180-182 191 194-203 208-211"));
        AVAILABLE.put(ProgramType.SCHED_CLS, ids("1-3 5-26 28-35 37-43 46-48 50 55 66 68-69 79-80 83-89 93-100 105-110 112-115 117-118 120 122-125 130-141 148-149 151-158 160 163-165 169-172 175-178 180-182 191-192 194-211"));
        AVAILABLE.put(ProgramType.SCHED_ACT, ids("1-3 5-26 28-35 37-43 46-48 50 55 66 68-69 79-80 83-89 93-100 105-110 112-115 117-118 120 122-125 130-141 148-149 151-158 160 163-165 169-172 175-178 180-182 191-192 194-211"));
        AVAILABLE.put(ProgramType.XDP, ids("1-3 5-8 12 14-17 22-23 25 28 35 37 42 44 51 54-55 65 69 80 84-89 93-94 99-100 105-106 109-110 112-115 117-118 120 123 125 130-134 136-141 148-149 153-154 156-158 160 163-165 169-172 175-178 180-182 188-191 194-211"));
        AVAILABLE.put(ProgramType.CGROUP_SKB, ids("1-3 5-8 12 14-17 22 25-26 35 37 42 46-47 55 68 79-81 83-89 93-99 105-109 112-115 117-118 120 122-123 125 128-134 136-141 148-149 153-154 156-158 160 164-165 169-172 175-178 180-182 191 194-203 208-211"));
        for (ProgramType lwt : new ProgramType[] {ProgramType.LWT_IN, ProgramType.LWT_OUT, ProgramType.LWT_XMIT}) {
            AVAILABLE.put(lwt, LwtHelpers.offered(ContextType.of(lwt)).orElseThrow());
        }
        // kprobes, tracepoints, raw tracepoints and perf events: measured the same way (a call of
        // each helper id under each type, asking whether Linux 6.18 answers "program of this type
        // cannot use helper"); their arguments and GPL rules are not checked (checksArguments).
        // Two more that this kernel's build withholds are allowed, as most kernels offer them:
        // bpf_probe_write_user (36, withheld under lockdown) and, to kprobes,
        // bpf_override_return (58, CONFIG_BPF_KPROBE_OVERRIDE).
        String tracing = "1-8 12 14-17 22 25 27 35-37 42 45 55 67 80 87-89 93-94 105-106 109 112-115 117-118 120 123 125 130-134 141 148-149"
                + " 153-154 156-158 164-165 169-177 180-182 191 194-195 197-203 208-211";
        ONLY_AVAILABILITY.put(ProgramType.KPROBE, ids(tracing + " 58"));
        ONLY_AVAILABILITY.put(ProgramType.TRACEPOINT, ids(tracing));
        ONLY_AVAILABILITY.put(ProgramType.RAW_TRACEPOINT, ids(tracing));
        // perf events also read their own counters (bpf_perf_prog_read_value) and branch records
        ONLY_AVAILABILITY.put(ProgramType.PERF_EVENT, ids(tracing + " 56 119"));
        for (String entry : TABLE.trim().split("\\s+")) {
            int colon = entry.indexOf(':');
            String counts = entry.substring(colon + 1);
            char kind = counts.charAt(counts.length() - 1);
            PROTOS.put(HelperId.valueOf(entry.substring(0, colon)), new Proto(Integer.parseInt(counts.substring(0, counts.length() - 1)),
                    kind == 'I' ? Return.INTEGER : kind == 'V' ? Return.VOID : Return.UNMODELLED));
        }
        // bpf_helper_changes_pkt_data in net/core/filter.c: after these, every packet pointer is stale
        for (HelperId h : new HelperId[] {HelperId.CLONE_REDIRECT, HelperId.L3_CSUM_REPLACE, HelperId.L4_CSUM_REPLACE,
            HelperId.LWT_PUSH_ENCAP, HelperId.LWT_SEG6_ACTION, HelperId.LWT_SEG6_ADJUST_SRH, HelperId.LWT_SEG6_STORE_BYTES,
            HelperId.MSG_POP_DATA, HelperId.MSG_PULL_DATA, HelperId.MSG_PUSH_DATA, HelperId.SKB_ADJUST_ROOM,
            HelperId.SKB_CHANGE_HEAD, HelperId.SKB_CHANGE_PROTO, HelperId.SKB_CHANGE_TAIL, HelperId.SKB_PULL_DATA,
            HelperId.SKB_STORE_BYTES, HelperId.SKB_VLAN_POP, HelperId.SKB_VLAN_PUSH, HelperId.STORE_HDR_OPT,
            HelperId.XDP_ADJUST_HEAD, HelperId.XDP_ADJUST_META, HelperId.XDP_ADJUST_TAIL}) {
            CHANGES_PACKET_DATA.set(h.id());
        }
    }

    /** Helpers with one prototype for every program type: their arguments are checked in any type. */
    private static final BitSet SAME_IN_EVERY_TYPE = new BitSet();

    static {
        for (HelperId h : new HelperId[] {HelperId.MAP_LOOKUP_ELEM, HelperId.MAP_UPDATE_ELEM, HelperId.MAP_DELETE_ELEM,
            HelperId.PROBE_READ_KERNEL, HelperId.PROBE_READ_KERNEL_STR, HelperId.PROBE_READ_USER, HelperId.PROBE_READ_USER_STR,
            HelperId.TRACE_PRINTK, HelperId.DYNPTR_FROM_MEM, HelperId.DYNPTR_READ, HelperId.DYNPTR_WRITE, HelperId.DYNPTR_DATA,
            HelperId.RINGBUF_RESERVE_DYNPTR, HelperId.RINGBUF_SUBMIT_DYNPTR, HelperId.RINGBUF_DISCARD_DYNPTR}) {
            SAME_IN_EVERY_TYPE.set(h.id());
        }
    }

    /**
     * Helpers whose prototype sets {@code pkt_access}: the only ones that may be handed a packet
     * pointer for an argument other than ARG_ANYTHING. Taken from Linux's sources (net/core/filter.c,
     * kernel/bpf/helpers.c) and checked against Linux 6.18, by handing a checked packet pointer to
     * every helper XDP, tc, cgroup_skb and the lwt types may call; the same set in each of them.
     */
    private static final BitSet PACKET_ACCESS = new BitSet();

    static {
        for (HelperId h : new HelperId[] {HelperId.MAP_LOOKUP_ELEM, HelperId.MAP_UPDATE_ELEM, HelperId.MAP_DELETE_ELEM,
            HelperId.MAP_PUSH_ELEM, HelperId.MAP_LOOKUP_PERCPU_ELEM, HelperId.CSUM_DIFF, HelperId.SK_LOOKUP_TCP,
            HelperId.SK_LOOKUP_UDP, HelperId.SKC_LOOKUP_TCP, HelperId.TCP_CHECK_SYNCOOKIE, HelperId.TCP_GEN_SYNCOOKIE,
            HelperId.TCP_RAW_GEN_SYNCOOKIE_IPV4, HelperId.TCP_RAW_GEN_SYNCOOKIE_IPV6, HelperId.TCP_RAW_CHECK_SYNCOOKIE_IPV4,
            HelperId.TCP_RAW_CHECK_SYNCOOKIE_IPV6}) {
            PACKET_ACCESS.set(h.id());
        }
    }

    private HelperProtos() {
    }

    /** The prototype of a helper the kernel has; unknown arguments and an unmodelled return otherwise. */
    static Proto proto(int id) {
        return HelperId.of(id).map(PROTOS::get).orElse(new Proto(-1, Return.UNMODELLED));
    }

    /** False only when Linux 6.18 refuses this helper to programs of this type; true for types not checked. */
    static boolean availableTo(int id, ProgramType type) {
        BitSet set = AVAILABLE.containsKey(type) ? AVAILABLE.get(type) : ONLY_AVAILABILITY.get(type);
        return set == null || set.get(id);
    }

    /**
     * True where {@link HelperArgs} describes the helper's prototype for programs of this type: every
     * helper for the program types whose helper sets are checked (their variants of each helper), and
     * in any other type the helpers whose one prototype serves every program type (the map access
     * helpers of kernel/bpf/helpers.c, the probe reads of kernel/trace/bpf_trace.c,
     * {@code bpf_trace_printk}, and the dynptr helpers of helpers.c and ringbuf.c).
     */
    static boolean checksArguments(ProgramType type, int id) {
        return AVAILABLE.containsKey(type) || (id >= 0 && id < SAME_IN_EVERY_TYPE.size() && SAME_IN_EVERY_TYPE.get(id));
    }

    /**
     * True for helpers whose prototype says they may sleep ({@code might_sleep}: bpf_copy_from_user
     * and bpf_copy_from_user_task), in the program types checked, which are never sleepable.
     */
    static boolean mightSleep(int id, ProgramType type) {
        return AVAILABLE.containsKey(type) && (id == HelperId.COPY_FROM_USER.id() || id == HelperId.COPY_FROM_USER_TASK.id());
    }

    /** True when the helper needs a GPL-compatible licence, for the program types checked. */
    static boolean gplOnly(int id, ProgramType type) {
        return AVAILABLE.containsKey(type) && GPL_ONLY.get(id);
    }

    /**
     * False when Linux refuses a packet pointer for any argument of this helper but an ARG_ANYTHING
     * one (may_access_direct_pkt_data with the call's meta): in every program type that has packet
     * pointers but cgroup_sockopt, whose packet pointers (the option's buffer) any helper may take.
     * Extensions take their target's type, which is not known here.
     */
    static boolean packetAccess(int id, ProgramType type) {
        return type == ProgramType.CGROUP_SOCKOPT || type == ProgramType.EXT || PACKET_ACCESS.get(id);
    }

    /** True for helpers after which the kernel forgets every packet pointer (bpf_helper_changes_pkt_data). */
    static boolean changesPacketData(int id) {
        return CHANGES_PACKET_DATA.get(id);
    }

    private static BitSet ids(String ranges) {
        BitSet set = new BitSet();
        for (String r : ranges.trim().split(" ")) {
            int dash = r.indexOf('-');
            if (dash < 0) {
                set.set(Integer.parseInt(r));
            } else {
                set.set(Integer.parseInt(r.substring(0, dash)), Integer.parseInt(r.substring(dash + 1)) + 1);
            }
        }
        return set;
    }
}
