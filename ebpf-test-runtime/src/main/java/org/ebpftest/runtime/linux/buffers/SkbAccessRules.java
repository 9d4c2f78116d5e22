package org.ebpftest.runtime.linux.buffers;

import static org.ebpftest.runtime.linux.buffers.SkbLayout.CB;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.CB_END;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.DATA;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.DATA_END;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.DATA_META;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.FAMILY;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.FLOW_KEYS;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.HWTSTAMP;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.LOCAL_PORT;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.MARK;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.PRIORITY;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.QUEUE_MAPPING;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.REMOTE_IP4;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.SIZE;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.SK;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.TC_CLASSID;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.TC_INDEX;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.TSTAMP;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.TSTAMP_TYPE;
import static org.ebpftest.runtime.linux.buffers.SkbLayout.WIRE_LEN;

import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.vm.AccessGuard;

/**
 * The verifier's rules for {@code __sk_buff} accesses, per program type, after
 * {@code sk_filter_is_valid_access}, {@code tc_cls_act_is_valid_access},
 * {@code cg_skb_is_valid_access}, {@code lwt_is_valid_access} and {@code bpf_skb_is_valid_access} in net/core/filter.c.
 * The kernel rejects a program that breaks them at load time; the emulator traps at the access.
 */
final class SkbAccessRules implements AccessGuard {
    private final ContextType type;

    SkbAccessRules(ContextType type) {
        this.type = type;
    }

    @Override
    public String check(int off, int size, boolean store) {
        String refusal = typeRule(off, store);
        if (refusal == null) {
            refusal = commonRule(off, size, store);
        }
        if (refusal == null) {
            return null; // every context access of a run passes here: the message is made only for a refusal
        }
        String field = "__sk_buff." + SkbLayout.fieldName(off);
        return (store ? "store of " : "load of ") + size + " bytes " + (store ? "to " : "from ") + field + ": " + refusal;
    }

    private static boolean in(int off, int start, int length) {
        return off >= start && off < start + length;
    }

    private String typeRule(int off, boolean store) {
        String name = type.bpftoolName();
        switch (type) {
            case SOCKET_FILTER -> {
                if (in(off, TC_CLASSID, 4) || in(off, DATA, 8) || in(off, DATA_META, 4) || in(off, FAMILY, LOCAL_PORT + 4 - FAMILY)
                        || in(off, TSTAMP, 8) || in(off, WIRE_LEN, 4) || in(off, HWTSTAMP, 8)) {
                    return "not accessible to " + name + " programs";
                }
                if (store && !in(off, CB, CB_END - CB)) {
                    return name + " programs may only write cb[]";
                }
            }
            case CGROUP_SKB -> {
                if (in(off, TC_CLASSID, 4) || in(off, DATA_META, 4) || in(off, WIRE_LEN, 4)) {
                    return "not accessible to " + name + " programs";
                }
                if (store && !(in(off, MARK, 4) || in(off, PRIORITY, 4) || in(off, CB, CB_END - CB) || in(off, TSTAMP, 8))) {
                    return name + " programs may only write mark, priority, cb[] and tstamp";
                }
            }
            case SCHED_CLS, SCHED_ACT -> {
                if (store && !(in(off, MARK, 4) || in(off, TC_INDEX, 4) || in(off, PRIORITY, 4) || in(off, TC_CLASSID, 4)
                        || in(off, CB, CB_END - CB) || in(off, TSTAMP, 8) || in(off, QUEUE_MAPPING, 4))) {
                    return name + " programs may only write mark, tc_index, priority, tc_classid, cb[], tstamp and queue_mapping";
                }
                if (in(off, FAMILY, LOCAL_PORT + 4 - FAMILY)) {
                    return "not accessible to " + name + " programs (socket fields are for sk_skb and cgroup programs)";
                }
            }
            case LWT_IN, LWT_OUT, LWT_XMIT -> {
                // lwt_is_valid_access
                if (in(off, TC_CLASSID, 4) || in(off, FAMILY, LOCAL_PORT + 4 - FAMILY) || in(off, DATA_META, 4) || in(off, TSTAMP, 8)
                        || in(off, WIRE_LEN, 4) || in(off, HWTSTAMP, 8)) {
                    return "not accessible to " + name + " programs";
                }
                if (store && !(in(off, MARK, 4) || in(off, PRIORITY, 4) || in(off, CB, CB_END - CB))) {
                    return name + " programs may only write mark, priority and cb[]";
                }
            }
            default -> {
                return "not a socket-buffer program";
            }
        }
        return null;
    }

    private String commonRule(int off, int size, boolean store) {
        if (off < 0 || off >= SIZE) {
            return "outside __sk_buff";
        }
        if (off % size != 0) {
            return "misaligned for its size";
        }
        if (in(off, CB, CB_END - CB)) {
            return off + size > CB_END ? "runs past cb[4]" : null;
        }
        if (in(off, DATA, 8) || in(off, DATA_META, 4)) {
            return size == 4 ? null : "packet pointers are read as 4-byte words";
        }
        if (in(off, REMOTE_IP4, LOCAL_PORT - REMOTE_IP4)) {
            return size == 4 ? null : "addresses are read as 4-byte words";
        }
        if (in(off, FLOW_KEYS, 8)) {
            return "flow_keys is only for flow dissector programs";
        }
        if (in(off, HWTSTAMP, 8)) {
            return store ? "hwtstamp is read-only" : size == 8 ? null : "hwtstamp is read as an 8-byte word";
        }
        if (in(off, TSTAMP, 8)) {
            return size == 8 ? null : "tstamp is accessed as an 8-byte word";
        }
        if (in(off, SK, 8)) {
            return store ? "sk is read-only" : size == 8 ? null : "sk is read as an 8-byte pointer";
        }
        if (off == TSTAMP_TYPE) {
            return type.isTc() && !store && size == 1 ? null : "tstamp_type is a 1-byte field only tc programs may read";
        }
        if (in(off, TSTAMP_TYPE, 4)) {
            return "padding";
        }
        if (store) {
            return size == 4 ? null : "fields are written as 4-byte words";
        }
        return size <= 4 ? null : "fields are 4 bytes wide";
    }
}
