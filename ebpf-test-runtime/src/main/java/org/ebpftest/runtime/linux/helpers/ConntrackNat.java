package org.ebpftest.runtime.linux.helpers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.net.ConntrackTable;
import org.ebpftest.runtime.linux.net.ConntrackTable.Entry;
import org.ebpftest.runtime.linux.net.ConntrackTable.Found;
import org.ebpftest.runtime.linux.net.ConntrackTable.Tuple;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.TrapException;

/**
 * {@code bpf_ct_set_nat_info} of net/netfilter/nf_nat_bpf.c: source or destination NAT of an entry
 * a program allocated and has not inserted, as {@code nf_nat_setup_info} and
 * {@code get_unique_tuple} of nf_nat_core.c set it up for a range of one address (and one port
 * when the port is positive). The entry's reply tuple becomes the inverse of the chosen tuple, so
 * once inserted the table finds the connection by its translated reply, as the kernel's does.
 *
 * <p>The kernel's choices are deterministic here but one: source NAT without a port whose tuple
 * is taken makes the kernel pick a random free port ({@code get_random_u16}); that traps naming
 * it. Which earlier source mappings the kernel reuses ({@code find_appropriate_src}) is modelled
 * by the table's entries with {@code IPS_SRC_NAT_DONE}, latest added first, as its by-source hash
 * list holds them; entries the run allocated and did not insert are not among them.
 */
final class ConntrackNat {
    /** {@code NF_NAT_MANIP_SRC}. */
    private static final int MANIP_SRC = 0;
    /** {@code NF_NAT_MANIP_DST}. */
    private static final int MANIP_DST = 1;
    /** {@code sizeof(union nf_inet_addr)}. */
    private static final int ADDRESS_SIZE = 16;
    /** {@code IPS_NAT_MASK | IPS_SEQ_ADJUST}: the bits nf_nat_used_tuple_new calls "uses NAT". */
    private static final long USES_NAT = ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_DST_NAT | ConntrackTable.IPS_SEQ_ADJUST;

    private ConntrackNat() {
    }

    /** The one address (and port) of the range {@code bpf_ct_set_nat_info} builds. */
    private record Range(byte[] address, boolean portSpecified, int port) {
        /** nf_in_range of the source part (nf_nat_inet_in_range and l4proto_in_range for NF_NAT_MANIP_SRC). */
        boolean holdsSource(Tuple t) {
            return Arrays.equals(t.source(), address) && (!portSpecified || t.sourcePort() == port);
        }
    }

    /** bpf_ct_set_nat_info(nfct, addr, port, manip): 0, -EINVAL for another manip, -ENOMEM where nf_nat_setup_info answers NF_DROP. */
    static long setNatInfo(KernelRun run, long ct, long addressPointer, long port, long manip, long r5) {
        Entry entry = ConntrackKfuncs.held(run, ct, "bpf_ct_set_nat_info");
        if ((entry.status() & ConntrackTable.IPS_CONFIRMED) != 0) {
            throw run.trap(TrapException.Kind.HELPER, "bpf_ct_set_nat_info takes a struct nf_conn___init (an entry bpf_xdp_ct_alloc or"
                    + " bpf_skb_ct_alloc returned, not yet inserted), not " + entry + "; the verifier would refuse the program");
        }
        int type = (int) manip;
        if (type != MANIP_SRC && type != MANIP_DST) {
            return -Errno.EINVAL;
        }
        long done = type == MANIP_SRC ? ConntrackTable.IPS_SRC_NAT_DONE : ConntrackTable.IPS_DST_NAT_DONE;
        if ((entry.status() & done) != 0) {
            // WARN_ON(nf_nat_initialized(ct, maniptype)): NF_DROP, which the kfunc turns into -ENOMEM
            return -Errno.ENOMEM;
        }
        byte[] union = run.vm().memory().read(addressPointer, ADDRESS_SIZE);
        int length = entry.original().source().length;
        if (length == 4 && !Arrays.equals(Arrays.copyOfRange(union, 4, ADDRESS_SIZE), new byte[ADDRESS_SIZE - 4])) {
            // the kernel copies all 16 bytes into the tuple, which then matches no lookup's tuple
            throw run.trap(TrapException.Kind.UNSUPPORTED, "bpf_ct_set_nat_info with an IPv4 address whose union nf_inet_addr has"
                    + " non-zero bytes after the first 4: the kernel keeps them in the tuple, the emulator's tuples have 4 bytes");
        }
        int p = (int) port;
        Range range = new Range(Arrays.copyOf(union, length), p > 0, p & 0xffff);
        ConntrackTable table = run.environment().conntrack();
        Tuple current = entry.reply().reversed();
        Tuple chosen = uniqueTuple(run, table, entry, current, range, type);
        if (!chosen.equals(current)) {
            entry.reply(chosen.reversed());
            entry.status(entry.status() | (type == MANIP_SRC ? ConntrackTable.IPS_SRC_NAT : ConntrackTable.IPS_DST_NAT));
        }
        entry.status(entry.status() | done);
        return 0;
    }

    /** get_unique_tuple for a range of one address and at most one port. */
    private static Tuple uniqueTuple(KernelRun run, ConntrackTable table, Entry entry, Tuple current, Range range, int type) {
        if (type == MANIP_SRC) {
            if (range.holdsSource(current)) {
                if (!usedNew(table, current, entry)) {
                    return current;
                }
            } else {
                Optional<Tuple> mapped = appropriateSource(table, current, range);
                if (mapped.isPresent() && !used(table, mapped.get(), entry)) {
                    return mapped.get();
                }
            }
        }
        // find_best_ips_proto's fast path: the only address of the range
        Tuple t = type == MANIP_SRC
                ? new Tuple(current.protocol(), range.address(), current.sourcePort(), current.destination(), current.destinationPort())
                : new Tuple(current.protocol(), current.source(), current.sourcePort(), range.address(), current.destinationPort());
        if (range.portSpecified()) {
            // a range of one port: nf_nat_l4proto_unique_tuple's single attempt takes it, used or not
            return type == MANIP_SRC
                    ? new Tuple(t.protocol(), t.source(), range.port(), t.destination(), t.destinationPort())
                    : new Tuple(t.protocol(), t.source(), t.sourcePort(), t.destination(), range.port());
        }
        if (type == MANIP_DST || !used(table, t, entry)) {
            // without a port range a destination's port is never changed
            return t;
        }
        throw run.trap(TrapException.Kind.UNSUPPORTED, "bpf_ct_set_nat_info: source NAT without a port makes " + t
                + " clash with an entry of the table, and the kernel would pick a random free port (get_random_u16) from 1024-65535"
                + " (or 1-511, 600-1023 for low ports); the emulator does not choose one: pass a port");
    }

    /**
     * find_appropriate_src: the source an earlier source-NATed connection from the same address
     * and port was mapped to, when it lies in the range; the latest such entry first.
     */
    private static Optional<Tuple> appropriateSource(ConntrackTable table, Tuple current, Range range) {
        List<Entry> entries = table.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            Tuple o = e.original();
            if ((e.status() & ConntrackTable.IPS_SRC_NAT_DONE) != 0 && o.protocol() == current.protocol()
                    && Arrays.equals(o.source(), current.source()) && o.sourcePort() == current.sourcePort()) {
                Tuple mapped = e.reply().reversed();
                Tuple result = new Tuple(current.protocol(), mapped.source(), mapped.sourcePort(), current.destination(), current.destinationPort());
                if (range.holdsSource(result)) {
                    return Optional.of(result);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * nf_nat_used_tuple (nf_conntrack_tuple_taken of the inverse): another entry has the tuple's
     * reply in either direction, unless its original tuple is the entry's own (a clash that
     * insertion resolves).
     */
    private static boolean used(ConntrackTable table, Tuple tuple, Entry self) {
        Tuple reply = tuple.reversed();
        for (Entry e : table.entries()) {
            if (e != self && (e.original().equals(reply) || e.reply().equals(reply)) && !e.original().equals(self.original())) {
                return true;
            }
        }
        return false;
    }

    /**
     * nf_nat_used_tuple_new: as {@link #used}, but a UDP entry (whose protocol allows clashes) that
     * uses no NAT may keep a tuple whose clashing entry uses no NAT either and is its reverse.
     */
    private static boolean usedNew(ConntrackTable table, Tuple tuple, Entry self) {
        if (!used(table, tuple, self)) {
            return false;
        }
        if (tuple.protocol() != ConntrackTable.UDP || (self.status() & USES_NAT) != 0) {
            return true;
        }
        Optional<Found> clash = table.find(tuple).or(() -> table.find(tuple.reversed()));
        if (clash.isEmpty()) {
            return false;
        }
        Entry other = clash.get().entry();
        return (other.status() & USES_NAT) != 0 || !other.original().equals(self.reply());
    }
}
