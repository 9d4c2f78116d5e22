package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.junit.jupiter.api.Test;

/**
 * test_run's rules for the program types without a packet: raw tracepoints (raw_tp.c, whose
 * answers RawTracepointKernelTest checks with the kernel), tracing programs (tracing_runs.c, which
 * this machine's kernel refuses to load, so the values follow net/bpf/test_run.c) and syscall
 * programs.
 */
class TestRunRulesTest {
    private static LoadedObject load(String name) throws IOException {
        try (InputStream in = TestRunRulesTest.class.getResourceAsStream("/elf/" + name)) {
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()));
        }
    }

    private static byte[] args(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    @Test
    void runsARawTracepointOnItsArgumentsArray() throws IOException {
        RunResult r = load("raw_tp.o").run("sum_args", new RawInput(args(5, 7)));

        assertThat(r.retval()).isEqualTo(26);
    }

    @Test
    void refusesMoreThanTwelveRawTracepointArgumentsWithEinval() throws IOException {
        LoadedObject rawTp = load("raw_tp.o");

        RunRefusedException e = catchThrowableOfType(() -> rawTp.run("sum_args", new RawInput(new byte[13 * 8])), RunRefusedException.class);

        assertThat(e.errno()).isEqualTo(22);
        assertThat(e).hasMessageContaining("at most 96 (12 arguments)");
    }

    @Test
    void reportsZeroForFentryAndFexitWithoutRunningThem() throws IOException {
        LoadedObject tracing = load("tracing_runs.o");

        RunResult fentry = tracing.run("on_test1", new RawInput(new byte[0]));
        RunResult fexit = tracing.run("after_test2", new RawInput(args(1, 2, 3)));

        // the program would have returned 7 and printed a line had it run
        assertThat(fentry.retval()).isZero();
        assertThat(fentry.printedMessages()).isEmpty();
        assertThat(fentry.instructions()).isZero();
        assertThat(fexit.retval()).isZero();
    }

    @Test
    void reportsTheTestFunctionsSumAndSideEffectsForFmodRet() throws IOException {
        RunResult r = load("tracing_runs.o").run("modify", new RawInput(new byte[0]));

        // bpf_modify_return_test(1, &b) = 4 and _test2(1, &b, 3, 4, 5, 6, 7) = 29; b changed twice
        assertThat(r.retval()).isEqualTo(2 << 16 | 33);
    }

    @Test
    void refusesTracingProgramsTestRunDoesNotRunWithEfault() throws IOException {
        LoadedObject tracing = load("tracing_runs.o");

        RunRefusedException e = catchThrowableOfType(() -> tracing.run("btf_tracepoint", new RawInput(new byte[0])), RunRefusedException.class);

        assertThat(e.errno()).isEqualTo(14);
        assertThat(e).hasMessageContaining("btf_tracepoint").hasMessageContaining("tp_btf/sys_enter");
    }

    @Test
    void refusesASyscallContextOverU16MaxWithEinval() throws IOException {
        LoadedObject syscall = load("syscall_bits.o");

        RunRefusedException e = catchThrowableOfType(() -> syscall.run("no_context", new RawInput(new byte[65536])), RunRefusedException.class);

        assertThat(e.errno()).isEqualTo(22);
        assertThat(syscall.run("no_context", new RawInput(new byte[65535])).retval()).isEqualTo(42);
    }
}
