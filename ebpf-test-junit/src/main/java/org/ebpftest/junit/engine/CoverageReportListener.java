package org.ebpftest.junit.engine;

import java.nio.file.Path;
import java.util.Optional;
import org.ebpftest.runtime.coverage.Coverage;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the C coverage report when a test run ends: registered with the JUnit Platform launcher
 * through the service loader, so that {@code -Debpftest.coverage=DIR} given to any launcher
 * (Maven Surefire, Gradle, an IDE) leaves {@code DIR/lcov.info} and {@code DIR/index.html} behind.
 * The directory may also come as a JUnit configuration parameter of the same name (in
 * {@code junit-platform.properties}, for one); then coverage is on for this test plan only.
 */
public final class CoverageReportListener implements TestExecutionListener {
    private Coverage.Activation ownActivation;

    /** Created by the service loader. */
    public CoverageReportListener() {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Optional<String> directory = testPlan.getConfigurationParameters().get(Coverage.DIRECTORY_PROPERTY).filter(d -> !d.isBlank());
        if (directory.isEmpty()) {
            return;
        }
        Path wanted = Path.of(directory.get().strip()).toAbsolutePath();
        if (!Coverage.reportDirectory().equals(Optional.of(wanted))) {
            ownActivation = Coverage.reportTo(wanted);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            Coverage.writeReport();
        } finally {
            if (ownActivation != null) {
                ownActivation.close();
                ownActivation = null;
            }
        }
    }
}
