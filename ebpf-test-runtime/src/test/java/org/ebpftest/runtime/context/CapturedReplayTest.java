package org.ebpftest.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.linux.helpers.HelperCall;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/** Replaying helper calls a real kernel recorded: r0, buffers written through pointers, and calls the capture lacks. */
class CapturedReplayTest {
    private static final long DEFAULT_CLOCK_NS = 1_000_000_000_000L;

    @Test
    void replaysReturnValuesAndBuffersWrittenThroughPointerArguments() {
        LoadedObject replay = Resources.object("replay.o");

        RunResult r = Resources.context("captured_kprobe.json", "nanosleep(42)").runOn(replay, "kprobe_sleep");

        // clock, task and r0 of the kernel read come from the capture; comm and the kernel bytes were written through r1
        assertThat(r.retval()).isEqualTo(1);
        assertThat(Event.of(replay)).isEqualTo(new Event(5_000_000_000L, 5_000_000_750L, 4321L << 32 | 4322, 42, "sleep",
                new byte[] {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}));
        assertThat(r.helperCalls("bpf_ktime_get_ns")).extracting(HelperCall::result).containsExactly(5_000_000_000L, 5_000_000_750L);
    }

    @Test
    void mapHelpersRunInTheEmulatorEvenWhenTheCaptureRecordedThem() {
        LoadedObject replay = Resources.object("replay.o");
        CapturedContext c = (CapturedContext) Resources.context("captured_kprobe.json", "nanosleep(42)");
        long kernelPointer = ((CapturedContext.Scalar) c.calls(1).get(0).results().get(0)).value();

        RunResult r = c.runOn(replay, "kprobe_sleep");

        // the recorded r0 of bpf_map_lookup_elem is a kernel address; the program got the emulated map's value instead
        long lookup = r.helperCalls("bpf_map_lookup_elem").get(0).result();
        assertThat(kernelPointer).isEqualTo(0xffff88801006c000L);
        assertThat(lookup).isNotEqualTo(kernelPointer).isEqualTo(replay.map("events").lookupAddress(new byte[4], 0, 0));
    }

    @Test
    void failsOnMoreCallsToAHelperThanTheCaptureRecorded() {
        LoadedObject replay = Resources.object("replay.o");
        BpfContext oneClockRead = Resources.context("captured_misc.json", "one clock read");

        assertThatThrownBy(() -> oneClockRead.runOn(replay, "kprobe_sleep"))
                .isInstanceOfSatisfying(TrapException.class, t -> {
                    assertThat(t.kind()).isEqualTo(TrapException.Kind.UNRECORDED);
                    assertThat(t.programName()).isEqualTo("kprobe_sleep");
                    assertThat(t.pc()).isEqualTo(28);
                })
                .hasMessage("call #2 to bpf_ktime_get_ns (5) was not recorded: captured context [one clock read] in "
                        + "[contexts/captured_misc.json] has 1 call to it; replay with ReplayMode.EMULATE to let the emulator answer it "
                        + "at pc 28 (call 0x5) in kprobe_sleep [replay.c:47  e->second_ns = bpf_ktime_get_ns();]");
    }

    @Test
    void failsOnAHelperTheCaptureHasNoCallsToAndListsTheOnesItHas() {
        LoadedObject replay = Resources.object("replay.o");
        BpfContext captured = Resources.context("captured_kprobe.json", "nanosleep(42)");

        assertThatThrownBy(() -> captured.runOn(replay, "kprobe_task", ReplayMode.FAIL))
                .isInstanceOf(TrapException.class)
                .hasMessageStartingWith("call #1 to bpf_get_current_cgroup_id (80) was not recorded: captured context [nanosleep(42)] in "
                        + "[contexts/captured_kprobe.json] has no calls to it (it has [bpf_map_lookup_elem (1) x1, bpf_ktime_get_ns (5) x2, "
                        + "bpf_get_current_pid_tgid (14) x1, bpf_get_current_comm (16) x1, bpf_probe_read_kernel (113) x1]); "
                        + "replay with ReplayMode.EMULATE to let the emulator answer it at pc 0");
    }

    @Test
    void emulateAnswersUnrecordedCallsFromTheEmulator() {
        LoadedObject replay = Resources.object("replay.o");

        RunResult r = Resources.context("captured_misc.json", "one clock read").runOn(replay, "kprobe_sleep", ReplayMode.EMULATE);

        // the first clock read is replayed, the second comes from the environment's clock
        assertThat(r.retval()).isEqualTo(1);
        Event e = Event.of(replay);
        assertThat(e.firstNs()).isEqualTo(5_000_000_000L);
        assertThat(e.secondNs()).isEqualTo(DEFAULT_CLOCK_NS);
        assertThat(e.comm()).isEqualTo("sleep");
    }

    @Test
    void emulateStillNamesAHelperNeitherRecordedNorEmulated() {
        LoadedObject replay = Resources.object("replay.o");
        BpfContext captured = Resources.context("captured_kprobe.json", "nanosleep(42)");

        assertThatThrownBy(() -> captured.runOn(replay, "kprobe_task", ReplayMode.EMULATE))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.UNSUPPORTED))
                .hasMessageStartingWith("bpf_get_current_cgroup_id (80) is neither recorded in captured context [nanosleep(42)] in "
                        + "[contexts/captured_kprobe.json] nor emulated; record it, or provide it with LinuxEnvironment.override at pc 0 "
                        + "(call 0x50) in kprobe_task [replay.c:55  return bpf_get_current_cgroup_id() != 0 ? 7 : 3;]");
    }

    @Test
    void emulateFallsBackToTheEnvironmentsOverride() {
        LoadedObject replay = Resources.object("replay.o");
        replay.environment().override(HelperId.GET_CURRENT_CGROUP_ID, LinuxHelper.returning(0));
        BpfContext captured = Resources.context("captured_kprobe.json", "nanosleep(42)");

        assertThat(captured.runOn(replay, "kprobe_task", ReplayMode.EMULATE).retval()).isEqualTo(3);
    }

    @Test
    void replaysAHelperTheEmulatorDoesNotImplement() {
        LoadedObject replay = Resources.object("replay.o");

        // the capture recorded a non-zero cgroup id
        assertThat(Resources.context("captured_misc.json", "current task").runOn(replay, "kprobe_task").retval()).isEqualTo(7);
    }

    @Test
    void replaysThroughTheXdpPath() {
        LoadedObject replay = Resources.object("replay.o");
        BpfContext oddRandom = Resources.context("captured_misc.json", "odd random");

        RunResult r = oddRandom.runOn(replay, "xdp_sample");

        assertThat(r.retval()).isEqualTo(1);    // XDP_DROP: the recorded bpf_get_prandom_u32 was odd
        assertThat(r.helperCalls("bpf_get_prandom_u32")).extracting(HelperCall::result).containsExactly(0x12345679L);
    }

    @Test
    void aReplayLeavesLaterOrdinaryRunsToTheEmulator() {
        LoadedObject replay = Resources.object("replay.o");
        replay.environment().provideKernelMemory(0xffff888000001000L, new byte[8]);
        Resources.context("captured_kprobe.json", "nanosleep(42)").runOn(replay, "kprobe_sleep");

        RunResult r = Resources.contexts("kprobe.json").get(0).runOn(replay, "kprobe_sleep");

        assertThat(r.retval()).isEqualTo(1);
        assertThat(Event.of(replay).firstNs()).isEqualTo(DEFAULT_CLOCK_NS);
        assertThat(Event.of(replay).comm()).isEqualTo("ebpf-test");
    }

    @Test
    void eachRunReplaysFromTheFirstRecordedCall() {
        LoadedObject replay = Resources.object("replay.o");
        BpfContext captured = Resources.context("captured_kprobe.json", "nanosleep(42)");

        captured.runOn(replay, "kprobe_sleep");
        RunResult again = captured.runOn(replay, "kprobe_sleep");

        assertThat(again.retval()).isEqualTo(1);
        assertThat(Event.of(replay).firstNs()).isEqualTo(5_000_000_000L);
    }

    @Test
    void recordedBytesThatDoNotFitTheBufferTrapWithTheCall() {
        LoadedObject replay = Resources.object("replay.o");
        CapturedContext fromFile = (CapturedContext) Resources.context("captured_kprobe.json", "nanosleep(42)");
        CapturedContext tooLong = new CapturedContext("long comm", "test", fromFile.subContext(), Map.of(16, List.of(new CapturedContext.RecordedCall(16,
                List.of(), List.of(new CapturedContext.Scalar(0, 0), new CapturedContext.Bytes(1, new byte[40]))))));

        // comm sits 32 bytes into the 56-byte map value: 40 bytes do not fit
        assertThatThrownBy(() -> tooLong.runOn(replay, "kprobe_sleep", ReplayMode.EMULATE))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.MEMORY))
                .hasMessageStartingWith("replaying call #1 to bpf_get_current_comm (16) from captured context [long comm] in [test]: "
                        + "cannot write its 40 recorded bytes through r1: out-of-bounds store of 40 bytes at");
    }
}
