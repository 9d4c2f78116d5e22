/**
 * The JUnit 5 extension (annotations that load objects and inject programs and maps) and the
 * fixture and C-test engines.
 *
 * <p>Only the annotation package is exported. The engine is reached through the service loader,
 * and JUnit instantiates the extensions reflectively, hence the package is open to JUnit.
 */
module org.ebpftest.junit {
    requires transitive org.ebpftest.packet;
    requires transitive org.ebpftest.runtime;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;  // @ContextSource and @FixtureSource name their providers
    requires transitive org.ebpftest.kernel;   // BpfFixture.runOn names the Backend
    requires org.junit.platform.commons;
    requires org.junit.platform.engine;
    requires org.junit.platform.launcher;  // the listener that writes the coverage report when a run ends

    exports org.ebpftest.junit;
    opens org.ebpftest.junit to org.junit.platform.commons;

    provides org.junit.platform.engine.TestEngine with org.ebpftest.junit.engine.FixtureEngine, org.ebpftest.junit.engine.CTestEngine;
    provides org.junit.platform.launcher.TestExecutionListener with org.ebpftest.junit.engine.CoverageReportListener;
}
