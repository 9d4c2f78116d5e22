package org.ebpftest.maven;

import org.apache.maven.plugin.logging.Log;

/**
 * Where a build reports what it did: the Maven log in a build, a list in tests.
 *
 * <p>Kept apart from Maven's {@code Log} so the build logic runs and is tested without Maven.
 */
interface BuildLog {

    void info(String message);

    void warn(String message);

    void error(String message);

    /** The Maven log of a mojo. */
    static BuildLog of(Log log) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void warn(String message) {
                log.warn(message);
            }

            @Override
            public void error(String message) {
                log.error(message);
            }
        };
    }
}
