package org.ebpftest.runtime.vm;

/**
 * A helper function a program calls by number ({@code call 1} is {@code bpf_map_lookup_elem}).
 * Receives the five argument registers and returns r0. Through the {@link Vm} it reaches memory,
 * can call back into the program ({@code bpf_loop}) or request a tail call.
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
