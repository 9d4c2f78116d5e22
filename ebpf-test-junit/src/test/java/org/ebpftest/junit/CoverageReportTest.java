package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.runtime.coverage.Coverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * End to end: a test run through the JUnit Platform launcher, given the coverage directory, leaves
 * {@code lcov.info} and {@code index.html} there when it ends, through the listener the service
 * loader registers. (Surefire passes {@code -Debpftest.coverage=DIR} the same way: JUnit reads
 * configuration parameters from system properties too.)
 */
class CoverageReportTest {
    static final String OBJECT = "../ebpf-test-runtime/src/test/resources/coverage/branches.o";

    @Test
    void aTestRunGivenTheCoverageDirectoryWritesLcovAndHtmlWhenItEnds(@TempDir Path dir) throws IOException {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CoveredTests.class))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameter(Coverage.DIRECTORY_PROPERTY, dir.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();

        LauncherFactory.create().execute(request, summary);

        assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
        String source = Path.of(OBJECT).resolveSibling("branches.c").toAbsolutePath().normalize().toString();
        // the short frame jumps at line 21, the other falls through to line 23, where it jumps
        assertThat(Files.readString(dir.resolve("lcov.info"))).contains("SF:" + source + "\n", "DA:21,2\n", "BRDA:21,0,0,1\n",
                "BRDA:21,0,1,1\n", "BRDA:23,0,0,1\n", "BRDA:23,0,1,0\n", "DA:24,0\n", "end_of_record\n");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("src/test/resources/coverage/branches.o", "\tif (bytes[14] == 1)");
        assertThat(Coverage.active()).as("coverage is off again after the run").isNull();
    }

    /** Run by the test above only. */
    @BpfObject("file:" + OBJECT)
    static class CoveredTests {
        @ObjectProgram("classify")
        BpfProgram classify;

        @Test
        void abortsAShortFrame() {
            assertThat(classify.run(new byte[15]).retval()).isZero();
        }

        @Test
        void transmitsAFrameOfAnotherProtocol() {
            assertThat(classify.run(new byte[16]).retval()).isEqualTo(3);
        }
    }
}
