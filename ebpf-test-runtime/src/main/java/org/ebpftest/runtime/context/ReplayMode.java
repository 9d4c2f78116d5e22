package org.ebpftest.runtime.context;

/**
 * What a replay of a {@link CapturedContext} does when the program calls a helper the capture did
 * not record: more calls to a helper than the capture holds, or a helper it holds no calls to.
 */
public enum ReplayMode {
    /**
     * Stops the run with a {@link org.ebpftest.runtime.vm.TrapException} of kind
     * {@code UNRECORDED} naming the program, the helper and the call:
     * {@code call #2 to bpf_ktime_get_ns (5) was not recorded: the capture has 1 call to it}.
     * The default: a replay that quietly answers from the emulator would not be a replay.
     */
    FAIL,
    /**
     * Answers the call as an ordinary run would: from the emulator's helper, or the environment's
     * override. A helper that neither the capture nor the emulator answers still stops the run.
     */
    EMULATE
}
