package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A result as BPF_PROG_TEST_RUN reports it: what the kernel gives, and a clear refusal for what only the emulator records. */
class KernelRunResultTest {
    private final RunResult kernel = RunResult.ofTestRun(ContextType.XDP, 2, new byte[] {1, 2, 3}, null);

    @Test
    void keepsTheReturnValueAndPacketTheKernelReports() {
        assertThat(kernel.retval()).isEqualTo(2);
        assertThat(kernel.returnValue()).isEqualTo(2);
        assertThat(kernel.packet()).containsExactly(1, 2, 3);
        assertThat(kernel.recordsSideEffects()).isFalse();
    }

    @Test
    void refusesHelperCallsNamingThemInsteadOfAnsweringEmpty() {
        assertThatThrownBy(kernel::helperCalls).isInstanceOf(NotRecordedException.class)
                .hasMessage("the run happened in the kernel, whose BPF_PROG_TEST_RUN reports no helper-call records (RunResult.helperCalls()); "
                        + "only the emulator records them (ebpftest.backend=emulator or both)")
                .extracting(e -> ((NotRecordedException) e).feature()).isEqualTo("helper-call records (RunResult.helperCalls())");
        assertThatThrownBy(() -> kernel.helperCalls("bpf_redirect")).isInstanceOf(NotRecordedException.class);
    }

    @Test
    void refusesEveryOtherSideEffectTheKernelDoesNotReport() {
        assertThatThrownBy(kernel::printed).hasMessageContaining("printed lines");
        assertThatThrownBy(kernel::printedMessages).hasMessageContaining("printed lines");
        assertThatThrownBy(kernel::redirect).hasMessageContaining("redirect target");
        assertThatThrownBy(kernel::clonedRedirects).hasMessageContaining("cloned redirects");
        assertThatThrownBy(kernel::tunnel).hasMessageContaining("tunnel metadata");
        assertThatThrownBy(kernel::instructions).hasMessageContaining("instruction count");
    }
}
