/**
 * The JUnit 5 extension: {@link org.ebpftest.junit.BpfObject @BpfObject} loads eBPF objects for a
 * test class, and {@link org.ebpftest.junit.Program @Program}, {@link org.ebpftest.junit.Map @Map}
 * and {@link org.ebpftest.junit.Loaded @Loaded} inject their programs, maps and environments into
 * fields and parameters, a fresh instance for every test unless shared on purpose. The public
 * types are the annotations and {@link org.ebpftest.junit.BpfProgram}; everything else is
 * package-private.
 */
package org.ebpftest.junit;
