package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * global_spin_lock.c: a {@code bpf_spin_lock} declared as a global variable in a data section of its
 * own; Linux's verifier finds it among the section's variables and loads the program (the verifier
 * here refused it, "map '.data.guarded' has no valid bpf_spin_lock", until it looked there too).
 */
class GlobalSpinLockKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = GlobalSpinLockKernelTest.class.getResourceAsStream("/elf/global_spin_lock.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void takesAGlobalLockAndCountsUnderIt() throws IOException {
        LoadedObject object = LoadedObject.load(ObjectSpec.parse("global_spin_lock.o", object()));

        assertThat(object.run("count_under_lock", SkbInput.fromTestRun(new byte[64], null)).retval()).isEqualTo(1);
        assertThat(object.run("count_under_lock", SkbInput.fromTestRun(new byte[64], null)).retval()).isEqualTo(2);
    }

    @Test
    @Tag("kernel")
    void countsAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("global_spin_lock.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "global_spin_lock")) {
            for (int run = 1; run <= 3; run++) {
                assertThat((long) emulated.run("count_under_lock", SkbInput.fromTestRun(new byte[64], null)).retval()).as("run " + run)
                        .isEqualTo(kernel.run("count_under_lock", new byte[64]).returnValue());
            }
        }
    }
}
