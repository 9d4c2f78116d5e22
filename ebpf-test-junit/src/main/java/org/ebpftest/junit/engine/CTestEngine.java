package org.ebpftest.junit.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.ctest.CTestResult;
import org.ebpftest.runtime.ctest.CTestSuite;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A JUnit Platform engine, {@value #ID}, that runs tests written in C: every {@code *.o} file under
 * the class-path directory {@code ebpf-ctests/} (and under the directory the configuration
 * parameter {@value #DIRECTORY} names) is a container, and each of its tests (Cilium's
 * PKTGEN/SETUP/CHECK sets or test_loader-annotated programs, see
 * {@link org.ebpftest.runtime.ctest.CTestSuite}) a test named after it. A failed test fails with
 * its reason; a skipped one is aborted with its reason, which Surefire counts as skipped; what a
 * test logged is published as report entries. Selectors are those of the fixture engine, with
 * {@code .o} files in place of {@code .json} ones.
 */
public final class CTestEngine implements TestEngine {
    /** The engine's id, the first segment of every unique id it makes. */
    public static final String ID = "ebpf-ctests";
    /** The configuration parameter naming a directory of objects to run besides the class path's {@code ebpf-ctests/}. */
    public static final String DIRECTORY = "ebpftest.ctests.directory";

    /** Made by the service loader. */
    public CTestEngine() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("org.ebpftest");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("ebpf-test-junit");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        boolean withClasses = request.getConfigurationParameters().getBoolean(FixtureEngine.WITH_CLASSES).orElse(true);
        CaseSelection selection = new CaseSelection(CaseSelection.C_TESTS, ID, loader(), withClasses);
        Map<DiscoverySelector, SelectorResolutionResult> results = new LinkedHashMap<>();
        boolean implicit = false;
        for (DiscoverySelector selector : request.getSelectorsByType(DiscoverySelector.class)) {
            implicit |= selector instanceof ClassSelector && withClasses || selector instanceof ClasspathRootSelector
                    || selector instanceof PackageSelector p && p.getPackageName().isEmpty();
            try {
                results.put(selector, selection.select(selector) ? SelectorResolutionResult.resolved() : SelectorResolutionResult.unresolved());
            } catch (UncheckedIOException e) {
                results.put(selector, SelectorResolutionResult.failed(e));
            }
        }
        Optional<String> directory = request.getConfigurationParameters().get(DIRECTORY);
        if (implicit && directory.isPresent()) {
            // A configured directory joins whatever finds the class path's objects implicitly.
            selection.select(DiscoverySelectors.selectDirectory(Path.of(directory.get()).toAbsolutePath().toString()));
        }
        EngineDescriptor root = new EngineDescriptor(uniqueId, "eBPF C tests");
        for (CaseSelection.Selected selected : selection.selected()) {
            root.addChild(CObjectDescriptor.of(uniqueId, selected));
        }
        results.forEach((selector, result) -> request.getDiscoveryListener().selectorProcessed(uniqueId, selector, result));
        return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        for (TestDescriptor child : root.getChildren()) {
            if (child instanceof CObjectDescriptor object) {
                run(object, listener);
            }
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    /**
     * Runs an object's selected tests in order on one session, closed after the last; an object
     * that cannot be read or loaded fails as a whole.
     */
    private static void run(CObjectDescriptor object, EngineExecutionListener listener) {
        listener.executionStarted(object);
        CTestSuite.Session session;
        try {
            if (object.error().isPresent()) {
                throw object.error().get();
            }
            session = object.suite().orElseThrow().start();
        } catch (RuntimeException e) {
            listener.executionFinished(object, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor child : object.getChildren()) {
            CTestDescriptor test = (CTestDescriptor) child;
            listener.executionStarted(test);
            TestExecutionResult result;
            try {
                CTestResult r = session.run(test.test());
                if (!r.log().isEmpty()) {
                    listener.reportingEntryPublished(test, ReportEntry.from("log", String.join(System.lineSeparator(), r.log())));
                }
                result = switch (r.status()) {
                    case PASSED -> TestExecutionResult.successful();
                    case FAILED -> TestExecutionResult.failed(new AssertionFailedError(r.test().displayName() + ": " + r.reason()
                            + (r.log().isEmpty() ? "" : System.lineSeparator() + "log:" + System.lineSeparator() + "  "
                            + String.join(System.lineSeparator() + "  ", r.log()))));
                    case SKIPPED -> TestExecutionResult.aborted(new TestAbortedException(r.reason()));
                };
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (Throwable t) {
                result = TestExecutionResult.failed(t);
            }
            listener.executionFinished(test, result);
        }
        // the object's tests are done: nothing of it (an armed timer, its maps) outlives them
        session.close();
        listener.executionFinished(object, TestExecutionResult.successful());
    }

    /** Parses an object found by the selection. */
    static ObjectSpec parse(CaseLocation location) {
        try (InputStream in = location.url().openStream()) {
            String name = location.name();
            ObjectSpec spec = ObjectSpec.parse(name.substring(name.lastIndexOf('/') + 1), in.readAllBytes());
            return CaseSelection.path(location.url()).map(spec::withOrigin).orElse(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(location.path() + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : CTestEngine.class.getClassLoader();
    }

}
