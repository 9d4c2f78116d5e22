package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.State;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * sock_fields.o against this machine's kernel: the kernel's own socket structs read from tc, for
 * the socket test_run gives the packet (skb->sk through bpf_core_cast) and, live, for loopback
 * sockets the test opens in the namespace BPF_PROG_TEST_RUN runs in and gives the emulator too
 * (through the bpf_skc_to_* casts, bpf_core_cast and bpf_probe_read_kernel). Both must leave the
 * same record, byte for byte.
 */
@Tag("kernel")
class SockFieldsKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    /** An Ethernet frame with a TCP SYN from 10.0.0.9:40000 to 10.0.0.1:80. */
    private static final byte[] SYN4 = HEX.parseHex("0200000000030200000000020800" + "4500002800010000400600000a0000090a000001"
            + "9c40005000000001000000005002ffff00000000");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORD = 232;
    private static final int QUERY = 48;

    private static byte[] object() throws IOException {
        try (InputStream in = SockFieldsKernelTest.class.getResourceAsStream("/elf/sock_fields.o")) {
            return in.readAllBytes();
        }
    }

    private static byte[] kernelRecord(KernelOracle kernel) throws Exception {
        JsonNode value = JSON.readTree(kernel.dumpMap("out")).get(0).get("value");
        byte[] b = new byte[RECORD];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(value.get(i).asText().substring(2), 16);
        }
        return b;
    }

    private static int u32(byte[] record, int offset) {
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    @Test
    void readsTestRunsSocketAsTheKernelsStructSock() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        // the same from 2001:db8::9 to 2001:db8::1
        byte[] syn6 = HEX.parseHex("02000000000302000000000286dd" + "6000000000140640" + "20010db8000000000000000000000009"
                + "20010db8000000000000000000000001" + "9c40005000000001000000005002ffff00000000");
        try (KernelOracle kernel = KernelOracle.load(object(), "sock_fields")) {
            LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("sock_fields.o", object()), new LinuxEnvironment());
            for (byte[] frame : new byte[][] {SYN4, syn6}) {
                // when test_run's socket is read as a struct sock
                long kernelRetval = kernel.run("skb_sock", frame).returnValue();
                byte[] kernelOut = kernelRecord(kernel);
                long retval = emulated.run("skb_sock", SkbInput.of(frame)).retval();
                byte[] out = emulated.map("out").lookup(new byte[4]).orElseThrow();

                // then both read the same members, and the kernel's are the ones modelled
                assertThat(retval).isEqualTo(kernelRetval);
                assertThat(HEX.formatHex(out)).isEqualTo(HEX.formatHex(kernelOut));
                assertThat(u32(out, 0)).as("found").isEqualTo(3);
                assertThat(u32(out, 88)).as("sk_rcvbuf").isEqualTo(212992);
                assertThat(u32(out, 220)).as("skc_daddr through the struct bpf_sock pointer").isEqualTo(u32(out, 12));
                // and the protocol test, as cgroup_ancestor.c makes it, answers as the kernel's
                assertThat(emulated.run("skb_sock_protocol", SkbInput.of(frame)).retval())
                        .isEqualTo(kernel.run("skb_sock_protocol", frame).returnValue()).isZero();
            }
        }
    }

    /** The query asking for a socket from {@code remote:remotePort} to {@code local:localPort}. */
    private static byte[] query(byte[] remote, int remotePort, byte[] local, int localPort, boolean tcp) {
        ByteBuffer b = ByteBuffer.allocate(QUERY).order(ByteOrder.BIG_ENDIAN);
        b.put(remote).put(local).putShort((short) remotePort).putShort((short) localPort);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(36, remote.length == 4 ? 12 : 36).putInt(40, tcp ? 1 : 0);
        return b.array();
    }

    private static byte[] assertSameRecord(KernelOracle kernel, LoadedObject emulated, String program, byte[] query, String what)
            throws Exception {
        kernel.updateMap("in", new byte[4], query);
        long kernelRetval = kernel.run(program, SYN4).returnValue();
        byte[] kernelOut = kernelRecord(kernel);
        emulated.map("in").update(new byte[4], query, 0);
        long retval = emulated.run(program, SkbInput.of(SYN4)).retval();
        byte[] out = emulated.map("out").lookup(new byte[4]).orElseThrow();
        assertThat(retval).as("%s: verdict", what).isEqualTo(kernelRetval);
        assertThat(HEX.formatHex(out)).as("%s: record", what).isEqualTo(HEX.formatHex(kernelOut));
        return out;
    }

    @Test
    void readsLoopbackSocketsThroughTheirKernelStructsAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] lo = InetAddress.getLoopbackAddress().getAddress();
        byte[] lo6 = InetAddress.getByName("::1").getAddress();
        try (KernelOracle kernel = KernelOracle.load(object(), "sock_fields");
                ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
                ServerSocketChannel listener6 = ServerSocketChannel.open(StandardProtocolFamily.INET6);
                DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
                DatagramChannel udp6 = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            listener6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            udp6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            int port6 = ((InetSocketAddress) listener6.getLocalAddress()).getPort();
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            int udp6Port = ((InetSocketAddress) udp6.getLocalAddress()).getPort();
            LinuxEnvironment env = new LinuxEnvironment();
            LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("sock_fields.o", object()), env);
            // a fresh listener's struct tcp_sock is what tcp_init_sock leaves
            env.sockets().add(fresh(Socket.tcpListener(lo, port))).add(fresh(Socket.tcpListener(lo6, port6)))
                    .add(Socket.udp(lo, udpPort)).add(Socket.udp(lo6, udp6Port));

            byte[] out = assertSameRecord(kernel, emulated, "table_tcp", query(lo, 50000, lo, port, true), "IPv4 listener");
            assertThat(u32(out, 0)).as("found").isEqualTo(0b1111);
            assertSameRecord(kernel, emulated, "table_skc", query(lo, 50000, lo, port, true), "IPv4 listener through skc");
            out = assertSameRecord(kernel, emulated, "table_tcp", query(lo6, 50000, lo6, port6, true), "IPv6 listener");
            assertThat(u32(out, 0)).as("found").isEqualTo(0b111111);
            out = assertSameRecord(kernel, emulated, "table_udp", query(lo, 50000, lo, udpPort, false), "IPv4 UDP socket");
            assertThat(u32(out, 0)).as("found").isEqualTo(0b1011);
            out = assertSameRecord(kernel, emulated, "table_udp", query(lo6, 50000, lo6, udp6Port, false), "IPv6 UDP socket");
            assertThat(u32(out, 0)).as("found").isEqualTo(0b1011011);

            // a connection, both ends, with buffer sizes set so that the kernel's do not depend on the path; the connecting end is
            // an IPv6 socket on the v4-mapped loopback address, a struct tcp6_sock
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET6);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            SocketChannel accepted = listener.accept();
            int clientPort = ((InetSocketAddress) client.getLocalAddress()).getPort();
            try {
                for (SocketChannel c : new SocketChannel[] {accepted, client}) {
                    c.setOption(StandardSocketOptions.SO_RCVBUF, 65536).setOption(StandardSocketOptions.SO_SNDBUF, 32768);
                }
                byte[] toServer = query(lo, clientPort, lo, port, false);
                // the kernel doubles what setsockopt asks for; the JDK halves what getsockopt answers, to look symmetric
                Socket server = Socket.tcp(lo, port, lo, clientPort).withRxQueue(kernelQueue(kernel, "table_tcp", toServer))
                        .withBuffers(2 * accepted.getOption(StandardSocketOptions.SO_RCVBUF), 2 * accepted.getOption(StandardSocketOptions.SO_SNDBUF));
                byte[] toClient = query(lo, port, lo, clientPort, false);
                Socket clientEnd = Socket.tcp(ipv4Mapped(lo), clientPort, ipv4Mapped(lo), port).withRxQueue(kernelQueue(kernel, "table_tcp", toClient))
                        .withBuffers(2 * client.getOption(StandardSocketOptions.SO_RCVBUF), 2 * client.getOption(StandardSocketOptions.SO_SNDBUF));
                env.sockets().add(server).add(clientEnd);
                out = assertSameRecord(kernel, emulated, "table_tcp", toServer, "accepted connection");
                assertThat(u32(out, 88)).as("sk_rcvbuf").isEqualTo(131072);
                out = assertSameRecord(kernel, emulated, "table_tcp", toClient, "connecting end");
                assertThat(u32(out, 0)).as("found").isEqualTo(0b111111);
                env.sockets().remove(server);
                env.sockets().remove(clientEnd);
            } finally {
                // the client closes first: once the server has closed too, the client's end is a time-wait socket
                client.close();
                accepted.read(ByteBuffer.allocate(1));
                accepted.close();
            }
            byte[] toTimeWait = query(lo, port, lo, clientPort, false);
            int queue = -1;
            for (int tries = 0; tries < 100; tries++) {
                kernel.updateMap("in", new byte[4], toTimeWait);
                kernel.run("table_skc", SYN4);
                byte[] r = kernelRecord(kernel);
                if (u32(r, 8) == State.TIME_WAIT.number()) {
                    queue = u32(r, 32) == 0xffff ? -1 : u32(r, 32);
                    break;
                }
                Thread.sleep(20);
            }
            env.sockets().add(Socket.tcp(ipv4Mapped(lo), clientPort, ipv4Mapped(lo), port).withState(State.TIME_WAIT).withRxQueue(queue));
            out = assertSameRecord(kernel, emulated, "table_skc", toTimeWait, "time-wait socket");
            assertThat(u32(out, 0)).as("found").isEqualTo(1 | 1 << 7);
        }
    }

    private static byte[] ipv4Mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    /** The receive queue the kernel recorded on a connection (0, or none: it depends on the path its packets took). */
    private static int kernelQueue(KernelOracle kernel, String program, byte[] query) throws Exception {
        kernel.updateMap("in", new byte[4], query);
        kernel.run(program, SYN4);
        int queue = u32(kernelRecord(kernel), 32);
        return queue == 0xffff ? -1 : queue;
    }

    /** A TCP socket as {@code tcp_init_sock} leaves it, as far as struct bpf_tcp_sock shows. */
    private static Socket fresh(Socket s) {
        return s.withTcp(TcpField.SND_CWND, 10).withTcp(TcpField.SND_SSTHRESH, 0x7fffffff).withTcp(TcpField.MSS_CACHE, 536)
                .withTcp(TcpField.RTT_MIN, 0xffffffffL);
    }
}
