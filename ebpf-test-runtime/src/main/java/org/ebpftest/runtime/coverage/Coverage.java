package org.ebpftest.runtime.coverage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The JVM-wide switch for C coverage: with {@code -Debpftest.coverage=DIR}, every emulated run
 * counts into one collector, and {@link #writeReport()} writes {@code DIR/lcov.info} and
 * {@code DIR/index.html}. The JUnit integration writes them when a test run ends and the CLI when
 * its command ends; a JVM shutdown hook writes them as a fallback for any other launcher, when
 * runs were counted since the last report.
 *
 * <p>Without the property no collector exists and runs set no probe: they pay one static field read
 * each, nothing per instruction. With it, runs are interpreted (the probe bypasses compiled code)
 * and counted; the README's Coverage section gives the cost measured by the benchmarks.
 */
public final class Coverage {
    /** The system property naming the report directory; setting it switches coverage on. */
    public static final String DIRECTORY_PROPERTY = "ebpftest.coverage";
    /** The system property listing more directories where the report looks for C sources. */
    public static final String SOURCE_PATH_PROPERTY = "ebpftest.coverage.sourcePath";
    /**
     * The system property ({@code on}) that records each run's {@link RunPath}, which assertion
     * failures then show; it costs what coverage costs, so it is off unless asked for.
     */
    public static final String PATH_PROPERTY = "ebpftest.path";
    /** Where runs that record their path without coverage find the layouts of their programs. */
    private static final CoverageCollector PATH_LAYOUTS = new CoverageCollector();

    private static volatile State state = fromProperty();

    static {
        if (state != null && state.directory != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(Coverage::writeIfChanged, "ebpftest-coverage-report"));
        }
    }

    private Coverage() {
    }

    /**
     * Where runs count (null when they do not), where their report goes (null when nowhere), and
     * whether they record their path.
     */
    private record State(CoverageCollector collector, Path directory, boolean paths) {
        State with(CoverageCollector c, Path dir) {
            return new State(c, dir, paths);
        }
    }

    private static State fromProperty() {
        String value = System.getProperty(DIRECTORY_PROPERTY);
        String path = System.getProperty(PATH_PROPERTY, "").strip();
        boolean paths = "on".equalsIgnoreCase(path) || "true".equalsIgnoreCase(path);
        if (value == null || value.isBlank()) {
            return paths ? new State(null, null, true) : null;
        }
        return new State(new CoverageCollector(), Path.of(value.strip()).toAbsolutePath(), paths);
    }

    /**
     * The probe for one run, or null when neither coverage nor path recording is on: the
     * emulator's one check per run. {@link CoverageRun#finish()} ends it.
     */
    public static CoverageRun startRun() {
        // Callers on a hot path ask on() first: this method's return type is loaded only where
        // coverage or paths are on, and the JIT inlines no call whose signature names a class not
        // loaded yet, so asking it directly costs every run a real call.
        State s = state;
        if (s == null) {
            return null;
        }
        return s.collector != null ? new CoverageRun(s.collector, true, s.paths) : new CoverageRun(PATH_LAYOUTS, false, true);
    }

    /** True when runs are probed, for coverage or for their paths: then {@link #startRun()} gives the probe. */
    public static boolean on() {
        return state != null;
    }

    /** The collector runs count into, or null when coverage is off (the emulator's one check per run). */
    public static CoverageCollector active() {
        State s = state;
        return s == null ? null : s.collector;
    }

    /** True when runs record their {@link RunPath}. */
    public static boolean recordsPaths() {
        State s = state;
        return s != null && s.paths;
    }

    /** The directory the report goes to, when coverage is on with a report directory. */
    public static Optional<Path> reportDirectory() {
        State s = state;
        return s == null ? Optional.empty() : Optional.ofNullable(s.directory);
    }

    /**
     * Writes the report of every run counted so far into the report directory (the one
     * {@value #DIRECTORY_PROPERTY} names, or {@link #reportTo} set); does nothing without one.
     * Writing again rewrites both files with all runs counted since coverage was switched on.
     *
     * @return the directory written, or empty when there is none
     * @throws java.io.UncheckedIOException if the files cannot be written
     */
    public static synchronized Optional<Path> writeReport() {
        State s = state;
        if (s == null || s.directory == null) {
            return Optional.empty();
        }
        // s.collector is never null with a directory
        s.collector.report(SourceLocator.fromSystemProperties()).writeTo(s.directory);
        return Optional.of(s.directory);
    }

    private static void writeIfChanged() {
        State s = state;
        if (s != null && s.collector != null && s.collector.changedSinceReport()) {
            writeReport();
        }
    }

    /**
     * Switches coverage on, counting into a fresh collector whose report {@link #writeReport()}
     * writes into {@code directory}, until the returned handle is closed, which restores what was
     * on before. How a launcher given the directory otherwise than by the system property (a JUnit
     * configuration parameter) switches it on.
     */
    public static Activation reportTo(Path directory) {
        return activate(current().with(new CoverageCollector(), directory.toAbsolutePath()));
    }

    /**
     * Makes the runs of this JVM count into {@code collector} until the returned handle is closed,
     * which restores what counted before (the property's collector, or none). For tests that check
     * coverage itself, and for tools that want a report of some runs only; {@link #writeReport()}
     * writes nothing meanwhile.
     */
    public static Activation collectInto(CoverageCollector collector) {
        return activate(current().with(Objects.requireNonNull(collector, "collector"), null));
    }

    /**
     * Makes the runs of this JVM record their {@link RunPath} until the returned handle is closed,
     * as {@value #PATH_PROPERTY}{@code =on} does for the whole JVM; coverage stays as it is.
     */
    public static Activation recordPaths() {
        State s = current();
        return activate(new State(s.collector, s.directory, true));
    }

    private static State current() {
        State s = state;
        return s != null ? s : new State(null, null, false);
    }

    private static synchronized Activation activate(State next) {
        State previous = state;
        state = next.collector == null && !next.paths ? null : next;
        return () -> {
            synchronized (Coverage.class) {
                state = previous;
            }
        };
    }

    /** Ends a {@link #collectInto} without an exception to catch. */
    @FunctionalInterface
    public interface Activation extends AutoCloseable {
        @Override
        void close();
    }
}
