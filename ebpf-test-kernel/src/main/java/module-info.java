/**
 * The kernel backend: loads an object into the running Linux kernel through {@code bpf(2)} and
 * runs its programs with {@code BPF_PROG_TEST_RUN}, giving the emulator's {@code RunResult}.
 *
 * <p>Only {@code org.ebpftest.kernel} is exported; the system-call layer stays inside it.
 */
module org.ebpftest.kernel {
    requires transitive org.ebpftest.runtime;
    requires org.ebpftest.packet;
    requires com.sun.jna;

    exports org.ebpftest.kernel;
}
