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
 * user_ringbuf.c in this machine's kernel and in the emulator, as far as bpftool can drive it (it
 * cannot write records): draining an empty ring, and a drain with flags it does not know.
 * UserRingBufTest pins what the kernel answered with records, recorded with user_ringbuf_kernel.c.
 */
@Tag("kernel")
class UserRingBufKernelTest {
    private static byte[] object() throws IOException {
        try (InputStream in = UserRingBufKernelTest.class.getResourceAsStream("/elf/user_ringbuf.o")) {
            return in.readAllBytes();
        }
    }

    @Test
    void drainsAnEmptyRingAndRefusesUnknownFlagsAsTheKernel() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[14] = 0x45;
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("user_ringbuf.o", object()));
        try (KernelOracle kernel = KernelOracle.load(object(), "user_ringbuf")) {
            for (String program : new String[] {"drain", "drain_bad_flags"}) {
                assertThat(emulated.run(program, SkbInput.of(frame)).retval() & 0xffffffffL).as(program)
                        .isEqualTo(kernel.run(program, frame).returnValue());
            }
        }
    }
}
