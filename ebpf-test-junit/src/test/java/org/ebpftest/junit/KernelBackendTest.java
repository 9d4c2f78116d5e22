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
    void skipsAnAssertionOnHelperCallsOfAKernelRunNamingWhatTheKernelDoesNotReport() {
        EngineExecutionResults results = Fixtures.run(AsksForHelperCalls.class, Map.of("ebpftest.backend", "kernel"));

        assertThat(abortReasons(results)).singleElement().asString()
                .isEqualTo("the run happened in the kernel, whose BPF_PROG_TEST_RUN reports no helper-call records (RunResult.helperCalls()); "
                        + "only the emulator records them (ebpftest.backend=emulator or both)");
    }

    @Test
    void runsTheSameAssertionOnHelperCallsUnderBoth() {
        Fixtures.assertAllPass(Fixtures.run(AsksForHelperCalls.class, Map.of("ebpftest.backend", "both")), 1);
    }

    @Test
    void skipsATestDeclaredEmulatorOnlyUnderKernelBeforeItRuns() {
        EngineExecutionResults results = Fixtures.run(DeclaredEmulatorOnly.class, Map.of("ebpftest.backend", "kernel"));

        assertThat(results.testEvents().skipped().count()).isEqualTo(1);
        assertThat(results.testEvents().started().count()).as("not started").isZero();
        assertThat(results.testEvents().skipped().stream().map(e -> e.getPayload(String.class).orElseThrow()).toList()).singleElement()
                .asString().isEqualTo("needsTheSeed() needs the seeded random numbers, which only the emulator has (@EmulatorOnly); "
                        + "it runs with ebpftest.backend=emulator, not kernel");
    }

    @Test
    void runsATestDeclaredEmulatorOnlyUnderTheEmulator() {
        Fixtures.assertAllPass(Fixtures.run(DeclaredEmulatorOnly.class, Map.of("ebpftest.backend", "emulator")), 1);
    }

    @Test
    void skipsAMockedRunInsideATrapAssertionInsteadOfFailingIt() {
        EngineExecutionResults results = Fixtures.run(MockedInsideAnAssertion.class, Map.of("ebpftest.backend", "kernel"));

        assertThat(results.testEvents().failed().count()).isZero();
        assertThat(abortReasons(results)).singleElement().asString().contains("needs mocked helpers ([KTIME_GET_NS])");
    }

    private static List<String> abortReasons(EngineExecutionResults results) {
        return results.testEvents().aborted().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .toList();
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
            assertThat(result.recordsSideEffects()).as("the kernel counts no instructions, records no calls").isFalse();
        }

        @Test
        void setsTheMarkInTheKernel() {
            RunResult result = mark.run(FRAME);

            assertThat(result.retval()).isZero();
            assertThat(result.contextOut()).isPresent();
            assertThat(result.recordsSideEffects()).isFalse();
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
    static class AsksForHelperCalls {
        @ObjectProgram("xdp_len") BpfProgram len;

        @Test
        void callsNoHelperToMeasureTheFrame() {
            assertThat(len.run(FRAME).helperCalls()).isEmpty();
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class DeclaredEmulatorOnly {
        @ObjectProgram("xdp_len") BpfProgram len;

        @Test
        @EmulatorOnly("the seeded random numbers")
        void needsTheSeed() {
            assertThat(len.run(FRAME).retval()).isEqualTo(2);
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class MockedInsideAnAssertion {
        @ObjectProgram("xdp_len") BpfProgram len;
        @Loaded LinuxEnvironment environment;

        @Test
        void mocksTheClockInsideAnAssertion() {
            environment.override(HelperId.KTIME_GET_NS, LinuxHelper.returning(5));

            // as assertThatTrap does: whatever the run throws besides a trap comes back wrapped
            try {
                len.run(FRAME);
            } catch (RuntimeException e) {
                throw new AssertionError("Expecting the run to trap but it threw: " + e, e);
            }
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
