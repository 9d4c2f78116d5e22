package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.engine.Cases.OWN_FIXTURES;
import static org.ebpftest.junit.engine.Cases.engine;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.util.List;
import org.ebpftest.kernel.KernelSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/** Case files run on the backend ebpftest.backend names: the kernel, or both compared. */
@Tag("kernel")
class FixtureEngineBackendTest {

    @BeforeEach
    void needsKernel() {
        Assumptions.assumeTrue(KernelSupport.unavailableReason().isEmpty(), () -> "kernel backend unavailable: " + KernelSupport.unavailableReason().get());
    }

    @Test
    void theModulesOwnCasesPassInTheKernel() {
        EngineExecutionResults results = onBackend("kernel", "ebpf-fixtures");

        assertThat(reasons(results.allEvents().failed())).isEmpty();
        assertThat(reasons(results.allEvents().aborted())).isEmpty();
        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName()).isEqualTo(OWN_FIXTURES);
    }

    @Test
    void theModulesOwnCasesAgreeUnderBoth() {
        EngineExecutionResults results = onBackend("both", "ebpf-fixtures");

        assertThat(reasons(results.allEvents().failed())).isEmpty();
        assertThat(reasons(results.allEvents().aborted())).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(OWN_FIXTURES.size());
    }

    @Test
    void skipsACaseWhoseRandomNumbersTheTwoBackendsCannotShareUnderBoth() {
        EngineExecutionResults results = onBackend("both", "engine-backend/random.json");

        results.testEvents().assertStatistics(s -> s.aborted(1).failed(0).succeeded(0));
        assertThat(reasons(results.testEvents().aborted())).singleElement().asString()
                .isEqualTo("program [xdp_sample] of [replay.o] needs the seeded random numbers (it calls bpf_get_prandom_u32, so the two runs "
                        + "cannot be compared), which only the emulator has; it runs with ebpftest.backend=emulator");
    }

    @Test
    void failsEveryCaseFileRunForAnUnknownBackend() {
        EngineExecutionResults results = onBackend("qemu", "ebpf-fixtures");

        assertThat(reasons(results.containerEvents().failed())).singleElement().asString()
                .isEqualTo("configuration parameter ebpftest.backend is [qemu], but the backend is one of [emulator, kernel, both]");
        assertThat(results.testEvents().started().count()).isZero();
    }

    private static EngineExecutionResults onBackend(String backend, String resource) {
        return engine(selectClasspathResource(resource)).configurationParameter("ebpftest.backend", backend).execute();
    }

    private static List<String> reasons(Events events) {
        return events.stream().map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()).toList();
    }
}
