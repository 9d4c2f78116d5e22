package org.ebpftest.junit.engine;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.junit.BpfFixture;
import org.ebpftest.kernel.Backend;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.opentest4j.TestAbortedException;

/**
 * A JUnit Platform engine, {@value #ID}, that runs JSON case files as tests: every
 * {@code *.json} file under the class-path directory {@code ebpf-fixtures/} is a container, and
 * each fixture in it a test that loads the file's object afresh, puts the fixture's map entries
 * in, runs the program and checks the result, on the backend {@code ebpftest.backend} names (the
 * emulator, the kernel, or both compared). No Java code is needed. Registered through
 * {@code META-INF/services}, so it runs wherever ebpf-test-junit is on the test class path; in
 * projects without an {@code ebpf-fixtures} directory it finds nothing and does nothing.
 *
 * <p>A class selector (all that Surefire sends) selects the case files of the class-path root its
 * class comes from; set the configuration parameter {@value #WITH_CLASSES} to {@code false} to
 * stop that, for example when an IDE should run one test class alone.
 */
public final class FixtureEngine implements TestEngine {
    /** The engine's id, the first segment of every unique id it makes. */
    public static final String ID = "ebpf-fixtures";
    /** The configuration parameter that turns off case-file selection through class selectors. */
    public static final String WITH_CLASSES = "ebpftest.fixtures.with-classes";

    /** Made by the service loader. */
    public FixtureEngine() {
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
        boolean withClasses = request.getConfigurationParameters().getBoolean(WITH_CLASSES).orElse(true);
        CaseSelection selection = new CaseSelection(ID, loader(), withClasses);
        Map<DiscoverySelector, SelectorResolutionResult> results = new LinkedHashMap<>();
        for (DiscoverySelector selector : request.getSelectorsByType(DiscoverySelector.class)) {
            try {
                results.put(selector, selection.select(selector) ? SelectorResolutionResult.resolved() : SelectorResolutionResult.unresolved());
            } catch (UncheckedIOException e) {
                results.put(selector, SelectorResolutionResult.failed(e));
            }
        }
        EngineDescriptor root = new EngineDescriptor(uniqueId, "eBPF fixtures");
        for (CaseSelection.Selected selected : selection.selected()) {
            root.addChild(CaseFileDescriptor.of(uniqueId, selected));
        }
        EngineDiscoveryListener listener = request.getDiscoveryListener();
        results.forEach((selector, result) -> listener.selectorProcessed(uniqueId, selector, checked(root, selector, result)));
        return root;
    }

    /**
     * A unique id names a fixture that only parsing can find: one that is not in its file is
     * unresolved, as a vanished test method is for Jupiter, unless the file could not be read, whose
     * container then reports why. The engine's own id always resolves, to whatever there is.
     */
    private static SelectorResolutionResult checked(TestDescriptor root, DiscoverySelector selector, SelectorResolutionResult result) {
        if (!(selector instanceof UniqueIdSelector s) || !s.getUniqueId().getEngineId().filter(ID::equals).isPresent()) {
            return result;
        }
        UniqueId id = s.getUniqueId();
        if (id.getSegments().size() == 1) {
            return SelectorResolutionResult.resolved();
        }
        boolean found = root.findByUniqueId(id).isPresent()
                || root.findByUniqueId(id.removeLastSegment()).filter(f -> f instanceof CaseFileDescriptor c && c.error().isPresent()).isPresent();
        return result.getStatus() == SelectorResolutionResult.Status.RESOLVED && !found ? SelectorResolutionResult.unresolved() : result;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        listener.executionStarted(root);
        CaseObjects objects = new CaseObjects(loader());
        Backend backend;
        try {
            backend = backend(request.getConfigurationParameters());
        } catch (IllegalArgumentException e) {
            listener.executionFinished(root, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor child : root.getChildren()) {
            if (child instanceof CaseFileDescriptor file) {
                run(file, objects, backend, listener);
            }
        }
        listener.executionFinished(root, TestExecutionResult.successful());
    }

    /** Runs a file's fixtures; a file that could not be read, or whose object is missing or invalid, fails as a whole. */
    private static void run(CaseFileDescriptor file, CaseObjects objects, Backend backend, EngineExecutionListener listener) {
        listener.executionStarted(file);
        ObjectSpec spec;
        try {
            if (file.error().isPresent()) {
                throw file.error().get();
            }
            spec = objects.spec(file.location(), file.file().orElseThrow().object());
        } catch (RuntimeException e) {
            listener.executionFinished(file, TestExecutionResult.failed(e));
            return;
        }
        for (TestDescriptor child : file.getChildren()) {
            FixtureCaseDescriptor test = (FixtureCaseDescriptor) child;
            listener.executionStarted(test);
            listener.executionFinished(test, run(test.fixture(), spec, backend));
        }
        listener.executionFinished(file, TestExecutionResult.successful());
    }

    /**
     * The backend the case files run on: the configuration parameter {@code ebpftest.backend}
     * (which JUnit also takes from a system property), else the environment, as for the extension.
     */
    private static Backend backend(ConfigurationParameters parameters) {
        Optional<String> parameter = parameters.get(Backend.PROPERTY).filter(v -> !v.isBlank());
        return parameter.isPresent() ? Backend.parse(parameter.get(), "configuration parameter " + Backend.PROPERTY) : Backend.selected();
    }

    /** One fixture on a freshly loaded object, as the extension gives each test its own, on the selected backend. */
    private static TestExecutionResult run(BpfFixture fixture, ObjectSpec spec, Backend backend) {
        // closed once checked, so that nothing of one fixture (an armed timer, a map) outlives it
        try (LoadedObject object = LoadedObject.load(fixture.typed(spec), new LinuxEnvironment())) {
            // A case file's expectations are written against the emulator's defaults (its clock, its
            // random seed), which a file cannot change: under kernel each fixture runs in both, the
            // kernel's answer compared with the emulator's, and a run reading the clock or random
            // numbers is skipped as under both rather than failing on the kernel's own clock.
            fixture.check(fixture.runOn(object, backend == Backend.KERNEL ? Backend.BOTH : backend), object);
            return TestExecutionResult.successful();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (TestAbortedException e) {
            // no kernel here, or the fixture needs what only the emulator has: skipped with the reason
            return TestExecutionResult.aborted(e);
        } catch (Throwable t) {
            // Assertion failures, fixture mistakes found at run time and traps all fail this test only.
            return TestExecutionResult.failed(t);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FixtureEngine.class.getClassLoader();
    }
}
