package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.helpers.SyscallBitsCases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * syscall_bits.c's syscall programs in this machine's kernel (bpf_prog_test_run_syscall: ctx_in
 * only, written back after the run) and in the emulator: the return value and the context after
 * the run must be the same, and the answers BitsIteratorTest pins must be the kernel's.
 */
@Tag("kernel")
class SyscallKernelTest {
    @Test
    void syscallProgramsAndTheBitsIteratorAnswerAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object = SyscallBitsCases.object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("syscall_bits.o", object));
        try (KernelOracle kernel = KernelOracle.load(object, "syscall")) {
            for (SyscallBitsCases.Case c : SyscallBitsCases.cases()) {
                KernelOracle.KernelRun k = kernel.runContextOnly("count_bits", c.context());
                RunResult e = emulated.run("count_bits", new RawInput(c.context()));

                assertThat(k.refusal()).as(c.name()).isNull();
                assertThat(e.retval() & 0xffffffffL).as(c.name()).isEqualTo(k.returnValue());
                assertThat(HexFormat.of().formatHex(e.finalContext())).as(c.name()).isEqualTo(HexFormat.of().formatHex(k.ctxOut()));
                assertThat(k.returnValue()).as("%s: the recorded answer", c.name()).isEqualTo(c.count());
            }
            byte[] echo = {5, 0, 0, 0, 0, 0, 0, 0};
            KernelOracle.KernelRun k = kernel.runContextOnly("echo", echo);
            RunResult e = emulated.run("echo", new RawInput(echo));
            assertThat(e.retval() & 0xffffffffL).isEqualTo(k.returnValue());
            assertThat(e.finalContext()).isEqualTo(k.ctxOut());
            assertThat(emulated.run("no_context", new RawInput(new byte[0])).retval() & 0xffffffffL)
                    .isEqualTo(kernel.runContextOnly("no_context", new byte[0]).returnValue());
        }
    }
}
