package org.ebpftest.runtime.vm;

/**
 * What a bare {@link Vm} calls for a helper number or a kernel function's BTF id: the VM's one
 * binding for host code ({@link Vm.Builder#helper}, {@link Vm.Builder#kernelFunction}). Receives the
 * five argument registers and returns r0. Through the {@link Vm} it reaches memory, can call back
 * into the program ({@code bpf_loop}) or request a tail call, and refuses a call by throwing
 * {@link Vm#trapAtCall}; any other exception it throws surfaces unchanged, as a bug.
 *
 * <p>Programs run through the Linux emulator get their helpers from its registry
 * ({@code org.ebpftest.runtime.linux.helpers.HelperRegistry}, helpers written as {@code LinuxHelper}),
 * which the emulator binds into its VMs as these.
 */
@FunctionalInterface
public interface Helper {
    /**
     * Runs the helper.
     *
     * @param vm the VM running the calling program
     * @param r1 first argument register
     * @param r2 second argument register
     * @param r3 third argument register
     * @param r4 fourth argument register
     * @param r5 fifth argument register
     * @return the value for r0
     */
    long call(Vm vm, long r1, long r2, long r3, long r4, long r5);
}
