package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * raw_tp.c in this machine's kernel (bpf_prog_test_run_raw_tp: ctx_in is the arguments array) and
 * in the emulator: the same return value for two arguments, and the same refusal (EINVAL) for 13.
 */
@Tag("kernel")
class RawTracepointKernelTest {
    @Test
    void rawTracepointRunsAndRefusalsAreTheKernels() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object;
        try (InputStream in = RawTracepointKernelTest.class.getResourceAsStream("/elf/raw_tp.o")) {
            object = in.readAllBytes();
        }
        byte[] two = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(7).array();
        byte[] thirteen = new byte[13 * 8];
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("raw_tp.o", object));
        try (KernelOracle kernel = KernelOracle.load(object, "rawtp")) {
            KernelOracle.KernelRun k = kernel.runContextOnly("sum_args", two);
            assertThat(k.refusal()).isNull();
            assertThat(emulated.run("sum_args", new RawInput(two)).retval() & 0xffffffffL).isEqualTo(k.returnValue());

            KernelOracle.KernelRun refused = kernel.runContextOnly("sum_args", thirteen);
            RunRefusedException e = catchThrowableOfType(() -> emulated.run("sum_args", new RawInput(thirteen)), RunRefusedException.class);
            assertThat(refused.refusal()).isEqualTo("errno " + e.errno());
        }
    }
}
