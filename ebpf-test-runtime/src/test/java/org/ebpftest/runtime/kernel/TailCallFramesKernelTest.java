package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * tail_frames.c: a program that tail-calls itself from two bpf-to-bpf calls deep, so that each of
 * its 33 tail calls leaves two more frames below it. Linux counts the 8-frame limit per program
 * and the 33 tail calls per run, and returns 33 with the entry counter at 34.
 */
class TailCallFramesKernelTest {
    private static final String OBJECT = "tail_frames.o";

    private static byte[] object() throws IOException {
        try (InputStream in = TailCallFramesKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    @Test
    void takesAllThirtyThreeTailCallsFromInsideNestedFunctions() throws IOException {
        // given the program in its own slot of the program array
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        // when it runs on a zeroed frame
        RunResult run = emulated.run("again", XdpInput.of(new byte[64]));

        // then 33 tail calls were taken (66 frames deep) and the 34th fell through
        assertThat(run.retval()).isEqualTo(33);
        assertThat(run.frame()[0]).as("entries counted in the first packet byte").isEqualTo((byte) 34);
        assertThat(run.helperCalls("bpf_tail_call")).hasSize(34);
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object));
        try (KernelOracle kernel = KernelOracle.load(object, "tail_frames")) {
            kernel.setProgramSlot("chain", 0, "again");

            KernelOracle.KernelRun expected = kernel.run("again", new byte[64]);
            RunResult actual = emulated.run("again", XdpInput.of(new byte[64]));

            assertThat(expected.returnValue()).as("the kernel's answer").isEqualTo(33);
            assertThat(actual.retval()).isEqualTo(expected.returnValue());
            assertThat(actual.frame()).isEqualTo(expected.dataOut());
        }
    }
}
