package org.ebpftest.runtime.linux.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sockets of a network namespace that {@code bpf_sk_lookup_tcp}, {@code bpf_sk_lookup_udp} and
 * {@code bpf_skc_lookup_tcp} find, as the test provides them: TCP listeners, connections (in any
 * TCP state, time-wait and request sockets included) and UDP sockets, bound or connected. Lookups
 * follow the kernel's socket hash lookups ({@code __inet_lookup}, {@code __udp4_lib_lookup} and
 * their IPv6 twins): an exact match of the four-tuple first, then the best-scoring bound socket,
 * an exact local address before a wildcard one.
 *
 * <pre>{@code
 * env.sockets().add(Socket.tcpListener(ip("10.0.0.1"), 80))                       // ss -lt: 10.0.0.1:80
 *              .add(Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000))      // an accepted connection
 *              .add(Socket.udp(ip("0.0.0.0"), 53).boundTo(2));                   // SO_BINDTODEVICE
 * }</pre>
 *
 * <p>Not modelled: {@code SO_REUSEPORT} groups (among equally good sockets the first added wins),
 * the incoming-CPU preference of the score, {@code tcp_l3mdev_accept} and VRF devices.
 */
public final class SocketTable {
    /** {@code AF_INET}. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = 10;
    /** {@code net.ipv4.tcp_rmem}'s and {@code tcp_wmem}'s default sizes, which {@code tcp_init_sock} gives a TCP socket. */
    static final int TCP_RCVBUF = 131072;
    static final int TCP_SNDBUF = 16384;
    /** {@code net.core.rmem_default} and {@code wmem_default}, which {@code sock_init_data} gives every other socket. */
    public static final int DEFAULT_BUFFER = 212992;
    /** {@code LOOPBACK4_IPV6}: the IPv4 address the kernel gives an IPv6 socket whose address has no IPv4 form. */
    private static final byte[] LOOPBACK4_IPV6 = {127, 0, 0, 6};

    private static final AtomicLong CHANGES = new AtomicLong();

    /** The transport protocol of a socket, with its protocol number and socket type. */
    public enum Protocol {
        /** {@code IPPROTO_TCP}, a {@code SOCK_STREAM} socket. */
        TCP(6, 1),
        /** {@code IPPROTO_UDP}, a {@code SOCK_DGRAM} socket. */
        UDP(17, 2);

        private final int number;
        private final int socketType;

        Protocol(int number, int socketType) {
            this.number = number;
            this.socketType = socketType;
        }

        /** The {@code IPPROTO_*} number. */
        public int number() {
            return number;
        }

        /** The {@code SOCK_*} type. */
        public int socketType() {
            return socketType;
        }
    }

    /** The socket states ({@code TCP_*} in include/net/tcp_states.h), which UDP sockets use too. */
    public enum State {
        /** {@code TCP_ESTABLISHED}: a TCP connection, or a connected UDP socket. */
        ESTABLISHED(1),
        /** {@code TCP_SYN_SENT}. */
        SYN_SENT(2),
        /** {@code TCP_SYN_RECV}. */
        SYN_RECV(3),
        /** {@code TCP_FIN_WAIT1}. */
        FIN_WAIT1(4),
        /** {@code TCP_FIN_WAIT2}. */
        FIN_WAIT2(5),
        /** {@code TCP_TIME_WAIT}: a time-wait socket, not a full socket. */
        TIME_WAIT(6),
        /** {@code TCP_CLOSE}: an unconnected UDP socket, or a TCP socket in no lookup table. */
        CLOSE(7),
        /** {@code TCP_CLOSE_WAIT}. */
        CLOSE_WAIT(8),
        /** {@code TCP_LAST_ACK}. */
        LAST_ACK(9),
        /** {@code TCP_LISTEN}. */
        LISTEN(10),
        /** {@code TCP_CLOSING}. */
        CLOSING(11),
        /** {@code TCP_NEW_SYN_RECV}: a request socket, answered SYN-ACK and waiting for the ACK; not a full socket. */
        NEW_SYN_RECV(12);

        private final int number;

        State(int number) {
            this.number = number;
        }

        /** The kernel's number, as {@code struct bpf_sock}'s {@code state} reads. */
        public int number() {
            return number;
        }
    }

    /**
     * The fields of {@code struct bpf_tcp_sock} ({@code bpf_tcp_sock} answers them for TCP
     * sockets), with their offsets and sizes; a socket reads 0 for a field the test did not set.
     */
    public enum TcpField {
        SND_CWND(0, 4), SRTT_US(4, 4), RTT_MIN(8, 4), SND_SSTHRESH(12, 4), RCV_NXT(16, 4), SND_NXT(20, 4), SND_UNA(24, 4),
        MSS_CACHE(28, 4), ECN_FLAGS(32, 4), RATE_DELIVERED(36, 4), RATE_INTERVAL_US(40, 4), PACKETS_OUT(44, 4),
        RETRANS_OUT(48, 4), TOTAL_RETRANS(52, 4), SEGS_IN(56, 4), DATA_SEGS_IN(60, 4), SEGS_OUT(64, 4),
        DATA_SEGS_OUT(68, 4), LOST_OUT(72, 4), SACKED_OUT(76, 4), BYTES_RECEIVED(80, 8), BYTES_ACKED(88, 8),
        DSACK_DUPS(96, 4), DELIVERED(100, 4), DELIVERED_CE(104, 4), ICSK_RETRANSMITS(108, 4);

        /** {@code sizeof(struct bpf_tcp_sock)} up to its last field. */
        public static final int STRUCT_SIZE = 112;

        private final int offset;
        private final int size;

        TcpField(int offset, int size) {
            this.offset = offset;
            this.size = size;
        }

        /** The offset in {@code struct bpf_tcp_sock}. */
        public int offset() {
            return offset;
        }

        /** The size in bytes, 4 or 8. */
        public int size() {
            return size;
        }
    }

    /**
     * A socket: its protocol, local and remote ends (addresses of 4 bytes for an {@code AF_INET}
     * socket, 16 for {@code AF_INET6}; ports in host order), state, and the {@code struct sock}
     * members programs read through {@code struct bpf_sock}, {@code struct bpf_tcp_sock} and the
     * kernel's socket structs.
     *
     * @param protocol TCP or UDP
     * @param localAddress the bound address; all zeros for a wildcard ({@code 0.0.0.0}, {@code ::})
     * @param localPort the bound port
     * @param remoteAddress the peer's address; all zeros for an unconnected socket
     * @param remotePort the peer's port, 0 for an unconnected socket
     * @param state the state
     * @param ipv6Only {@code IPV6_V6ONLY}: an IPv6 socket on {@code ::} that IPv4 lookups do not find
     *     (an IPv6 socket bound to an address that is not v4-mapped never sees IPv4, as in the kernel)
     * @param boundDevice {@code SO_BINDTODEVICE}'s interface index, or 0
     * @param mark {@code SO_MARK}
     * @param priority {@code SO_PRIORITY}
     * @param rxQueue the receive queue recorded on the socket ({@code sk_rx_queue_mapping}), or -1 for none;
     *     an accepted connection records the queue of the packet that completed it (0 on loopback), and
     *     its time-wait socket keeps it
     * @param tcp the {@code struct bpf_tcp_sock} values of a TCP socket
     * @param uid the owner ({@code sk_uid}): the user that created the socket
     * @param rcvbuf the receive buffer size ({@code sk_rcvbuf}, what {@code getsockopt(SO_RCVBUF)} answers),
     *     or 0 where it is not known (see {@link #withBuffers})
     * @param sndbuf the send buffer size ({@code sk_sndbuf}, {@code getsockopt(SO_SNDBUF)}), or 0 where it is not known
     */
    public record Socket(Protocol protocol, byte[] localAddress, int localPort, byte[] remoteAddress, int remotePort, State state,
            boolean ipv6Only, int boundDevice, int mark, int priority, int rxQueue, Map<TcpField, Long> tcp, int uid, int rcvbuf,
            int sndbuf) {
        /** A socket; addresses and the TCP values are copied. */
        public Socket {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(state, "state");
            if (localAddress.length != 4 && localAddress.length != 16) {
                throw new IllegalArgumentException("a socket address has 4 or 16 bytes, had " + localAddress.length);
            }
            if (remoteAddress.length != localAddress.length) {
                throw new IllegalArgumentException("the remote address must be of the local address's family (" + localAddress.length
                        + " bytes), had " + remoteAddress.length);
            }
            if ((localPort & ~0xffff) != 0 || (remotePort & ~0xffff) != 0) {
                throw new IllegalArgumentException("ports are 0 to 65535, were " + localPort + " and " + remotePort);
            }
            if (protocol == Protocol.UDP && state != State.CLOSE && state != State.ESTABLISHED) {
                throw new IllegalArgumentException("a UDP socket is CLOSE (unconnected) or ESTABLISHED (connected), not " + state);
            }
            if (protocol == Protocol.UDP && !tcp.isEmpty()) {
                throw new IllegalArgumentException("struct bpf_tcp_sock values belong to TCP sockets");
            }
            if (rcvbuf < 0 || sndbuf < 0) {
                throw new IllegalArgumentException("buffer sizes are positive (0: not known), were " + rcvbuf + " and " + sndbuf);
            }
            localAddress = localAddress.clone();
            remoteAddress = remoteAddress.clone();
            tcp = Collections.unmodifiableMap(tcp.isEmpty() ? new EnumMap<>(TcpField.class) : new EnumMap<>(tcp));
        }

        /**
         * A TCP socket listening on {@code address:port} (all-zero address: every address), owned by
         * root, with the buffers {@code tcp_init_sock} gives ({@code net.ipv4.tcp_rmem} and
         * {@code tcp_wmem}'s defaults).
         */
        public static Socket tcpListener(byte[] address, int port) {
            return new Socket(Protocol.TCP, address, port, new byte[address.length], 0, State.LISTEN, false, 0, 0, 0, -1, Map.of(), 0,
                    TCP_RCVBUF, TCP_SNDBUF);
        }

        /**
         * An established TCP connection from {@code local:localPort} to {@code remote:remotePort},
         * owned by root. Its buffer sizes are not known: the kernel grows the send buffer when the
         * connection is set up ({@code tcp_sndbuf_expand}, from the path's MSS) and both as data
         * flows; give them with {@link #withBuffers} for a program that reads them.
         */
        public static Socket tcp(byte[] local, int localPort, byte[] remote, int remotePort) {
            return new Socket(Protocol.TCP, local, localPort, remote, remotePort, State.ESTABLISHED, false, 0, 0, 0, -1, Map.of(), 0, 0, 0);
        }

        /**
         * A UDP socket bound to {@code address:port}, unconnected, owned by root, with the buffers
         * {@code sock_init_data} gives ({@code net.core.rmem_default} and {@code wmem_default}).
         */
        public static Socket udp(byte[] address, int port) {
            return new Socket(Protocol.UDP, address, port, new byte[address.length], 0, State.CLOSE, false, 0, 0, 0, -1, Map.of(), 0,
                    DEFAULT_BUFFER, DEFAULT_BUFFER);
        }

        /** This UDP socket connected to a peer ({@code connect(2)}), which makes it ESTABLISHED. */
        public Socket connectedTo(byte[] remote, int port) {
            return new Socket(protocol, localAddress, localPort, remote, port, protocol == Protocol.UDP ? State.ESTABLISHED : state,
                    ipv6Only, boundDevice, mark, priority, rxQueue, tcp, uid, rcvbuf, sndbuf);
        }

        /** This socket in another state, such as {@link State#TIME_WAIT}. */
        public Socket withState(State newState) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, newState, ipv6Only, boundDevice, mark, priority,
                    rxQueue, tcp, uid, rcvbuf, sndbuf);
        }

        /** This IPv6 socket with {@code IPV6_V6ONLY} set. */
        public Socket v6Only() {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, true, boundDevice, mark, priority, rxQueue, tcp,
                    uid, rcvbuf, sndbuf);
        }

        /** This socket bound to a device ({@code SO_BINDTODEVICE}). */
        public Socket boundTo(int ifindex) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, ifindex, mark, priority, rxQueue, tcp,
                    uid, rcvbuf, sndbuf);
        }

        /** This socket with {@code SO_MARK}. */
        public Socket withMark(int newMark) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, newMark, priority,
                    rxQueue, tcp, uid, rcvbuf, sndbuf);
        }

        /** This socket with {@code SO_PRIORITY}. */
        public Socket withPriority(int newPriority) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, mark, newPriority,
                    rxQueue, tcp, uid, rcvbuf, sndbuf);
        }

        /** This socket with a recorded receive queue. */
        public Socket withRxQueue(int queue) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, mark, priority, queue,
                    tcp, uid, rcvbuf, sndbuf);
        }

        /** This TCP socket with a {@code struct bpf_tcp_sock} value. */
        public Socket withTcp(TcpField field, long value) {
            Map<TcpField, Long> values = new EnumMap<>(TcpField.class);
            values.putAll(tcp);
            values.put(field, value);
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, mark, priority, rxQueue,
                    values, uid, rcvbuf, sndbuf);
        }

        /** This socket owned by another user ({@code sk_uid}; the emulator's sockets are root's, 0, by default). */
        public Socket withUid(int newUid) {
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, mark, priority, rxQueue,
                    tcp, newUid, rcvbuf, sndbuf);
        }

        /**
         * This socket with its buffer sizes as {@code getsockopt(SO_RCVBUF)} and {@code SO_SNDBUF}
         * report them ({@code sk_rcvbuf}, {@code sk_sndbuf}: twice what {@code setsockopt} was given).
         */
        public Socket withBuffers(int newRcvbuf, int newSndbuf) {
            if (newRcvbuf <= 0 || newSndbuf <= 0) {
                throw new IllegalArgumentException("buffer sizes are positive, were " + newRcvbuf + " and " + newSndbuf);
            }
            return new Socket(protocol, localAddress, localPort, remoteAddress, remotePort, state, ipv6Only, boundDevice, mark, priority, rxQueue,
                    tcp, uid, newRcvbuf, newSndbuf);
        }

        @Override
        public byte[] localAddress() {
            return localAddress.clone();
        }

        @Override
        public byte[] remoteAddress() {
            return remoteAddress.clone();
        }

        /** {@code AF_INET} or {@code AF_INET6}. */
        public int family() {
            return localAddress.length == 4 ? AF_INET : AF_INET6;
        }

        /**
         * False for time-wait and request sockets, which are not a full {@code struct sock}
         * ({@code sk_fullsock}).
         */
        public boolean fullSocket() {
            return state != State.TIME_WAIT && state != State.NEW_SYN_RECV;
        }

        /** The IPv4 form of the local address ({@code inet_rcv_saddr}), as the kernel keeps it for an IPv6 socket too. */
        public byte[] localIpv4() {
            return ipv4Form(localAddress);
        }

        /** The IPv4 form of the remote address ({@code inet_daddr}). */
        public byte[] remoteIpv4() {
            return ipv4Form(remoteAddress);
        }

        /**
         * The IPv6 local address ({@code sk_v6_rcv_saddr}). An IPv4 socket has the v4-mapped form
         * when it is a TCP connection, which {@code connect} and {@code accept} set through
         * {@code sk_rcv_saddr_set}, and all zeros otherwise ({@code bind} and UDP's {@code connect}
         * set only the IPv4 address, a time-wait socket copies only that), as Linux 6.18 shows.
         */
        public byte[] localIpv6() {
            return ipv6Form(localAddress);
        }

        /** The IPv6 remote address ({@code sk_v6_daddr}), in the same way as {@link #localIpv6()}. */
        public byte[] remoteIpv6() {
            return ipv6Form(remoteAddress);
        }

        private byte[] ipv6Form(byte[] address) {
            if (address.length == 16) {
                return address.clone();
            }
            byte[] out = new byte[16];
            if (protocol == Protocol.TCP && state != State.LISTEN && state != State.CLOSE && state != State.TIME_WAIT) {
                out[10] = (byte) 0xff;
                out[11] = (byte) 0xff;
                System.arraycopy(address, 0, out, 12, 4);
            }
            return out;
        }

        /** True when an IPv4 lookup may find this socket: IPv4, or IPv6 reachable through v4-mapped or wildcard addresses. */
        boolean seesIpv4() {
            if (localAddress.length == 4) {
                return true;
            }
            return !ipv6Only && (isZero(localAddress) || isV4Mapped(localAddress));
        }

        @Override
        public String toString() {
            String s = protocol.name().toLowerCase() + " " + endpoint(localAddress, localPort);
            if (remotePort != 0 || !isZero(remoteAddress)) {
                s += " -> " + endpoint(remoteAddress, remotePort);
            }
            return s + " " + state;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Socket s && protocol == s.protocol && Arrays.equals(localAddress, s.localAddress) && localPort == s.localPort
                    && Arrays.equals(remoteAddress, s.remoteAddress) && remotePort == s.remotePort && state == s.state
                    && ipv6Only == s.ipv6Only && boundDevice == s.boundDevice && mark == s.mark && priority == s.priority
                    && rxQueue == s.rxQueue && tcp.equals(s.tcp) && uid == s.uid && rcvbuf == s.rcvbuf && sndbuf == s.sndbuf;
        }

        @Override
        public int hashCode() {
            return Objects.hash(protocol, Arrays.hashCode(localAddress), localPort, Arrays.hashCode(remoteAddress), remotePort, state);
        }
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final Map<Integer, SocketTable> peers = new TreeMap<>();
    private long version = CHANGES.incrementAndGet();

    /** An empty table: every lookup finds nothing. */
    public SocketTable() {
    }

    /** Adds a socket. */
    public SocketTable add(Socket socket) {
        sockets.add(Objects.requireNonNull(socket, "socket"));
        version = CHANGES.incrementAndGet();
        return this;
    }

    /** Removes every socket equal to {@code socket}; true when there was one. */
    public boolean remove(Socket socket) {
        boolean removed = sockets.removeIf(socket::equals);
        version = CHANGES.incrementAndGet();
        return removed;
    }

    /** The sockets, in the order they were added. */
    public List<Socket> sockets() {
        return List.copyOf(sockets);
    }

    /**
     * The sockets of another network namespace, known to this one by {@code nsid} ({@code ip netns
     * set NAME NSID}): what a lookup with that {@code netns_id} searches. Created empty on first use.
     */
    public SocketTable peer(int nsid) {
        if (nsid < 0) {
            throw new IllegalArgumentException("a namespace id is not negative (BPF_F_CURRENT_NETNS means this namespace), was " + nsid);
        }
        version = CHANGES.incrementAndGet();
        return peers.computeIfAbsent(nsid, id -> new SocketTable());
    }

    /** The namespace known by {@code nsid}, if the test created it. */
    public Optional<SocketTable> peerIfPresent(int nsid) {
        return Optional.ofNullable(peers.get(nsid));
    }

    /** The namespace ids of the peers, in order. */
    public List<Integer> peerIds() {
        return List.copyOf(peers.keySet());
    }

    /** Counts changes to this table and its peers, so that the memory image of the sockets is rebuilt only when one changed. */
    public long version() {
        long v = version;
        for (SocketTable p : peers.values()) {
            v = Math.max(v, p.version());
        }
        return v;
    }

    /**
     * The TCP socket for a packet from {@code remote:remotePort} to {@code local:localPort}, as
     * {@code __inet_lookup} finds it: a connection (time-wait and request sockets included) with
     * exactly those ends, else the best listener on the local address, else on the wildcard.
     *
     * @param ifindex the device the packet came in on, for sockets bound to a device
     */
    public Optional<Socket> lookupTcp(byte[] remote, int remotePort, byte[] local, int localPort, int ifindex) {
        for (Socket s : sockets) {
            if (s.protocol() == Protocol.TCP && s.state() != State.LISTEN && s.state() != State.CLOSE && exactMatch(s, remote, remotePort, local, localPort)
                    && deviceMatches(s, ifindex)) {
                return Optional.of(s);
            }
        }
        return listener(local, localPort, ifindex);
    }

    /**
     * The listener a request socket belongs to, or any listener for {@code local:localPort}: the
     * best-scoring TCP listener on the exact address, else on the wildcard ({@code inet_lhash2_lookup}).
     */
    public Optional<Socket> listener(byte[] local, int localPort, int ifindex) {
        for (byte[] address : List.of(local, new byte[local.length])) {
            Socket best = null;
            int bestScore = 0;
            for (Socket s : sockets) {
                if (s.protocol() != Protocol.TCP || s.state() != State.LISTEN || s.localPort() != localPort || !deviceMatches(s, ifindex)
                        || !localMatches(s, address)) {
                    continue;
                }
                int score = (s.boundDevice() != 0 ? 2 : 1) + (local.length == 4 && s.family() == AF_INET ? 1 : 0);
                if (score > bestScore) {
                    best = s;
                    bestScore = score;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /**
     * The UDP socket for a datagram from {@code remote:remotePort} to {@code local:localPort}, as
     * {@code __udp4_lib_lookup} and {@code __udp6_lib_lookup} choose it: among sockets on the
     * exact local address (then, if none, on the wildcard) the best score, where a connected peer
     * address, a connected peer port and a bound device must match and each raise the score
     * (IPv4 also prefers an {@code AF_INET} socket to an IPv6 one).
     */
    public Optional<Socket> lookupUdp(byte[] remote, int remotePort, byte[] local, int localPort, int ifindex) {
        for (byte[] address : List.of(local, new byte[local.length])) {
            Socket best = null;
            int bestScore = -1;
            // IPv4 scores add 4 per matching detail over a base that prefers AF_INET sockets; IPv6 adds 1
            int step = local.length == 4 ? 4 : 1;
            for (Socket s : sockets) {
                if (s.protocol() != Protocol.UDP || s.localPort() != localPort || !localMatches(s, address) || !deviceMatches(s, ifindex)) {
                    continue;
                }
                int score = local.length == 16 ? 0 : s.family() == AF_INET ? 2 : 1;
                byte[] peer = local.length == 4 ? s.remoteIpv4() : s.remoteIpv6();
                if (!isZero(peer)) {
                    if (!Arrays.equals(peer, remote)) {
                        continue;
                    }
                    score += step;
                }
                if (s.remotePort() != 0) {
                    if (s.remotePort() != remotePort) {
                        continue;
                    }
                    score += step;
                }
                if (s.boundDevice() != 0) {
                    score += step;
                }
                if (score > bestScore) {
                    best = s;
                    bestScore = score;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static boolean exactMatch(Socket s, byte[] remote, int remotePort, byte[] local, int localPort) {
        if (s.localPort() != localPort || s.remotePort() != remotePort) {
            return false;
        }
        if (local.length == 16) {
            return s.localAddress.length == 16 && Arrays.equals(s.localAddress, local) && Arrays.equals(s.remoteAddress, remote);
        }
        if (s.localAddress.length == 4) {
            return Arrays.equals(s.localAddress, local) && Arrays.equals(s.remoteAddress, remote);
        }
        // an IPv6 connection is in the IPv4 table only when both its ends are v4-mapped
        return isV4Mapped(s.localAddress) && isV4Mapped(s.remoteAddress) && Arrays.equals(s.localIpv4(), local)
                && Arrays.equals(s.remoteIpv4(), remote);
    }

    /** The local address of a bound socket as a lookup of {@code address}'s family compares it. */
    private static boolean localMatches(Socket s, byte[] address) {
        if (address.length == 16) {
            return s.localAddress.length == 16 && Arrays.equals(s.localAddress, address);
        }
        return s.seesIpv4() && Arrays.equals(s.localIpv4(), address);
    }

    /** inet_bound_dev_eq without an l3mdev: an unbound socket takes packets from every device. */
    private static boolean deviceMatches(Socket s, int ifindex) {
        return s.boundDevice() == 0 || s.boundDevice() == ifindex;
    }

    private static byte[] ipv4Form(byte[] address) {
        if (address.length == 4) {
            return address.clone();
        }
        if (isV4Mapped(address)) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        return isZero(address) ? new byte[4] : LOOPBACK4_IPV6.clone();
    }

    static boolean isZero(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a.length == 16 && a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static String endpoint(byte[] address, int port) {
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            return (address.length == 16 ? "[" + host + "]" : host) + ":" + port;
        } catch (UnknownHostException e) {
            return Arrays.toString(address) + ":" + port;
        }
    }
}
