/**
 * The fixture engine: a JUnit Platform {@link org.junit.platform.engine.TestEngine} with the id
 * {@code ebpf-fixtures} that runs JSON case files ({@link org.ebpftest.junit.BpfFixtureFile}) as
 * tests, one container per file and one test per fixture, without any Java code; and
 * {@code ebpf-ctests}, which runs the tests written in C that objects hold. Only
 * {@link org.ebpftest.junit.engine.FixtureEngine} and {@link org.ebpftest.junit.engine.CTestEngine}
 * are public, for the service loader.
 */
package org.ebpftest.junit.engine;
