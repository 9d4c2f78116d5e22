package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.KernelRun;

/**
 * A helper implemented against one program run: it sees the VM, the environment, the packet and
 * the context, and records side effects. Plain {@link org.ebpftest.runtime.vm.Helper}s that only
 * need the VM's memory (map helpers) can be registered as they are through {@link HelperTable}.
 */
@FunctionalInterface
public interface LinuxHelper {
    /**
     * Runs the helper.
     *
     * @param run the run in progress
     * @param r1 first argument register
     * @param r2 second argument register
     * @param r3 third argument register
     * @param r4 fourth argument register
     * @param r5 fifth argument register
     * @return the value for r0: a negative errno where the kernel's helper fails
     */
    long call(KernelRun run, long r1, long r2, long r3, long r4, long r5);
}
