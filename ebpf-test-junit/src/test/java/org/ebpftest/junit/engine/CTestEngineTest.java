package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The ebpf-ctests engine on this module's own objects and on the runtime's C test objects, passing and failing. */
class CTestEngineTest {
    private static final Path RUNTIME_CTESTS = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "ctests");

    private static EngineExecutionResults run(DiscoverySelector... selectors) {
        return EngineTestKit.engine(CTestEngine.ID).selectors(selectors).execute();
    }

    private static DiscoverySelector runtimeObject(String name) {
        return selectFile(RUNTIME_CTESTS.resolve(name).toAbsolutePath().toString());
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    private static Throwable throwableOf(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }

    @Test
    void aClassSelectorRunsTheModulesOwnObjectsAsSurefireReportsThem() {
        EngineExecutionResults results = run(selectClass(CTestEngineTest.class));

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0).aborted(0));
        assertThat(names(results.testEvents().succeeded().list()))
                .containsExactly("frame of test_loader's length passes", "drops_zeroed_ethertype");
        Event container = results.containerEvents().started().list().get(1);
        assertThat(container.getTestDescriptor().getDisplayName()).isEqualTo("xdp_checks");
        assertThat(container.getTestDescriptor().getSource()).containsInstanceOf(ClassSource.class);
    }

    @Test
    void pktgenSetupCheckTestsPassAndSkipByName() {
        EngineExecutionResults results = run(runtimeObject("suite.o"));

        assertThat(names(results.testEvents().succeeded().list()))
                .containsExactly("a_ipv6_is_dropped", "b_maps_persist", "c_xdp_without_setup");
        Event skipped = results.testEvents().aborted().list().get(0);
        assertThat(skipped.getTestDescriptor().getDisplayName()).isEqualTo("d_skipped");
        assertThat(throwableOf(skipped)).isInstanceOf(TestAbortedException.class).hasMessage("not_here");
    }

    @Test
    void aFailedCheckFailsItsTestWithTheLineAndTheLog() {
        EngineExecutionResults results = run(runtimeObject("suite_failing.o"));

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(2));
        Event failed = results.testEvents().failed().list().get(0);
        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo("a_wrong_length");
        assertThat(throwableOf(failed)).isInstanceOf(AssertionFailedError.class).hasMessage("""
                a_wrong_length: length_is_60: len is 3520; assert failed at suite_failing.c:14: skb->len == 60
                log:
                  FAIL length_is_60
                    len is 3520
                    assert failed at suite_failing.c:14: skb->len == 60
                  PASS still_runs""".replace("\n", System.lineSeparator()));
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().list().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow()).toList();
        assertThat(entries).anySatisfy(e -> assertThat(e.getKeyValuePairs().get("log")).contains("len is 3520"));
    }

    @Test
    void testLoaderTestsAreNamedByDescriptionAndFailOnAWrongRetval() {
        EngineExecutionResults results = run(runtimeObject("annotated_failing.o"));

        assertThat(names(results.testEvents().succeeded().list())).containsExactly("passing neighbour");
        assertThat(names(results.testEvents().failed().list())).containsExactly("wrong_action", "failed_expectation",
                "refused_for_another_reason", "refused_but_expected_to_load");
        assertThat(throwableOf(results.testEvents().failed().list().get(0)))
                .hasMessage("wrong_action: returned XDP_PASS (2), expected XDP_DROP (1) (__retval(XDP_DROP)) [annotated_failing.c:10]");
    }

    @Test
    void aFailureProgramPassesWhenTheVerifierRefusesIt() {
        EngineExecutionResults results = run(runtimeObject("annotated.o"));

        results.testEvents().assertStatistics(s -> s.succeeded(11).aborted(0).failed(0));
        assertThat(names(results.testEvents().succeeded().list())).contains("calls_a_global_function", "reads_past_the_frame");
    }

    @Test
    void aUniqueIdSelectsOneTest() {
        String file = RUNTIME_CTESTS.resolve("annotated_failing.o").toAbsolutePath().normalize().toString();
        UniqueId id = UniqueId.forEngine(CTestEngine.ID).append("file", file).append("test", "passes");

        EngineExecutionResults results = run(selectUniqueId(id));

        assertThat(names(results.testEvents().succeeded().list())).containsExactly("passing neighbour");
        results.testEvents().assertStatistics(s -> s.started(1));
    }

    @Test
    void anObjectThatIsNotElfFailsItsContainer() {
        EngineExecutionResults results = run(selectFile(Path.of("src/test/resources/not-an-object.o").toAbsolutePath().toString()));

        Event failed = results.containerEvents().failed().list().get(0);
        assertThat(failed.getTestDescriptor().getDisplayName()).endsWith("not-an-object");
        assertThat(throwableOf(failed)).hasMessageContaining("not an ELF file");
        assertThat(results.allEvents().list()).noneMatch(e -> e.getType() == EventType.SKIPPED);
    }
}
