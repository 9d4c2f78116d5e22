package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ebpftest.runtime.linux.helpers.SocketLookupTest.ip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.State;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * The kernel's socket structs from the socket table, read by sock_fields.o: what the test gave a
 * socket, as the members it reads; request sockets; and the traps for a member the emulator does
 * not fill in, a read past a socket's object, and buffer sizes a connection was not given.
 * SockFieldsKernelTest compares the same program with the kernel on loopback sockets.
 */
class SocketStructsTest {
    private static final byte[] FRAME = HexFormat.of().parseHex("0200000000030200000000020800" + "00".repeat(46));

    private final LinuxEnvironment env = new LinuxEnvironment();
    private final LoadedObject fields = load();

    private LoadedObject load() {
        try (InputStream in = SocketStructsTest.class.getResourceAsStream("/elf/sock_fields.o")) {
            return LoadedObject.load(ObjectSpec.parse("sock_fields.o", in.readAllBytes()), env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query for a socket from {@code remote:remotePort} to {@code local:localPort}. */
    private void ask(String remote, int remotePort, String local, int localPort, boolean tcp) {
        byte[] r = ip(remote);
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.BIG_ENDIAN);
        b.put(r).put(ip(local)).putShort((short) remotePort).putShort((short) localPort);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(36, r.length == 4 ? 12 : 36).putInt(40, tcp ? 1 : 0);
        fields.map("in").update(new byte[4], b.array(), 0);
    }

    private ByteBuffer record(String program) {
        return record(program, SkbInput.of(FRAME));
    }

    private ByteBuffer record(String program, SkbInput input) {
        fields.run(program, input);
        return ByteBuffer.wrap(fields.map("out").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsWhatTheTestGaveATcpConnectionThroughItsStructTcpSock() {
        // given a connection with tcp_sock values, an owner, buffers, a mark, a priority and a device
        env.addDevice(new NetDevice(2, "eth0", HexFormat.of().parseHex("020000000002"), 1500, 1));
        env.sockets().add(Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000).withTcp(TcpField.SND_CWND, 20)
                .withTcp(TcpField.SRTT_US, 8000).withTcp(TcpField.RTT_MIN, 900).withTcp(TcpField.BYTES_ACKED, (1L << 40) + 5)
                .withTcp(TcpField.ICSK_RETRANSMITS, 3).withTcp(TcpField.ECN_FLAGS, 1).withTcp(TcpField.TOTAL_RETRANS, 7)
                .withUid(1000).withBuffers(131072, 2626560).withMark(7).withPriority(6).boundTo(2));
        ask("10.0.0.9", 40000, "10.0.0.1", 80, true);

        // when sock_fields.o, on a packet of device 2, reads it through bpf_skc_to_tcp_sock and bpf_core_cast
        ByteBuffer r = record("table_tcp", SkbInput.of(FRAME).withInterfaces(2, 2));

        // then each member is the socket's: struct sock, struct inet_sock (no pinet6: an IPv4 socket), struct tcp_sock
        assertThat(r.getInt(0)).as("found").isEqualTo(0b1111);
        assertThat(r.getInt(4)).as("skc_family").isEqualTo(2);
        assertThat(r.getInt(8)).as("skc_state").isEqualTo(State.ESTABLISHED.number());
        assertThat(r.getInt(20)).as("skc_dport").isEqualTo(Short.reverseBytes((short) 40000) & 0xffff);
        assertThat(r.getInt(24)).as("skc_num").isEqualTo(80);
        assertThat(r.getInt(28)).as("skc_bound_dev_if").isEqualTo(2);
        assertThat(r.getInt(68)).as("sk_protocol").isEqualTo(6);
        assertThat(r.getInt(72)).as("sk_type").isEqualTo(1);
        assertThat(r.getInt(76)).as("sk_mark").isEqualTo(7);
        assertThat(r.getInt(80)).as("sk_priority").isEqualTo(6);
        assertThat(r.getInt(84)).as("sk_uid").isEqualTo(1000);
        assertThat(r.getInt(88)).as("sk_rcvbuf").isEqualTo(131072);
        assertThat(r.getInt(92)).as("sk_sndbuf").isEqualTo(2626560);
        assertThat(r.getInt(96)).as("inet_saddr").isEqualTo(ByteBuffer.wrap(ip("10.0.0.1")).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertThat(r.getInt(100)).as("inet_sport").isEqualTo(Short.reverseBytes((short) 80) & 0xffff);
        assertThat(r.getInt(136)).as("snd_cwnd").isEqualTo(20);
        assertThat(r.getInt(140)).as("srtt_us").isEqualTo(8000);
        assertThat(r.getInt(144)).as("rtt_min.s[0].v").isEqualTo(900);
        assertThat(r.getInt(168)).as("ecn_flags").isEqualTo(1);
        assertThat(r.getInt(172)).as("icsk_retransmits").isEqualTo(3);
        assertThat(r.getLong(184)).as("bytes_acked").isEqualTo((1L << 40) + 5);
        assertThat(r.getInt(192)).as("total_retrans").isEqualTo(7);
        assertThat(r.getInt(196)).as("skc_num through bpf_probe_read_kernel").isEqualTo(80);
        assertThat(r.getLong(200)).as("bpf_probe_read_kernel").isZero();
    }

    @Test
    void followsPinet6ToTheIpv6SourceAddressInsideTheSocket() {
        // given an IPv6 UDP socket
        env.sockets().add(Socket.udp(ip("2001:db8::1"), 53));
        ask("2001:db8::9", 5000, "2001:db8::1", 53, false);

        // when sock_fields.o follows inet_sock's pinet6 and casts with bpf_skc_to_udp6_sock
        ByteBuffer r = record("table_udp");

        // then both lead to struct udp6_sock's inet6.saddr, and an IPv6 socket's inet_saddr is LOOPBACK4_IPV6
        byte[] through = Arrays.copyOfRange(r.array(), 104, 120);
        byte[] cast = Arrays.copyOfRange(r.array(), 120, 136);
        assertThat(r.getInt(0)).as("found").isEqualTo(0b1011011);
        assertThat(through).isEqualTo(ip("2001:db8::1")).isEqualTo(cast);
        assertThat(Arrays.copyOfRange(r.array(), 96, 100)).as("inet_saddr").isEqualTo(ip("127.0.0.6"));
        assertThat(r.getInt(88)).as("sk_rcvbuf").isEqualTo(212992);
    }

    @Test
    void readsARequestSocketThroughItsStructSockCommon() {
        // given a request socket (SYN answered, waiting for the ACK) and its listener
        env.sockets().add(Socket.tcpListener(ip("10.0.0.1"), 80))
                .add(Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000).withState(State.NEW_SYN_RECV).withRxQueue(1));
        ask("10.0.0.9", 40000, "10.0.0.1", 80, false);

        // when bpf_skc_lookup_tcp finds it and bpf_skc_to_tcp_request_sock casts it
        ByteBuffer r = record("table_skc");

        // then its struct sock_common is the request's ends, state and queue; no tcp_sock cast answers
        assertThat(r.getInt(0)).as("found").isEqualTo(1 | 1 << 8);
        assertThat(r.getInt(8)).as("skc_state").isEqualTo(State.NEW_SYN_RECV.number());
        assertThat(r.getInt(24)).as("skc_num").isEqualTo(80);
        assertThat(r.getInt(20)).as("skc_dport").isEqualTo(Short.reverseBytes((short) 40000) & 0xffff);
        assertThat(r.getInt(32)).as("skc_rx_queue_mapping").isEqualTo(1);
    }

    @Test
    void aReadPastATimeWaitSocketsStructTrapsWhereTheKernelReadsAnotherObject() {
        // given a time-wait socket, whose struct tcp_timewait_sock (248 bytes) ends before sk_protocol
        env.sockets().add(Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000).withState(State.TIME_WAIT));
        ask("10.0.0.9", 40000, "10.0.0.1", 80, false);

        // when a program reads it as a struct sock
        TrapException trap = catchThrowableOfType(() -> fields.run("sock_protocol_of_any", SkbInput.of(FRAME)), TrapException.class);

        // then the read traps, naming the member and the socket's real struct
        assertThat(trap.detail()).isEqualTo("load of 2 bytes at offset 532 (sk_protocol in struct sock) is past the end of socket"
                + " tcp 10.0.0.1:80 -> 10.0.0.9:40000 TIME_WAIT, a struct tcp_timewait_sock of 248 bytes: the kernel would read another"
                + " object's memory there");
    }

    @Test
    void aMemberTheEmulatorDoesNotFillInTrapsNamingIt() {
        // given a listener, whose sk_max_ack_backlog is listen(2)'s backlog, which the test cannot give
        env.sockets().add(Socket.tcpListener(ip("10.0.0.1"), 80));
        ask("10.0.0.9", 40000, "10.0.0.1", 80, false);

        TrapException trap = catchThrowableOfType(() -> fields.run("sock_backlog", SkbInput.of(FRAME)), TrapException.class);

        assertThat(trap.kind()).isEqualTo(TrapException.Kind.MEMORY);
        assertThat(trap.detail()).isEqualTo("load of 4 bytes at offset 604 of struct tcp_sock (sk_max_ack_backlog) of socket tcp 10.0.0.1:80"
                + " LISTEN: the emulator does not model this member of the kernel's sockets (LINUX.md lists those it does)");
    }

    @Test
    void theBufferSizesOfAConnectionTrapUnlessTheTestGaveThem() {
        // given a connection without buffer sizes: the kernel's depend on its path and traffic
        env.sockets().add(Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000));
        ask("10.0.0.9", 40000, "10.0.0.1", 80, false);

        TrapException trap = catchThrowableOfType(() -> fields.run("table_tcp", SkbInput.of(FRAME)), TrapException.class);

        assertThat(trap.detail()).startsWith("load of 4 bytes at offset 244 of struct tcp_sock (sk_rcvbuf) of socket tcp 10.0.0.1:80")
                .endsWith("give them with Socket.withBuffers");
    }

    @Test
    void thePacketsSocketIsReadAsTheKernelStructOfTheSocketTheTestNamed() {
        // given packets sent by a UDP socket and by a TCP connection of the table
        Socket udp = Socket.udp(ip("10.0.0.1"), 5353);
        Socket tcp = Socket.tcp(ip("10.0.0.1"), 80, ip("10.0.0.9"), 40000);
        env.sockets().add(udp).add(tcp);

        // when a program tests skb->sk's sk_protocol through bpf_core_cast, as cgroup_ancestor.c does
        long fromUdp = fields.run("skb_sock_protocol", SkbInput.of(FRAME).withSocket(udp)).retval();
        long fromTcp = fields.run("skb_sock_protocol", SkbInput.of(FRAME).withSocket(tcp)).retval();
        long fromTestRun = fields.run("skb_sock_protocol", SkbInput.of(FRAME)).retval();

        // then it reads the protocol of each: UDP for the first only (test_run's own socket has none)
        assertThat(new long[] {fromUdp, fromTcp, fromTestRun}).containsExactly(1, 0, 0);
    }
}
