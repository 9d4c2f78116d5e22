package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;
import org.ebpftest.runtime.context.SkBuffContext;
import org.ebpftest.runtime.context.XdpMdContext;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code xdp_md} and {@code sk_buff} context files run in the kernel ({@code bpftool prog run}
 * with the context's packet as {@code data_in}) and on the emulator's context paths give the same
 * return value and output packet.
 */
@Tag("kernel")
class ContextKernelComparisonTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    @TestFactory
    Stream<DynamicTest> contextFilesRunAsInTheKernel() throws Exception {
        byte[] object = resource("elf/programs.o");
        List<DynamicTest> tests = new ArrayList<>();
        for (BpfContext c : contexts("xdp_md.json")) {
            tests.add(DynamicTest.dynamicTest("xdp_len on " + c.name(), () -> compare(object, "xdp_len", c, ((XdpMdContext) c).packet())));
        }
        for (BpfContext c : contexts("sk_buff.json")) {
            tests.add(DynamicTest.dynamicTest("tc_mark on " + c.name(), () -> compare(object, "tc_mark", c, ((SkBuffContext) c).packet())));
        }
        return tests.stream();
    }

    private static void compare(byte[] object, String program, BpfContext context, byte[] packet) throws Exception {
        RunResult emulated = context.runOn(LoadedObject.load(ObjectSpec.parse("programs.o", object)), program);
        try (KernelOracle kernel = KernelOracle.load(object, "contexts")) {
            KernelOracle.KernelRun expected = kernel.run(program, packet);

            assertThat(expected.refusal()).as("kernel refusal").isNull();
            assertThat(emulated.returnValue() & 0xffffffffL).as("return value").isEqualTo(expected.returnValue());
            assertThat(HEX.formatHex(emulated.packet())).as("output packet").isEqualTo(HEX.formatHex(expected.dataOut()));
        }
    }

    private static List<BpfContext> contexts(String file) throws Exception {
        return Contexts.parse("contexts/" + file, resource("contexts/" + file));
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ContextKernelComparisonTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }
}
