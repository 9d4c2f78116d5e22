package org.ebpftest.runtime.linux.helpers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.KernelStruct;
import org.ebpftest.runtime.linux.net.SocketTable;
import org.ebpftest.runtime.linux.net.SocketTable.Protocol;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.State;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;

/**
 * Sockets as the kernel's own structs, laid out as Linux 6.18 x86-64's: what a program reads
 * through the pointers the {@code bpf_skc_to_*} casts return and through {@code bpf_rdonly_cast}
 * ({@code bpf_core_cast}) of a socket. Each socket is the object the kernel allocates for it
 * ({@code struct tcp_sock}, {@code tcp6_sock}, {@code udp_sock}, {@code udp6_sock},
 * {@code tcp_timewait_sock}, {@code tcp_request_sock}, or a bare {@code struct sock} for
 * test_run's), of that struct's size, with the members the emulator knows filled in: those
 * {@code struct bpf_sock} and {@code struct bpf_tcp_sock} read (the verifier rewrites their loads
 * into loads of these members), the owner and buffer sizes, {@code inet_saddr}, {@code inet_sport},
 * {@code pinet6} and the IPv6 source address. A load of any other member traps naming it (member
 * names by offset come from this kernel's BTF, {@code NAME.members} beside this class), and so does
 * a load past the end of the socket's object, where the kernel would read another object's bytes.
 */
final class SocketStructs {
    /** A member the emulator fills in: its name as a C program reaches it from the outermost struct, offset and size. */
    record Field(String name, int offset, int size) {
    }

    // struct sock_common, the head of every socket (time-wait and request sockets too)
    static final Field SKC_DADDR = new Field("skc_daddr", 0, 4);
    static final Field SKC_RCV_SADDR = new Field("skc_rcv_saddr", 4, 4);
    static final Field SKC_DPORT = new Field("skc_dport", 12, 2);
    static final Field SKC_NUM = new Field("skc_num", 14, 2);
    static final Field SKC_FAMILY = new Field("skc_family", 16, 2);
    static final Field SKC_STATE = new Field("skc_state", 18, 1);
    static final Field SKC_BOUND_DEV_IF = new Field("skc_bound_dev_if", 20, 4);
    static final Field SKC_V6_DADDR = new Field("skc_v6_daddr", 56, 16);
    static final Field SKC_V6_RCV_SADDR = new Field("skc_v6_rcv_saddr", 72, 16);
    static final Field SKC_RX_QUEUE_MAPPING = new Field("skc_rx_queue_mapping", 122, 2);
    // struct sock
    static final Field SK_RCVBUF = new Field("sk_rcvbuf", 244, 4);
    static final Field SK_PRIORITY = new Field("sk_priority", 520, 4);
    static final Field SK_MARK = new Field("sk_mark", 524, 4);
    static final Field SK_UID = new Field("sk_uid", 528, 4);
    static final Field SK_PROTOCOL = new Field("sk_protocol", 532, 2);
    static final Field SK_TYPE = new Field("sk_type", 534, 2);
    static final Field SK_SNDBUF = new Field("sk_sndbuf", 568, 4);
    // struct inet_sock, after struct sock in TCP and UDP sockets
    static final Field PINET6 = new Field("pinet6", 784, 8);
    static final Field INET_SADDR = new Field("inet_saddr", 808, 4);
    static final Field INET_SPORT = new Field("inet_sport", 814, 2);
    // struct ipv6_pinfo, the last member of struct tcp6_sock and struct udp6_sock
    static final Field TCP6_SADDR = new Field("inet6.saddr", 2304, 16);
    static final Field UDP6_SADDR = new Field("inet6.saddr", 1344, 16);
    // struct tcp_timewait_sock
    static final Field TW_MARK = new Field("tw_mark", 136, 4);
    static final Field TW_SPORT = new Field("tw_sport", 142, 2);
    static final Field TW_PRIORITY = new Field("tw_priority", 152, 4);

    /** The member of struct tcp_sock (or inet_connection_sock) each struct bpf_tcp_sock field reads (bpf_tcp_sock_convert_ctx_access). */
    static final Map<TcpField, Field> TCP_MEMBERS = tcpMembers();

    /** NO_QUEUE_MAPPING, the u16 of a socket with no receive queue recorded. */
    private static final int NO_QUEUE_MAPPING = 0xffff;

    /** The object the kernel allocates for a kind of socket. */
    enum Kind {
        /** test_run's socket: {@code sk_alloc} of {@code bpf_dummy_proto}, whose object is a bare struct sock. */
        SOCK("sock", 784),
        TCP_SOCK("tcp_sock", 2304),
        TCP6_SOCK("tcp6_sock", 2432),
        UDP_SOCK("udp_sock", 1344),
        UDP6_SOCK("udp6_sock", 1472),
        TCP_TIMEWAIT_SOCK("tcp_timewait_sock", 248),
        TCP_REQUEST_SOCK("tcp_request_sock", 312);

        final KernelStruct struct;
        final List<Field> fields;
        private final boolean[] modelled;

        Kind(String name, int size) {
            this.fields = fieldsOf(name);
            int[] pairs = new int[fields.size() * 2];
            modelled = new boolean[size];
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                pairs[2 * i] = f.offset();
                pairs[2 * i + 1] = f.size();
                for (int b = f.offset(); b < f.offset() + f.size(); b++) {
                    modelled[b] = true;
                }
            }
            this.struct = KernelStruct.of(SocketStructs.class, name, size, pairs);
        }

        /** Whether every byte of an access lies in a member the emulator fills in. */
        boolean models(int offset, int length) {
            for (int b = offset; b < offset + length; b++) {
                if (b >= modelled.length || !modelled[b]) {
                    return false;
                }
            }
            return true;
        }
    }

    private SocketStructs() {
    }

    private static List<Field> fieldsOf(String struct) {
        List<Field> f = new ArrayList<>(List.of(SKC_DADDR, SKC_RCV_SADDR, SKC_DPORT, SKC_NUM, SKC_FAMILY, SKC_STATE, SKC_BOUND_DEV_IF,
                SKC_V6_DADDR, SKC_V6_RCV_SADDR, SKC_RX_QUEUE_MAPPING));
        switch (struct) {
            case "tcp_timewait_sock" -> f.addAll(List.of(TW_MARK, TW_SPORT, TW_PRIORITY));
            case "tcp_request_sock" -> {
            }
            default -> {
                f.addAll(List.of(SK_RCVBUF, SK_PRIORITY, SK_MARK, SK_UID, SK_PROTOCOL, SK_TYPE, SK_SNDBUF));
                if (!struct.equals("sock")) {
                    f.addAll(List.of(PINET6, INET_SADDR, INET_SPORT));
                }
                if (struct.startsWith("tcp")) {
                    f.addAll(tcpMembers().values());
                }
                if (struct.equals("tcp6_sock")) {
                    f.add(TCP6_SADDR);
                }
                if (struct.equals("udp6_sock")) {
                    f.add(UDP6_SADDR);
                }
            }
        }
        return Collections.unmodifiableList(f);
    }

    private static Map<TcpField, Field> tcpMembers() {
        Map<TcpField, Field> m = new EnumMap<>(TcpField.class);
        m.put(TcpField.SND_CWND, new Field("snd_cwnd", 1444, 4));
        m.put(TcpField.SRTT_US, new Field("srtt_us", 1680, 4));
        // struct minmax rtt_min: bpf_tcp_sock reads the value of its first sample, rtt_min.s[0].v
        m.put(TcpField.RTT_MIN, new Field("rtt_min.s.v", 1500, 4));
        m.put(TcpField.SND_SSTHRESH, new Field("snd_ssthresh", 1492, 4));
        m.put(TcpField.RCV_NXT, new Field("rcv_nxt", 1664, 4));
        m.put(TcpField.SND_NXT, new Field("snd_nxt", 1668, 4));
        m.put(TcpField.SND_UNA, new Field("snd_una", 1672, 4));
        m.put(TcpField.MSS_CACHE, new Field("mss_cache", 1440, 4));
        m.put(TcpField.ECN_FLAGS, new Field("ecn_flags", 1640, 1));
        m.put(TcpField.RATE_DELIVERED, new Field("rate_delivered", 1780, 4));
        m.put(TcpField.RATE_INTERVAL_US, new Field("rate_interval_us", 1784, 4));
        m.put(TcpField.PACKETS_OUT, new Field("packets_out", 1684, 4));
        m.put(TcpField.RETRANS_OUT, new Field("retrans_out", 1480, 4));
        m.put(TcpField.TOTAL_RETRANS, new Field("total_retrans", 2200, 4));
        m.put(TcpField.SEGS_IN, new Field("segs_in", 1760, 4));
        m.put(TcpField.DATA_SEGS_IN, new Field("data_segs_in", 1764, 4));
        m.put(TcpField.SEGS_OUT, new Field("segs_out", 1536, 4));
        m.put(TcpField.DATA_SEGS_OUT, new Field("data_segs_out", 1540, 4));
        m.put(TcpField.LOST_OUT, new Field("lost_out", 1452, 4));
        m.put(TcpField.SACKED_OUT, new Field("sacked_out", 1456, 4));
        m.put(TcpField.BYTES_RECEIVED, new Field("bytes_received", 1752, 8));
        m.put(TcpField.BYTES_ACKED, new Field("bytes_acked", 1824, 8));
        m.put(TcpField.DSACK_DUPS, new Field("dsack_dups", 1864, 4));
        m.put(TcpField.DELIVERED, new Field("delivered", 1692, 4));
        m.put(TcpField.DELIVERED_CE, new Field("delivered_ce", 1696, 4));
        // a u8 of struct inet_connection_sock
        m.put(TcpField.ICSK_RETRANSMITS, new Field("icsk_retransmits", 1249, 1));
        return Collections.unmodifiableMap(m);
    }

    /** The object the kernel holds for a socket of the table. */
    static Kind kindOf(Socket s) {
        if (s.state() == State.TIME_WAIT) {
            return Kind.TCP_TIMEWAIT_SOCK;
        }
        if (s.state() == State.NEW_SYN_RECV) {
            return Kind.TCP_REQUEST_SOCK;
        }
        boolean v6 = s.family() == SocketTable.AF_INET6;
        if (s.protocol() == Protocol.TCP) {
            return v6 ? Kind.TCP6_SOCK : Kind.TCP_SOCK;
        }
        return v6 ? Kind.UDP6_SOCK : Kind.UDP_SOCK;
    }

    /**
     * Writes a socket of the table as its kernel object at {@code b[at]}, which the program sees
     * at {@code address} (for {@code pinet6}, which points into the object itself).
     */
    static void write(byte[] b, int at, Socket s, long address) {
        Kind kind = kindOf(s);
        writeCommon(b, at, s.remoteIpv4(), s.localIpv4(), s.remotePort(), s.localPort(), s.family(), s.state().number(), s.boundDevice(),
                s.remoteIpv6(), s.localIpv6(), s.rxQueue());
        if (kind == Kind.TCP_TIMEWAIT_SOCK) {
            ContextBytes.putU32(b, at + TW_MARK.offset(), s.mark());
            putBe16(b, at + TW_SPORT.offset(), s.localPort());
            ContextBytes.putU32(b, at + TW_PRIORITY.offset(), s.priority());
            return;
        }
        if (kind == Kind.TCP_REQUEST_SOCK) {
            return;
        }
        writeSock(b, at, s.protocol().number(), s.protocol().socketType(), s.mark(), s.priority(), s.uid(), s.rcvbuf(), s.sndbuf());
        Field inet6 = kind == Kind.TCP6_SOCK ? TCP6_SADDR : kind == Kind.UDP6_SOCK ? UDP6_SADDR : null;
        putU64(b, at + PINET6.offset(), inet6 == null ? 0 : address + inet6.offset());
        System.arraycopy(s.localIpv4(), 0, b, at + INET_SADDR.offset(), 4);
        putBe16(b, at + INET_SPORT.offset(), s.localPort());
        if (inet6 != null) {
            System.arraycopy(s.localIpv6(), 0, b, at + inet6.offset(), 16);
        }
        for (Map.Entry<TcpField, Long> e : s.tcp().entrySet()) {
            Field f = TCP_MEMBERS.get(e.getKey());
            long v = e.getValue();
            for (int i = 0; i < f.size(); i++) {
                b[at + f.offset() + i] = (byte) (v >>> (8 * i));
            }
        }
    }

    /**
     * Writes test_run's socket as {@code bpf_prog_test_run_skb} leaves it: zeroed by {@code sk_alloc},
     * then {@code sock_init_data} with no {@code struct socket} (state {@code TCP_CLOSE}, the default
     * buffer sizes, owner root, no queue recorded), then the family and the addresses of the packet.
     */
    static void writeTestRun(byte[] b, int at, int family, byte[] localIpv4, byte[] remoteIpv4, byte[] localIpv6, byte[] remoteIpv6) {
        writeCommon(b, at, remoteIpv4, localIpv4, 0, 0, family, State.CLOSE.number(), 0, remoteIpv6, localIpv6, -1);
        writeSock(b, at, 0, 0, 0, 0, 0, SocketTable.DEFAULT_BUFFER, SocketTable.DEFAULT_BUFFER);
    }

    private static void writeCommon(byte[] b, int at, byte[] daddr, byte[] rcvSaddr, int dport, int num, int family, int state, int boundDevice,
            byte[] v6Daddr, byte[] v6RcvSaddr, int rxQueue) {
        System.arraycopy(daddr, 0, b, at + SKC_DADDR.offset(), 4);
        System.arraycopy(rcvSaddr, 0, b, at + SKC_RCV_SADDR.offset(), 4);
        putBe16(b, at + SKC_DPORT.offset(), dport);
        putU16(b, at + SKC_NUM.offset(), num);
        putU16(b, at + SKC_FAMILY.offset(), family);
        b[at + SKC_STATE.offset()] = (byte) state;
        ContextBytes.putU32(b, at + SKC_BOUND_DEV_IF.offset(), boundDevice);
        System.arraycopy(v6Daddr, 0, b, at + SKC_V6_DADDR.offset(), 16);
        System.arraycopy(v6RcvSaddr, 0, b, at + SKC_V6_RCV_SADDR.offset(), 16);
        putU16(b, at + SKC_RX_QUEUE_MAPPING.offset(), rxQueue < 0 ? NO_QUEUE_MAPPING : rxQueue);
    }

    private static void writeSock(byte[] b, int at, int protocol, int type, int mark, int priority, int uid, int rcvbuf, int sndbuf) {
        ContextBytes.putU32(b, at + SK_RCVBUF.offset(), rcvbuf);
        ContextBytes.putU32(b, at + SK_PRIORITY.offset(), priority);
        ContextBytes.putU32(b, at + SK_MARK.offset(), mark);
        ContextBytes.putU32(b, at + SK_UID.offset(), uid);
        putU16(b, at + SK_PROTOCOL.offset(), protocol);
        putU16(b, at + SK_TYPE.offset(), type);
        ContextBytes.putU32(b, at + SK_SNDBUF.offset(), sndbuf);
    }

    /**
     * Why a program's access to a socket's kernel object is refused, or null for a load within the
     * members the emulator fills in.
     *
     * @param s the socket, or null for test_run's
     */
    static String refusal(Kind kind, Socket s, int offset, int size, boolean store) {
        String of = s == null ? "test_run's socket" : "socket " + s;
        String where = (store ? "store" : "load") + " of " + size + " bytes at offset " + offset;
        if (offset + size > kind.struct.size()) {
            // named after the smallest full socket struct that has the offset, the one a program most likely meant
            KernelStruct named = offset < Kind.SOCK.struct.size() ? Kind.SOCK.struct
                    : offset < Kind.TCP_SOCK.struct.size() ? Kind.TCP_SOCK.struct : Kind.TCP6_SOCK.struct;
            return where + " (" + named.memberAt(offset) + " in " + named.name() + ") is past the end of " + of + ", a " + kind.struct.name()
                    + " of " + kind.struct.size() + " bytes: the kernel would read another object's memory there";
        }
        where += " of " + kind.struct.name() + " (" + kind.struct.memberAt(offset) + ") of " + of;
        if (store) {
            return where + ": the kernel's verifier lets no program write a kernel socket";
        }
        if (!kind.models(offset, size)) {
            return where + ": the emulator does not model this member of the kernel's sockets (LINUX.md lists those it does)";
        }
        if (s != null && (overlaps(offset, size, SK_RCVBUF) && s.rcvbuf() == 0 || overlaps(offset, size, SK_SNDBUF) && s.sndbuf() == 0)) {
            return where + ": the buffer sizes of a TCP connection depend on its path and traffic; give them with Socket.withBuffers";
        }
        return null;
    }

    private static boolean overlaps(int offset, int size, Field f) {
        return offset < f.offset() + f.size() && f.offset() < offset + size;
    }

    private static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void putBe16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putU64(byte[] b, int at, long v) {
        ContextBytes.putU32(b, at, v);
        ContextBytes.putU32(b, at + 4, v >>> 32);
    }
}
