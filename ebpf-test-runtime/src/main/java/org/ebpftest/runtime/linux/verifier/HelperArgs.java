package org.ebpftest.runtime.linux.verifier;

import java.util.EnumMap;
import java.util.Map;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.uapi.MapType;

/**
 * The argument kinds of helper prototypes ({@code struct bpf_func_proto}'s {@code arg1_type} ...
 * {@code arg5_type} in Linux's net/core/filter.c, kernel/bpf/helpers.c and ringbuf.c), as far as the
 * verifier checks them, and which map types a helper takes ({@code check_map_func_compatibility}).
 *
 * <p>Only the variants the program types with checked helper sets (XDP, tc, socket filter,
 * cgroup_skb) use are listed; a helper not listed has its argument registers read and nothing more.
 */
final class HelperArgs {
    /** One argument's kind, after {@code enum bpf_arg_type}. */
    enum Arg {
        /** ARG_ANYTHING: any initialised value (root may pass pointers). */
        ANYTHING,
        /** ARG_CONST_MAP_PTR. */
        MAP_PTR,
        /** ARG_PTR_TO_MAP_KEY: key_size readable bytes. */
        MAP_KEY,
        /** ARG_PTR_TO_MAP_VALUE: value_size readable bytes. */
        MAP_VALUE,
        /** ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE: value_size writable bytes. */
        MAP_VALUE_OUT,
        /** ARG_PTR_TO_MEM (| MEM_RDONLY): memory the next argument sizes, read. */
        MEM,
        /** ARG_PTR_TO_MEM | PTR_MAYBE_NULL: the same, or NULL. */
        MEM_OR_NULL,
        /** ARG_PTR_TO_UNINIT_MEM: memory the next argument sizes, written. */
        MEM_OUT,
        /** ARG_CONST_SIZE: the size of the previous argument, not zero. */
        SIZE,
        /** ARG_CONST_SIZE_OR_ZERO. */
        SIZE_OR_ZERO,
        /** ARG_PTR_TO_CTX. */
        CTX,
        /** ARG_PTR_TO_FUNC: a callback. */
        FUNC,
        /** ARG_PTR_TO_STACK_OR_NULL: a callback's context. */
        STACK_OR_NULL,
        /** ARG_PTR_TO_SPIN_LOCK. */
        SPIN_LOCK,
        /** ARG_PTR_TO_BTF_ID_SOCK_COMMON (bpf_sk_release, the syncookie helpers' socket). */
        SOCK_COMMON,
        /** ARG_PTR_TO_SOCK_COMMON: a socket pointer, not NULL (bpf_sk_fullsock, bpf_tcp_sock). */
        SOCKET,
        /** ARG_CONST_ALLOC_SIZE_OR_ZERO: a known constant. */
        ALLOC_SIZE,
        /** ARG_PTR_TO_DYNPTR (| MEM_RDONLY): an initialised dynptr on the stack. */
        DYNPTR,
        /** ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL | MEM_UNINIT: stack the helper makes a local dynptr in. */
        DYNPTR_LOCAL_OUT,
        /** ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | MEM_UNINIT: stack the helper makes a ring buffer dynptr in (a reference). */
        DYNPTR_RINGBUF_OUT,
        /** ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE: a ring buffer dynptr released. */
        DYNPTR_RELEASE,
        /** ARG_PTR_TO_FIXED_SIZE_MEM: a {@code struct iphdr} or {@code struct tcphdr} read (20 bytes). */
        FIXED_20,
        /** ARG_PTR_TO_FIXED_SIZE_MEM: a {@code struct ipv6hdr} read (40 bytes). */
        FIXED_40,
        /** ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | MEM_ALIGNED: a u32 written (bpf_check_mtu's length). */
        FIXED_U32_OUT,
        /** ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED: an s64 written (bpf_strtol's result). */
        FIXED_S64_OUT,
        /** ARG_PTR_TO_CONST_STR: a NUL-terminated string in a read-only map's value, at a constant offset. */
        CONST_STR,
        /** ARG_PTR_TO_TIMER: a map value (which field of it, Calls checks after the arguments). */
        TIMER,
        /** Anything else (BTF ids): not checked. */
        OTHER
    }

    /** The kernel's list of what a memory argument may point to, in its refusal message. */
    static final String MEM_TYPES = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";

    /**
     * NAME:kinds, one letter an argument: a anything, m map, k key, v value, u value written, r memory
     * read, R memory read or NULL, w memory written, s size, z size or zero, c ctx, f function,
     * n stack or NULL, l spin lock, o socket to release, p socket, q known size, d dynptr, N new local
     * dynptr, B new ring buffer dynptr, e ring buffer dynptr released, h 20 bytes read, H 40 bytes read,
     * 4 an aligned u32 written, 8 an aligned s64 written, C constant string, t timer, x not checked.
     */
    private static final String TABLE = """
            MAP_LOOKUP_ELEM:mk MAP_UPDATE_ELEM:mkva MAP_DELETE_ELEM:mk TRACE_PRINTK:rs SKB_STORE_BYTES:carsa
            L3_CSUM_REPLACE:caaaa L4_CSUM_REPLACE:caaaa TAIL_CALL:cma CLONE_REDIRECT:caa GET_CURRENT_COMM:ws
            GET_CGROUP_CLASSID: SKB_VLAN_PUSH:caa SKB_VLAN_POP:c SKB_GET_TUNNEL_KEY:cwsa SKB_SET_TUNNEL_KEY:crsa
            PERF_EVENT_READ:ma REDIRECT:aa GET_ROUTE_REALM:c PERF_EVENT_OUTPUT:cmarz SKB_LOAD_BYTES:caws CSUM_DIFF:RzRza
            SKB_GET_TUNNEL_OPT:cws SKB_SET_TUNNEL_OPT:crs SKB_CHANGE_PROTO:caa SKB_CHANGE_TYPE:ca SKB_UNDER_CGROUP:cma
            GET_HASH_RECALC:c SKB_CHANGE_TAIL:caa SKB_PULL_DATA:ca CSUM_UPDATE:ca SET_HASH_INVALID:c SKB_CHANGE_HEAD:caa
            XDP_ADJUST_HEAD:ca GET_SOCKET_COOKIE:c GET_SOCKET_UID:c SET_HASH:ca SKB_ADJUST_ROOM:caaa REDIRECT_MAP:maa
            XDP_ADJUST_META:ca PERF_EVENT_READ_VALUE:maws XDP_ADJUST_TAIL:ca SKB_GET_XFRM_STATE:cawsa
            SKB_LOAD_BYTES_RELATIVE:cawsa FIB_LOOKUP:crsa SKB_CGROUP_ID:c SKB_ANCESTOR_CGROUP_ID:ca SK_LOOKUP_TCP:crzaa
            SK_LOOKUP_UDP:crzaa SK_RELEASE:o MAP_PUSH_ELEM:mva MAP_POP_ELEM:mu MAP_PEEK_ELEM:mu SPIN_LOCK:l SPIN_UNLOCK:l
            SKB_ECN_SET_CE:c SKC_LOOKUP_TCP:crzaa TCP_CHECK_SYNCOOKIE:orsrs TCP_GEN_SYNCOOKIE:orsrs STRTOL:rsa8
            STRTOUL:rsa8 PROBE_READ_USER:wza PROBE_READ_KERNEL:wza PROBE_READ_USER_STR:wza PROBE_READ_KERNEL_STR:wza
            GET_NS_CURRENT_PID_TGID:aaws SK_ASSIGN:cxa RINGBUF_OUTPUT:mrza RINGBUF_RESERVE:mqa RINGBUF_SUBMIT:xa
            RINGBUF_DISCARD:xa RINGBUF_QUERY:ma CSUM_LEVEL:ca REDIRECT_NEIGH:aRza REDIRECT_PEER:aa CHECK_MTU:ca4aa
            FOR_EACH_MAP_ELEM:mfna SNPRINTF:RzCRz TIMER_INIT:tma TIMER_SET_CALLBACK:tf TIMER_START:taa TIMER_CANCEL:t
            LOOP:afna STRNCMP:rsC XDP_GET_BUFF_LEN:c XDP_LOAD_BYTES:caws XDP_STORE_BYTES:cars SKB_SET_TSTAMP:caa
            MAP_LOOKUP_PERCPU_ELEM:mka DYNPTR_FROM_MEM:wzaN DYNPTR_READ:wzdaa DYNPTR_WRITE:darza DYNPTR_DATA:daq
            RINGBUF_RESERVE_DYNPTR:maaB RINGBUF_SUBMIT_DYNPTR:ea RINGBUF_DISCARD_DYNPTR:ea
            TCP_RAW_GEN_SYNCOOKIE_IPV4:hrz TCP_RAW_GEN_SYNCOOKIE_IPV6:Hrz GET_CURRENT_ANCESTOR_CGROUP_ID:a SEND_SIGNAL:a
            SEND_SIGNAL_THREAD:a TRACE_VPRINTK:rsRz COPY_FROM_USER:wza GET_BRANCH_SNAPSHOT:wz USER_RINGBUF_DRAIN:mfna
            LWT_PUSH_ENCAP:cars SKB_CGROUP_CLASSID:c GET_LOCAL_STORAGE:ma CURRENT_TASK_UNDER_CGROUP:ma SK_FULLSOCK:p TCP_SOCK:p
            GET_LISTENER_SOCK:p SKC_TO_TCP6_SOCK:x SKC_TO_TCP_SOCK:x SKC_TO_TCP_TIMEWAIT_SOCK:x SKC_TO_TCP_REQUEST_SOCK:x
            SKC_TO_UDP6_SOCK:x SKC_TO_UNIX_SOCK:x SKC_TO_MPTCP_SOCK:x SK_CGROUP_ID:x SK_ANCESTOR_CGROUP_ID:xa SK_STORAGE_GET:mxxa
            SK_STORAGE_DELETE:mx TCP_RAW_CHECK_SYNCOOKIE_IPV4:hh TCP_RAW_CHECK_SYNCOOKIE_IPV6:Hh
            """;

    private static final Map<HelperId, Arg[]> ARGS = new EnumMap<>(HelperId.class);

    static {
        for (String entry : TABLE.trim().split("\\s+")) {
            int colon = entry.indexOf(':');
            String kinds = entry.substring(colon + 1);
            Arg[] args = new Arg[kinds.length()];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (kinds.charAt(i)) {
                    case 'a' -> Arg.ANYTHING;
                    case 'm' -> Arg.MAP_PTR;
                    case 'k' -> Arg.MAP_KEY;
                    case 'v' -> Arg.MAP_VALUE;
                    case 'u' -> Arg.MAP_VALUE_OUT;
                    case 'r' -> Arg.MEM;
                    case 'R' -> Arg.MEM_OR_NULL;
                    case 'w' -> Arg.MEM_OUT;
                    case 's' -> Arg.SIZE;
                    case 'z' -> Arg.SIZE_OR_ZERO;
                    case 'c' -> Arg.CTX;
                    case 'f' -> Arg.FUNC;
                    case 'n' -> Arg.STACK_OR_NULL;
                    case 'l' -> Arg.SPIN_LOCK;
                    case 'o' -> Arg.SOCK_COMMON;
                    case 'p' -> Arg.SOCKET;
                    case 'q' -> Arg.ALLOC_SIZE;
                    case 'd' -> Arg.DYNPTR;
                    case 'N' -> Arg.DYNPTR_LOCAL_OUT;
                    case 'B' -> Arg.DYNPTR_RINGBUF_OUT;
                    case 'e' -> Arg.DYNPTR_RELEASE;
                    case 'h' -> Arg.FIXED_20;
                    case 'H' -> Arg.FIXED_40;
                    case '4' -> Arg.FIXED_U32_OUT;
                    case '8' -> Arg.FIXED_S64_OUT;
                    case 'C' -> Arg.CONST_STR;
                    case 't' -> Arg.TIMER;
                    case 'x' -> Arg.OTHER;
                    default -> throw new IllegalStateException("unknown argument kind in " + entry);
                };
            }
            ARGS.put(HelperId.valueOf(entry.substring(0, colon)), args);
        }
    }

    private HelperArgs() {
    }

    /**
     * The variant of bpf_get_cgroup_classid that reads the socket buffer's own class id
     * ({@code bpf_get_cgroup_classid_proto}, one context argument): tc's and the lwt types'. XDP,
     * socket filters and cgroup_skb get the variant that reads the current task's, with no argument.
     */
    private static final Arg[] SKB_CGROUP_CLASSID = {Arg.CTX};

    /** The argument kinds of a helper in programs of this type, or null when they are not listed. */
    static Arg[] of(int id, ProgramType type) {
        if (id == HelperId.GET_CGROUP_CLASSID.id()) {
            return switch (type) {
                case SCHED_CLS, SCHED_ACT, LWT_IN, LWT_OUT, LWT_XMIT -> SKB_CGROUP_CLASSID;
                default -> ARGS.get(HelperId.GET_CGROUP_CLASSID);
            };
        }
        return HelperId.of(id).map(ARGS::get).orElse(null);
    }

    /**
     * Null when the helper may take a map of this type, else the kernel's refusal: both directions
     * of check_map_func_compatibility, for the map types and helpers it restricts.
     */
    static String mapCompatibility(int id, MapType map) {
        HelperId h = HelperId.of(id).orElse(null);
        if (h == null) {
            return null;
        }
        boolean ok = switch (map) {
            case PROG_ARRAY -> h == HelperId.TAIL_CALL;
            case PERF_EVENT_ARRAY -> h == HelperId.PERF_EVENT_READ || h == HelperId.PERF_EVENT_OUTPUT || h == HelperId.SKB_OUTPUT
                    || h == HelperId.PERF_EVENT_READ_VALUE || h == HelperId.XDP_OUTPUT;
            case RINGBUF -> h == HelperId.RINGBUF_OUTPUT || h == HelperId.RINGBUF_RESERVE || h == HelperId.RINGBUF_QUERY
                    || h == HelperId.RINGBUF_RESERVE_DYNPTR || h == HelperId.RINGBUF_SUBMIT_DYNPTR || h == HelperId.RINGBUF_DISCARD_DYNPTR;
            case QUEUE, STACK -> h == HelperId.MAP_PEEK_ELEM || h == HelperId.MAP_POP_ELEM || h == HelperId.MAP_PUSH_ELEM;
            case BLOOM_FILTER -> h == HelperId.MAP_PEEK_ELEM || h == HelperId.MAP_PUSH_ELEM;
            case CPUMAP -> h == HelperId.REDIRECT_MAP;
            case CGROUP_STORAGE_DEPRECATED, PERCPU_CGROUP_STORAGE_DEPRECATED -> h == HelperId.GET_LOCAL_STORAGE;
            // update and delete depend on the program type as well (Calls checks may_update_sockmap)
            case SOCKMAP -> h == HelperId.SK_REDIRECT_MAP || h == HelperId.SOCK_MAP_UPDATE || h == HelperId.MSG_REDIRECT_MAP
                    || h == HelperId.SK_SELECT_REUSEPORT || h == HelperId.MAP_LOOKUP_ELEM || h == HelperId.MAP_UPDATE_ELEM
                    || h == HelperId.MAP_DELETE_ELEM;
            case SOCKHASH -> h == HelperId.SK_REDIRECT_HASH || h == HelperId.SOCK_HASH_UPDATE || h == HelperId.MSG_REDIRECT_HASH
                    || h == HelperId.SK_SELECT_REUSEPORT || h == HelperId.MAP_LOOKUP_ELEM || h == HelperId.MAP_UPDATE_ELEM
                    || h == HelperId.MAP_DELETE_ELEM;
            default -> true;
        };
        if (ok) {
            ok = switch (h) {
                case TAIL_CALL -> map == MapType.PROG_ARRAY;
                case PERF_EVENT_READ, PERF_EVENT_OUTPUT, PERF_EVENT_READ_VALUE, SKB_OUTPUT, XDP_OUTPUT -> map == MapType.PERF_EVENT_ARRAY;
                case RINGBUF_OUTPUT, RINGBUF_RESERVE, RINGBUF_QUERY, RINGBUF_RESERVE_DYNPTR, RINGBUF_SUBMIT_DYNPTR,
                        RINGBUF_DISCARD_DYNPTR -> map == MapType.RINGBUF;
                case REDIRECT_MAP -> map == MapType.DEVMAP || map == MapType.DEVMAP_HASH || map == MapType.CPUMAP || map == MapType.XSKMAP;
                case MAP_POP_ELEM -> map == MapType.QUEUE || map == MapType.STACK;
                case MAP_PEEK_ELEM, MAP_PUSH_ELEM -> map == MapType.QUEUE || map == MapType.STACK || map == MapType.BLOOM_FILTER;
                case SKB_UNDER_CGROUP, CURRENT_TASK_UNDER_CGROUP -> map == MapType.CGROUP_ARRAY;
                case GET_LOCAL_STORAGE -> map == MapType.CGROUP_STORAGE_DEPRECATED || map == MapType.PERCPU_CGROUP_STORAGE_DEPRECATED;
                default -> true;
            };
        }
        if (ok) {
            return null;
        }
        if (h == HelperId.TAIL_CALL) {
            return "expected prog array map for tail call";
        }
        return "cannot pass map_type " + map.id() + " into func " + HelperId.nameOf(id) + "#" + id;
    }

    /**
     * The kernel's may_update_sockmap: whether a program of this type may update or delete
     * elements of a sockmap or sockhash. Tracing programs, which may where they are iterators, are
     * taken as allowed.
     */
    static boolean mayUpdateSockmap(ProgramType type, int id) {
        return switch (type) {
            case SOCKET_FILTER, SCHED_CLS, SCHED_ACT, XDP, SK_REUSEPORT, FLOW_DISSECTOR, SK_LOOKUP, TRACING -> true;
            case SOCK_OPS -> id == HelperId.MAP_DELETE_ELEM.id();
            default -> false;
        };
    }

    /** True for map types whose values the generic key and value arguments describe (not socket or program maps). */
    static boolean plainValues(MapType type) {
        return switch (type) {
            case HASH, ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE, QUEUE, STACK, BLOOM_FILTER -> true;
            default -> false;
        };
    }
}
