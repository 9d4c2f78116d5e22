/**
 * Tests written in C: finds the tests an object holds in one of two conventions, runs them on the
 * emulator and reports each by name. {@link org.ebpftest.runtime.ctest.CTestSuite} is the entry;
 * the JUnit engine and the command line's {@code test} command both run objects through it.
 *
 * <ul>
 *   <li>Cilium's PKTGEN/SETUP/CHECK convention ({@code bpf/tests}): programs in sections
 *       {@code <type>/test/<name>/pktgen|setup|check}, run in name order on one loaded object, the
 *       results read from the {@code suite_result_map2} array.</li>
 *   <li>The kernel selftests' test_loader annotations ({@code __retval}, {@code __failure},
 *       {@code __description}, ...), stored as BTF declaration tags on each program's function,
 *       as this project's {@code include/ebpf_test.h} writes them too.</li>
 * </ul>
 */
package org.ebpftest.runtime.ctest;
