package org.ebpftest.junit.engine;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ebpftest.kernel.Backend;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs the fixture engine alone through the EngineTestKit, and reads what it found and did. */
final class Cases {
    /** The module's own case files, which Surefire runs, by container display name. */
    static final List<String> OWN_FILES = List.of("flows.count", "programs");
    /** Their fixtures, in file order. */
    static final List<String> OWN_FIXTURES = List.of("first frame of a flow creates it", "known flow is counted on CPU 0",
            "short frame passes", "99-byte frame is the longest that passes, unchanged", "100-byte frame is dropped",
            "socket filter sees the frame without its Ethernet header");

    private Cases() {
    }

    static EngineTestKit.Builder engine(DiscoverySelector... selectors) {
        // on the emulator unless a test names another backend: a system property of the outer run would reach the engine
        return EngineTestKit.engine(FixtureEngine.ID).configurationParameter(Backend.PROPERTY, Backend.EMULATOR.toString()).selectors(selectors);
    }

    static TestDescriptor discover(DiscoverySelector... selectors) {
        return engine(selectors).discover().getEngineDescriptor();
    }

    static EngineExecutionResults run(DiscoverySelector... selectors) {
        return engine(selectors).execute();
    }

    /** The display names of the containers directly under the engine. */
    static List<String> files(TestDescriptor engine) {
        return engine.getChildren().stream().map(TestDescriptor::getDisplayName).toList();
    }

    /** The display names of every test, in order. */
    static List<String> tests(TestDescriptor engine) {
        return engine.getDescendants().stream().filter(TestDescriptor::isTest).map(TestDescriptor::getDisplayName).toList();
    }

    static Stream<TestDescriptor> descendants(TestDescriptor engine) {
        return engine.getDescendants().stream().map(TestDescriptor.class::cast);
    }

    /** The test or container of a display name. */
    static TestDescriptor named(TestDescriptor engine, String displayName) {
        return descendants(engine).filter(d -> d.getDisplayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing named [" + displayName + "] in " + tests(engine)));
    }

    /** The directory the test resources are copied to: the class-path root of the test classes. */
    static Path testClasses() {
        URL url = Cases.class.getClassLoader().getResource("ebpf-fixtures");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure of the test or container of a display name. */
    static Throwable failureOf(Events events, String displayName) {
        return events.failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
                .map(Event::getPayload)
                .flatMap(p -> p.flatMap(o -> o instanceof TestExecutionResult r ? r.getThrowable() : Optional.empty()).stream())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure of [" + displayName + "]"));
    }
}
