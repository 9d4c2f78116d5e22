package org.ebpftest.runtime.linux.helpers;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.linux.helpers.SocketMemory.Cast;
import org.ebpftest.runtime.linux.net.SocketTable.Protocol;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.State;
import org.ebpftest.runtime.linux.net.SocketTable;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;

/**
 * The socket helpers of packet programs, after net/core/filter.c, answered from the environment's
 * {@link SocketTable}: the lookups ({@code bpf_sk_lookup_tcp}, {@code bpf_sk_lookup_udp},
 * {@code bpf_skc_lookup_tcp}) with the kernel's checks of the tuple size, namespace id and flags,
 * what a found socket leads to ({@code bpf_sk_fullsock}, {@code bpf_tcp_sock},
 * {@code bpf_get_listener_sock}, the {@code bpf_skc_to_*} casts), {@code bpf_sk_release} and
 * {@code bpf_sk_assign}. Sockets appear in memory as {@link SocketMemory} lays them out; the
 * socket test_run attaches to a packet ({@link SkbSockets}) is a full socket of no protocol.
 *
 * <p>References: the kernel's verifier refuses a program that can leave a looked-up socket
 * unreleased, so at run time releasing is only checked to name a socket.
 */
final class SocketHelpers {
    /** The program types whose helper sets include the socket lookups and bpf_sk_release. */
    static final Set<ContextType> LOOKUP = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.XDP, ContextType.CGROUP_SKB);
    /** The types with bpf_sk_fullsock, bpf_tcp_sock and bpf_get_listener_sock (tc and cgroup_skb). */
    static final Set<ContextType> SKB_SOCKET = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.CGROUP_SKB);
    /** bpf_sk_assign is tc's. */
    static final Set<ContextType> TC = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT);

    /** sizeof(tuple->ipv4) and sizeof(tuple->ipv6) in struct bpf_sock_tuple. */
    static final int TUPLE_IPV4 = 12;
    static final int TUPLE_IPV6 = 36;

    private SocketHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(HelperId.SK_LOOKUP_TCP, LOOKUP, (run, ctx, tuple, len, netns, flags) -> lookup(run, tuple, len, netns, flags, Protocol.TCP, true));
        t.register(HelperId.SK_LOOKUP_UDP, LOOKUP, (run, ctx, tuple, len, netns, flags) -> lookup(run, tuple, len, netns, flags, Protocol.UDP, true));
        t.register(HelperId.SKC_LOOKUP_TCP, LOOKUP, (run, ctx, tuple, len, netns, flags) -> lookup(run, tuple, len, netns, flags, Protocol.TCP, false));
        t.register(HelperId.SK_RELEASE, LOOKUP, SocketHelpers::release);
        t.register(HelperId.SK_FULLSOCK, SKB_SOCKET, SocketHelpers::fullsock);
        t.register(HelperId.TCP_SOCK, SKB_SOCKET, SocketHelpers::tcpSock);
        t.register(HelperId.GET_LISTENER_SOCK, SKB_SOCKET, SocketHelpers::listenerSock);
        t.register(HelperId.SK_ASSIGN, TC, SocketHelpers::assign);
        for (Cast cast : Cast.values()) {
            t.register(cast.helper, (run, sk, r2, r3, r4, r5) -> cast(run, sk, cast));
        }
    }

    /**
     * __bpf_sk_lookup and __bpf_skc_lookup: a tuple of 12 bytes is IPv4, of 36 IPv6, any other
     * size finds nothing; so do flags and a namespace id that is neither negative (the caller's
     * namespace) nor a 31-bit id, and an id naming no peer namespace. XDP passes the id as 32 bits.
     * The full-socket lookups give a request socket's listener instead and never a time-wait socket.
     */
    private static long lookup(KernelRun run, long tuple, long len, long netns, long flags, Protocol protocol, boolean full) {
        int size = (int) len;
        if (size != TUPLE_IPV4 && size != TUPLE_IPV6) {
            return 0;
        }
        long id = run.programType() == ContextType.XDP ? netns & 0xffffffffL : netns;
        if (flags != 0 || !((int) id < 0 || Long.compareUnsigned(id, Integer.MAX_VALUE) <= 0)) {
            return 0;
        }
        SocketTable root = run.environment().sockets();
        SocketTable table = (int) id < 0 ? root : root.peerIfPresent((int) id).orElse(null);
        if (table == null) {
            return 0;
        }
        byte[] t = run.vm().memory().read(tuple, size);
        int a = size == TUPLE_IPV4 ? 4 : 16;
        byte[] remote = Arrays.copyOfRange(t, 0, a);
        byte[] local = Arrays.copyOfRange(t, a, 2 * a);
        int remotePort = ContextBytes.be16(t, 2 * a);
        int localPort = ContextBytes.be16(t, 2 * a + 2);
        int ifindex = ifindex(run);
        Optional<Socket> found = protocol == Protocol.TCP
                ? table.lookupTcp(remote, remotePort, local, localPort, ifindex)
                : table.lookupUdp(remote, remotePort, local, localPort, ifindex);
        if (found.isEmpty()) {
            return 0;
        }
        Socket s = found.get();
        if (full) {
            s = toFull(run, table, s, ifindex);
            if (s == null || !s.fullSocket()) {
                return 0;
            }
        }
        SocketMemory memory = image(run);
        return memory.address(memory.indexOf(s));
    }

    /** The device a lookup matches bound sockets against: skb->dev, or the XDP receive queue's device. */
    private static int ifindex(KernelRun run) {
        if (run.programType() == ContextType.XDP) {
            return ContextBytes.u32(run.xdp().md, XdpLayout.INGRESS_IFINDEX);
        }
        return run.skb().get(SkbLayout.IFINDEX);
    }

    /** sk_to_full_sk: a request socket stands for its listener. */
    private static Socket toFull(KernelRun run, SocketTable table, Socket s, int ifindex) {
        if (s.state() != State.NEW_SYN_RECV) {
            return s;
        }
        return table.listener(s.localAddress(), s.localPort(), ifindex).orElseThrow(() -> run.trap(TrapException.Kind.UNSUPPORTED,
                "request socket " + s + " has no listener in the socket table; add the TCP listener it belongs to"));
    }

    /** The table's image, mapped into the running VM. */
    private static SocketMemory image(KernelRun run) {
        SocketMemory memory = SocketMemory.of(run.environment().sockets());
        try {
            memory.mapInto(run.vm().memory());
        } catch (IllegalArgumentException e) {
            throw run.trap(TrapException.Kind.UNSUPPORTED, "cannot map the sockets: " + e.getMessage());
        }
        return memory;
    }

    /** The socket a pointer argument names; a pointer to anything else traps, as the verifier would refuse it. */
    private static int socket(KernelRun run, SocketMemory memory, HelperId helper, long pointer) {
        int i = memory.resolve(pointer);
        if (i < 0) {
            throw run.trap(TrapException.Kind.HELPER, helper.kernelName() + " argument 0x" + Long.toHexString(pointer)
                    + " is not a socket; the verifier would refuse the program");
        }
        return i;
    }

    private static long release(KernelRun run, long sk, long r2, long r3, long r4, long r5) {
        if (sk != 0 && !SkbSockets.isTestRunSocket(run, sk)) {
            SocketMemory memory = image(run);
            socket(run, memory, HelperId.SK_RELEASE, sk);
        }
        return 0;
    }

    private static long fullsock(KernelRun run, long sk, long r2, long r3, long r4, long r5) {
        if (SkbSockets.isTestRunSocket(run, sk)) {
            return sk;
        }
        SocketMemory memory = image(run);
        int i = socket(run, memory, HelperId.SK_FULLSOCK, sk);
        return memory.socket(i).fullSocket() ? memory.address(i) : 0;
    }

    private static long tcpSock(KernelRun run, long sk, long r2, long r3, long r4, long r5) {
        if (SkbSockets.isTestRunSocket(run, sk)) {
            return 0;
        }
        SocketMemory memory = image(run);
        int i = socket(run, memory, HelperId.TCP_SOCK, sk);
        Socket s = toFull(run, memory.owner(i), memory.socket(i), ifindex(run));
        if (!s.fullSocket() || s.protocol() != Protocol.TCP) {
            return 0;
        }
        return memory.tcpAddress(memory.indexOf(s));
    }

    private static long listenerSock(KernelRun run, long sk, long r2, long r3, long r4, long r5) {
        if (SkbSockets.isTestRunSocket(run, sk)) {
            return 0;
        }
        SocketMemory memory = image(run);
        int i = socket(run, memory, HelperId.GET_LISTENER_SOCK, sk);
        Socket s = toFull(run, memory.owner(i), memory.socket(i), ifindex(run));
        return s.protocol() == Protocol.TCP && s.state() == State.LISTEN ? memory.address(memory.indexOf(s)) : 0;
    }

    /**
     * bpf_sk_assign: -EINVAL for flags, else -EOPNOTSUPP, because BPF_PROG_TEST_RUN's packet is
     * never at tc ingress ({@code skb_at_tc_ingress}), which the helper requires.
     */
    private static long assign(KernelRun run, long skb, long sk, long flags, long r4, long r5) {
        if (sk == 0 || flags != 0) {
            return -Errno.EINVAL;
        }
        if (!SkbSockets.isTestRunSocket(run, sk)) {
            socket(run, image(run), HelperId.SK_ASSIGN, sk);
        }
        return -Errno.EOPNOTSUPP;
    }

    /**
     * Where a pointer leads as a kernel struct ({@code bpf_rdonly_cast}): a socket's kernel object
     * for a pointer to any view of the socket, since in the kernel all are the same
     * {@code struct sock *}; any other pointer unchanged.
     */
    static long asKernelStruct(KernelRun run, long pointer) {
        if (SkbSockets.isTestRunSocket(run, pointer)) {
            return SkbSockets.TEST_RUN_KERNEL_SOCKET;
        }
        if (!SocketMemory.isViewAddress(pointer)) {
            return pointer;
        }
        SocketMemory memory = image(run);
        int i = memory.resolve(pointer);
        return i < 0 ? pointer : memory.kernelAddress(i);
    }

    /**
     * Where a {@code bpf_probe_read_kernel} of a socket reads: its kernel object, also for an
     * address within one of its {@code struct bpf_*} views (in the kernel the same bytes), with the
     * object's rules, so that a member the emulator does not fill in is never read as zeros. Any
     * other address is returned unchanged.
     */
    static long probeSource(KernelRun run, long address, int length, String helper) {
        long from = SkbSockets.kernelAddressOf(run, address);
        if (from < 0 && SocketMemory.isViewAddress(address)) {
            SocketMemory memory = image(run);
            long off = address - SocketMemory.SOCKETS_ADDRESS;
            int i = (int) (off / SocketMemory.STRIDE);
            int inner = (int) (off % SocketMemory.STRIDE);
            from = i < memory.size() ? memory.kernelAddress(i) + (inner >= SocketMemory.TCP_VIEW ? inner - SocketMemory.TCP_VIEW : inner) : address;
        }
        if (from < 0) {
            from = address;
        }
        Region r = run.vm().memory().regionAt(from);
        if (r != null && length > 0 && (r.name().equals(SocketMemory.KERNEL_REGION) || r.name().equals(SkbSockets.REGION_NAME))) {
            String refusal = r.guard().check((int) (from - r.baseAddress()), length, false);
            if (refusal != null) {
                throw run.trap(TrapException.Kind.UNSUPPORTED, helper + ": " + refusal);
            }
        }
        return from;
    }

    /** The bpf_skc_to_* casts: the socket as the kernel struct when it is one, else NULL. */
    private static long cast(KernelRun run, long sk, Cast cast) {
        // test_run's socket is of no protocol: none of the casts' kinds
        if (sk == 0 || SkbSockets.isTestRunSocket(run, sk)) {
            return 0;
        }
        SocketMemory memory = image(run);
        int i = socket(run, memory, cast.helper, sk);
        Socket s = memory.socket(i);
        boolean tcp = s.protocol() == Protocol.TCP;
        boolean is = switch (cast) {
            case TCP6_SOCK -> s.fullSocket() && tcp && s.family() == SocketTable.AF_INET6;
            case TCP_SOCK -> s.fullSocket() && tcp;
            case TCP_TIMEWAIT_SOCK -> tcp && s.state() == State.TIME_WAIT;
            case TCP_REQUEST_SOCK -> tcp && s.state() == State.NEW_SYN_RECV;
            case UDP6_SOCK -> s.fullSocket() && s.protocol() == Protocol.UDP && s.family() == SocketTable.AF_INET6;
            // the table holds no Unix sockets and no MPTCP subflows
            case UNIX_SOCK, MPTCP_SOCK -> false;
        };
        return is ? memory.kernelAddress(i) : 0;
    }
}
