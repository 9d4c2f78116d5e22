package org.ebpftest.runtime.ctest;

/** The way an object's C tests are laid out, which decides how they are found and run. */
public enum Convention {
    /** Cilium's {@code bpf/tests}: PKTGEN, SETUP and CHECK programs per test, results in a map. */
    PKTGEN_SETUP_CHECK("PKTGEN/SETUP/CHECK"),
    /** The kernel selftests' test_loader: one annotated program per test. */
    TEST_LOADER("test_loader annotations"),
    /** No tests: the object follows neither convention. */
    NONE("none");

    private final String description;

    Convention(String description) {
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }
}
