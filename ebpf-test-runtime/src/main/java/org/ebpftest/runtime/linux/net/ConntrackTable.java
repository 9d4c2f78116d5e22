package org.ebpftest.runtime.linux.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.btf.KernelStructs;

/**
 * The connection tracking table of a network namespace, as the conntrack kfuncs
 * ({@code bpf_xdp_ct_lookup}, {@code bpf_skb_ct_lookup}, {@code bpf_ct_insert_entry}, ...) see it:
 * the test adds entries, programs look them up and insert new ones, and the test reads the table
 * afterwards. An entry is found by its original tuple (direction 0) or its reply tuple (direction
 * 1), in the default zone, as {@code nf_conntrack_find_get} finds it.
 *
 * <pre>{@code
 * Tuple flow = Tuple.tcp(ip("10.0.0.9"), 40000, ip("10.0.0.1"), 80);
 * env.conntrack().add(Entry.of(flow)
 *         .status(ConntrackTable.IPS_SEEN_REPLY | ConntrackTable.IPS_ASSURED)
 *         .mark(7)
 *         .timeout(env.clock().jiffies64() + 120 * 250));   // expires in 120 s at HZ 250
 * }</pre>
 *
 * <p>Not modelled: conntrack zones, other network namespaces, expiry (an entry stays until the test
 * removes it, whatever its timeout), and the NAT engine's random choice of a free port.
 */
public final class ConntrackTable {
    /** {@code IPS_EXPECTED}: the connection is expected by a helper. */
    public static final long IPS_EXPECTED = 1L;
    /** {@code IPS_SEEN_REPLY}: packets have gone both ways. */
    public static final long IPS_SEEN_REPLY = 1L << 1;
    /** {@code IPS_ASSURED}: the connection is never dropped early. */
    public static final long IPS_ASSURED = 1L << 2;
    /** {@code IPS_CONFIRMED}: the entry is in the table; set on every entry added. */
    public static final long IPS_CONFIRMED = 1L << 3;
    /** {@code IPS_SRC_NAT}: the connection needs source NAT in the original direction. */
    public static final long IPS_SRC_NAT = 1L << 4;
    /** {@code IPS_DST_NAT}: the connection needs destination NAT in the original direction. */
    public static final long IPS_DST_NAT = 1L << 5;
    /** {@code IPS_SEQ_ADJUST}: TCP sequence numbers are adjusted. */
    public static final long IPS_SEQ_ADJUST = 1L << 6;
    /** {@code IPS_SRC_NAT_DONE}: source NAT is set up. */
    public static final long IPS_SRC_NAT_DONE = 1L << 7;
    /** {@code IPS_DST_NAT_DONE}: destination NAT is set up. */
    public static final long IPS_DST_NAT_DONE = 1L << 8;
    /** {@code IPS_DYING}: the entry is being removed. */
    public static final long IPS_DYING = 1L << 9;
    /** {@code IPS_FIXED_TIMEOUT}: the timeout may not change. */
    public static final long IPS_FIXED_TIMEOUT = 1L << 10;
    /** {@code IPS_TEMPLATE}: a template, not a connection. */
    public static final long IPS_TEMPLATE = 1L << 11;
    /** {@code IPS_UNTRACKED}, also {@code IPS_NAT_CLASH}. */
    public static final long IPS_UNTRACKED = 1L << 12;
    /** {@code IPS_HELPER}: a helper was assigned explicitly. */
    public static final long IPS_HELPER = 1L << 13;
    /** {@code IPS_OFFLOAD}: the connection is offloaded to a flow table. */
    public static final long IPS_OFFLOAD = 1L << 14;
    /** {@code IPS_HW_OFFLOAD}: the connection is offloaded to hardware. */
    public static final long IPS_HW_OFFLOAD = 1L << 15;

    /** {@code IPPROTO_TCP}. */
    public static final int TCP = 6;
    /** {@code IPPROTO_UDP}. */
    public static final int UDP = 17;

    private final List<Entry> entries = new ArrayList<>();

    /**
     * One direction of a connection: protocol, source and destination. Addresses are 4 bytes
     * ({@code AF_INET}) or 16 ({@code AF_INET6}) in network order; ports are in host order.
     *
     * @param protocol {@link #TCP} or {@link #UDP}
     * @param source the source address
     * @param sourcePort the source port
     * @param destination the destination address
     * @param destinationPort the destination port
     */
    public record Tuple(int protocol, byte[] source, int sourcePort, byte[] destination, int destinationPort) {
        /** A tuple; the addresses are copied. */
        public Tuple {
            if (protocol != TCP && protocol != UDP) {
                throw new IllegalArgumentException("conntrack tuples here are TCP (6) or UDP (17), as the kfuncs accept, not " + protocol);
            }
            if (source.length != 4 && source.length != 16 || destination.length != source.length) {
                throw new IllegalArgumentException("tuple addresses are both 4 or both 16 bytes, were " + source.length + " and " + destination.length);
            }
            if ((sourcePort & ~0xffff) != 0 || (destinationPort & ~0xffff) != 0) {
                throw new IllegalArgumentException("ports are 0 to 65535, were " + sourcePort + " and " + destinationPort);
            }
            source = source.clone();
            destination = destination.clone();
        }

        /** A TCP tuple. */
        public static Tuple tcp(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
            return new Tuple(TCP, source, sourcePort, destination, destinationPort);
        }

        /** A UDP tuple. */
        public static Tuple udp(byte[] source, int sourcePort, byte[] destination, int destinationPort) {
            return new Tuple(UDP, source, sourcePort, destination, destinationPort);
        }

        /** The address family: 2 ({@code AF_INET}) or 10 ({@code AF_INET6}). */
        public int family() {
            return source.length == 4 ? SocketTable.AF_INET : SocketTable.AF_INET6;
        }

        /** The other direction: source and destination swapped. */
        public Tuple reversed() {
            return new Tuple(protocol, destination, destinationPort, source, sourcePort);
        }

        @Override
        public byte[] source() {
            return source.clone();
        }

        @Override
        public byte[] destination() {
            return destination.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple t && t.protocol == protocol && t.sourcePort == sourcePort && t.destinationPort == destinationPort
                    && Arrays.equals(t.source, source) && Arrays.equals(t.destination, destination);
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocol, sourcePort, destinationPort, Arrays.hashCode(source), Arrays.hashCode(destination));
        }

        @Override
        public String toString() {
            return (protocol == TCP ? "tcp " : "udp ") + format(source) + ":" + sourcePort + " -> " + format(destination) + ":" + destinationPort;
        }
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return Arrays.toString(address);
        }
    }

    /**
     * A connection: its two tuples and the {@code struct nf_conn} fields programs read
     * ({@code status}, {@code timeout}, {@code mark}, {@code secmark}). The fields live in the
     * entry's {@code struct nf_conn} image, laid out as the kernel's, which a program holding the
     * entry reads and writes ({@code ct->mark = 1}), so the test sees the program's changes.
     */
    public static final class Entry {
        private static final int TIMEOUT = KernelStructs.nfConnOffset("timeout");
        private static final int STATUS = KernelStructs.nfConnOffset("status");
        private static final int MARK = KernelStructs.nfConnOffset("mark");
        private static final int SECMARK = KernelStructs.nfConnOffset("secmark");

        private final Tuple original;
        private Tuple reply;
        private final byte[] conn = new byte[KernelStructs.NF_CONN_SIZE];
        private final ByteBuffer fields = ByteBuffer.wrap(conn).order(ByteOrder.LITTLE_ENDIAN);

        private Entry(Tuple original, Tuple reply) {
            this.original = original;
            this.reply = reply;
        }

        /** An entry for a connection whose reply comes back along the reversed tuple (no NAT). */
        public static Entry of(Tuple original) {
            return new Entry(Objects.requireNonNull(original, "original"), original.reversed());
        }

        /**
         * An entry whose reply tuple is not the reversed original: a NATed connection. The test sets
         * the matching status bits ({@link #IPS_SRC_NAT}, {@link #IPS_SRC_NAT_DONE}, ...).
         */
        public static Entry of(Tuple original, Tuple reply) {
            if (original.protocol() != reply.protocol() || original.family() != reply.family()) {
                throw new IllegalArgumentException("the reply tuple " + reply + " must be of the original's protocol and family: " + original);
            }
            return new Entry(original, reply);
        }

        /** The tuple of the original direction. */
        public Tuple original() {
            return original;
        }

        /** The tuple of the reply direction. */
        public Tuple reply() {
            return reply;
        }

        /** {@code ct->status}: the {@code IPS_*} bits. */
        public long status() {
            return fields.getLong(STATUS);
        }

        /** Sets {@code ct->status}. */
        public Entry status(long status) {
            fields.putLong(STATUS, status);
            return this;
        }

        /**
         * {@code ct->timeout}: for an entry in the table the jiffies (low 32 bits) at which it
         * expires; for one a program allocated and has not inserted, the ticks it will live.
         */
        public long timeout() {
            return Integer.toUnsignedLong(fields.getInt(TIMEOUT));
        }

        /** Sets {@code ct->timeout} (its low 32 bits are kept, as the kernel's field is a {@code u32}). */
        public Entry timeout(long jiffies) {
            fields.putInt(TIMEOUT, (int) jiffies);
            return this;
        }

        /** {@code ct->mark}. */
        public int mark() {
            return fields.getInt(MARK);
        }

        /** Sets {@code ct->mark}. */
        public Entry mark(int mark) {
            fields.putInt(MARK, mark);
            return this;
        }

        /** {@code ct->secmark}. */
        public int secmark() {
            return fields.getInt(SECMARK);
        }

        /** Sets {@code ct->secmark}. */
        public Entry secmark(int secmark) {
            fields.putInt(SECMARK, secmark);
            return this;
        }

        /** Replaces the reply tuple, as NAT setup does. */
        public Entry reply(Tuple newReply) {
            if (newReply.protocol() != original.protocol() || newReply.family() != original.family()) {
                throw new IllegalArgumentException("the reply tuple " + newReply + " must be of the original's protocol and family: " + original);
            }
            this.reply = newReply;
            return this;
        }

        /** The entry's {@code struct nf_conn} image, which the emulator maps for programs; not a copy. */
        public byte[] kernelImage() {
            return conn;
        }

        @Override
        public String toString() {
            return "conntrack " + original + " reply " + reply + " status 0x" + Long.toHexString(status()) + " mark " + mark();
        }
    }

    /**
     * An entry found by a lookup, and the direction of the tuple that found it.
     *
     * @param entry the entry
     * @param direction 0 when the tuple is the entry's original, 1 when it is the reply
     */
    public record Found(Entry entry, int direction) {
    }

    /**
     * Adds an entry, marking it {@link #IPS_CONFIRMED} as every entry in the kernel's table is.
     *
     * @throws IllegalArgumentException if an entry already has one of its tuples, which the kernel
     *     refuses with -EEXIST
     */
    public ConntrackTable add(Entry entry) {
        if (clash(entry).isPresent()) {
            throw new IllegalArgumentException("the conntrack table already has a connection with a tuple of " + entry + ": " + clash(entry).get());
        }
        entry.status(entry.status() | IPS_CONFIRMED);
        entries.add(entry);
        return this;
    }

    /** The entry holding one of an entry's tuples in either direction, which inserting it would clash with. */
    public Optional<Entry> clash(Entry entry) {
        for (Entry e : entries) {
            if (e.original.equals(entry.original) || e.original.equals(entry.reply) || e.reply.equals(entry.original) || e.reply.equals(entry.reply)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The entry with a tuple in either direction, as {@code nf_conntrack_find_get} finds it. */
    public Optional<Found> find(Tuple tuple) {
        for (Entry e : entries) {
            if (e.original.equals(tuple)) {
                return Optional.of(new Found(e, 0));
            }
            if (e.reply.equals(tuple)) {
                return Optional.of(new Found(e, 1));
            }
        }
        return Optional.empty();
    }

    /** The entries, in the order they were added. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Removes an entry; whether it was there. */
    public boolean remove(Entry entry) {
        return entries.remove(entry);
    }

    /** Removes every entry. */
    public void clear() {
        entries.clear();
    }
}
