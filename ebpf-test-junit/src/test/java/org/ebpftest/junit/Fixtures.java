package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.kernel.Backend;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** Runs {@link Fixture} classes through the Jupiter engine and reads what happened. */
final class Fixtures {
    private Fixtures() {
    }

    /** Runs a fixture class. */
    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    /** Runs several fixture classes in one engine run, so that they share the engine's root context. */
    static EngineExecutionResults runTogether(Class<?>... fixtures) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.OnlyInEngineTestKit.PARAMETER, "true")
                .configurationParameter(Backend.PROPERTY, Backend.EMULATOR.toString())
                .selectors(java.util.Arrays.stream(fixtures).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
                .execute();
    }

    /** The messages of the failures of tests and containers, in order. */
    static List<String> failureMessages(EngineExecutionResults results) {
        return failures(results.allEvents()).stream().map(Throwable::getMessage).toList();
    }

    /**
     * Runs a fixture class with more configuration parameters, such as those for parallel
     * execution; on the emulator unless they name another {@code ebpftest.backend} (a system
     * property of the outer run would otherwise reach the fixture).
     */
    static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.OnlyInEngineTestKit.PARAMETER, "true")
                .configurationParameter(Backend.PROPERTY, Backend.EMULATOR.toString())
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** Asserts that every test of a fixture passed, showing the failures if not, and that there were as many as expected. */
    static void assertAllPass(Class<?> fixture, int tests) {
        assertAllPass(run(fixture), tests);
    }

    static void assertAllPass(EngineExecutionResults results, int tests) {
        assertThat(failures(results.allEvents())).as("failures").isEmpty();
        assertThat(results.testEvents().succeeded().count()).as("tests passed").isEqualTo(tests);
    }

    /** The messages of the failures of a fixture's tests and containers, in order. */
    static List<String> failureMessages(Class<?> fixture) {
        return failureMessages(run(fixture));
    }

    /** The one failure of a fixture, test or container. */
    static Throwable onlyFailure(Class<?> fixture) {
        List<Throwable> failures = failures(run(fixture).allEvents());
        assertThat(failures).as("failures").hasSize(1);
        return failures.get(0);
    }

    private static List<Throwable> failures(Events events) {
        return events.failed().stream()
                .map(Event::getPayload)
                .flatMap(p -> p.flatMap(o -> o instanceof TestExecutionResult r ? r.getThrowable() : Optional.empty()).stream())
                .toList();
    }
}
