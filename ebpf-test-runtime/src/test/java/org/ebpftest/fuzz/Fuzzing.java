package org.ebpftest.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.ebpftest.runtime.EbpfException;

/**
 * Runs a fuzzer's cases: a fixed seed and a bounded count in the normal build, more with
 * {@code -Debpftest.fuzz.cases=N} and another seed with {@code -Debpftest.fuzz.seed=S}. Case
 * {@code i} draws from {@code new Random(seed + i)}, so a failure is replayed alone with its own
 * seed and {@code -Debpftest.fuzz.cases=1}. A case fails when it throws something the fuzzer does
 * not count as a domain error or runs over its time limit; each failure keeps the case's seed and
 * the mutation it describes. Other modules' tests use it through the runtime module's test jar, which
 * holds this package alone (a package of its own: the runtime's packages belong to its named module).
 */
public final class Fuzzing {
    /** Failures listed in full; the rest are only counted. */
    private static final int LISTED = 20;

    /** One case: mutate an input from {@code random}, describe the mutation in {@code mutation}, run it. */
    @FunctionalInterface
    public interface Case {
        /**
         * Runs the case.
         *
         * @return the outcome to count ("loaded", "ran", ...)
         */
        String run(Random random, StringBuilder mutation) throws Exception;
    }

    /** What a run of many cases gave. */
    public record Result(String fuzzer, long seed, long cases, Map<String, Long> outcomes, List<String> failures, long failureCount,
            Map<String, Long> failureKinds) {
        /** A summary line for the build log. */
        public String summary() {
            return fuzzer + ": seed " + seed + ", " + cases + " cases, " + failureCount + " failures, outcomes " + outcomes;
        }

        /** The failures, each with the line that replays it alone. */
        public String failureReport() {
            StringBuilder out = new StringBuilder(summary()).append('\n');
            failureKinds.forEach((kind, n) -> out.append(n).append(" x ").append(kind).append('\n'));
            failures.forEach(f -> out.append(f).append('\n'));
            if (failureCount > failures.size()) {
                out.append("... and ").append(failureCount - failures.size()).append(" more\n");
            }
            return out.toString();
        }
    }

    private final String fuzzer;
    private final long seed;
    private final long cases;
    private final long timeLimitMillis;

    private Fuzzing(String fuzzer, long seed, long cases, long timeLimitMillis) {
        this.fuzzer = fuzzer;
        this.seed = seed;
        this.cases = cases;
        this.timeLimitMillis = timeLimitMillis;
    }

    /**
     * A fuzzer's settings: the defaults unless the system properties {@code ebpftest.fuzz.cases}
     * and {@code ebpftest.fuzz.seed} say otherwise.
     */
    public static Fuzzing of(String fuzzer, long defaultSeed, long defaultCases, long timeLimitMillis) {
        long seed = Long.parseLong(System.getProperty("ebpftest.fuzz.seed", Long.toString(defaultSeed)).trim());
        long cases = Long.parseLong(System.getProperty("ebpftest.fuzz.cases", Long.toString(defaultCases)).trim());
        return new Fuzzing(fuzzer, seed, cases, timeLimitMillis);
    }

    /** The number of cases this run makes. */
    public long cases() {
        return cases;
    }

    /**
     * Runs every case, each on a worker thread so that one over its time limit is reported and
     * left behind instead of stopping the run.
     *
     * @param domain what counts as a domain error (an answer the project gives to bad input)
     */
    public Result run(Case fuzzCase, Predicate<Throwable> domain) {
        Map<String, Long> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long failureCount = 0;
        Map<String, Long> kinds = new TreeMap<>();
        ExecutorService worker = newWorker();
        try {
            for (long i = 0; i < cases; i++) {
                long caseSeed = seed + i;
                StringBuilder mutation = new StringBuilder();
                AtomicReference<Thread> runner = new AtomicReference<>();
                Future<String> future = worker.submit(() -> {
                    runner.set(Thread.currentThread());
                    return fuzzCase.run(new Random(caseSeed), mutation);
                });
                String failure = null;
                try {
                    // The first case also loads the classes every case uses, which on a busy machine takes seconds.
                    String outcome = future.get(i == 0 ? 10 * timeLimitMillis : timeLimitMillis, TimeUnit.MILLISECONDS);
                    outcomes.merge(outcome, 1L, Long::sum);
                } catch (TimeoutException e) {
                    // where the case was when its time ran out says what loops
                    StackTraceElement[] stuck = runner.get() == null ? new StackTraceElement[0] : runner.get().getStackTrace();
                    future.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();
                    failure = "over its time limit of " + timeLimitMillis + " ms" + frames(stuck);
                    kinds.merge("over the time limit" + (stuck.length > 0 ? " at " + stuck[0] : ""), 1L, Long::sum);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (domain.test(cause)) {
                        outcomes.merge("refused: " + cause.getClass().getSimpleName(), 1L, Long::sum);
                    } else {
                        failure = stackSummary(cause);
                        kinds.merge(kind(cause), 1L, Long::sum);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(fuzzer + " interrupted at case " + i, e);
                }
                if (failure != null) {
                    failureCount++;
                    if (failures.size() < LISTED) {
                        failures.add("case " + i + " [" + mutation + "]: " + failure + "\n    replay alone: -Debpftest.fuzz.seed=" + caseSeed
                                + " -Debpftest.fuzz.cases=1");
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        Result result = new Result(fuzzer, seed, cases, outcomes, List.copyOf(failures), failureCount, kinds);
        System.out.println(result.summary());
        return result;
    }

    /**
     * Whether a throwable is one of the project's answers to bad input: an {@link EbpfException},
     * or an {@link IllegalArgumentException} or {@link UnsupportedOperationException} that says
     * what is wrong. Errors (OutOfMemory, StackOverflow) and the JDK's own runtime exceptions
     * (NullPointer, ArrayIndexOutOfBounds, ClassCast, Arithmetic, NegativeArraySize, ...) are not.
     */
    public static boolean isDomainError(Throwable t) {
        if (t instanceof EbpfException) {
            return true;
        }
        boolean named = t.getMessage() != null && !t.getMessage().isBlank();
        return named && (t.getClass() == IllegalArgumentException.class || t.getClass() == UnsupportedOperationException.class
                || t.getClass().getSuperclass() == IllegalArgumentException.class);
    }

    /** The top frames, and the first project frames below them when the top is all JDK. */
    private static String frames(StackTraceElement[] stack) {
        StringBuilder out = new StringBuilder();
        boolean ours = false;
        int shown = 0;
        for (int i = 0; i < stack.length && (i < 6 || !ours && shown < 10); i++) {
            boolean project = stack[i].getClassName().startsWith("org.ebpftest.");
            ours |= project;
            if (i < 6 || project) {
                out.append("\n        at ").append(stack[i]);
                shown++;
            }
        }
        return out.toString();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            // The default stack size, so that a StackOverflowError here is one a test thread would meet.
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
    }

    /** A failure's class and the first project frame it came from, to group failures with one cause. */
    private static String kind(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("org.ebpftest.")) {
                return t.getClass().getSimpleName() + " at " + e;
            }
        }
        return t.getClass().getSimpleName();
    }

    private static String stackSummary(Throwable t) {
        StringBuilder out = new StringBuilder(t.toString()).append(frames(t.getStackTrace()));
        if (t.getCause() != null && t.getCause() != t) {
            out.append("\n    caused by ").append(t.getCause());
        }
        return out.toString();
    }
}
