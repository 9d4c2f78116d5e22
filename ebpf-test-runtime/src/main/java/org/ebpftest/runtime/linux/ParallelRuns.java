package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.vm.Program;

/**
 * Runs a batch of inputs on several virtual CPUs at once, one thread and one emulator (so one VM)
 * per CPU (CPU 0 on the caller's thread), as the kernel runs a program on several CPUs: input i runs on CPU {@code i % cpus}, in
 * order on that CPU, and the results come back in input order. The CPUs share the object's maps,
 * which are thread-safe as the kernel's are, and see their own slots of per-CPU maps.
 */
final class ParallelRuns {
    /**
     * The threads of CPUs 1 and up, kept between batches (a thread costs more to start than many
     * runs take) and ended after a minute idle; daemons, so they never keep a JVM alive.
     */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "ebpf-test cpu");
        t.setDaemon(true);
        return t;
    });

    private ParallelRuns() {
    }

    /**
     * Runs {@code inputs} across the emulators, CPU 0's share on the calling thread.
     *
     * @throws RuntimeException the failure of the lowest-numbered input that failed (a trap, a
     *     refused run); inputs after it on other CPUs may or may not have run
     */
    static List<RunResult> run(List<LinuxEmulator> cpus, Program program, ContextType type, List<? extends RunInput> inputs) {
        int n = cpus.size();
        RunResult[] results = new RunResult[inputs.size()];
        Throwable[] failures = new Throwable[inputs.size()];
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> others = new ArrayList<>();
        for (int c = 1; c < n; c++) {
            int cpu = c;
            others.add(THREADS.submit(() -> share(cpus.get(cpu), cpu, n, program, type, inputs, results, failures, stop)));
        }
        share(cpus.get(0), 0, n, program, type, inputs, results, failures, stop);
        boolean interrupted = false;
        for (Future<?> other : others) {
            while (true) {
                try {
                    other.get();
                    break;
                } catch (ExecutionException e) {
                    // share catches what a run throws; anything else is a bug here
                    throw new IllegalStateException("a CPU of the batch failed outside its runs", e.getCause());
                } catch (InterruptedException e) {
                    // the CPUs finish their current run and stop; wait for them, then keep the flag
                    interrupted = true;
                    stop.set(true);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable t : failures) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
        if (interrupted) {
            throw new IllegalStateException("batch interrupted before every input ran");
        }
        return Arrays.asList(results);
    }

    private static void share(LinuxEmulator emulator, int cpu, int n, Program program, ContextType type, List<? extends RunInput> inputs,
            RunResult[] results, Throwable[] failures, AtomicBoolean stop) {
        for (int i = cpu; i < inputs.size(); i += n) {
            if (stop.get()) {
                return;
            }
            try {
                results[i] = emulator.run(program, type, inputs.get(i));
            } catch (RuntimeException | Error e) {
                failures[i] = e;
                stop.set(true);
                return;
            }
        }
    }
}
