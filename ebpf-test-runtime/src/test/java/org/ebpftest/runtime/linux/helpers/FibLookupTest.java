package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.FibTable;
import org.ebpftest.runtime.linux.net.FibTable.Neighbour;
import org.ebpftest.runtime.linux.net.FibTable.Route;
import org.ebpftest.runtime.linux.net.FibTable.RouteType;
import org.ebpftest.runtime.linux.net.FibTable.Rule;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bpf_fib_lookup from XDP and tc (fib.o) against the routing state the test provides. Every case
 * was confirmed against the kernel: fib_kernel.py builds the same routes, neighbours, addresses,
 * rules and forwarding settings in a network namespace of a Linux 6.18 machine and runs fib.o
 * there with bpftool; fib_kernel.expected holds what the kernel returned and left in
 * struct bpf_fib_lookup, which the emulator must reproduce byte for byte.
 */
class FibLookupTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] FRAME = HEX.parseHex("0200000000030200000000020800" + "00".repeat(46));

    /** The case names of fib_kernel.py with their input: params, flags, and whether the size passed is short. */
    private static final Map<String, Object[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put("gateway route", new Object[] {params(2, "10.9.1.1", 3), 0});
        CASES.put("connected, no neighbour", new Object[] {params(2, "10.2.0.77", 3), 0});
        CASES.put("connected, skip neigh", new Object[] {params(2, "10.2.0.77", 3), 4});
        CASES.put("blackhole", new Object[] {params(2, "10.66.1.1", 3), 0});
        CASES.put("unreachable", new Object[] {params(2, "10.67.1.1", 3), 0});
        CASES.put("prohibit", new Object[] {params(2, "10.68.1.1", 3), 0});
        CASES.put("no route", new Object[] {params(2, "10.99.0.1", 3), 0});
        CASES.put("forwarding off", new Object[] {params(2, "10.9.1.1", 2), 0});
        CASES.put("tot_len over mtu", new Object[] {params(2, "10.9.1.1", 3).totLen(1401), 0});
        CASES.put("tot_len at mtu", new Object[] {params(2, "10.9.1.1", 3).totLen(1400), 0});
        CASES.put("locked route mtu", new Object[] {params(2, "10.71.0.1", 3).totLen(1301), 0});
        CASES.put("table 100 direct", new Object[] {params(2, "10.70.0.1", 3).u32(48, 100), 1 | 8 | 4});
        CASES.put("missing table", new Object[] {params(2, "10.70.0.1", 3).u32(48, 101), 1 | 8 | 4});
        CASES.put("main direct", new Object[] {params(2, "10.70.0.1", 3), 1 | 4});
        CASES.put("mark rule", new Object[] {params(2, "10.70.0.1", 3).u32(52, 7), 32 | 4});
        CASES.put("mark without flag", new Object[] {params(2, "10.70.0.1", 3).u32(52, 7), 4});
        CASES.put("source address", new Object[] {params(2, "10.9.1.1", 3), 16});
        CASES.put("local address", new Object[] {params(2, "10.2.0.1", 3), 0});
        CASES.put("output other device", new Object[] {params(2, "10.1.0.5", 3), 2 | 4});
        CASES.put("ipv6 gateway for ipv4", new Object[] {params(2, "10.72.0.1", 3), 0});
        CASES.put("bad flags", new Object[] {params(2, "10.9.1.1", 3), 64});
        CASES.put("short size", new Object[] {params(2, "10.9.1.1", 3).shortSize(), 0});
        CASES.put("bad family", new Object[] {params(3, "10.9.1.1", 3), 0});
        CASES.put("no device", new Object[] {params(2, "10.9.1.1", 42), 0});
        CASES.put("ipv6 gateway route", new Object[] {params(10, "fd09::1", 3), 0});
        CASES.put("ipv6 link-local", new Object[] {params(10, "fe80::1", 3), 0});
        CASES.put("ipv6 source", new Object[] {params(10, "fd09::1", 3), 16});
        CASES.put("ipv6 blackhole", new Object[] {params(10, "fd66::1", 3), 0});
        CASES.put("ipv6 tot_len over mtu", new Object[] {params(10, "fd09::1", 3).totLen(1401), 0});
    }

    static byte[] ip(String address) {
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** The namespace fib_kernel.py builds, in the emulator: two veth ends, addresses, routes, a rule, neighbours. */
    static LinuxEnvironment namespace() {
        LinuxEnvironment env = new LinuxEnvironment()
                .addDevice(new NetDevice(2, "v0", HEX.parseHex("020000000002"), 1500, 1))
                .addDevice(new NetDevice(3, "v1", HEX.parseHex("020000000003"), 1400, 1));
        env.fib()
                .addAddress(2, ip("10.1.0.1"), 24).addAddress(3, ip("10.2.0.1"), 24)
                .addAddress(2, ip("fd01::1"), 64).addAddress(3, ip("fd02::1"), 64)
                .addRoute(new Route(ip("10.9.0.0"), 16, 3, ip("10.2.0.254")).withMetric(5))
                .addRoute(Route.of(RouteType.BLACKHOLE, ip("10.66.0.0"), 16))
                .addRoute(Route.of(RouteType.UNREACHABLE, ip("10.67.0.0"), 16))
                .addRoute(Route.of(RouteType.PROHIBIT, ip("10.68.0.0"), 16))
                .addRoute(new Route(ip("10.70.0.0"), 16, 3, null).inTable(100))
                .addRule(new Rule(7, 100))
                .addRoute(new Route(ip("10.71.0.0"), 16, 2, ip("10.1.0.254")).withMtu(1300))
                .addRoute(new Route(ip("10.72.0.0"), 16, 3, ip("fd02::fe")))
                .addRoute(new Route(ip("fd09::"), 64, 3, ip("fd02::fe")))
                .addRoute(Route.of(RouteType.BLACKHOLE, ip("fd66::"), 64))
                .addNeighbour(new Neighbour(ip("10.2.0.254"), 3, HEX.parseHex("020000000afe")))
                .addNeighbour(new Neighbour(ip("fd02::fe"), 3, HEX.parseHex("020000000bfe")))
                .setForwarding(2, false, true);
        return env;
    }

    static LoadedObject fib(LinuxEnvironment env) throws IOException {
        try (InputStream in = FibLookupTest.class.getResourceAsStream("/elf/fib.o")) {
            return LoadedObject.load(ObjectSpec.parse("fib.o", in.readAllBytes()), env);
        }
    }

    static Stream<String> kernelAnswers() throws IOException {
        try (InputStream in = FibLookupTest.class.getResourceAsStream("/elf/fib_kernel.expected")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelAnswers")
    void answersAsTheKernelDidForTheSameRoutingState(String line) throws IOException {
        // given the namespace's routing state and one case's input in io[0]
        String[] f = line.split("\\|");
        Object[] input = CASES.get(f[1]);
        assertThat(input).as("case %s of fib_kernel.expected is defined here", f[1]).isNotNull();
        Params p = (Params) input[0];
        LoadedObject fib = fib(namespace());
        fib.map("io").update(new byte[4], p.io((int) input[1]), 0);

        // when the XDP or tc program calls bpf_fib_lookup on it
        int retval = f[0].equals("fib_xdp") ? fib.run("fib_xdp", XdpInput.of(FRAME)).retval()
                : fib.run("fib_tc", SkbInput.of(FRAME)).retval();

        // then the return value and the struct are the kernel's
        byte[] out = fib.map("io").lookup(new byte[4]).orElseThrow();
        assertThat(retval).as("program verdict").isEqualTo(f[0].equals("fib_xdp") ? 2 : 0);
        assertThat(ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(72)).as("rc").isEqualTo(Long.parseLong(f[2]));
        assertThat(HEX.formatHex(out, 0, 64)).as("struct bpf_fib_lookup").isEqualTo(f[3]);
    }

    @Test
    void tcChecksThePacketAgainstTheEgressMtuWhenNoTotLenIsGiven() throws IOException {
        // given a 1500-byte frame and a route out of v1, whose MTU is 1400 (1400 + 14 + 4 bytes fit)
        LoadedObject fib = fib(namespace());
        fib.map("io").update(new byte[4], params(2, "10.9.1.1", 3).io(0), 0);
        byte[] big = new byte[1500];
        System.arraycopy(FRAME, 0, big, 0, 14);

        // when the tc program looks up the route
        fib.run("fib_tc", SkbInput.of(big));

        // then the lookup reports FRAG_NEEDED with the device MTU, as is_skb_forwardable decides
        ByteBuffer out = ByteBuffer.wrap(fib.map("io").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.getLong(72)).isEqualTo(8);
        assertThat(out.getShort(6)).isEqualTo((short) 1400);
        assertThat(out.getInt(8)).as("egress ifindex").isEqualTo(3);
    }

    @Test
    void ipv6LookupWithoutASourceAddressAnswersNoSrcAddr() throws IOException {
        // given an IPv6 route but no IPv6 address anywhere
        LinuxEnvironment env = new LinuxEnvironment().addDevice(new NetDevice(3, "v1", HEX.parseHex("020000000003"), 1400, 1));
        env.fib().addRoute(new Route(ip("fd09::"), 64, 3, null));
        LoadedObject fib = fib(env);
        fib.map("io").update(new byte[4], params(10, "fd09::1", 3).io(16), 0);

        // when an XDP program asks for the source address
        fib.run("fib_xdp", XdpInput.of(FRAME));

        // then BPF_FIB_LKUP_RET_NO_SRC_ADDR, after the egress device was filled in
        ByteBuffer out = ByteBuffer.wrap(fib.map("io").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.getLong(72)).isEqualTo(9);
        assertThat(out.getInt(8)).isEqualTo(3);
    }

    @Test
    void routeThroughAMissingDeviceIsReportedAsATestSetupError() throws IOException {
        // given a route out of ifindex 9, which the environment does not have
        LinuxEnvironment env = new LinuxEnvironment();
        env.fib().addRoute(new Route(ip("10.9.0.0"), 16, 9, null));
        LoadedObject fib = fib(env);
        fib.map("io").update(new byte[4], params(2, "10.9.1.1", 1).io(4), 0);

        // when the lookup finds it, then the error names the route and the fix
        assertThatThrownBy(() -> fib.run("fib_xdp", XdpInput.of(FRAME)))
                .hasStackTraceContaining("route to 10.9.0.0/16 leaves through ifindex 9, which is no device; add it with LinuxEnvironment.addDevice");
    }

    @Test
    void lookupsAnswerFwdDisabledWhereTheKernelDefaultOfNoForwardingIsSet() throws IOException {
        // given loopback with forwarding off, as on a machine with net.ipv4.ip_forward=0
        LinuxEnvironment env = new LinuxEnvironment();
        env.fib().setForwarding(1, false, false);
        LoadedObject fib = fib(env);
        fib.map("io").update(new byte[4], params(2, "127.0.0.1", 1).io(0), 0);

        // when looked up from XDP on loopback
        fib.run("fib_xdp", XdpInput.of(FRAME));

        // then FWD_DISABLED (5), as this machine's kernel answered for loopback with forwarding off
        assertThat(ByteBuffer.wrap(fib.map("io").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong(72)).isEqualTo(5);
    }

    private static Params params(int family, String dst, int ifindex) {
        return new Params(family, dst, ifindex);
    }

    /** struct bpf_fib_lookup as fib_kernel.py builds it, plus the flags and short-size words of fib.c's io value. */
    private static final class Params {
        final ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);

        Params(int family, String dst, int ifindex) {
            b.put(0, (byte) family);
            b.putInt(8, ifindex);
            b.put(32, ip(dst));
        }

        Params totLen(int v) {
            b.putShort(6, (short) v);
            return this;
        }

        Params u32(int offset, int v) {
            b.putInt(offset, v);
            return this;
        }

        Params shortSize() {
            b.putInt(68, 1);
            return this;
        }

        byte[] io(int flags) {
            b.putInt(64, flags);
            return b.array().clone();
        }
    }
}
