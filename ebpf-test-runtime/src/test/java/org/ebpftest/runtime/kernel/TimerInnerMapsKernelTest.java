package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timers in the values of inner maps (timer_inner.c, timer_inner_mismatch.c,
 * timer_inner_direct.c) in this machine's kernel and in the emulator.
 */
@Tag("kernel")
class TimerInnerMapsKernelTest {
    private static byte[] object(String name) throws IOException {
        try (InputStream in = TimerInnerMapsKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void timerOfOneInnerMapInitialisedWithAnotherIsRefusedByBothWithTheKernelsMessage() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        for (String name : new String[] {"timer_inner_mismatch.o", "timer_inner_direct.o"}) {
            KernelOracle.Verdict kernel = KernelOracle.verify(object(name), name.replace(".o", "").replace('_', '-'));

            Throwable here = catchThrowable(() -> LoadedObject.load(ObjectSpec.parse(name, object(name))));

            assertThat(kernel.loaded()).as("%s loaded by the kernel", name).isFalse();
            assertThat(here).as("%s refused here", name).isInstanceOf(VerifierException.class);
            String reason = ((VerifierException) here).kernelMessage();
            assertThat(reason).as("%s: the reason", name).startsWith("timer pointer in R1 map_uid=");
            assertThat(kernel.verifierLog()).as("%s: the kernel's log has this verifier's reason", name).contains(reason);
        }
    }

    @Test
    void timersInInnerMapsLoadInBoth() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        KernelOracle.Verdict kernel = KernelOracle.verify(object("timer_inner.o"), "timer-inner");

        LoadedObject here = LoadedObject.load(ObjectSpec.parse("timer_inner.o", object("timer_inner.o")));

        assertThat(kernel.loaded()).as("loaded by the kernel: %s", kernel.bpftoolOutput()).isTrue();
        assertThat(here.programNames()).containsExactly("arm_inner", "arm_array", "free_inner", "reinit", "report");
    }
}
