/**
 * The {@code ebpf-test} command line: runs, disassembles and checks eBPF objects. An application,
 * so it exports nothing.
 */
module org.ebpftest.cli {
    requires com.fasterxml.jackson.databind;
    requires org.ebpftest.runtime;
    requires org.ebpftest.kernel;
    requires org.ebpftest.skeleton;
}
