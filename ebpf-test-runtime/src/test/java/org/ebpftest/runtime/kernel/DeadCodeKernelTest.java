package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** dead_code.c: a write to r10 the verifier proves unreachable loads, as Linux loads it. */
class DeadCodeKernelTest {
    private static final String OBJECT = "dead_code.o";

    private static byte[] object() throws IOException {
        try (InputStream in = DeadCodeKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    @Test
    void loadsAndRunsAProgramWhoseDeadCodeWritesTheFramePointer() throws IOException {
        LoadedObject loaded = LoadedObject.load(ObjectSpec.parse(OBJECT, object()));

        assertThat(loaded.run("frame_pointer_write_in_dead_code", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
    }

    @Test
    void aStrictLoadRefusesItEagerly() throws IOException {
        ObjectSpec spec = ObjectSpec.parse(OBJECT, object());

        assertThatThrownBy(() -> LoadedObject.loader(spec).strict().load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("r10 (the frame pointer) is read-only at pc 2 (r10 = 0x0) in frame_pointer_write_in_dead_code");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object));
        try (KernelOracle kernel = KernelOracle.load(object, "dead_code")) {
            long expected = kernel.run("frame_pointer_write_in_dead_code", new byte[64]).returnValue();

            assertThat(emulated.run("frame_pointer_write_in_dead_code", XdpInput.of(new byte[64])).retval()).isEqualTo(expected);
        }
    }
}
