package org.ebpftest.runtime.ctest;

import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * One test of an object: its name (unique in the object: the test name of a PKTGEN/SETUP/CHECK
 * set, or the program's name), what reports call it, and the programs it runs.
 *
 * @param name the test's name, unique in its object
 * @param displayName what reports call it: the name, or a test_loader {@code __description}
 * @param programs the programs it runs, in the order they run
 * @param source where its C code starts, when the object has line information
 */
public record CTest(String name, String displayName, List<String> programs, Optional<SourceLine> source) {
    /** Copies the program list. */
    public CTest {
        programs = List.copyOf(programs);
    }
}
