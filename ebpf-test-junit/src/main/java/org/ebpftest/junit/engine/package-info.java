/**
 * The fixture engine: a JUnit Platform {@link org.junit.platform.engine.TestEngine} with the id
 * {@code ebpf-fixtures} that runs JSON case files ({@link org.ebpftest.junit.BpfFixtureFile}) as
 * tests, one container per file and one test per fixture, without any Java code. Only
 * {@link org.ebpftest.junit.engine.FixtureEngine} is public, for the service loader.
 */
package org.ebpftest.junit.engine;
