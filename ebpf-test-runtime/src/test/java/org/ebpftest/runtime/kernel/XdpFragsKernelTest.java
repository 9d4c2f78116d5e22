package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XDP multi-buffer frames against this machine's kernel: every case of
 * {@code elf/xdp_frags.expected} runs through {@code bpftool prog run} (with ctx_in where the case
 * has one) and through the emulator; retval, the whole data_out and ctx_out must agree, and the
 * recorded answer that {@link XdpFragsRecordedTest} checks without a kernel must still be the
 * kernel's.
 */
@Tag("kernel")
class XdpFragsKernelTest {
    private static final Map<String, Integer> ERRNOS = Map.of("Invalid argument", 22, "Cannot allocate memory", 12);
    private static KernelOracle kernel;
    private static LoadedObject object;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        kernel = KernelOracle.load(XdpFragsCase.object(), "xdp_frags");
        object = XdpFragsCase.load();
    }

    @AfterAll
    static void unload() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    static Stream<XdpFragsCase> cases() {
        return XdpFragsCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void emulatorAndRecordingMatchTheKernel(XdpFragsCase c) throws Exception {
        // given the case's data_in and ctx_in
        byte[] dataIn = c.dataIn();
        byte[] ctxIn = c.ctxIn();

        // when the kernel runs the program
        KernelOracle.KernelRun k = kernel.runWithContext(c.program(), dataIn, ctxIn);

        // then the emulator gives the same answer, byte for byte, and the recording is the kernel's
        String kernelSummary;
        if (k.refusal() != null) {
            int errno = ERRNOS.entrySet().stream().filter(e -> k.refusal().contains(e.getKey())).mapToInt(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("unexpected refusal: " + k.refusal()));
            kernelSummary = "refused " + errno;
        } else {
            String ctx = ctxIn == null ? "- -" : XdpFragsCase.u32(k.ctxOut(), 0) + " " + XdpFragsCase.u32(k.ctxOut(), 4);
            kernelSummary = XdpFragsCase.summary((int) k.returnValue(), k.dataOut(), ctx);
            RunResult r = object.run(c.program(), XdpInput.fromTestRun(dataIn, ctxIn));
            assertThat(HexFormat.of().formatHex(r.packet())).as("data_out").isEqualTo(HexFormat.of().formatHex(k.dataOut()));
        }
        assertThat(c.emulate(object)).as("emulator").isEqualTo(kernelSummary);
        assertThat(c.expected()).as("recording").isEqualTo(kernelSummary);
    }
}
