package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.CapturedContext;
import org.ebpftest.runtime.context.ReplayMode;
import org.ebpftest.runtime.context.XdpMdContext;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** mimic context files in tests: BpfProgram.run(context) and @ContextSource. */
@BpfObject("programs.o")
@BpfObject("replay.o")
class ContextSourceTest {

    @ParameterizedTest
    @ContextSource("contexts/xdp_md.json")
    void xdpLenPassesShortFramesAndDropsLongOnes(BpfContext context, @ObjectProgram(value = "xdp_len", object = "programs.o") BpfProgram xdpLen) {
        int length = ((XdpMdContext) context).packet().length;

        RunResult r = xdpLen.run(context);

        assertThat(r.retval()).isEqualTo(length + 1 > 100 ? 1 : 2);
    }

    @Test
    void everyContextOfTheFilesIsAnInvocationNamedAfterIt() {
        EngineExecutionResults results = Fixtures.run(GenericAndXdpContexts.class);

        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("[1] tcp frame as generic", "[2] long frame as generic", "[3] tcp frame", "[4] long frame");
    }

    @Test
    void aMalformedContextFileFailsTheTestWithItsPathLineAndColumn() {
        assertThat(Fixtures.failureMessages(MalformedContexts.class)).containsExactly(
                "failing/bad_context.json: $[1].ctx.pakcet (line 3, column 56): unknown property [pakcet]; expected one of "
                        + "[egress_ifidx, headroom, ingress_ifidx, packet, rx_queue_idx, tailroom]");
    }

    @Test
    void aPatternThatMatchesNothingSaysSo() {
        assertThat(Fixtures.failureMessages(MissingContexts.class))
                .containsExactly("@ContextSource [contexts/*.jsn] on [run(BpfContext)] in [ContextSourceTest.MissingContexts] not found on the class path:"
                        + " looked for [org/ebpftest/junit/contexts/*.jsn] and [contexts/*.jsn];"
                        + " put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"");
    }

    @Test
    void aCapturedContextReplaysAndTheModeDecidesAboutUnrecordedCalls(@ObjectProgram(value = "kprobe_sleep", object = "replay.o") BpfProgram sleep) {
        BpfContext oneClockRead = BpfContextsOnClassPath.named("contexts/captured_misc.json", "one clock read");

        assertThatThrownBy(() -> sleep.run(oneClockRead))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.UNRECORDED))
                .hasMessageStartingWith("call #2 to bpf_ktime_get_ns (5) was not recorded");
        RunResult emulated = sleep.run(oneClockRead, ReplayMode.EMULATE);
        assertThat(emulated.retval()).isEqualTo(1);
        assertThat(emulated.helperCalls("bpf_ktime_get_ns")).extracting(c -> c.result()).containsExactly(5_000_000_000L, 1_000_000_000_000L);
    }

    @Test
    void aContextForAnotherKindOfProgramIsRefused(@ObjectProgram(value = "tc_mark", object = "programs.o") BpfProgram tcMark) {
        BpfContext xdp = BpfContextsOnClassPath.named("contexts/xdp_md.json", "tcp frame");

        assertThatThrownBy(() -> tcMark.run(xdp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("xdp_md context [tcp frame] in [contexts/xdp_md.json] cannot run program [tc_mark] of [programs.o]");
        assertThat(BpfContextsOnClassPath.named("contexts/captured_kprobe.json", "nanosleep(42)")).isInstanceOf(CapturedContext.class);
    }

    @Fixture
    @BpfObject("programs.o")
    static class GenericAndXdpContexts {
        @ParameterizedTest
        @ContextSource({"contexts/generic_*.json", "contexts/xdp_md.json"})
        void run(BpfContext context, @ObjectProgram("xdp_len") BpfProgram xdpLen) {
            assertThat(xdpLen.run(context).retval()).isEqualTo(context.name().startsWith("long") ? 1 : 2);
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class MalformedContexts {
        @ParameterizedTest
        @ContextSource("failing/bad_context.json")
        void run(BpfContext context, @ObjectProgram("xdp_len") BpfProgram xdpLen) {
            xdpLen.run(context);
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class MissingContexts {
        @ParameterizedTest
        @ContextSource("contexts/*.jsn")
        void run(BpfContext context) {
            assertThat(context).isNotNull();
        }
    }
}
