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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * sockets.o against this machine's kernel, live: the test opens real sockets on loopback in the
 * namespace BPF_PROG_TEST_RUN runs in, the emulator gets the same sockets in its table, and both
 * must leave the same io record (found or not, every struct bpf_sock field, what the socket leads
 * to) for XDP and tc. sockets_kernel.expected covers many more cases recorded in a namespace.
 */
@Tag("kernel")
class SocketsKernelTest {
    private static final byte[] FRAME = HexFormat.of().parseHex("0200000000030200000000020800" + "00".repeat(46));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] object() throws IOException {
        try (InputStream in = SocketsKernelTest.class.getResourceAsStream("/elf/sockets.o")) {
            return in.readAllBytes();
        }
    }

    /** The io record asking lookup {@code op} for a packet from 127.0.0.1:50000 to 127.0.0.1:port. */
    private static byte[] io(int port, int op) {
        ByteBuffer b = ByteBuffer.allocate(184).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {127, 0, 0, 1, 127, 0, 0, 1}).order(ByteOrder.BIG_ENDIAN).putShort((short) 50000).putShort((short) port);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(36, 12).putLong(40, -1).putLong(48, 0).putInt(56, op);
        return b.array();
    }

    private static byte[] ipv4Mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    private static void assertSameRecord(KernelOracle kernel, LoadedObject emulated, int port, int op, String what) throws Exception {
        for (String program : new String[] {"sk_xdp", "sk_tc"}) {
            kernel.updateMap("io", new byte[4], io(port, op));
            long kernelRetval = kernel.run(program, FRAME).returnValue();
            JsonNode dump = JSON.readTree(kernel.dumpMap("io"));
            byte[] kernelIo = new byte[184];
            JsonNode value = dump.get(0).get("value");
            for (int i = 0; i < kernelIo.length; i++) {
                kernelIo[i] = (byte) Integer.parseInt(value.get(i).asText().substring(2), 16);
            }

            emulated.map("io").update(new byte[4], io(port, op), 0);
            long retval = program.equals("sk_xdp") ? emulated.run(program, XdpInput.of(FRAME)).retval()
                    : emulated.run(program, SkbInput.of(FRAME)).retval();
            byte[] emulatedIo = emulated.map("io").lookup(new byte[4]).orElseThrow();

            assertThat(retval).as("%s: %s verdict", what, program).isEqualTo(kernelRetval);
            assertThat(HexFormat.of().formatHex(emulatedIo, 60, 184)).as("%s: %s io record", what, program)
                    .isEqualTo(HexFormat.of().formatHex(kernelIo, 60, 184));
        }
    }

    @Test
    void findsTheSameLoopbackSocketsAsTheKernelAndNothingOnceTheyAreClosed() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] loopback = InetAddress.getLoopbackAddress().getAddress();
        try (KernelOracle kernel = KernelOracle.load(object(), "sockets")) {
            LinuxEnvironment env = new LinuxEnvironment();
            LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("sockets.o", object()), env);
            int tcpPort;
            int udpPort;
            // an IPv4 TCP listener, and an IPv6 UDP socket on the v4-mapped loopback address
            try (ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
                    DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                tcpPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                Socket listener = Socket.tcpListener(loopback, tcpPort).withTcp(TcpField.SND_CWND, 10).withTcp(TcpField.MSS_CACHE, 536);
                Socket datagram = Socket.udp(ipv4Mapped(loopback), udpPort);
                env.sockets().add(listener).add(datagram);

                assertSameRecord(kernel, emulated, tcpPort, 0, "bpf_sk_lookup_tcp of a listener");
                assertSameRecord(kernel, emulated, tcpPort, 2, "bpf_skc_lookup_tcp of a listener");
                assertSameRecord(kernel, emulated, udpPort, 1, "bpf_sk_lookup_udp of a v4-mapped IPv6 socket");
                assertSameRecord(kernel, emulated, udpPort, 0, "bpf_sk_lookup_tcp of a UDP port");

                env.sockets().remove(listener);
                env.sockets().remove(datagram);
            }
            // closed: neither the kernel nor the emulator finds anything (a listener leaves no time-wait socket)
            assertSameRecord(kernel, emulated, tcpPort, 0, "bpf_sk_lookup_tcp after close");
            assertSameRecord(kernel, emulated, udpPort, 1, "bpf_sk_lookup_udp after close");
            assertThat(emulated.map("io").lookup(new byte[4]).orElseThrow()[60]).as("found after close").isZero();
        }
    }
}
