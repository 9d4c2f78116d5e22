package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ebpftest.kernel.KernelSupport;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** ebpftest.backend=kernel|both sends the extension's runs to the running kernel. */
@Tag("kernel")
class KernelBackendTest {
    private static final byte[] FRAME = new byte[64];

    @BeforeEach
    void needsKernel() {
        Assumptions.assumeTrue(KernelSupport.unavailableReason().isEmpty(), () -> "kernel backend unavailable: " + KernelSupport.unavailableReason().get());
    }

    @Test
    void runsInTheKernelUnderKernel() {
        Fixtures.assertAllPass(Fixtures.run(OnKernel.class, Map.of("ebpftest.backend", "kernel")), 2);
    }

    @Test
    void runsInBothAndAgreesUnderBoth() {
        Fixtures.assertAllPass(Fixtures.run(InBoth.class, Map.of("ebpftest.backend", "both")), 1);
    }

    @Test
    void skipsARunWithMockedHelpersNamingTheFeature() {
        EngineExecutionResults results = Fixtures.run(Mocked.class, Map.of("ebpftest.backend", "kernel"));

        assertThat(results.testEvents().aborted().count()).isEqualTo(1);
        List<String> reasons = results.testEvents().aborted().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .toList();
        assertThat(reasons).singleElement().asString()
                .isEqualTo("program [xdp_len] of [programs.o] needs mocked helpers ([KTIME_GET_NS]), which only the emulator has; "
                        + "it runs with ebpftest.backend=emulator");
    }

    @Test
    void refusesAnUnknownBackend() {
        assertThat(Fixtures.failureMessages(Fixtures.run(OnKernel.class, Map.of("ebpftest.backend", "qemu"))))
                .contains("configuration parameter ebpftest.backend is [qemu], but the backend is one of [emulator, kernel, both]");
    }

    @Fixture
    @BpfObject("programs.o")
    static class OnKernel {
        @ObjectProgram("xdp_twice") BpfProgram twice;
        @ObjectProgram("tc_mark") BpfProgram mark;

        @Test
        void callsAGlobalSubprogramInTheKernel() {
            // test_run's loopback device has ifindex 1; twice(1) = 4 is not above 4
            RunResult result = twice.run(FRAME);

            assertThat(result.retval()).isZero();
            assertThat(result.instructions()).as("the kernel counts no instructions").isZero();
        }

        @Test
        void setsTheMarkInTheKernel() {
            RunResult result = mark.run(FRAME);

            assertThat(result.retval()).isZero();
            assertThat(result.contextOut()).isPresent();
            assertThat(result.instructions()).isZero();
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class InBoth {
        @ObjectProgram("xdp_len") BpfProgram len;

        @Test
        void agreesAndReturnsTheEmulatorsResult() {
            RunResult result = len.run(FRAME);

            assertThat(result.retval()).isEqualTo(2);
            assertThat(result.instructions()).as("the emulator's result").isPositive();
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class Mocked {
        @ObjectProgram("xdp_len") BpfProgram len;
        @Loaded LinuxEnvironment environment;

        @Test
        void mocksTheClock() {
            environment.override(HelperId.KTIME_GET_NS, LinuxHelper.returning(5));

            len.run(FRAME);
        }
    }
}
