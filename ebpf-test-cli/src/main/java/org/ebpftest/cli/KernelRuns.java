package org.ebpftest.cli;

import java.io.PrintStream;
import java.util.OptionalInt;
import org.ebpftest.kernel.BackendMismatchError;
import org.ebpftest.kernel.KernelTwin;
import org.ebpftest.kernel.TestRunInput;
import org.ebpftest.kernel.TestRunOutput;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;

/**
 * {@code run --backend kernel|both}: the run in the running kernel, with the files and the report
 * line of an emulator run. The object was loaded (and {@code --maps-in} applied) in the emulator
 * first; its kernel twin carries the maps over.
 */
final class KernelRuns {
    private KernelRuns() {
    }

    /**
     * One BPF_PROG_TEST_RUN with data_in and ctx_in as given, {@code repeat} done by the kernel, as
     * {@code bpftool prog run} does it; the duration is the kernel's.
     */
    static int inKernel(Arguments a, KernelTwin twin, String program, byte[] dataIn, byte[] ctxIn, int repeat, PrintStream out, PrintStream err) {
        TestRunInput input = new TestRunInput(dataIn, ctxIn, dataIn.length == 0 ? 0 : TestRunInput.DEFAULT_DATA_OUT,
                ctxIn == null ? 0 : ctxIn.length, repeat, 0, OptionalInt.of(TestRunInput.DEFAULT_CPU));
        TestRunOutput result = twin.testRun(program, input);
        a.value("--data-out").ifPresent(f -> ObjectFiles.write(f, result.dataOut()));
        a.value("--ctx-out").ifPresent(f -> {
            if (result.ctxOut() != null) {
                ObjectFiles.write(f, result.ctxOut());
            } else {
                err.println("run: no context to write to " + f + ": test_run returns ctx_out only for a run given --ctx-in");
            }
        });
        a.value("--maps-out").ifPresent(f -> ObjectFiles.write(f, MapsFile.write(twin.emulator())));
        out.printf("Return value: %d, duration%s: %dns%n", Integer.toUnsignedLong(result.retval()), repeat > 1 ? " (average)" : "",
                result.durationNanos());
        return 0;
    }

    /** Each of {@code repeat} runs in the emulator and the kernel; the first difference fails the command. */
    static int inBoth(Arguments a, KernelTwin twin, String program, ContextType type, byte[] dataIn, byte[] ctxIn, int repeat, PrintStream out) {
        if (!type.isSkb() && type != ContextType.XDP) {
            throw new UsageException("--backend both compares XDP and __sk_buff runs; program " + program + " runs on raw context bytes");
        }
        XdpInput xdp = type == ContextType.XDP ? XdpInput.fromTestRun(dataIn, ctxIn) : null;
        SkbInput skb = type.isSkb() ? SkbInput.fromTestRun(dataIn, ctxIn) : null;
        RunResult last = null;
        long totalNanos = 0;
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            try {
                last = xdp != null ? twin.runXdp(program, xdp) : twin.runSkb(program, skb);
            } catch (BackendMismatchError e) {
                throw new CommandFailure(e.getMessage() + (repeat > 1 ? "\n  (in run " + (i + 1) + " of " + repeat + ")" : ""), e);
            }
            totalNanos += System.nanoTime() - start;
        }
        RunResult result = last;
        a.value("--data-out").ifPresent(f -> ObjectFiles.write(f, result.packet()));
        a.value("--ctx-out").ifPresent(f -> result.contextOut().ifPresent(ctx -> ObjectFiles.write(f, ctx)));
        a.value("--maps-out").ifPresent(f -> ObjectFiles.write(f, MapsFile.write(twin.emulator())));
        out.printf("Return value: %d, duration%s: %dns%n", Integer.toUnsignedLong(result.retval()), repeat > 1 ? " (average)" : "", totalNanos / repeat);
        return 0;
    }
}
