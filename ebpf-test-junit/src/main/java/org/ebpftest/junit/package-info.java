/**
 * The JUnit 5 extension: {@link org.ebpftest.junit.BpfObject @BpfObject} loads eBPF objects for a
 * test class, and {@link org.ebpftest.junit.ObjectProgram @ObjectProgram}, {@link org.ebpftest.junit.ObjectMap @ObjectMap}
 * and {@link org.ebpftest.junit.Loaded @Loaded} inject their programs, maps and environments into
 * fields and parameters, a fresh instance for every test unless shared on purpose. The public
 * types are the annotations, {@link org.ebpftest.junit.BpfProgram} and the JSON fixtures
 * ({@link org.ebpftest.junit.BpfFixture}, {@link org.ebpftest.junit.BpfFixtureFile}); everything
 * else is package-private. The fixture engine is in {@code org.ebpftest.junit.engine}.
 */
package org.ebpftest.junit;
