/**
 * AssertJ assertions for eBPF runs, maps and packets, entered through {@code EbpfAssertions}.
 */
module org.ebpftest.assertions {
    requires transitive org.assertj.core;
    requires transitive org.ebpftest.packet;
    requires transitive org.ebpftest.runtime;

    exports org.ebpftest.assertions;
}
