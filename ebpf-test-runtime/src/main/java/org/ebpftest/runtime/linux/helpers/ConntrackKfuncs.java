package org.ebpftest.runtime.linux.helpers;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.net.ConntrackTable;
import org.ebpftest.runtime.linux.net.ConntrackTable.Entry;
import org.ebpftest.runtime.linux.net.ConntrackTable.Found;
import org.ebpftest.runtime.linux.net.ConntrackTable.Tuple;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * The conntrack kfuncs of net/netfilter/nf_conntrack_bpf.c, answered from the environment's
 * {@link ConntrackTable}: lookups with the kernel's checks of {@code struct bpf_ct_opts} and its
 * errors in {@code opts->error}, allocation and insertion, release, and the timeout and status
 * changes (nf_ct_change_status_common and __nf_ct_change_timeout of nf_conntrack_core.c), and NAT
 * set-up ({@link ConntrackNat}). A returned {@code struct nf_conn *} points at the entry's image, laid out as the kernel's
 * ({@link KernelStructs#NF_CONN}); programs read its modelled members and write {@code mark}, as the
 * kernel's verifier lets them.
 *
 * <p>Where the emulator does not model what a call asks for it traps naming it: a conntrack zone
 * other than the default, another network namespace's table (a peer the socket table names), more
 * than {@value #MAX_HELD} entries referenced in one run. A {@code netns_id} naming no namespace
 * answers {@code -ENONET}, as {@code get_net_ns_by_id} fails.
 */
final class ConntrackKfuncs {
    /** The entries one run may hold references to; each is mapped in a slot of its own. */
    static final int MAX_HELD = 16;
    /** Where the run's entries are mapped: 16 slots ending 64 slots below the heap. */
    static final long BASE = Vm.HEAP_BASE - (80L << Memory.SLOT_SHIFT);

    private static final String REGION_NAME = "struct nf_conn";
    /** {@code NF_BPF_CT_OPTS_SZ}: the size of {@code struct bpf_ct_opts}; 12 is its size before zones. */
    private static final int OPTS_SIZE = 16;
    private static final int OPTS_SIZE_NO_ZONE_DIR = 12;
    /** {@code offsetofend(struct bpf_ct_opts, error)}. */
    private static final int OPTS_ERROR_END = 8;
    /** {@code NF_CT_DEFAULT_ZONE_DIR}: both directions. */
    private static final int DEFAULT_ZONE_DIR = 3;
    /** The timeout {@code bpf_*_ct_alloc} gives, in seconds. */
    private static final int ALLOC_TIMEOUT_SECONDS = 10;
    /** The bits {@code __nf_ct_change_status} leaves alone ({@code IPS_UNCHANGEABLE_MASK}). */
    private static final long UNCHANGEABLE = ConntrackTable.IPS_SRC_NAT_DONE | ConntrackTable.IPS_DST_NAT_DONE | ConntrackTable.IPS_SRC_NAT
            | ConntrackTable.IPS_DST_NAT | ConntrackTable.IPS_EXPECTED | ConntrackTable.IPS_CONFIRMED | ConntrackTable.IPS_DYING
            | ConntrackTable.IPS_SEQ_ADJUST | ConntrackTable.IPS_TEMPLATE | ConntrackTable.IPS_UNTRACKED | ConntrackTable.IPS_OFFLOAD
            | ConntrackTable.IPS_HW_OFFLOAD;
    /** {@code __IPS_MAX_BIT}. */
    private static final int STATUS_BITS = 16;

    private static final Set<ContextType> XDP = EnumSet.of(ContextType.XDP);
    private static final Set<ContextType> TC = EnumSet.of(ContextType.SCHED_CLS);
    private static final Set<ContextType> BOTH = EnumSet.of(ContextType.XDP, ContextType.SCHED_CLS);

    private ConntrackKfuncs() {
    }

    static void register() {
        Kfuncs.register("bpf_xdp_ct_lookup", XDP, ConntrackKfuncs::lookup);
        Kfuncs.register("bpf_skb_ct_lookup", TC, ConntrackKfuncs::lookup);
        Kfuncs.register("bpf_xdp_ct_alloc", XDP, ConntrackKfuncs::alloc);
        Kfuncs.register("bpf_skb_ct_alloc", TC, ConntrackKfuncs::alloc);
        Kfuncs.register("bpf_ct_insert_entry", BOTH, ConntrackKfuncs::insert);
        Kfuncs.register("bpf_ct_release", BOTH, ConntrackKfuncs::release);
        Kfuncs.register("bpf_ct_set_timeout", BOTH, (run, ct, ms, r3, r4, r5) -> {
            setTimeout(run, held(run, ct, "bpf_ct_set_timeout"), ms);
            return 0;
        });
        Kfuncs.register("bpf_ct_change_timeout", BOTH, ConntrackKfuncs::changeTimeout);
        Kfuncs.register("bpf_ct_set_status", BOTH, (run, ct, status, r3, r4, r5) -> changeStatus(held(run, ct, "bpf_ct_set_status"), status));
        Kfuncs.register("bpf_ct_change_status", BOTH, (run, ct, status, r3, r4, r5) -> changeStatus(held(run, ct, "bpf_ct_change_status"), status));
        Kfuncs.register("bpf_ct_set_nat_info", BOTH, ConntrackNat::setNatInfo);
    }

    /** The entries a run holds, each mapped at {@code BASE + (index << SLOT_SHIFT)}. */
    static final class Held {
        final List<Entry> entries = new ArrayList<>();
    }

    /** What {@code bpf_ct_opts} asks for, once the checks common to lookup and alloc have passed. */
    private record Opts(int l4proto, int netnsId, int zoneId) {
    }

    /** bpf_xdp_ct_lookup and bpf_skb_ct_lookup (__bpf_nf_ct_lookup). */
    private static long lookup(KernelRun run, long ctx, long tuplePtr, long tupleSize, long optsPtr, long optsSize) {
        Memory memory = run.vm().memory();
        int error = optsError(memory, tuplePtr, optsPtr, optsSize);
        if (error == 0) {
            int l4proto = (int) memory.load8(optsPtr + 8);
            int netnsId = (int) memory.load32(optsPtr);
            if (l4proto != ConntrackTable.TCP && l4proto != ConntrackTable.UDP) {
                error = Errno.EPROTO;
            } else if (netnsId < -1) {
                error = Errno.EINVAL;
            } else {
                error = tupleError(tupleSize);
            }
            if (error == 0 && netnsId >= 0) {
                error = otherNamespace(run, netnsId);
            }
            if (error == 0) {
                checkZone(run, memory, optsPtr, optsSize, "bpf_ct lookup");
                Optional<Found> found = run.environment().conntrack().find(tuple(memory, tuplePtr, tupleSize, l4proto));
                if (found.isEmpty()) {
                    error = Errno.ENOENT;
                } else {
                    memory.store8(optsPtr + 9, found.get().direction());
                    return hold(run, found.get().entry());
                }
            }
        }
        return fail(memory, optsPtr, optsSize, error);
    }

    /** bpf_xdp_ct_alloc and bpf_skb_ct_alloc (__bpf_nf_ct_alloc_entry): an entry outside the table, 10 s to live once inserted. */
    private static long alloc(KernelRun run, long ctx, long tuplePtr, long tupleSize, long optsPtr, long optsSize) {
        Memory memory = run.vm().memory();
        int error = optsError(memory, tuplePtr, optsPtr, optsSize);
        if (error == 0) {
            int l4proto = (int) memory.load8(optsPtr + 8);
            int netnsId = (int) memory.load32(optsPtr);
            if (netnsId < -1) {
                error = Errno.EINVAL;
            } else if (l4proto != ConntrackTable.TCP && l4proto != ConntrackTable.UDP) {
                error = Errno.EPROTO;
            } else {
                error = tupleError(tupleSize);
            }
            if (error == 0 && netnsId >= 0) {
                error = otherNamespace(run, netnsId);
            }
            if (error == 0) {
                checkZone(run, memory, optsPtr, optsSize, "bpf_ct alloc");
                Entry entry = Entry.of(tuple(memory, tuplePtr, tupleSize, l4proto));
                entry.timeout((long) ALLOC_TIMEOUT_SECONDS * run.environment().clock().hz());
                return hold(run, entry);
            }
        }
        return fail(memory, optsPtr, optsSize, error);
    }

    /** bpf_ct_insert_entry: confirms the entry and adds it, or frees it and answers NULL when a tuple clashes. */
    private static long insert(KernelRun run, long ct, long r2, long r3, long r4, long r5) {
        Entry entry = held(run, ct, "bpf_ct_insert_entry");
        ConntrackTable table = run.environment().conntrack();
        if ((entry.status() & ConntrackTable.IPS_CONFIRMED) == 0) {
            entry.timeout(entry.timeout() + timeStamp(run));
        }
        entry.status(entry.status() | ConntrackTable.IPS_CONFIRMED);
        if (table.entries().contains(entry) || table.clash(entry).isPresent()) {
            return 0;
        }
        table.add(entry);
        return ct;
    }

    private static long release(KernelRun run, long ct, long r2, long r3, long r4, long r5) {
        held(run, ct, "bpf_ct_release");
        return 0;
    }

    /** __nf_ct_set_timeout with msecs_to_jiffies. */
    private static void setTimeout(KernelRun run, Entry entry, long ms) {
        long jiffies = Math.min(msecsToJiffies(run.environment().clock().hz(), ms), Integer.MAX_VALUE);
        boolean confirmed = (entry.status() & ConntrackTable.IPS_CONFIRMED) != 0;
        entry.timeout(confirmed ? timeStamp(run) + jiffies : jiffies);
    }

    /** __nf_ct_change_timeout. */
    private static long changeTimeout(KernelRun run, long ct, long ms, long r3, long r4, long r5) {
        Entry entry = held(run, ct, "bpf_ct_change_timeout");
        if ((entry.status() & ConntrackTable.IPS_FIXED_TIMEOUT) != 0) {
            return -Errno.EPERM;
        }
        setTimeout(run, entry, ms);
        return (entry.status() & ConntrackTable.IPS_DYING) != 0 ? -Errno.ETIME : 0;
    }

    /**
     * nf_ct_change_status_common: -EBUSY when the argument differs from the entry in EXPECTED,
     * CONFIRMED or DYING, or would clear SEEN_REPLY or ASSURED; otherwise the argument's
     * changeable bits are set (none is cleared: the kernel passes no bits to clear).
     */
    private static long changeStatus(Entry entry, long statusArgument) {
        long status = statusArgument & 0xffffffffL;
        long d = entry.status() ^ status;
        if ((d & (ConntrackTable.IPS_EXPECTED | ConntrackTable.IPS_CONFIRMED | ConntrackTable.IPS_DYING)) != 0
                || (d & ConntrackTable.IPS_SEEN_REPLY) != 0 && (status & ConntrackTable.IPS_SEEN_REPLY) == 0
                || (d & ConntrackTable.IPS_ASSURED) != 0 && (status & ConntrackTable.IPS_ASSURED) == 0) {
            return -Errno.EBUSY;
        }
        long on = status & ~UNCHANGEABLE & ((1L << STATUS_BITS) - 1);
        entry.status(entry.status() | on);
        return 0;
    }

    /** msecs_to_jiffies: rounded up; a value negative as an int means MAX_JIFFY_OFFSET. */
    static long msecsToJiffies(int hz, long ms) {
        int m = (int) ms;
        if (m < 0) {
            return (Long.MAX_VALUE >> 1) - 1;
        }
        return ((long) m * hz + 999) / 1000;
    }

    /** nfct_time_stamp: the low 32 bits of jiffies. */
    private static long timeStamp(KernelRun run) {
        return run.environment().clock().jiffies64() & 0xffffffffL;
    }

    /** The checks of the pointers and of the opts size and reserved fields, common to lookup and alloc; 0 when they pass. */
    private static int optsError(Memory memory, long tuplePtr, long optsPtr, long optsSize) {
        if (optsPtr == 0 || tuplePtr == 0) {
            return Errno.EINVAL;
        }
        int size = (int) optsSize;
        if (size != OPTS_SIZE && size != OPTS_SIZE_NO_ZONE_DIR) {
            return Errno.EINVAL;
        }
        int zoneId = (int) memory.load16(optsPtr + 10);
        if (size == OPTS_SIZE) {
            if (memory.load8(optsPtr + 13) != 0 || memory.load8(optsPtr + 14) != 0 || memory.load8(optsPtr + 15) != 0) {
                return Errno.EINVAL;
            }
        } else if (zoneId != 0) {
            return Errno.EINVAL;
        }
        return 0;
    }

    /**
     * get_net_ns_by_id: -ENONET for an id no namespace has; a namespace the socket table names as a
     * peer exists, but its conntrack table is not modelled, so a lookup there traps.
     */
    private static int otherNamespace(KernelRun run, int netnsId) {
        if (run.environment().sockets().peerIfPresent(netnsId).isEmpty()) {
            return Errno.ENONET;
        }
        throw run.trap(TrapException.Kind.UNSUPPORTED, "conntrack in network namespace " + netnsId
                + " (a peer of the socket table): only the current namespace's conntrack table is modelled");
    }

    private static int tupleError(long tupleSize) {
        return tupleSize == 12 || tupleSize == 36 ? 0 : Errno.EAFNOSUPPORT;
    }

    /** The zone: with 16-byte opts a zone direction of 0 is set to both, as the kernel writes it back; only the default zone is modelled. */
    private static void checkZone(KernelRun run, Memory memory, long optsPtr, long optsSize, String what) {
        int zoneId = (int) memory.load16(optsPtr + 10);
        if (optsSize == OPTS_SIZE && memory.load8(optsPtr + 12) == 0) {
            memory.store8(optsPtr + 12, DEFAULT_ZONE_DIR);
        }
        if (zoneId != 0) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, what + " in conntrack zone " + zoneId
                    + ": conntrack zones are not modelled, the emulated table is the default zone's");
        }
    }

    /** bpf_nf_ct_tuple_parse of the original direction: struct bpf_sock_tuple's ipv4 or ipv6 member. */
    private static Tuple tuple(Memory memory, long at, long size, int l4proto) {
        int length = size == 12 ? 4 : 16;
        byte[] source = memory.read(at, length);
        byte[] destination = memory.read(at + length, length);
        int sport = Short.toUnsignedInt(Short.reverseBytes((short) memory.load16(at + 2L * length)));
        int dport = Short.toUnsignedInt(Short.reverseBytes((short) memory.load16(at + 2L * length + 2)));
        return new Tuple(l4proto, source, sport, destination, dport);
    }

    /** bpf_ct_opts_result: the error in {@code opts->error} where the opts are large enough, and NULL. */
    private static long fail(Memory memory, long optsPtr, long optsSize, int error) {
        if (optsPtr != 0 && (int) optsSize >= OPTS_ERROR_END) {
            memory.store32(optsPtr + 4, -error);
        }
        return 0;
    }

    /** Maps an entry into the run (once) and answers its address. */
    private static long hold(KernelRun run, Entry entry) {
        Held held = run.kfuncState(Held.class, Held::new);
        int i = held.entries.indexOf(entry);
        if (i < 0) {
            if (held.entries.size() == MAX_HELD) {
                throw run.trap(TrapException.Kind.UNSUPPORTED, "a run may hold at most " + MAX_HELD
                        + " conntrack entries here; the emulator maps each in a slot of its own");
            }
            i = held.entries.size();
            held.entries.add(entry);
            Region region = new Region(REGION_NAME + " (" + entry.original() + ")", entry.kernelImage(), true);
            region.setGuard((offset, size, store) -> access(offset, size, store));
            Memory memory = run.vm().memory();
            Region there = memory.regionAt(address(i));
            // an entry an earlier run of this VM held may be there; anything else keeps its slot
            if (there != null && !there.name().startsWith(REGION_NAME)) {
                throw run.trap(TrapException.Kind.UNSUPPORTED, "cannot map a conntrack entry at 0x" + Long.toHexString(address(i))
                        + ": " + there.name() + " is there");
            }
            memory.remap(region, address(i));
        }
        return address(i);
    }

    private static long address(int index) {
        return BASE + ((long) index << Memory.SLOT_SHIFT);
    }

    /** What the kernel's verifier lets a program do with a {@code struct nf_conn}: read it, and write {@code mark}. */
    private static String access(int offset, int size, boolean store) {
        String where = (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " of struct nf_conn";
        int mark = KernelStructs.nfConnOffset("mark");
        if (store) {
            return offset == mark && size <= 4 ? null : where + ": the kernel lets programs write only ct->mark (the verifier would refuse this)";
        }
        Optional<BtfType.Member> member = KernelStructs.nfConnMemberAt(offset);
        if (member.isEmpty() || offset + size > member.get().bitOffset() / 8 + KernelStructs.btf().sizeOf(member.get().type())) {
            return where + ": the emulator models only its members timeout, status, mark and secmark";
        }
        return null;
    }

    /** The entry a pointer argument holds; a pointer to anything else traps, as the verifier would refuse it. */
    static Entry held(KernelRun run, long pointer, String kfunc) {
        Held held = run.kfuncState(Held.class, Held::new);
        long index = (pointer - BASE) >> Memory.SLOT_SHIFT;
        if (pointer < BASE || index >= held.entries.size() || pointer != address((int) index)) {
            throw run.trap(TrapException.Kind.HELPER, kfunc + " argument 0x" + Long.toHexString(pointer)
                    + " is not a struct nf_conn a conntrack kfunc returned; the verifier would refuse the program");
        }
        return held.entries.get((int) index);
    }
}
