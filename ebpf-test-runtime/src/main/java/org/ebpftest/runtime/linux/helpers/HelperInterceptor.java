package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.LinuxEmulator;

/**
 * Answers a run's helper calls before the emulator does: how a captured context replays the
 * results a real kernel gave. Installed for the runs inside {@link LinuxEmulator#intercepting};
 * the emulator's runs without one never pass through it.
 */
@FunctionalInterface
public interface HelperInterceptor {
    /**
     * Answers one helper call.
     *
     * @param run the run in progress
     * @param id the helper's number
     * @param emulated how the run would answer the call without the interceptor: the environment's
     *     override or the emulator's helper, one that traps because the program type may not call
     *     the helper, or null when neither the emulator nor the environment has the helper
     * @param r1 first argument register
     * @param r2 second argument register
     * @param r3 third argument register
     * @param r4 fourth argument register
     * @param r5 fifth argument register
     * @return the value for r0
     */
    long call(KernelRun run, int id, LinuxHelper emulated, long r1, long r2, long r3, long r4, long r5);
}
