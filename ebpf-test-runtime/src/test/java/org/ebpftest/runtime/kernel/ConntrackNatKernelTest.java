package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ct_nat.c against the kernel: bpf_ct_set_nat_info on allocated entries (source and destination
 * NAT, with and without a port, both, an unknown manip type, a port above 16 bits), the tuples the
 * kernel's table then finds, its reuse of an earlier source mapping and a clashing destination.
 * Linux 6.18 here has nf_conntrack and nf_nat built in; the kernel keeps inserted entries (10 s), so
 * every comparison draws fresh addresses in 198.18.0.0/15.
 */
@Tag("kernel")
class ConntrackNatKernelTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SRC = 0;
    private static final int DST = 1;

    private static byte[] object() throws IOException {
        try (InputStream in = ConntrackNatKernelTest.class.getResourceAsStream("/elf/ct_nat.o")) {
            return in.readAllBytes();
        }
    }

    private static void assumeKernel() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    /** A fresh address in 198.18.0.0/15. */
    private static byte[] address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new byte[] {(byte) 198, (byte) r.nextInt(18, 20), (byte) r.nextInt(256), (byte) r.nextInt(1, 255)};
    }

    private static int port() {
        return ThreadLocalRandom.current().nextInt(1024, 65536);
    }

    private record Flow(int l4proto, byte[] source, int sourcePort, byte[] destination, int destinationPort) {
    }

    private record Step(String program, byte[] packet) {
        static Step nat(Flow f, int variant, int manip, byte[] address, int port) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.put(f.source()).put(f.destination()).putShort((short) f.sourcePort()).putShort((short) f.destinationPort());
            b.put((byte) f.l4proto()).put((byte) variant).put((byte) manip).put((byte) 0).put(address);
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(port);
            return new Step("ct_nat", b.array());
        }

        static Step lookup(Flow f) {
            Step s = nat(f, 0, 0, new byte[4], 0);
            return new Step("ct_nat_lookup", s.packet());
        }
    }

    private static void compare(List<Step> steps) throws Exception {
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("ct_nat.o", object()));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (KernelOracle kernel = KernelOracle.load(object(), "ct_nat")) {
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                long mine = emulated.run(s.program(), XdpInput.of(s.packet())).retval() & 0xffffffffL;
                actual.add(i + " " + s.program() + " -> 0x" + Long.toHexString(mine));
                expected.add(i + " " + s.program() + " -> 0x" + Long.toHexString(kernel.run(s.program(), s.packet()).returnValue()));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void sourceAndDestinationNatGiveTheTableTheKernelsReplyTuples() throws Exception {
        assumeKernel();
        Flow tcp = new Flow(TCP, address(), port(), address(), 8080);
        byte[] snat = address();
        int snatPort = port();
        Flow udp = new Flow(UDP, address(), port(), address(), 53);
        byte[] dnat = address();

        compare(List.of(
                Step.nat(tcp, 0, SRC, snat, snatPort),
                Step.lookup(new Flow(TCP, tcp.destination(), 8080, snat, snatPort)),
                Step.lookup(tcp),
                Step.lookup(new Flow(TCP, tcp.destination(), 8080, tcp.source(), tcp.sourcePort())),
                Step.nat(udp, 1, DST, dnat, 0),
                Step.lookup(new Flow(UDP, dnat, 53, dnat, udp.sourcePort())),
                Step.lookup(new Flow(UDP, dnat, 53, udp.source(), udp.sourcePort()))));
    }

    @Test
    void anUnknownManipTypeAKeptSourceAndAPortAboveSixteenBitsAnswerAsTheKernel() throws Exception {
        assumeKernel();
        Flow unknown = new Flow(TCP, address(), port(), address(), 8080);
        Flow own = new Flow(UDP, address(), port(), address(), 8080);
        Flow wide = new Flow(UDP, address(), port(), address(), 8080);
        byte[] nat = address();

        compare(List.of(
                Step.nat(unknown, 0, 7, nat, 5555),
                Step.lookup(new Flow(TCP, unknown.destination(), 8080, unknown.source(), unknown.sourcePort())),
                Step.nat(own, 0, SRC, own.source(), 0),
                Step.lookup(new Flow(UDP, own.destination(), 8080, own.source(), own.sourcePort())),
                Step.nat(wide, 0, SRC, nat, 70000),
                Step.lookup(new Flow(UDP, wide.destination(), 8080, nat, 70000 & 0xffff))));
    }

    @Test
    void anEarlierSourceMappingIsReusedAndATakenDestinationClashesAsInTheKernel() throws Exception {
        assumeKernel();
        byte[] client = address();
        int clientPort = port();
        byte[] nat = address();
        int mapped = port();
        Flow first = new Flow(TCP, client, clientPort, address(), 443);
        Flow second = new Flow(TCP, client, clientPort, address(), 443);
        Flow third = new Flow(UDP, client, clientPort, address(), 53);
        Flow fourth = new Flow(UDP, client, clientPort, address(), 53);

        compare(List.of(
                Step.nat(first, 0, SRC, nat, mapped),
                Step.nat(second, 0, SRC, nat, 0),
                Step.lookup(new Flow(TCP, second.destination(), 443, nat, mapped)),
                Step.nat(third, 0, DST, nat, 9000),
                Step.nat(fourth, 0, DST, nat, 9000),
                Step.lookup(new Flow(UDP, nat, 9000, client, clientPort))));
    }
}
