package org.ebpftest.runtime.ctest;

import java.util.List;

/**
 * How one C test ended: passed, failed or skipped, why (empty when it passed), and the lines it
 * logged (Cilium's {@code test_log} lines, or the lines a test_loader program printed).
 *
 * @param test the test
 * @param status how it ended
 * @param reason why it failed or was skipped, naming the check and its C line where known; empty when it passed
 * @param log what the test logged, in order
 */
public record CTestResult(CTest test, Status status, String reason, List<String> log) {
    /** Copies the log. */
    public CTestResult {
        log = List.copyOf(log);
    }

    /** How a test ended. */
    public enum Status {
        /** Every check held. */
        PASSED,
        /** A check failed, or the test could not run. */
        FAILED,
        /** The test skipped itself, or needs what the emulator does not offer yet. */
        SKIPPED
    }

    static CTestResult passed(CTest test, List<String> log) {
        return new CTestResult(test, Status.PASSED, "", log);
    }

    static CTestResult failed(CTest test, String reason, List<String> log) {
        return new CTestResult(test, Status.FAILED, reason, log);
    }

    static CTestResult skipped(CTest test, String reason, List<String> log) {
        return new CTestResult(test, Status.SKIPPED, reason, log);
    }

    /** The CLI's line: {@code PASS <test>}, {@code FAIL <test>: <reason>} or {@code SKIP <test>: <reason>}. */
    public String summaryLine() {
        return switch (status) {
            case PASSED -> "PASS " + test.displayName();
            case FAILED -> "FAIL " + test.displayName() + ": " + reason;
            case SKIPPED -> "SKIP " + test.displayName() + ": " + reason;
        };
    }
}
