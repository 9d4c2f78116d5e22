package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatThrownBy;

import java.util.List;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.ContextFile;
import org.ebpftest.junit.EmulatorOnly;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.ReplayMode;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter replaying captured contexts: each packet comes with the {@code bpf_ktime_get_ns}
 * result recorded for it, in the shape edb records from a running kernel
 * ({@code src/test/resources/captured/ratelimit-burst.json}: five packets from one source within 4
 * microseconds, then one a second later). The map and spin-lock helpers are not replayed; they run in
 * the emulator, on the object's own maps.
 */
@BpfObject("xdp_ratelimit.o")
class RateLimiterReplayTest {
    @ObjectProgram BpfProgram limiter;
    @ContextFile("captured/ratelimit-burst.json") List<BpfContext> burst;
    @ContextFile("captured/ratelimit-unrecorded.json") BpfContext unrecorded;
    @Loaded VirtualClock clock;

    @Test
    void theRecordedClockDecidesWhichPacketsOfTheBurstPass() {
        List<Integer> verdicts = burst.stream().map(packet -> limiter.run(packet).retval()).toList();

        // burst 4: four tokens, the fifth packet finds the bucket empty, a second later one token is back
        assertThat(verdicts).containsExactly(2, 2, 2, 2, 1, 2);
        assertThat(clock.monotonicNs()).as("the virtual clock was not consulted").isEqualTo(VirtualClock.DEFAULT_MONOTONIC_NS);
    }

    @Test
    @EmulatorOnly("captured replay (the trap names the call the capture lacks)")
    void aClockReadTheCaptureDoesNotHaveFailsTheRunAndSaysWhichCall() {
        assertThatThrownBy(() -> limiter.run(unrecorded))
                .isInstanceOf(TrapException.class)
                .hasMessage("call #1 to bpf_ktime_get_ns (5) was not recorded: captured context"
                        + " [a packet whose clock read was not captured] in [captured/ratelimit-unrecorded.json] has no calls to it"
                        + " (it has no helper calls); replay with ReplayMode.EMULATE to let the emulator answer it"
                        + " at pc 38 (call 0x5) in xdp_ratelimit [xdp_ratelimit.c:114  if (!take_token(ip->saddr, bpf_ktime_get_ns()))]");
    }

    @Test
    void withEmulationTheVirtualClockAnswersWhatTheCaptureLacks() {
        assertThat(limiter.run(unrecorded, ReplayMode.EMULATE)).returnsXdpPass();
    }
}
