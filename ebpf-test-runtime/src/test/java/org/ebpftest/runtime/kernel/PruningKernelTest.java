package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pruning objects in this machine's kernel: Linux 6.18 loads pruning_dead_registers.o (its
 * pruning ignores dead registers) and refuses pruning_precise_offset.o (its pruning compares a
 * scalar that becomes a pointer offset), and loads both programs of pruning_iterator_loop.o (it ends
 * an iterator's loop once its state repeats, widening the counters nothing checks), as the verifier
 * here does (PruningTest).
 */
@Tag("kernel")
class PruningKernelTest {
    private static byte[] object(String name) throws IOException {
        try (InputStream in = PruningKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void kernelLoadsTheProgramWhosePathsDifferOnlyInDeadRegisters() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        KernelOracle.Verdict verdict = KernelOracle.verify(object("pruning_dead_registers.o"), "pruning_dead");
        assertThat(verdict.loaded()).as(verdict.bpftoolOutput()).isTrue();
    }

    @Test
    void kernelRefusesTheIndexThatBecomesAWiderOffsetOnALaterPath() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        KernelOracle.Verdict verdict = KernelOracle.verify(object("pruning_precise_offset.o"), "pruning_precise");
        assertThat(verdict.loaded()).isFalse();
        assertThat(verdict.verifierLog()).contains("invalid access to map value, value_size=4 off=7 size=1");
    }

    @Test
    void kernelLoadsTheIteratorLoopsWhoseCountersNothingChecks() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        KernelOracle.Verdict verdict = KernelOracle.verify(object("pruning_iterator_loop.o"), "pruning_iter");
        assertThat(verdict.loaded()).as(verdict.bpftoolOutput()).isTrue();
    }
}
