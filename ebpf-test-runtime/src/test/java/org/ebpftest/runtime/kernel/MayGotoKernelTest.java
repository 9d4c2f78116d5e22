package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * may_goto.c in this machine's kernel and in the emulator: loops bounded by may_goto give the
 * kernel's answers, although the kernel's budget is a time slice and the emulator's a count.
 */
@Tag("kernel")
class MayGotoKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = MayGotoKernelTest.class.getResourceAsStream("/elf/may_goto.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("may_goto.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "may_goto")) {
            for (String program : new String[] {"sum_within_budget", "runs_until_budget_spent", "second_loop_finds_budget_spent",
                    "each_call_has_its_own_budget", "each_callback_has_its_own_budget"}) {
                assertThat((long) emulated.run(program, XdpInput.of(new byte[64])).retval()).as(program)
                        .isEqualTo(kernel.run(program, new byte[64]).returnValue());
            }
        }
    }
}
