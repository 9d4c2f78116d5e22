package org.ebpftest.runtime.linux.helpers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's helper functions by name, each with its number in {@code enum bpf_func_id} of
 * {@code include/uapi/linux/bpf.h} (Linux 6.18): {@code MAP_LOOKUP_ELEM} is helper 1,
 * {@code REDIRECT_MAP} helper 51. Code names helpers by these constants; the number is kept here
 * once, beside the name. {@link #kernelName()} is the C name, with its {@code bpf_} prefix.
 */
public enum HelperId {
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    PROBE_READ(4),
    KTIME_GET_NS(5),
    TRACE_PRINTK(6),
    GET_PRANDOM_U32(7),
    GET_SMP_PROCESSOR_ID(8),
    SKB_STORE_BYTES(9),
    L3_CSUM_REPLACE(10),
    L4_CSUM_REPLACE(11),
    TAIL_CALL(12),
    CLONE_REDIRECT(13),
    GET_CURRENT_PID_TGID(14),
    GET_CURRENT_UID_GID(15),
    GET_CURRENT_COMM(16),
    GET_CGROUP_CLASSID(17),
    SKB_VLAN_PUSH(18),
    SKB_VLAN_POP(19),
    SKB_GET_TUNNEL_KEY(20),
    SKB_SET_TUNNEL_KEY(21),
    PERF_EVENT_READ(22),
    REDIRECT(23),
    GET_ROUTE_REALM(24),
    PERF_EVENT_OUTPUT(25),
    SKB_LOAD_BYTES(26),
    GET_STACKID(27),
    CSUM_DIFF(28),
    SKB_GET_TUNNEL_OPT(29),
    SKB_SET_TUNNEL_OPT(30),
    SKB_CHANGE_PROTO(31),
    SKB_CHANGE_TYPE(32),
    SKB_UNDER_CGROUP(33),
    GET_HASH_RECALC(34),
    GET_CURRENT_TASK(35),
    PROBE_WRITE_USER(36),
    CURRENT_TASK_UNDER_CGROUP(37),
    SKB_CHANGE_TAIL(38),
    SKB_PULL_DATA(39),
    CSUM_UPDATE(40),
    SET_HASH_INVALID(41),
    GET_NUMA_NODE_ID(42),
    SKB_CHANGE_HEAD(43),
    XDP_ADJUST_HEAD(44),
    PROBE_READ_STR(45),
    GET_SOCKET_COOKIE(46),
    GET_SOCKET_UID(47),
    SET_HASH(48),
    SETSOCKOPT(49),
    SKB_ADJUST_ROOM(50),
    REDIRECT_MAP(51),
    SK_REDIRECT_MAP(52),
    SOCK_MAP_UPDATE(53),
    XDP_ADJUST_META(54),
    PERF_EVENT_READ_VALUE(55),
    PERF_PROG_READ_VALUE(56),
    GETSOCKOPT(57),
    OVERRIDE_RETURN(58),
    SOCK_OPS_CB_FLAGS_SET(59),
    MSG_REDIRECT_MAP(60),
    MSG_APPLY_BYTES(61),
    MSG_CORK_BYTES(62),
    MSG_PULL_DATA(63),
    BIND(64),
    XDP_ADJUST_TAIL(65),
    SKB_GET_XFRM_STATE(66),
    GET_STACK(67),
    SKB_LOAD_BYTES_RELATIVE(68),
    FIB_LOOKUP(69),
    SOCK_HASH_UPDATE(70),
    MSG_REDIRECT_HASH(71),
    SK_REDIRECT_HASH(72),
    LWT_PUSH_ENCAP(73),
    LWT_SEG6_STORE_BYTES(74),
    LWT_SEG6_ADJUST_SRH(75),
    LWT_SEG6_ACTION(76),
    RC_REPEAT(77),
    RC_KEYDOWN(78),
    SKB_CGROUP_ID(79),
    GET_CURRENT_CGROUP_ID(80),
    GET_LOCAL_STORAGE(81),
    SK_SELECT_REUSEPORT(82),
    SKB_ANCESTOR_CGROUP_ID(83),
    SK_LOOKUP_TCP(84),
    SK_LOOKUP_UDP(85),
    SK_RELEASE(86),
    MAP_PUSH_ELEM(87),
    MAP_POP_ELEM(88),
    MAP_PEEK_ELEM(89),
    MSG_PUSH_DATA(90),
    MSG_POP_DATA(91),
    RC_POINTER_REL(92),
    SPIN_LOCK(93),
    SPIN_UNLOCK(94),
    SK_FULLSOCK(95),
    TCP_SOCK(96),
    SKB_ECN_SET_CE(97),
    GET_LISTENER_SOCK(98),
    SKC_LOOKUP_TCP(99),
    TCP_CHECK_SYNCOOKIE(100),
    SYSCTL_GET_NAME(101),
    SYSCTL_GET_CURRENT_VALUE(102),
    SYSCTL_GET_NEW_VALUE(103),
    SYSCTL_SET_NEW_VALUE(104),
    STRTOL(105),
    STRTOUL(106),
    SK_STORAGE_GET(107),
    SK_STORAGE_DELETE(108),
    SEND_SIGNAL(109),
    TCP_GEN_SYNCOOKIE(110),
    SKB_OUTPUT(111),
    PROBE_READ_USER(112),
    PROBE_READ_KERNEL(113),
    PROBE_READ_USER_STR(114),
    PROBE_READ_KERNEL_STR(115),
    TCP_SEND_ACK(116),
    SEND_SIGNAL_THREAD(117),
    JIFFIES64(118),
    READ_BRANCH_RECORDS(119),
    GET_NS_CURRENT_PID_TGID(120),
    XDP_OUTPUT(121),
    GET_NETNS_COOKIE(122),
    GET_CURRENT_ANCESTOR_CGROUP_ID(123),
    SK_ASSIGN(124),
    KTIME_GET_BOOT_NS(125),
    SEQ_PRINTF(126),
    SEQ_WRITE(127),
    SK_CGROUP_ID(128),
    SK_ANCESTOR_CGROUP_ID(129),
    RINGBUF_OUTPUT(130),
    RINGBUF_RESERVE(131),
    RINGBUF_SUBMIT(132),
    RINGBUF_DISCARD(133),
    RINGBUF_QUERY(134),
    CSUM_LEVEL(135),
    SKC_TO_TCP6_SOCK(136),
    SKC_TO_TCP_SOCK(137),
    SKC_TO_TCP_TIMEWAIT_SOCK(138),
    SKC_TO_TCP_REQUEST_SOCK(139),
    SKC_TO_UDP6_SOCK(140),
    GET_TASK_STACK(141),
    LOAD_HDR_OPT(142),
    STORE_HDR_OPT(143),
    RESERVE_HDR_OPT(144),
    INODE_STORAGE_GET(145),
    INODE_STORAGE_DELETE(146),
    D_PATH(147),
    COPY_FROM_USER(148),
    SNPRINTF_BTF(149),
    SEQ_PRINTF_BTF(150),
    SKB_CGROUP_CLASSID(151),
    REDIRECT_NEIGH(152),
    PER_CPU_PTR(153),
    THIS_CPU_PTR(154),
    REDIRECT_PEER(155),
    TASK_STORAGE_GET(156),
    TASK_STORAGE_DELETE(157),
    GET_CURRENT_TASK_BTF(158),
    BPRM_OPTS_SET(159),
    KTIME_GET_COARSE_NS(160),
    IMA_INODE_HASH(161),
    SOCK_FROM_FILE(162),
    CHECK_MTU(163),
    FOR_EACH_MAP_ELEM(164),
    SNPRINTF(165),
    SYS_BPF(166),
    BTF_FIND_BY_NAME_KIND(167),
    SYS_CLOSE(168),
    TIMER_INIT(169),
    TIMER_SET_CALLBACK(170),
    TIMER_START(171),
    TIMER_CANCEL(172),
    GET_FUNC_IP(173),
    GET_ATTACH_COOKIE(174),
    TASK_PT_REGS(175),
    GET_BRANCH_SNAPSHOT(176),
    TRACE_VPRINTK(177),
    SKC_TO_UNIX_SOCK(178),
    KALLSYMS_LOOKUP_NAME(179),
    FIND_VMA(180),
    LOOP(181),
    STRNCMP(182),
    GET_FUNC_ARG(183),
    GET_FUNC_RET(184),
    GET_FUNC_ARG_CNT(185),
    GET_RETVAL(186),
    SET_RETVAL(187),
    XDP_GET_BUFF_LEN(188),
    XDP_LOAD_BYTES(189),
    XDP_STORE_BYTES(190),
    COPY_FROM_USER_TASK(191),
    SKB_SET_TSTAMP(192),
    IMA_FILE_HASH(193),
    KPTR_XCHG(194),
    MAP_LOOKUP_PERCPU_ELEM(195),
    SKC_TO_MPTCP_SOCK(196),
    DYNPTR_FROM_MEM(197),
    RINGBUF_RESERVE_DYNPTR(198),
    RINGBUF_SUBMIT_DYNPTR(199),
    RINGBUF_DISCARD_DYNPTR(200),
    DYNPTR_READ(201),
    DYNPTR_WRITE(202),
    DYNPTR_DATA(203),
    TCP_RAW_GEN_SYNCOOKIE_IPV4(204),
    TCP_RAW_GEN_SYNCOOKIE_IPV6(205),
    TCP_RAW_CHECK_SYNCOOKIE_IPV4(206),
    TCP_RAW_CHECK_SYNCOOKIE_IPV6(207),
    KTIME_GET_TAI_NS(208),
    USER_RINGBUF_DRAIN(209),
    CGRP_STORAGE_GET(210),
    CGRP_STORAGE_DELETE(211);

    private static final HelperId[] BY_NUMBER = new HelperId[CGRP_STORAGE_DELETE.id + 1];
    private static final Map<String, HelperId> BY_NAME = new HashMap<>();

    static {
        for (HelperId h : values()) {
            BY_NUMBER[h.id] = h;
            BY_NAME.put(h.kernelName, h);
        }
    }

    private final int id;
    private final String kernelName;

    HelperId(int id) {
        this.id = id;
        this.kernelName = "bpf_" + name().toLowerCase(Locale.ROOT);
    }

    /** The helper's number: what a program's {@code call} instruction holds. */
    public int id() {
        return id;
    }

    /** The helper's C name, such as {@code bpf_redirect_map}. */
    public String kernelName() {
        return kernelName;
    }

    /** How error messages name the helper: {@code helper 51 (bpf_redirect_map)}. */
    public String describe() {
        return "helper " + id + " (" + kernelName + ")";
    }

    /** The helper with a number, if the kernel has one. */
    public static Optional<HelperId> of(int id) {
        return id > 0 && id < BY_NUMBER.length ? Optional.ofNullable(BY_NUMBER[id]) : Optional.empty();
    }

    /** The helper with a C name, given with or without its {@code bpf_} prefix. */
    public static Optional<HelperId> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name.startsWith("bpf_") ? name : "bpf_" + name));
    }

    /** The highest helper number the kernel has. */
    public static int maxId() {
        return BY_NUMBER.length - 1;
    }

    /** The C name of a helper number, or {@code helper#N} for a number the kernel does not have. */
    public static String nameOf(int id) {
        return of(id).map(HelperId::kernelName).orElse("helper#" + id);
    }

    /** How error messages name a helper number: {@code helper 51 (bpf_redirect_map)}. */
    public static String describe(int id) {
        return "helper " + id + " (" + nameOf(id) + ")";
    }
}
