package org.ebpftest.maven;

/**
 * Where a build reports what it did: the Maven log in a build, a list in tests.
 *
 * <p>Kept apart from Maven's {@code Log} so the build logic runs and is tested without Maven.
 */
interface BuildLog {

    void info(String message);

    void warn(String message);

    void error(String message);
}
