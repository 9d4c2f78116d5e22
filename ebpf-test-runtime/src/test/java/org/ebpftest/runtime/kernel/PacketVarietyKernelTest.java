package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every XDP, tc and socket-filter program of the packet-parsing test objects and examples, run in
 * this machine's kernel and in the emulator on each of {@link EdgeFrames} in the same order, once
 * as a bare {@code bpftool prog run} and once more on the first frames with a ctx_in (for tc and
 * socket filters mark, priority, interfaces, cb, timestamps and gso fields; for XDP interface 1,
 * queue 0): the return value, data_out and ctx_out are the kernel's, and where the kernel refuses
 * the run the emulator refuses it with the same errno.
 */
@Tag("kernel")
class PacketVarietyKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> OBJECTS = List.of("programs.o", "helpers_net.o", "skb_gso.o");
    /** The example project's programs that depend on nothing but the packet and their maps (as in ObjectKernelComparisonTest). */
    private static final List<String> EXAMPLES = List.of("xdp_firewall.o", "xdp_lb.o", "tc_nat.o", "xdp_logger.o", "socket_dns.o");
    private static final Path EXAMPLE_OBJECTS = Path.of("../example-project/src/main/bpf");
    /** How many of the frames also run with a ctx_in. */
    private static final int WITH_CONTEXT = 8;

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    private static byte[] skbContext() {
        ByteBuffer c = ByteBuffer.allocate(192).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(8, 0x1234).putInt(32, 7).putInt(36, 1).putInt(40, 1).putInt(48, 1).putInt(52, 2).putInt(56, 3).putInt(60, 0xdeadbeef).putInt(64, 5);
        c.putLong(152, 1_000_000).putInt(160, 9000).putInt(164, 6).putInt(176, 1400).putLong(184, 777);
        return c.array();
    }

    private static byte[] xdpContext(int length) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0).putInt(4, length).putInt(12, 1).putInt(16, 0).array();
    }

    @TestFactory
    Stream<DynamicTest> everyProgramAgreesWithTheKernelOnEveryFrame() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : concat(OBJECTS, EXAMPLES)) {
            byte[] bytes = EXAMPLES.contains(file) ? Files.readAllBytes(EXAMPLE_OBJECTS.resolve(file)) : resource("elf/" + file);
            ObjectSpec spec = ObjectSpec.parse(file, bytes);
            for (String program : spec.programs().stream().map(p -> p.name()).toList()) {
                ContextType type = ContextType.of(spec.program(program).type());
                if (type == ContextType.XDP || type == ContextType.SCHED_CLS || type == ContextType.SCHED_ACT || type == ContextType.SOCKET_FILTER) {
                    tests.add(DynamicTest.dynamicTest(file + " " + program, () -> compare(spec, bytes, program, type)));
                }
            }
        }
        return tests.stream();
    }

    private static void compare(ObjectSpec spec, byte[] bytes, String program, ContextType type) throws Exception {
        LoadedObject emulated = LoadedObject.load(spec);
        try (KernelOracle kernel = KernelOracle.load(bytes, "variety-" + spec.fileName().replace(".o", ""))) {
            int n = 0;
            for (Map.Entry<String, byte[]> frame : EdgeFrames.all().entrySet()) {
                byte[] packet = frame.getValue();
                check(kernel, emulated, program, type, packet, null, program + " on " + frame.getKey());
                if (n++ < WITH_CONTEXT) {
                    byte[] ctx = type == ContextType.XDP ? xdpContext(packet.length) : skbContext();
                    check(kernel, emulated, program, type, packet, ctx, program + " on " + frame.getKey() + " with ctx_in");
                }
            }
        }
    }

    private static void check(KernelOracle kernel, LoadedObject emulated, String program, ContextType type, byte[] packet, byte[] ctx, String step)
            throws Exception {
        KernelOracle.KernelRun expected = ctx == null ? kernel.run(program, packet) : kernel.runWithContext(program, packet, ctx);
        if (expected.refusal() != null) {
            assertThat(expected.refusal()).as(step).contains("Invalid argument");
            assertThatThrownBy(() -> emulated.run(program, input(type, packet, ctx)))
                    .as("%s: the kernel refused the run (%s)", step, expected.refusal())
                    .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(22));
            return;
        }
        RunResult actual = emulated.run(program, input(type, packet, ctx));
        assertThat(actual.returnValue() & 0xffffffffL).as("%s: return value", step).isEqualTo(expected.returnValue());
        assertThat(HEX.formatHex(actual.packet())).as("%s: data_out", step).isEqualTo(HEX.formatHex(expected.dataOut()));
        if (ctx != null) {
            assertThat(HEX.formatHex(actual.contextOut().orElseThrow())).as("%s: ctx_out", step).isEqualTo(HEX.formatHex(expected.ctxOut()));
        }
    }

    private static RunInput input(ContextType type, byte[] packet, byte[] ctx) {
        return type == ContextType.XDP ? XdpInput.fromTestRun(packet, ctx) : SkbInput.fromTestRun(packet, ctx);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = PacketVarietyKernelTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }
}
